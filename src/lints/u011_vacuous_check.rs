//! U011 vacuous-check: a check whose command cannot fail.
//!
//! The command is split at the shell's list and pipe operators outside
//! quotes; the last element decides the exit status. This reads the command
//! as a shell would for the forms that matter here and never runs it.

use super::LintContext;
use crate::diagnostics::Diagnostic;

pub use crate::diagnostics::rules::VACUOUS_CHECK as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for check in &cx.spec.checks {
        if let Some(why) = vacuous(&check.command) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    check.loc.file,
                    check.loc.span,
                    format!("check `{}` cannot fail: {}", check.id(), why.message()),
                )
                .with_primary_label("always exits 0")
                .with_help(why.help()),
            );
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vacuous {
    /// `cmd || true`, `cmd; echo done`: the last command always succeeds.
    Swallowed,
    /// `cmd | tee log`: the pipeline's status is its last command's.
    Pipeline,
    /// `echo ok`: nothing is tested.
    NothingRun,
}

impl Vacuous {
    fn message(self) -> &'static str {
        match self {
            Vacuous::Swallowed => {
                "its last command always succeeds, whatever the commands before it return"
            }
            Vacuous::Pipeline => {
                "the pipeline's status is that of its last command, which always succeeds, and the command does not `set -o pipefail`"
            }
            Vacuous::NothingRun => "it only prints or returns true",
        }
    }

    fn help(self) -> &'static str {
        match self {
            Vacuous::Swallowed => {
                "drop the `|| true` (or the command after the last `;`) so the check's status is the test's"
            }
            Vacuous::Pipeline => {
                "start the command with `set -o pipefail;` so a failure anywhere in the pipeline fails the check"
            }
            Vacuous::NothingRun => "run the command that tests the work",
        }
    }
}

/// Commands that exit 0 whatever their input.
const ALWAYS_SUCCEEDS: &[&str] = &["true", ":", "echo", "printf"];
/// Commands that end a pipeline with status 0 whatever the commands before
/// them returned.
const PIPE_SINKS: &[&str] = &[
    "wc", "cat", "tee", "head", "tail", "sort", "uniq", "tr", "less", "more",
];

/// Why `command` cannot fail, or `None`.
pub fn vacuous(command: &str) -> Option<Vacuous> {
    let parts = split(command);
    let programs: Vec<&str> = parts.iter().map(|(_, cmd)| program(cmd)).collect();
    if programs.is_empty() {
        return None;
    }
    let always = |p: &str, cmd: &str| {
        ALWAYS_SUCCEEDS.contains(&p) || (p == "exit" && cmd.split_whitespace().nth(1) == Some("0"))
    };
    if parts
        .iter()
        .zip(&programs)
        .all(|((_, cmd), p)| always(p, cmd))
    {
        return Some(Vacuous::NothingRun);
    }
    let (last_op, last_cmd) = parts.last()?;
    let last = *programs.last()?;
    match last_op {
        Op::Or | Op::Then if always(last, last_cmd) => Some(Vacuous::Swallowed),
        Op::Pipe if PIPE_SINKS.contains(&last) && !command.contains("pipefail") => {
            Some(Vacuous::Pipeline)
        }
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// The first command.
    Start,
    /// `;` or a line break.
    Then,
    And,
    Or,
    Pipe,
}

/// The commands of `command` with the operator before each, split outside
/// quotes and parentheses. `&` (background) and redirections stay inside a
/// command.
fn split(command: &str) -> Vec<(Op, &str)> {
    let bytes = command.as_bytes();
    let mut parts = Vec::new();
    let mut quote: Option<u8> = None;
    let mut depth = 0usize;
    let mut start = 0;
    let mut op = Op::Start;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(b'"'), b'\\') => i += 1,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(c),
            (None, b'\\') => i += 1,
            (None, b'(') => depth += 1,
            (None, b')') => depth = depth.saturating_sub(1),
            (None, b';' | b'\n' | b'|' | b'&') if depth == 0 => {
                let two = bytes.get(i + 1) == Some(&c);
                let next = match (c, two) {
                    (b';' | b'\n', _) => Some(Op::Then),
                    (b'|', true) => Some(Op::Or),
                    (b'|', false) => Some(Op::Pipe),
                    (b'&', true) => Some(Op::And),
                    // `&` alone backgrounds; `>&`, `2>&1` redirect.
                    _ => None,
                };
                if let Some(next) = next {
                    parts.push((op, command[start..i].trim()));
                    op = next;
                    i += if two { 2 } else { 1 };
                    start = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    parts.push((op, command[start..].trim()));
    parts.retain(|(_, cmd)| !cmd.is_empty());
    parts
}

/// The program a simple command runs: its first word after variable
/// assignments and a leading `!`/`(`.
fn program(command: &str) -> &str {
    command
        .split_whitespace()
        .map(|w| w.trim_start_matches(['(', '!']))
        .find(|w| !w.is_empty() && !w.contains('='))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vacuous_commands_are_recognised() {
        use Vacuous::*;
        for (cmd, why) in [
            ("cargo test || true", Swallowed),
            ("npm test || :", Swallowed),
            ("pytest; echo done", Swallowed),
            ("make check || exit 0", Swallowed),
            ("cargo test 2>&1 | tee test.log", Pipeline),
            ("grep -r TODO src | wc -l", Pipeline),
            ("echo ok", NothingRun),
            ("true", NothingRun),
            ("echo a && printf b", NothingRun),
        ] {
            assert_eq!(vacuous(cmd), Some(why), "{cmd}");
        }
    }

    #[test]
    fn commands_that_can_fail_are_left_alone() {
        for cmd in [
            "cargo test",
            "set -o pipefail; cargo test | tee log",
            "bash -o pipefail -c 'cargo test | tee log'",
            "cargo test && echo ok",
            "pnpm install --frozen-lockfile 2>/dev/null || pnpm install && echo INSTALL_SUCCESS",
            "echo '|| true' | grep -q x",
            "test \"$(grep -c registerTool src/index.ts)\" -eq 14",
            "cargo build & wait",
            "",
        ] {
            assert_eq!(vacuous(cmd), None, "{cmd}");
        }
    }
}
