//! `--to github-actions`: one workflow, one job per task.
//!
//! Job ids come from task ids (`agent.task` → `agent--task`: ids hold no
//! `-`, so the mapping is one to one and matches `[A-Za-z_][A-Za-z0-9_-]*`);
//! approval gates are jobs of their own with an `environment:` (its
//! required reviewers approve), between a task and its dependents; locks
//! become `concurrency:` groups and, because GitHub cancels all but one
//! pending job of a group, also an order between the tasks sharing one.

use serde_norway::{Mapping, Value};

use super::{ExportContext, gates, lock_group, lock_predecessors, minutes, script};
use crate::plan::input::{PlanDoc, Task};

/// The job id of a task.
pub fn job_id(task: &str) -> String {
    task.replace('.', "--")
}

/// The job ids of a task's approval gates, in order.
fn gate_job_id(task: &str, n: usize) -> String {
    format!("{}--approval-{}", job_id(task), n + 1)
}

/// The job whose success means the task's result may be used: its last gate,
/// or the task's own job.
fn exit_job(plan: &PlanDoc, task: &Task) -> String {
    match gates(plan, task).len() {
        0 => job_id(&task.id),
        n => gate_job_id(&task.id, n - 1),
    }
}

/// An environment name from an approver (`@platform-leads` →
/// `charter-platform-leads`): GitHub environment names are best kept to
/// letters, digits, `-` and `_`.
fn environment(by: &str) -> String {
    let mut name = String::from("charter-");
    for c in by.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    name.trim_end_matches('-').to_string()
}

macro_rules! yaml {
    ($($k:expr => $v:expr),* $(,)?) => {{
        let mut m = Mapping::new();
        $( m.insert(Value::from($k), Value::from($v)); )*
        Value::Mapping(m)
    }};
}

fn seq(items: impl IntoIterator<Item = Value>) -> Value {
    Value::Sequence(items.into_iter().collect())
}

fn step(name: &str, run: String) -> Value {
    yaml! { "name" => name, "run" => run }
}

fn checkout() -> Value {
    yaml! {
        "uses" => "actions/checkout@v4",
        "with" => yaml! { "fetch-depth" => 0 },
    }
}

fn install_charter() -> Value {
    step(
        "Install charter",
        "sh -c \"$CHARTER_INSTALL\"\n".to_string(),
    )
}

pub fn github_actions(ctx: &ExportContext<'_>) -> Result<String, String> {
    let plan = ctx.plan;
    let order = plan.topological_order()?;
    let lock_before = lock_predecessors(plan, &order);
    let mut jobs = Mapping::new();
    for id in &order {
        let Some(task) = plan.task(id) else { continue };
        let mut needs: Vec<String> = task
            .depends_on
            .iter()
            .filter_map(|d| plan.task(d))
            .map(|d| exit_job(plan, d))
            .collect();
        if let Some(p) = lock_before.get(id).and_then(|p| plan.task(p)) {
            let p = exit_job(plan, p);
            if !needs.contains(&p) {
                needs.push(p);
            }
        }
        let mut job = Mapping::new();
        job.insert("name".into(), Value::from(task.id.clone()));
        job.insert("runs-on".into(), "ubuntu-latest".into());
        if !needs.is_empty() {
            job.insert("needs".into(), seq(needs.into_iter().map(Value::from)));
        }
        if let Some(group) = lock_group(plan, task) {
            job.insert(
                "concurrency".into(),
                yaml! {
                    "group" => format!("charter-lock-{group}"),
                    "cancel-in-progress" => false,
                },
            );
        }
        job.insert(
            "env".into(),
            yaml! {
                "CHARTER_TASK" => task.id.clone(),
                "CHARTER_AGENT" => "${{ secrets.CHARTER_AGENT }}",
            },
        );
        let mut steps = vec![
            checkout(),
            install_charter(),
            step(
                "Start from the predecessors' results",
                script::start(plan, task)
                    + "echo \"CHARTER_START=$CHARTER_START\" >> \"$GITHUB_ENV\"\n",
            ),
        ];
        for c in task.checks.iter().filter_map(|c| plan.check(c)) {
            if let Some(s) = script::before(c) {
                let mut st = step(
                    &format!(
                        "Before the work: {} must {}",
                        c.id,
                        c.before.as_deref().unwrap_or("")
                    ),
                    s,
                );
                add_timeout(&mut st, c.timeout_s);
                steps.push(st);
            }
        }
        steps.push(step("Agent", script::AGENT.to_string()));
        steps.push(step("Scope (charter guard)", script::guard(task)));
        steps.push(step(
            "Commit and push the result branch",
            script::commit_and_push(plan, task),
        ));
        for c in task.checks.iter().filter_map(|c| plan.check(c)) {
            let mut st = step(&format!("Check {}", c.id), format!("{}\n", c.run));
            add_timeout(&mut st, c.timeout_s);
            steps.push(st);
        }
        job.insert("steps".into(), seq(steps));
        jobs.insert(job_id(id).into(), Value::Mapping(job));

        for (n, by) in gates(plan, task).iter().enumerate() {
            let needs = if n == 0 {
                job_id(id)
            } else {
                gate_job_id(id, n - 1)
            };
            jobs.insert(
                gate_job_id(id, n).into(),
                yaml! {
                    "name" => format!("{id}: approval by {by}"),
                    "needs" => needs,
                    "runs-on" => "ubuntu-latest",
                    "environment" => environment(by),
                    "steps" => seq([step(
                        "Approved",
                        format!("echo {}\n", script::quote(&format!("{by} approved {id}"))),
                    )]),
                },
            );
        }
    }
    let exits: Vec<Value> = order
        .iter()
        .filter_map(|id| plan.task(id))
        .map(|t| Value::from(exit_job(plan, t)))
        .collect();
    let mut integrate = Mapping::new();
    integrate.insert("name".into(), "integrate".into());
    if !exits.is_empty() {
        integrate.insert("needs".into(), seq(exits));
    }
    integrate.insert("runs-on".into(), "ubuntu-latest".into());
    integrate.insert(
        "env".into(),
        yaml! { "CHARTER_INTO" => "${{ github.ref_name }}" },
    );
    integrate.insert(
        "steps".into(),
        seq([
            checkout(),
            step(
                "Merge every result branch into the target branch",
                script::integrate(plan, &order),
            ),
        ]),
    );
    jobs.insert("integrate".into(), Value::Mapping(integrate));

    let workflow = yaml! {
        "name" => format!("charter: {}", plan.spec.name),
        "on" => yaml! { "workflow_dispatch" => Value::Null },
        "permissions" => yaml! { "contents" => "write" },
        "concurrency" => yaml! {
            "group" => format!("charter-{}", plan.spec.name),
            "cancel-in-progress" => false,
        },
        "env" => yaml! {
            "CHARTER_PLAN" => ctx.plan_path.clone(),
            "CHARTER_PLAN_SHA256" => ctx.plan_sha256.clone(),
            "CHARTER_INSTALL" => "${{ secrets.CHARTER_INSTALL || 'cargo install --locked charter' }}",
        },
        "jobs" => Value::Mapping(jobs),
    };
    let body = serde_norway::to_string(&workflow).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Generated by `charter export --to github-actions` from {} (sha256 {}).\n\
         # Set the repository secret CHARTER_AGENT to the agent command.\n{body}",
        ctx.plan_path, ctx.plan_sha256
    ))
}

fn add_timeout(step: &mut Value, seconds: f64) {
    if let Value::Mapping(m) = step {
        m.insert("timeout-minutes".into(), Value::from(minutes(seconds)));
    }
}
