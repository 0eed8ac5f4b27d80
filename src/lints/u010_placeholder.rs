//! U010 placeholder.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{Loc, Located, Spec};

pub use crate::diagnostics::rules::PLACEHOLDER as RULE;

/// Whether a value is an `init` placeholder.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    t.len() > 2 && t.starts_with('<') && t.ends_with('>')
}

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for (text, loc) in placeholders(cx.spec) {
        let what = text.trim().trim_start_matches('<').trim_end_matches('>');
        out.push(
            Diagnostic::new(
                &RULE,
                loc.file,
                loc.span,
                format!("placeholder to fill in: {what}"),
            )
            .with_primary_label("still a placeholder")
            .with_help(format!("replace \"<{what}>\" with the real value")),
        );
    }
}

/// Every string value of the spec the author wrote that is a placeholder,
/// with its location, in source order and each once.
fn placeholders(spec: &Spec) -> Vec<(&str, &Loc)> {
    fn located(v: &Option<Located<String>>) -> Option<(&str, &Loc)> {
        v.as_ref().map(|l| (l.value.as_str(), &l.loc))
    }
    let mut out = Vec::new();
    out.extend(located(&spec.title));
    out.extend(located(&spec.owner));
    out.extend(located(&spec.intent.outcome));
    out.extend(
        spec.intent
            .success
            .iter()
            .map(|c| (c.text.as_str(), &c.text_loc)),
    );
    out.extend(
        spec.intent
            .non_goals
            .iter()
            .map(|l| (l.value.as_str(), &l.loc)),
    );
    out.extend(
        spec.boundaries
            .write
            .iter()
            .chain(&spec.boundaries.deny)
            .map(|g| (g.pattern.as_ref(), &g.loc)),
    );
    out.extend(
        spec.boundaries
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), &d.loc)),
    );
    out.extend(spec.checks.iter().map(|c| (c.command.as_str(), &c.loc)));
    out.extend(
        spec.contracts
            .iter()
            .filter_map(|c| c.schema.as_ref())
            .map(|l| (l.value.as_str(), &l.loc)),
    );
    for agent in &spec.agents {
        out.extend(located(&agent.role));
        out.extend(
            agent
                .write
                .iter()
                .chain(&agent.read)
                .chain(&agent.deny)
                .map(|g| (g.pattern.as_ref(), &g.loc)),
        );
    }
    for task in &spec.tasks {
        out.extend(located(&task.goal));
        out.extend(
            task.write
                .iter()
                .chain(&task.read)
                .chain(&task.deny)
                .map(|g| (g.pattern.as_ref(), &g.loc)),
        );
    }
    out.extend(located(&spec.governance.audit));
    out.extend(located(&spec.governance.rollback));
    for approval in &spec.governance.approvals {
        out.push((approval.by.as_str(), &approval.loc));
        out.extend(
            approval
                .touches
                .iter()
                .map(|g| (g.pattern.as_ref(), &g.loc)),
        );
    }
    // Placeholders are rare: only they are sorted (a task's scopes repeat
    // its agent's, so a spec has hundreds of strings and most are globs).
    out.retain(|(text, _)| is_placeholder(text));
    out.sort_by(|a, b| a.1.cmp(b.1));
    out.dedup_by(|a, b| a.1 == b.1 && a.0 == b.0);
    out
}
