//! The shell steps both engines run, so a GitHub job and an Argo node do
//! the same thing. Every value from the plan enters a script quoted
//! ([`quote`]); task and spec ids are `[A-Za-z0-9_.]` (checked on reading).

use super::branch;
use crate::plan::input::{Check, PlanDoc, Task};

/// `s` as one POSIX shell word.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// The identity commits are made with, and the branch setup: the task's
/// result branch starts at the base and merges each predecessor's result.
pub fn start(plan: &PlanDoc, task: &Task) -> String {
    let mut s =
        String::from("git config user.name charter\ngit config user.email charter@localhost\n");
    s.push_str(&format!(
        "git checkout -B {}\n",
        quote(&branch(plan, &task.id))
    ));
    for d in &task.depends_on {
        let b = quote(&branch(plan, d));
        s.push_str(&format!(
            "git fetch origin {b}\ngit merge --no-edit FETCH_HEAD\n"
        ));
    }
    // The guard judges everything changed since this commit.
    s.push_str("CHARTER_START=$(git rev-parse HEAD)\n");
    s
}

/// Runs a `before` check on the starting tree and fails unless its result
/// is the one the plan states.
pub fn before(check: &Check) -> Option<String> {
    let want = check.before.as_deref()?;
    Some(format!(
        "if sh -c {cmd}; then result=pass; else result=fail; fi\n\
         if [ \"$result\" != {want} ]; then\n  \
         echo \"{id} must {verb} before the work, and it did not\" >&2\n  exit 1\nfi\n",
        cmd = quote(&check.run),
        want = quote(want),
        id = check.id,
        verb = if want == "pass" { "pass" } else { "fail" },
    ))
}

/// Stage everything, commit with the trace trailers, push the result branch.
pub fn commit_and_push(plan: &PlanDoc, task: &Task) -> String {
    format!(
        "git add -A\n\
         git commit --allow-empty -m {subject} -m \"Charter-Task: {id}\nCharter-Plan: $CHARTER_PLAN_SHA256\"\n\
         git push --force origin {refspec}\n",
        subject = quote(&format!(
            "{}: {}",
            task.id,
            task.goal.as_deref().unwrap_or("done")
        )),
        id = task.id,
        refspec = quote(&format!("HEAD:refs/heads/{}", branch(plan, &task.id))),
    )
}

/// The scope check, shared with every other runner: `charter guard`.
pub fn guard(task: &Task) -> String {
    format!(
        "charter guard --plan \"$CHARTER_PLAN\" --task {} --base \"$CHARTER_START\"\n",
        quote(&task.id)
    )
}

/// Merges every result branch, dependencies first, into the target branch
/// and pushes it: the last step, reached only when every task succeeded.
pub fn integrate(plan: &PlanDoc, order: &[String]) -> String {
    let mut s = String::from(
        "git config user.name charter\ngit config user.email charter@localhost\n\
         git checkout \"$CHARTER_INTO\"\n",
    );
    for id in order {
        s.push_str(&format!(
            "git fetch origin {b}\ngit merge --no-edit FETCH_HEAD\n",
            b = quote(&branch(plan, id))
        ));
    }
    s.push_str("git push origin \"HEAD:refs/heads/$CHARTER_INTO\"\n");
    s
}

/// The agent: any command, from the engine's configuration.
pub const AGENT: &str = "sh -c \"$CHARTER_AGENT\"\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_single_quotes() {
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
