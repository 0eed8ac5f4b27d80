//! U002 vague-term.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::sync::OnceLock;

use super::LintContext;
use super::text::{
    WordLengths, code_ranges, find_phrase, in_prose, is_word_char, match_at, span_in_literal,
};
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
        let found = index.find(text);
        if found.is_empty() {
            continue;
        }
        let quoted = quoted_ranges(text);
        let mut seen: Vec<&str> = Vec::new();
        for (range, term) in found {
            if quoted
                .iter()
                .any(|q| q.start <= range.start && range.end <= q.end)
                || proper_name(text, &range)
                || measured_after(text, range.end)
                || seen.contains(&&*term.term)
            {
                continue;
            }
            // One finding per term and text: a repeated word is one cause.
            seen.push(&term.term);
            let written = &text[range.clone()];
            let span = span_in_literal(loc, text, &range).unwrap_or(loc.span);
            out.push(
                Diagnostic::new(&RULE, loc.file, span, message(field, written, term))
                    .with_primary_label(label(term))
                    .with_help(help(clause_around(text, &range), term)),
            );
        }
    }
}

/// The parts of `text` between double quotes (straight or curly) or single
/// curly quotes: a term quoted is mentioned, not used.
fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (i, c) in text.char_indices() {
        match (open, c) {
            (None, '"' | '\u{201C}' | '\u{2018}') => open = Some((i, c)),
            (Some((start, '"')), '"')
            | (Some((start, '\u{201C}')), '\u{201D}')
            | (Some((start, '\u{2018}')), '\u{2019}') => {
                ranges.push(start..i + c.len_utf8());
                open = None;
            }
            _ => {}
        }
    }
    ranges
}

/// A listed word that is part of a name: capitalised inside a sentence
/// ("Secure Enclave", "the Simple Queue Service", "Fast Refresh"), or joined
/// to a capitalised word by a hyphen or directly before one ("Portable
/// Document Format" is caught by the first rule too).
fn proper_name(text: &str, range: &Range<usize>) -> bool {
    // Capitalised, not shouted: "FAST" is emphasis, not a name.
    let capital = |s: &str| {
        s.chars().next().is_some_and(char::is_uppercase) && s.chars().any(char::is_lowercase)
    };
    let written = &text[range.clone()];
    let sentence_start = text[..range.start]
        .trim_end_matches([' ', '"', '(', '\''])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '\n'));
    if capital(written) && !sentence_start {
        return true;
    }
    // "Secure Boot" at a sentence start: the next word is capitalised too.
    let next = text[range.end..].trim_start_matches([' ', '-']);
    capital(written) && text[range.end..].starts_with([' ', '-']) && capital(next)
}

/// A vague word followed by its measure in the same clause: "accurate to
/// the cent", "fast (p99 under 50 ms)", "smooth scrolling (60fps target)",
/// "responsive within 200ms". The clause ends at `;`, a full stop, a comma
/// outside parentheses, or after a few words.
fn measured_after(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let mut depth = 0usize;
    let mut clause_end = rest.len();
    let mut words = 0;
    let mut prev_space = false;
    for (i, c) in rest.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ';' | '\n' => {
                clause_end = i;
                break;
            }
            '.' | ',' if depth == 0 && !rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()) => {
                clause_end = i;
                break;
            }
            _ => {}
        }
        let space = c.is_whitespace();
        if space && !prev_space && depth == 0 {
            words += 1;
            if words > 6 {
                clause_end = i;
                break;
            }
        }
        prev_space = space;
    }
    let clause = &rest[..clause_end];
    const GRAINS: &[&str] = &[
        "cent",
        "penny",
        "byte",
        "bit",
        "millisecond",
        "second",
        "minute",
        "day",
        "pixel",
        "decimal",
        "digit",
        "letter",
    ];
    let grain = clause
        .trim_start()
        .strip_prefix("to the ")
        .is_some_and(|r| GRAINS.iter().any(|g| r.starts_with(g)));
    clause.chars().any(|c| c.is_ascii_digit()) || grain
}

/// The measurable form to propose: the term's own hint, except that a
/// latency budget is proposed only where the sentence names something with
/// a latency (a request, a query, a page…); elsewhere the help asks for the
/// check that measures it.
fn help(text: &str, term: &VagueTerm) -> String {
    if term.hint.contains("budget latency") && !mentions_operation(text) {
        return "name what is measured and the bound a check holds it to, for example \
                `bench NAME \"command\" regress <= 5%` or a test with an explicit threshold"
            .to_owned();
    }
    term.hint.to_string()
}

/// The clause a term stands in: between the nearest `,`, `;`, `.` or ` and `
/// on either side, so that "requests are fast and onboarding is quick"
/// judges each word by its own subject.
fn clause_around<'t>(text: &'t str, range: &Range<usize>) -> &'t str {
    let boundary = |s: &str| -> Vec<usize> {
        let mut at: Vec<usize> = s.match_indices([',', ';', '.']).map(|(i, _)| i).collect();
        at.extend(s.match_indices(" and ").map(|(i, _)| i));
        at
    };
    let start = boundary(&text[..range.start])
        .into_iter()
        .max()
        .map_or(0, |i| i + 1);
    let end = boundary(&text[range.end..])
        .into_iter()
        .min()
        .map_or(text.len(), |i| range.end + i);
    &text[start..end]
}

/// Whether a text names an operation that has a latency.
fn mentions_operation(text: &str) -> bool {
    const OPERATIONS: &[&str] = &[
        "request",
        "requests",
        "response",
        "responses",
        "endpoint",
        "endpoints",
        "api",
        "query",
        "queries",
        "page",
        "pages",
        "load",
        "loads",
        "call",
        "calls",
        "render",
        "renders",
        "startup",
        "latency",
        "lookup",
        "search",
        "login",
        "checkout",
        "get",
        "post",
        "put",
        "delete",
        "rpc",
        "handler",
        "route",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| OPERATIONS.contains(&w.to_lowercase().as_str()))
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
                term: word.into(),
                category: "configured".into(),
                hint: "replace it with what a check can measure: a budget, a count, a named check or an exact list".into(),
            });
        }
    }
    terms
}

fn message(field: &str, written: &str, term: &VagueTerm) -> String {
    let why = match &*term.category {
        "escape-clause" => "lets each agent decide whether the requirement applies",
        "scope" => "leaves the scope open",
        "quantity" => "is not a number anyone can check",
        "comparative" => "compares against nothing stated",
        _ => "cannot be measured",
    };
    format!("the {field} says `{written}`, which {why}")
}

fn label(term: &VagueTerm) -> &'static str {
    match &*term.category {
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
    /// The keys' lengths by first two letters: a word of plain ASCII that no key
    /// can be is passed over without being lowercased or hashed, as most
    /// words of prose are.
    key_lengths: WordLengths,
    /// Terms that start with punctuation, tried at every position.
    other: Vec<&'t VagueTerm>,
}

impl<'t> Index<'t> {
    fn new(terms: &'t [VagueTerm]) -> Self {
        let mut by_first_word: HashMap<String, Vec<&VagueTerm>> = HashMap::new();
        let mut key_lengths = WordLengths::NONE;
        let mut other = Vec::new();
        for term in terms {
            let key = first_word(&term.term);
            if key.is_empty() {
                other.push(term);
                continue;
            }
            // A key with a non-ASCII letter is looked up only from words
            // that have one too, which are never filtered.
            key_lengths = key_lengths.with(&key);
            by_first_word.entry(key).or_default().push(term);
        }
        Self {
            by_first_word,
            key_lengths,
            other,
        }
    }

    /// The terms whose first word starts at `i`, matched there, added to `found`.
    fn match_word_at(
        &self,
        text: &str,
        i: usize,
        buffer: &mut String,
        found: &mut Vec<(Range<usize>, &'t VagueTerm)>,
    ) {
        let key = first_word_key(&text[i..], buffer);
        for &term in self.by_first_word.get(key).into_iter().flatten() {
            if let Some(end) = match_at(text, i, &term.term) {
                found.push((i..end, term));
            }
        }
    }

    /// Every occurrence in the prose of `text`, leftmost-longest, not
    /// overlapping, in text order.
    fn find(&self, text: &str) -> Vec<(Range<usize>, &'t VagueTerm)> {
        let mut found = self.word_matches(text);
        for &term in &self.other {
            found.extend(find_phrase(text, &term.term).into_iter().map(|r| (r, term)));
        }
        if found.is_empty() {
            return found;
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

    /// Every match of a term that starts with a word, in text order,
    /// overlapping ones included.
    fn word_matches(&self, text: &str) -> Vec<(Range<usize>, &'t VagueTerm)> {
        let mut found = Vec::new();
        let mut buffer = String::new();
        // A term's first word starts at a letter or digit that does not
        // continue a word. ASCII, nearly all of prose, is read a byte at a
        // time and a word of it is skipped whole; other characters are decoded.
        let bytes = text.as_bytes();
        let mut in_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if byte.is_ascii_alphanumeric() && !in_word {
                let run = bytes[i..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                let plain = bytes.get(i + run).is_none_or(u8::is_ascii);
                if !plain || self.key_lengths.may_hold(&bytes[i..i + run]) {
                    self.match_word_at(text, i, &mut buffer, &mut found);
                }
                in_word = true;
                i += run;
            } else if byte.is_ascii() {
                in_word = is_word_char(char::from(byte));
                i += 1;
            } else {
                // `i` is at a character boundary: only whole characters
                // and ASCII bytes are stepped over.
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                if c.is_alphanumeric() && !in_word {
                    self.match_word_at(text, i, &mut buffer, &mut found);
                }
                in_word = is_word_char(c);
                i += c.len_utf8();
            }
        }
        found
    }
}

/// The leading run of letters and digits, lowercased: the index key.
fn first_word(text: &str) -> String {
    first_word_key(text, &mut String::new()).to_owned()
}

/// [`first_word`], borrowed from `text` when it is already in lower case
/// (as nearly every word of prose is), else built in `buffer`, whose
/// allocation is reused from word to word.
fn first_word_key<'k>(text: &'k str, buffer: &'k mut String) -> &'k str {
    let ascii = text.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if text[ascii..].starts_with(char::is_alphanumeric) {
        buffer.clear();
        buffer.extend(
            text.chars()
                .take_while(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase),
        );
        return buffer;
    }
    let word = &text[..ascii];
    if !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return word;
    }
    buffer.clear();
    buffer.push_str(word);
    buffer.make_ascii_lowercase();
    buffer
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every place a term's first word may start, found a character at a
    /// time and looked up without the length filter: the definition
    /// `Index::word_matches` must match.
    fn find_by_characters<'t>(index: &Index<'t>, text: &str) -> Vec<(Range<usize>, &'t VagueTerm)> {
        let mut found = Vec::new();
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() && !prev.is_some_and(is_word_char) {
                let key = first_word(&text[i..]);
                for &term in index.by_first_word.get(&key).into_iter().flatten() {
                    if let Some(end) = match_at(text, i, &term.term) {
                        found.push((i..end, term));
                    }
                }
            }
            prev = Some(c);
        }
        found
    }

    proptest::proptest! {
        /// Skipping ASCII words by their first two letters and length finds what
        /// reading every character finds.
        #[test]
        fn the_length_filter_loses_no_term(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "fast", "Fast", "FAST", "a", "A", "few", "as", "needed", "easy", "to",
                    "use", "naïve", "Naïve", "fastÉ", "é", "x", "_", "-", " ", "  ", ",", ".",
                    "\n", "`", "snappy", "2", "ß", "İ", "robust", "quickly",
                ]),
                0..24,
            ),
        ) {
            let text: String = words.concat();
            let terms = terms(&["snappy".into(), "naïve".into()]);
            let index = Index::new(&terms);
            let names = |found: Vec<(Range<usize>, &VagueTerm)>| -> Vec<(Range<usize>, String)> {
                found.into_iter().map(|(r, t)| (r, t.term.to_string())).collect()
            };
            proptest::prop_assert_eq!(
                names(index.word_matches(&text)),
                names(find_by_characters(&index, &text))
            );
        }

        /// The ASCII shortcut of `first_word` gives the word every
        /// character lowercased: `Fast`, `ÉCLAT`, `naïve`, `Straße2`.
        #[test]
        fn first_word_lowercases_the_leading_word(text in "[a-zA-Z0-9ÉéïßİΣ -]{0,12}") {
            let expected: String = text
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(first_word(&text), expected);
        }
    }

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
    fn quoted_named_and_measured_words_are_not_vague() {
        let q = quoted_ranges("say \"fast\" and \u{201C}simple\u{201D} here");
        assert_eq!(q.len(), 2);
        let text = "Use the Secure Enclave and Fast Refresh";
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            s..s + w.len()
        };
        assert!(proper_name(text, &at("Secure")));
        assert!(proper_name(text, &at("Fast")));
        assert!(!proper_name("Fast builds matter", &(0..4)));
        assert!(proper_name("Secure Boot is on", &(0..6)));
        let after = |t: &str, w: &str| measured_after(t, t.find(w).unwrap() + w.len());
        assert!(after("Totals are accurate to the cent", "accurate"));
        assert!(after("Search is fast (p99 under 50 ms)", "fast"));
        assert!(after(
            "smooth scrolling styles for the grid (60fps target)",
            "smooth"
        ));
        assert!(!after("The UI is fast, and 3 people use it", "fast"));
        assert!(!after("Replies are fast to the service", "fast"));
        assert!(!after(
            "Reports are accurate and complete for every customer in 2024 and beyond",
            "accurate"
        ));
    }

    #[test]
    fn a_budget_is_proposed_only_where_a_latency_fits() {
        let term = VagueTerm {
            term: "fast".into(),
            category: "performance".into(),
            hint: "state a latency budget: budget latency.p99 \"OPERATION\" <= 200ms".into(),
        };
        assert!(help("Search requests are fast", &term).contains("budget latency"));
        assert!(!help("Onboarding is fast for new staff", &term).contains("budget"));
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
