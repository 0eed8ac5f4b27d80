//! Baselines: the findings a team has accepted for now, so CI gates only
//! new ones (`check --baseline FILE`, `check --write-baseline FILE`).
//!
//! An entry is the finding's code, its file (URI from the workspace root)
//! and a fingerprint of the rule, file, trimmed line text and message
//! ([`crate::diagnostics::render::fingerprint`]): moving the line, or
//! editing other lines, keeps the entry; changing the line or the message
//! makes the finding new. Identical findings are counted, so a baseline
//! holding one copy hides one copy. Entries that match nothing any more are
//! stale and reported, so the file shrinks as findings get fixed.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::diagnostics::render::{Sources, fingerprint};

/// The version of the baseline file's shape.
pub const VERSION: u32 = 1;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    /// The file relative to the workspace root (as a URI).
    pub uri: String,
    pub fingerprint: String,
    /// For people reading the file; not used to match.
    pub message: String,
}

impl Baseline {
    /// A baseline holding every one of `diagnostics`, sorted so the file is
    /// deterministic and diffs well.
    pub fn of(diagnostics: &[Diagnostic], sources: &Sources) -> Self {
        let mut entries: Vec<Entry> = diagnostics
            .iter()
            .map(|d| Entry {
                code: d.rule.code.to_owned(),
                uri: sources.uri(&d.path),
                fingerprint: fingerprint(d, sources),
                message: d.message.clone(),
            })
            .collect();
        entries.sort();
        Self {
            version: VERSION,
            entries,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text =
            serde_json::to_string_pretty(self).expect("plain structs of strings always serialise");
        text.push('\n');
        text
    }

    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline `{}`: {e}", path.display()))?;
        let baseline: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a charter baseline: {e}", path.display()))?;
        if baseline.version != VERSION {
            return Err(format!(
                "`{}` is a version {} baseline; this charter reads version {VERSION}",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Splits `diagnostics` into the new ones (returned) and the ones the
    /// baseline holds (dropped); also returns the entries nothing matched.
    pub fn filter(
        &self,
        diagnostics: Vec<Diagnostic>,
        sources: &Sources,
    ) -> (Vec<Diagnostic>, Vec<Entry>) {
        let mut unused: BTreeMap<(String, String, String), Vec<&Entry>> = BTreeMap::new();
        for entry in &self.entries {
            unused
                .entry((
                    entry.code.clone(),
                    entry.uri.clone(),
                    entry.fingerprint.clone(),
                ))
                .or_default()
                .push(entry);
        }
        let mut new = Vec::new();
        for d in diagnostics {
            let key = (
                d.rule.code.to_owned(),
                sources.uri(&d.path),
                fingerprint(&d, sources),
            );
            let matched = unused.get_mut(&key).and_then(Vec::pop);
            if matched.is_none() {
                new.push(d);
            }
        }
        let stale = unused.into_values().flatten().cloned().collect();
        (new, stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::rules::UNRESOLVED_NAME;
    use crate::syntax::Span;

    fn finding(text: &str, line_start: usize, message: &str) -> (Diagnostic, Sources) {
        let mut sources = Sources::new();
        sources.insert("a.charter", text);
        let d = Diagnostic::new(
            &UNRESOLVED_NAME,
            "a.charter",
            Span::new(line_start, line_start + 1),
            message,
        );
        (d, sources)
    }

    #[test]
    fn entries_survive_line_moves_but_not_changed_lines() {
        let (d, sources) = finding("x\ny bad\n", 2, "no `bad`");
        let baseline = Baseline::of(std::slice::from_ref(&d), &sources);

        let (moved, moved_sources) = finding("new\nlines\nx\ny bad\n", 14, "no `bad`");
        let (new, stale) = baseline.filter(vec![moved], &moved_sources);
        assert!(new.is_empty() && stale.is_empty());

        let (changed, changed_sources) = finding("x\ny bad2\n", 2, "no `bad`");
        let (new, stale) = baseline.filter(vec![changed], &changed_sources);
        assert_eq!(new.len(), 1);
        assert_eq!(stale, baseline.entries);
    }

    #[test]
    fn identical_findings_are_counted() {
        let (d, sources) = finding("y bad\n", 0, "no `bad`");
        let baseline = Baseline::of(std::slice::from_ref(&d), &sources);
        let (new, stale) = baseline.filter(vec![d.clone(), d], &sources);
        assert_eq!(new.len(), 1);
        assert!(stale.is_empty());
    }
}
