//! D003 unowned-change: the finding for a changed file outside its task's
//! write scope. The rule is in the table with the lints; the guard, which
//! alone knows what a change touched, reports it.

use super::{Reason, Violation};
use crate::diagnostics::Diagnostic;
use crate::syntax::Span;
use crate::text::FileId;

pub use crate::diagnostics::rules::UNOWNED_CHANGE as RULE;

/// The finding for one violation; `file` stands for the changed file. It points at the changed file itself
/// (line 1), so CI annotations land on it; the notes say which task and
/// which glob decided.
pub fn diagnostic(
    file: FileId,
    violation: &Violation,
    task: &str,
    task_at: Option<&str>,
) -> Diagnostic {
    let path = violation.change.path.to_string();
    let (message, label) = match &violation.reason {
        Reason::NotAllowed => (
            format!("`{path}` is outside the write scope of task `{task}`"),
            "no `write` glob of the task matches this path".to_owned(),
        ),
        Reason::Denied(glob) => (
            format!("`{path}` is denied to task `{task}` by `deny \"{glob}\"`"),
            format!("matched by `deny \"{glob}\"`"),
        ),
    };
    let mut d = Diagnostic::new(&RULE, file, Span::new(0, 0), message)
        .with_primary_label(label)
        .with_note(format!("the file {}", violation.change.kind.as_str()));
    if let Some(at) = task_at {
        d = d.with_note(format!("task `{task}` is defined at {at}"));
    }
    d.with_help("move this change to the task that owns the file, or widen the task's scope in the spec and rebuild the plan")
}
