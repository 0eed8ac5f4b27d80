//! U002 vague-term.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use super::LintContext;
use super::text::{code_ranges, find_phrase, in_prose, is_word_char, match_at, span_in_literal};
use super::vague::{self, VagueTerm};
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Loc;

pub use crate::diagnostics::rules::VAGUE_TERM as RULE;

/// The text fields U002 reads, in model order: the outcome, each success
/// criterion, each task goal.
fn prose<'a>(cx: &'a LintContext<'_>) -> Vec<(&'static str, &'a str, &'a Loc)> {
    let spec = cx.spec;
    let mut texts = Vec::new();
    if let Some(outcome) = &spec.intent.outcome {
        texts.push(("outcome", outcome.value.as_str(), &outcome.loc));
    }
    for criterion in &spec.intent.success {
        texts.push((
            "success criterion",
            criterion.text.as_str(),
            &criterion.text_loc,
        ));
    }
    for task in &spec.tasks {
        if let Some(goal) = &task.goal {
            texts.push(("goal", goal.value.as_str(), &goal.loc));
        }
    }
    texts
}

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // The built-in list's index is built once per process; a configuration
    // with extra terms builds its own (once per spec, still cheap).
    static BUILTIN: OnceLock<Index<'static>> = OnceLock::new();
    let extended;
    let configured;
    let index = if cx.config.extra_vague_terms.is_empty() {
        BUILTIN.get_or_init(|| Index::new(vague::builtin()))
    } else {
        extended = terms(&cx.config.extra_vague_terms);
        configured = Index::new(&extended);
        &configured
    };
    for (field, text, loc) in prose(cx) {
        for (range, term) in index.find(text) {
            let written = &text[range.clone()];
            let span = span_in_literal(loc, text, &range).unwrap_or(loc.span);
            out.push(
                Diagnostic::new(&RULE, loc.file, span, message(field, written, term))
                    .with_primary_label(label(term))
                    .with_help(term.hint.clone()),
            );
        }
    }
}

/// The built-in terms followed by the configured extras not already built in.
fn terms(extra: &[String]) -> Vec<VagueTerm> {
    let mut terms = vague::builtin().to_vec();
    for word in extra {
        // One space between words, as the built-in terms are written.
        let word = word
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if !word.is_empty() && !terms.iter().any(|t| t.term == word) {
            terms.push(VagueTerm {
                term: word,
                category: "configured".into(),
                hint: "replace it with what a check can measure: a budget, a count, a named check or an exact list".into(),
            });
        }
    }
    terms
}

fn message(field: &str, written: &str, term: &VagueTerm) -> String {
    let why = match term.category.as_str() {
        "escape-clause" => "lets each agent decide whether the requirement applies",
        "scope" => "leaves the scope open",
        "quantity" => "is not a number anyone can check",
        "comparative" => "compares against nothing stated",
        _ => "cannot be measured",
    };
    format!("the {field} says `{written}`, which {why}")
}

fn label(term: &VagueTerm) -> &'static str {
    match term.category.as_str() {
        "escape-clause" => "escape clause",
        "scope" => "open-ended",
        "quantity" => "vague quantity",
        "comparative" => "compared with what?",
        _ => "measured how?",
    }
}

/// The terms by their first word, so a text is scanned once per word
/// rather than once per term.
struct Index<'t> {
    by_first_word: HashMap<String, Vec<&'t VagueTerm>>,
    /// Terms that start with punctuation, tried at every position.
    other: Vec<&'t VagueTerm>,
}

impl<'t> Index<'t> {
    fn new(terms: &'t [VagueTerm]) -> Self {
        let mut by_first_word: HashMap<String, Vec<&VagueTerm>> = HashMap::new();
        let mut other = Vec::new();
        for term in terms {
            let key = first_word(&term.term);
            if key.is_empty() {
                other.push(term);
            } else {
                by_first_word.entry(key).or_default().push(term);
            }
        }
        Self {
            by_first_word,
            other,
        }
    }

    /// Every occurrence in the prose of `text`, leftmost-longest, not
    /// overlapping, in text order.
    fn find(&self, text: &str) -> Vec<(Range<usize>, &'t VagueTerm)> {
        let mut found = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() && !prev.is_some_and(is_word_char) {
                let key = first_word(&text[i..]);
                for &term in self.by_first_word.get(&key).into_iter().flatten() {
                    if let Some(end) = match_at(text, i, &term.term) {
                        found.push((i..end, term));
                    }
                }
            }
            prev = Some(c);
        }
        for &term in &self.other {
            found.extend(find_phrase(text, &term.term).into_iter().map(|r| (r, term)));
        }
        found.sort_by(|(a, _), (b, _)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let code = code_ranges(text);
        let mut kept: Vec<(Range<usize>, &VagueTerm)> = Vec::new();
        for (range, term) in found {
            let overlaps = kept.last().is_some_and(|(last, _)| range.start < last.end);
            if !overlaps && in_prose(&range, &code) {
                kept.push((range, term));
            }
        }
        kept
    }
}

/// The leading run of letters and digits, lowercased: the index key.
fn first_word(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let terms = terms(&["snappy".into(), "??".into()]);
        let index = Index::new(&terms);
        index
            .find(text)
            .into_iter()
            .map(|(r, _)| &text[r])
            .collect()
    }

    #[test]
    fn longest_match_wins_and_code_is_skipped() {
        assert_eq!(found("Easy to use, a few rows"), ["Easy to use", "a few"]);
        assert_eq!(found("it is Snappy ?? ok"), ["Snappy", "??"]);
        assert_eq!(
            found("run `cargo test --fast` on src/fast.rs"),
            Vec::<&str>::new()
        );
        assert_eq!(found("fast-forward only, first-class"), Vec::<&str>::new());
        assert_eq!(found("A and/or B, etc."), ["and/or", "etc."]);
    }
}
