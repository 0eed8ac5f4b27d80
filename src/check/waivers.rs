//! `waive CODE "reason"`: silencing a code inside a block, and reporting a
//! waiver that silenced nothing.

use crate::diagnostics::Diagnostic;
use crate::diagnostics::rules::UNUSED_WAIVER as RULE;
use crate::semantic::model::Waiver;

/// Drops each diagnostic one of `waivers` (its specs') covers (same code,
/// primary span inside the waiver's block) and reports the waivers that
/// covered none.
pub fn apply<'w>(
    waivers: impl IntoIterator<Item = &'w Waiver>,
    diagnostics: &mut Vec<Diagnostic>,
    report_unused: bool,
) {
    let waivers: Vec<&Waiver> = waivers.into_iter().collect();
    if waivers.is_empty() {
        return;
    }
    let mut used = vec![false; waivers.len()];
    diagnostics.retain(|d| {
        let covering = waivers.iter().position(|w| {
            w.code == d.rule.code
                && w.block.file == d.file
                && w.block.span.start() <= d.span.start()
                && d.span.end() <= w.block.span.end()
        });
        match covering {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    if !report_unused {
        return;
    }
    for (waiver, used) in waivers.iter().zip(used) {
        // A drift finding (D…) exists only against a repository
        // (`check --root`), so a check without one cannot call its waiver unused.
        if !used && !waiver.code.starts_with('D') {
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    waiver.loc.file,
                    waiver.loc.span,
                    format!(
                        "this waiver of {} silences nothing in `{}`",
                        waiver.code, waiver.scope
                    ),
                )
                .with_primary_label("nothing to waive here")
                .with_help("remove it; the plan records every waiver as a standing exception"),
            );
        }
    }
}
