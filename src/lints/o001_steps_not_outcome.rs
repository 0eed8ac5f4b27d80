//! O001 steps-not-outcome.

use std::ops::Range;

use super::LintContext;
use super::text::{WordLengths, code_ranges, in_prose, is_word_char, span_in_literal};
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Loc;

pub use crate::diagnostics::rules::STEPS_NOT_OUTCOME as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let mut texts: Vec<(&str, &str, &Loc)> = Vec::new();
    if let Some(outcome) = &spec.intent.outcome {
        texts.push(("outcome", &outcome.value, &outcome.loc));
    }
    for task in &spec.tasks {
        if let Some(goal) = &task.goal {
            texts.push(("goal", &goal.value, &goal.loc));
        }
    }
    for (field, text, loc) in texts {
        let markers = markers(text);
        let strong = markers.iter().any(|m| m.strong);
        if !strong && markers.len() < 2 {
            continue;
        }
        let places: Vec<_> = markers
            .iter()
            .filter_map(|m| {
                span_in_literal(loc, text, &m.range).map(|s| (s, &text[m.range.clone()]))
            })
            .collect();
        let mut diagnostic = Diagnostic::new(
            &RULE,
            loc.file,
            places.first().map_or(loc.span, |p| p.0),
            format!("the {field} is written as steps, not as the state to reach"),
        )
        .with_primary_label(match places.first() {
            Some((_, word)) => format!("`{word}` orders steps"),
            None => "a sequence of steps".to_owned(),
        });
        for (span, word) in places.iter().skip(1) {
            diagnostic = diagnostic.with_label(Label::new(loc.file, *span, format!("`{word}`")));
        }
        out.push(diagnostic.with_help(format!(
            "state what is true when the work is done and let the agent choose the steps; \
             if other agents depend on the order, split the {field} into tasks ordered by `after`"
        )));
    }
}

#[derive(Debug)]
struct Marker {
    range: Range<usize>,
    /// Procedural on its own; a weak marker needs a second one.
    strong: bool,
}

/// Where a clause starts, judged from what precedes a word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Start {
    /// The text's start, a line break or `. ; : ! ?`.
    Sentence,
    /// A `,` or `(`, or the word `and`/`or`.
    Clause,
    Inside,
}

/// The procedural markers of `text`, in order, outside code.
fn markers(text: &str) -> Vec<Marker> {
    // Most texts have no marker word: their code ranges are never needed,
    // and they are not even split into words.
    let code = Code::new(text);
    let mut found = if may_hold_marker_word(text) {
        marker_words(text, &code)
    } else {
        Vec::new()
    };
    found.extend(numbered_items(text, &code));
    found.sort_by_key(|m| m.range.start);
    found
}

/// Every word [`marker_words`] looks for (its `match`), in lower case.
const MARKER_WORDS: &[&str] = &[
    "then",
    "afterwards",
    "afterward",
    "finally",
    "lastly",
    "subsequently",
    "secondly",
    "thirdly",
    "after",
    "next",
    "second",
    "third",
    "first",
    "firstly",
    "start",
    "begin",
    "step",
];

/// [`MARKER_WORDS`]' lengths by first two letters.
const MARKER_LENGTHS: WordLengths = WordLengths::of(MARKER_WORDS);

/// Whether `text` has a word that may be one of [`MARKER_WORDS`]: read a
/// byte at a time, words split as [`words`] splits them, and only a word of
/// a marker's first two letters and length compared with the markers. A word
/// with a byte outside ASCII may lowercase to anything, so it may be one.
fn may_hold_marker_word(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let first = bytes[i];
        if !(first.is_ascii_alphanumeric() || matches!(first, b'_' | b'-' | 0x80..)) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() {
            let b = bytes[i];
            if b >= 0x80 {
                ascii = false;
            } else if !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
                break;
            }
            i += 1;
        }
        let word = &bytes[start..i];
        if !ascii
            || (MARKER_LENGTHS.may_hold(word)
                && MARKER_WORDS
                    .iter()
                    .any(|marker| marker.as_bytes().eq_ignore_ascii_case(word)))
        {
            return true;
        }
    }
    false
}

/// The markers of `text` that are words: sequencing words and steps.
fn marker_words(text: &str, code: &Code<'_>) -> Vec<Marker> {
    let words = words(text);
    let mut found = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let next = words.get(k + 1);
        // Where the word's clause starts: looked for only once the word is
        // a marker, which most words are not.
        let start = || {
            if k > 0
                && matches!(&*words[k - 1].lower, "and" | "or")
                && start_before(text, w.range.start) == Start::Inside
            {
                Start::Clause
            } else {
                start_before(text, w.range.start)
            }
        };
        let opens = |start: Start| matches!(start, Start::Sentence | Start::Clause);
        let next_is = |word: &str| {
            next.is_some_and(|n| {
                n.lower == word && start_before(text, n.range.start) == Start::Inside
            })
        };
        let mut push = |range: Range<usize>, strong: bool| {
            if in_prose(&w.range, code.ranges()) {
                found.push(Marker { range, strong });
            }
        };
        match &*w.lower {
            "then" => {
                let start = start();
                if opens(start) && !conditional(&words[..k], text) {
                    push(
                        w.range.clone(),
                        start == Start::Sentence || instruction(&words, k, text),
                    );
                }
            }
            "afterwards" | "afterward" | "finally" | "lastly" | "subsequently" | "secondly"
            | "thirdly" => {
                let start = start();
                if opens(start) {
                    push(
                        w.range.clone(),
                        start == Start::Sentence || instruction(&words, k, text),
                    );
                }
            }
            "after" => {
                let start = start();
                if opens(start) && (next_is("that") || next_is("this")) {
                    // Invariant: `next_is` held, so there is a next word.
                    let end = next.map_or(w.range.end, |n| n.range.end);
                    push(w.range.start..end, start == Start::Sentence);
                }
            }
            "next" | "second" | "third" => {
                let start = start();
                if opens(start) && text[w.range.end..].starts_with(',') {
                    push(w.range.clone(), start == Start::Sentence);
                }
            }
            "first" | "firstly" if opens(start()) => push(w.range.clone(), false),
            "start" | "begin" if start() == Start::Sentence && next_is("by") => {
                push(w.range.clone(), false);
            }
            "step" => {
                if let Some(n) = next.filter(|n| is_step_number(&n.lower)) {
                    let end = n.range.end;
                    push(w.range.start..end, start() == Start::Sentence);
                }
            }
            _ => {}
        }
    }
    found
}

struct Word<'t> {
    range: Range<usize>,
    /// Borrowed from the text when it is lower case already, as most are.
    lower: std::borrow::Cow<'t, str>,
}

/// The words of `text` (runs of word characters), lowercased.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                words.push(Word {
                    range: s..i,
                    lower: lowercase(&text[s..i]),
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// `word` in lower case, copied only when it has an upper-case letter.
fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.to_lowercase())
    }
}

fn start_before(text: &str, at: usize) -> Start {
    for c in text[..at].chars().rev() {
        match c {
            '\n' | '.' | ';' | ':' | '!' | '?' => return Start::Sentence,
            ',' | '(' => return Start::Clause,
            c if c.is_whitespace() => {}
            _ => return Start::Inside,
        }
    }
    Start::Sentence
}

/// Whether the sentence before a `then` opens a condition (`if … then`).
fn conditional(before: &[Word<'_>], text: &str) -> bool {
    for w in before.iter().rev() {
        if matches!(&*w.lower, "if" | "when" | "whenever" | "unless" | "once") {
            return true;
        }
        if start_before(text, w.range.start) == Start::Sentence {
            return false;
        }
    }
    false
}

/// Whether the sequencing word at `k`, inside a sentence ("…, then run
/// …", "… and finally drop …"), joins instructions to the agent rather than
/// describing what the system does ("Records are buffered, then shipped"):
/// the sentence opens with a verb in the imperative (not a determiner, not
/// a word in `-s`) and the word after the marker is one too.
fn instruction(words: &[Word<'_>], k: usize, text: &str) -> bool {
    let first = words[..k]
        .iter()
        .rev()
        .find(|w| start_before(text, w.range.start) == Start::Sentence);
    let next = words.get(k + 1);
    let verb_like = |w: &str| {
        w.chars().all(char::is_alphabetic)
            && (!w.ends_with('s') || w.ends_with("ss"))
            && !w.ends_with("ed")
            && !matches!(
                w,
                "the"
                    | "a"
                    | "an"
                    | "each"
                    | "every"
                    | "all"
                    | "its"
                    | "their"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "it"
                    | "they"
                    | "we"
                    | "our"
                    | "no"
                    | "any"
                    | "one"
                    | "if"
                    | "when"
                    | "once"
                    | "after"
                    | "before"
                    | "while"
                    | "is"
                    | "are"
                    | "be"
                    | "was"
                    | "were"
            )
    };
    first.is_some_and(|f| verb_like(&f.lower)) && next.is_some_and(|n| verb_like(&n.lower))
}

fn is_step_number(word: &str) -> bool {
    (!word.is_empty() && word.len() <= 3 && word.chars().all(|c| c.is_ascii_digit()))
        || matches!(
            word,
            "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
        )
}

/// The code ranges of a text ([`code_ranges`]), found on first use.
struct Code<'t> {
    text: &'t str,
    ranges: std::cell::OnceCell<Vec<Range<usize>>>,
}

impl<'t> Code<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            ranges: std::cell::OnceCell::new(),
        }
    }

    fn ranges(&self) -> &[Range<usize>] {
        self.ranges.get_or_init(|| code_ranges(self.text))
    }
}

/// `1.`, `2)` or `(3)` standing alone before a space: list items. They
/// count only as a list, two or more numbered in order from the first.
fn numbered_items(text: &str, code: &Code<'_>) -> Vec<Marker> {
    // Every item number ends in a digit followed by `.` or `)`: a text
    // without one, as most are, is not split into words for them.
    let numbered = text
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0].is_ascii_digit() && matches!(pair[1], b'.' | b')'));
    if !numbered {
        return Vec::new();
    }
    let mut items: Vec<(u32, Range<usize>)> = Vec::new();
    for word in text.split_whitespace() {
        // `split_whitespace` yields subslices of `text`: the offset is where
        // the slice starts, found without a search.
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        let offset = start + word.len();
        let inner = word
            .strip_prefix('(')
            .and_then(|w| w.strip_suffix(')'))
            .or_else(|| word.strip_suffix('.'))
            .or_else(|| word.strip_suffix(')'));
        let Some(n) = inner
            .filter(|d| (1..=2).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
            .and_then(|d| d.parse::<u32>().ok())
        else {
            continue;
        };
        let range = start..offset;
        if offset < text.len() && in_prose(&range, code.ranges()) {
            items.push((n, range));
        }
    }
    let mut list = Vec::new();
    for (n, range) in items {
        let expected = list
            .first()
            .map_or(n, |&(first, _)| first + list.len() as u32);
        if n == expected {
            list.push((n, range));
        } else if n == 1 {
            list.clear();
            list.push((n, range));
        }
    }
    if list.len() < 2 {
        return Vec::new();
    }
    list.into_iter()
        .map(|(_, range)| Marker {
            range,
            strong: true,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fires(text: &str) -> bool {
        let m = markers(text);
        m.iter().any(|m| m.strong) || m.len() >= 2
    }

    #[test]
    fn procedures_fire() {
        for text in [
            "First add the crate. Then replace the calls.",
            "First port the models, then the queries",
            "Port the models. Next, port the queries",
            "1. port models 2. port queries",
            "Do it: (1) port models (2) port queries",
            "Step 2: port the queries",
            "Port the models and then the queries, and finally remove diesel",
            "Port the models. After that, remove diesel",
            "Create both package directories and their config files, then run pnpm install",
            "Run the linters on every touched file, then regenerate the baseline",
            "Drop the old tables and finally remove the migration scripts",
        ] {
            assert!(fires(text), "{text}: {:?}", markers(text));
        }
    }

    #[test]
    fn descriptions_do_not_fire() {
        for text in [
            "Errors are first-class values",
            "The first page lists the next cursor",
            "Events are validated, then published to the topic",
            "If the cache is cold, then the request falls back to the database",
            "First responders are paged within 30s",
            "The service runs on Tokio 1.40 and serves 2. requests",
            "Implements step 2 of the RFC",
            "The client follows next_cursor until it is null",
            "Retries `1. 2. 3.` backoff",
            "The worker reads the queue, then acknowledges each message",
            "Requests are queued, then sent in order",
            "Each batch is validated and finally archived",
            "Orders are created, then billed",
        ] {
            assert!(!fires(text), "{text}: {:?}", markers(text));
        }
    }

    proptest::proptest! {
        /// Passing over a text none of whose words may be a marker loses no
        /// marker: where the filter says no, reading every word finds none.
        #[test]
        fn the_word_filter_loses_no_marker(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "then", "Then", "THEN", "finally", "Afterwards", "first", "First", "next",
                    "Next", "second", "start", "begin", "by", "step", "Step", "2", "two", "after",
                    "that", "the", "queue", "thenx", "fīrst", "naïve", "İ", "-", "_", " ", "  ",
                    ",", ".", ";", "\n", "`", "(", "and", "run", "port",
                ]),
                0..24,
            ),
        ) {
            let text: String = words.concat();
            if !may_hold_marker_word(&text) {
                proptest::prop_assert!(marker_words(&text, &Code::new(&text)).is_empty());
            }
        }
    }

    /// Every word the filter is built from gets through it, in any case.
    #[test]
    fn every_marker_word_passes_the_filter() {
        for word in MARKER_WORDS {
            for text in [word.to_string(), word.to_uppercase(), format!("x, {word}.")] {
                assert!(may_hold_marker_word(&text), "{text}");
            }
        }
        assert!(!may_hold_marker_word("Records are buffered and shipped"));
    }
}
