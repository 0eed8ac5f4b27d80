//! A bound on how many diagnostics one file reports.
//!
//! 100,000 stray `[` are 100,000 findings of one mistake; printing them all
//! costs seconds and buries everything else. The first [`PER_CODE`]
//! findings of each code in a file are kept, and at most [`PER_FILE`] in
//! all; for each code with more, one summary at the first dropped place
//! says how many were left out ("… and 99,900 more S002"). At least one
//! finding of every code is kept, so the exit status, which depends on the
//! worst severity, is the same with or without the cap.

use std::collections::BTreeMap;

use super::{Diagnostic, Severity};

/// Findings of one code shown per file.
pub const PER_CODE: usize = 100;
/// Findings shown per file, all codes together (the first of each code is
/// always shown).
pub const PER_FILE: usize = 1_000;

/// Caps one file's diagnostics (in the order they will be shown: callers
/// sort first), appending one summary per code that lost some.
pub fn cap(diagnostics: impl IntoIterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    let mut kept = Vec::new();
    let mut per_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    // Per code: how many were dropped, and the first of them.
    let mut dropped: BTreeMap<&'static str, (usize, Diagnostic)> = BTreeMap::new();
    for d in diagnostics {
        let seen = per_code.entry(d.code()).or_default();
        *seen += 1;
        let keep = *seen == 1 || (*seen <= PER_CODE && kept.len() < PER_FILE);
        if keep {
            kept.push(d);
        } else {
            dropped
                .entry(d.code())
                .and_modify(|(n, _)| *n += 1)
                .or_insert((1, d));
        }
    }
    for (code, (n, first)) in dropped {
        let mut summary = Diagnostic::new(
            first.rule,
            first.file,
            first.span,
            format!("… and {} more {code} in this file", thousands(n)),
        )
        .with_primary_label(format!("the first of {} more not shown", thousands(n)))
        .with_help("fix the ones shown and check again: they often have one cause");
        // A note about the output, not a finding of its own.
        summary.severity = Severity::Info;
        kept.push(summary);
    }
    kept
}

/// `199990` as `199,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::rules::{INVALID_CHARACTER, UNEXPECTED_TOKEN};
    use crate::text::Span;

    fn many(rule: &'static crate::diagnostics::Rule, n: usize) -> Vec<Diagnostic> {
        (0..n)
            .map(|i| {
                Diagnostic::new(
                    rule,
                    crate::text::FileId::default(),
                    Span::new(i, i + 1),
                    "bad",
                )
            })
            .collect()
    }

    #[test]
    fn keeps_the_first_of_each_code_and_summarises_the_rest() {
        let mut all = many(&UNEXPECTED_TOKEN, 200_000);
        all.extend(many(&INVALID_CHARACTER, 3));
        let capped = cap(all);
        let s005: Vec<&Diagnostic> = capped.iter().filter(|d| d.code() == "S005").collect();
        assert_eq!(s005.len(), PER_CODE + 1);
        let summary = s005.last().unwrap();
        assert_eq!(summary.message, "… and 199,900 more S005 in this file");
        assert_eq!(summary.severity, Severity::Info);
        assert_eq!(summary.span.start(), PER_CODE, "at the first one left out");
        assert_eq!(capped.iter().filter(|d| d.code() == "S002").count(), 3);
    }

    #[test]
    fn the_file_total_is_bounded_but_every_code_keeps_one() {
        let mut all = Vec::new();
        for rule in crate::diagnostics::rules::all().take(20) {
            all.extend(many(rule, 150));
        }
        let capped = cap(all);
        let findings = capped
            .iter()
            .filter(|d| !d.message.starts_with('…'))
            .count();
        assert!(findings <= PER_FILE + 20, "{findings}");
        for rule in crate::diagnostics::rules::all().take(20) {
            assert!(
                capped
                    .iter()
                    .any(|d| d.code() == rule.code && d.severity == rule.severity)
            );
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
