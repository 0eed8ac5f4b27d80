//! Reading prose: word-boundary phrase matching and mapping a place in a
//! string's decoded text back to the file, for the lints about wording
//! (U002, O001, O003).
//!
//! Prose in a spec mixes words with code (`next_cursor`, `src/db/mod.rs`,
//! `` `ledger --help` ``). The lints judge the words, so [`code_ranges`]
//! finds the code-like parts that a word match must not land in.

use std::ops::Range;

use crate::semantic::model::Loc;
use crate::syntax::Span;

/// Characters that continue a word. Hyphens and underscores join, so
/// `fast-forward`, `first-class` and `next_cursor` are one word each and a
/// term like `fast` or `first` does not match inside them.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// The lengths of a list's words, by their first two letters: a filter
/// that turns away most words of prose before they are lowercased, hashed
/// or compared with the list (U002's terms, O003's verbs, O001's markers).
/// Only the list's ASCII words are recorded, in lower case; a caller filters
/// only a word of plain ASCII, and looks any other up in full.
#[derive(Clone, Copy, Debug)]
pub struct WordLengths {
    /// Bit `n` of entry `[a][b]`: a word of `n` bytes starts with bytes
    /// whose [`letter_slot`]s are `a` and `b` (longer words fold into bit 63).
    by_first_two: [[u64; LETTER_SLOTS]; LETTER_SLOTS],
}

/// An ASCII letter in either case (1–26), or anything else (0).
const LETTER_SLOTS: usize = 27;

/// Where a byte is filed in [`WordLengths`]: a letter by itself whatever its
/// case, every other byte (a digit, `-`, `_`, the end of a one-byte word)
/// together, which only lets more words through. A table, as this is asked
/// twice for most words of prose.
const LETTER_SLOT: [u8; 256] = {
    let mut slots = [0u8; 256];
    let mut letter = 0;
    while letter < 26 {
        slots[(b'a' + letter) as usize] = letter + 1;
        slots[(b'A' + letter) as usize] = letter + 1;
        letter += 1;
    }
    slots
};

const fn letter_slot(byte: u8) -> usize {
    LETTER_SLOT[byte as usize] as usize
}

impl WordLengths {
    pub const NONE: WordLengths = WordLengths {
        by_first_two: [[0; LETTER_SLOTS]; LETTER_SLOTS],
    };

    /// The lengths of `words`, at compile time where the list is a constant.
    pub const fn of(words: &[&str]) -> Self {
        let mut lengths = Self::NONE;
        let mut i = 0;
        while i < words.len() {
            lengths = lengths.with(words[i]);
            i += 1;
        }
        lengths
    }

    /// These lengths and `word`'s, if it is ASCII (written in lower case).
    pub const fn with(mut self, word: &str) -> Self {
        let bytes = word.as_bytes();
        if !bytes.is_empty() && bytes.is_ascii() {
            let (a, b) = Self::slots(bytes);
            self.by_first_two[a][b] |= Self::bit(bytes.len());
        }
        self
    }

    /// Whether `word`, of plain ASCII and in any case, may be in the list.
    pub fn may_hold(&self, word: &[u8]) -> bool {
        if word.is_empty() {
            return false;
        }
        let (a, b) = Self::slots(word);
        self.by_first_two[a][b] & Self::bit(word.len()) != 0
    }

    const fn slots(word: &[u8]) -> (usize, usize) {
        let second = if word.len() > 1 { word[1] } else { 0 };
        (letter_slot(word[0]), letter_slot(second))
    }

    const fn bit(len: usize) -> u64 {
        1 << if len > 63 { 63 } else { len }
    }
}

/// Where `phrase` occurs in `text`, case-insensitively, on word boundaries.
///
/// A space in `phrase` matches any run of whitespace (so a phrase may break
/// across the lines of a `"""` block). The boundary is only required on a
/// side where the phrase itself has a word character: `etc.` ends in a
/// boundary of its own. Occurrences do not overlap.
pub fn find_phrase(text: &str, phrase: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let Some(first) = phrase.chars().next() else {
        return found;
    };
    let mut from = 0;
    while from < text.len() {
        let Some(start) = next_start(text, from, first) else {
            break;
        };
        match match_at(text, start, phrase) {
            Some(end) => {
                found.push(start..end);
                from = end.max(start + 1);
            }
            None => from = start + text[start..].chars().next().map_or(1, char::len_utf8),
        }
        while !text.is_char_boundary(from) && from < text.len() {
            from += 1;
        }
    }
    found
}

/// The next offset at or after `from` where a phrase starting with `first`
/// may begin: a word start when `first` is a word character, else anywhere.
fn next_start(text: &str, from: usize, first: char) -> Option<usize> {
    let mut prev = text[..from].chars().next_back();
    for (i, c) in text[from..].char_indices() {
        let at = from + i;
        let boundary = !is_word_char(first) || !prev.is_some_and(is_word_char);
        if boundary && same_letter(c, first) {
            return Some(at);
        }
        prev = Some(c);
    }
    None
}

fn same_letter(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// The end of `phrase` matched at `start`, if it matches there.
pub fn match_at(text: &str, start: usize, phrase: &str) -> Option<usize> {
    let mut rest = text[start..].char_indices().peekable();
    let mut end = start;
    let mut last = None;
    for p in phrase.chars() {
        if p == ' ' {
            let mut spaces = 0;
            while let Some(&(i, c)) = rest.peek() {
                if !c.is_whitespace() {
                    break;
                }
                spaces += 1;
                end = start + i + c.len_utf8();
                rest.next();
            }
            if spaces == 0 {
                return None;
            }
        } else {
            let (i, c) = rest.next()?;
            if !same_letter(c, p) {
                return None;
            }
            end = start + i + c.len_utf8();
        }
        last = Some(p);
    }
    let after = text[end..].chars().next();
    let needs_boundary = last.is_some_and(is_word_char);
    (!needs_boundary || !after.is_some_and(is_word_char)).then_some(end)
}

/// The parts of `text` that are code rather than prose: `` `quoted` ``
/// spans, and whitespace-separated tokens that look like identifiers,
/// paths, URLs or calls (`next_cursor`, `src/db/**`, `Foo::bar()`,
/// `/v1/events`). The punctuation around a token (`"(` before, `.,;:!?)"`
/// after) is not part of it, so a sentence's full stop does not make its
/// last word code.
pub fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut in_tick: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c == '`' {
            match in_tick.take() {
                Some(open) => ranges.push(open..i + 1),
                None => in_tick = Some(i),
            }
        }
    }
    for token in tokens(text) {
        let core = &text[token.clone()];
        if looks_like_code(core) {
            ranges.push(token);
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    ranges
}

/// Whitespace-separated tokens, surrounding punctuation trimmed.
pub fn tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    text.split_whitespace().filter_map(move |word| {
        // `split_whitespace` yields subslices of `text`: the offset is where
        // the slice starts (no search, which cost more than the lint).
        let start = word.as_ptr() as usize - text.as_ptr() as usize;
        // The punctuation is ASCII, so trimming bytes trims characters (a
        // byte of a longer character is never ASCII).
        let bytes = word.as_bytes();
        let lead = bytes
            .iter()
            .take_while(|b| matches!(b, b'"' | b'\'' | b'(' | b'['))
            .count();
        let trail = bytes
            .iter()
            .rev()
            .take_while(|b| {
                matches!(
                    b,
                    b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'"' | b'\''
                )
            })
            .count();
        let end = start + word.len() - trail;
        (start + lead < end).then_some(start + lead..end)
    })
}

fn looks_like_code(token: &str) -> bool {
    if token.contains([
        '/', '\\', '_', '=', '(', ')', '{', '}', '<', '>', '[', ']', '@', '#', '$', '*',
    ]) || contains_pair(token, b"::")
    {
        return true;
    }
    // A dot with a character after it inside the token: `mod.rs`, `Next.js`, `1.40`.
    token
        .char_indices()
        .any(|(i, c)| c == '.' && token[i + 1..].chars().next().is_some_and(|n| n != '.'))
}

/// Whether `text` contains the two bytes `pair` side by side: what
/// `str::contains` answers for a two-byte needle, without building a
/// substring searcher on every call.
pub fn contains_pair(text: &str, pair: &[u8; 2]) -> bool {
    text.as_bytes().windows(2).any(|w| w == pair)
}

/// Keeps the matches that are prose: not inside a code-like range, unless
/// the match is that whole token (`and/or` is a term and looks like a path).
pub fn in_prose(range: &Range<usize>, code: &[Range<usize>]) -> bool {
    code.iter().all(|c| {
        let inside = c.start <= range.start && range.end <= c.end;
        !inside || (range.start <= c.start && c.end <= range.end)
    })
}

/// The span in the file of `range`, a byte range of a string literal's
/// decoded text, when the literal is written as plain `"…"` with no escape
/// that changes its length: then byte `i` of the text is byte
/// `span.start + 1 + i` of the file.
///
/// Every decoding step shortens the text (an escape decodes to fewer bytes,
/// a `"""` block drops its six quotes and indentation), and a bad escape is
/// kept byte for byte, so a literal whose span is exactly the text plus its
/// two quotes holds the text verbatim. Otherwise the caller falls back to
/// the whole literal.
pub fn span_in_literal(literal: &Loc, text: &str, range: &Range<usize>) -> Option<Span> {
    let span = literal.span;
    let verbatim = span.end().checked_sub(span.start())? == text.len() + 2;
    (verbatim && range.end <= text.len())
        .then(|| Span::new(span.start() + 1 + range.start, span.start() + 1 + range.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::FileId;

    proptest::proptest! {
        /// `tokens` trims bytes: the same ranges as trimming characters.
        #[test]
        fn tokens_trim_like_characters(text in r#"[a"'(\[.,;:!?)\] é—]{0,16}"#) {
            let expected: Vec<Range<usize>> = text
                .split_whitespace()
                .filter_map(|word| {
                    let start = word.as_ptr() as usize - text.as_ptr() as usize;
                    let lead = word.len() - word.trim_start_matches(['"', '\'', '(', '[']).len();
                    let trimmed =
                        word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
                    let end = start + trimmed.len();
                    (start + lead < end).then_some(start + lead..end)
                })
                .collect();
            proptest::prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn phrases_match_on_word_boundaries() {
        assert_eq!(find_phrase("Be fast.", "fast"), vec![3..7]);
        assert!(find_phrase("fast-forward merges", "fast").is_empty());
        assert!(find_phrase("breakfast", "fast").is_empty());
        assert!(find_phrase("faster", "fast").is_empty());
        assert_eq!(find_phrase("FAST and Fast", "fast"), vec![0..4, 9..13]);
        assert_eq!(find_phrase("x etc. y", "etc."), vec![2..6]);
        assert_eq!(find_phrase("a and/or b", "and/or"), vec![2..8]);
        assert_eq!(
            find_phrase("as\n   soon as possible", "as soon as possible"),
            vec![0..22]
        );
        assert!(find_phrase("assoon", "as soon").is_empty());
        assert_eq!(find_phrase("é fast", "fast"), vec![3..7]);
    }

    #[test]
    fn code_is_not_prose() {
        let text = "reads `fast mode` and src/fast/mod.rs, and/or next_cursor.";
        let code = code_ranges(text);
        let fast = find_phrase(text, "fast");
        assert!(
            fast.iter().all(|r| !in_prose(r, &code)),
            "{fast:?} {code:?}"
        );
        let andor = find_phrase(text, "and/or");
        assert!(in_prose(&andor[0], &code));
        assert!(!looks_like_code("done."));
        assert!(looks_like_code("1.40"));
    }

    #[test]
    fn literal_offsets() {
        let loc = Loc::new(FileId::default(), Span::new(10, 18));
        assert_eq!(
            span_in_literal(&loc, "a fast", &(2..6)),
            Some(Span::new(13, 17))
        );
        // `"a \"fast"`: an escape, so no exact place.
        let loc = Loc::new(FileId::default(), Span::new(10, 20));
        assert_eq!(span_in_literal(&loc, "a \"fast", &(3..7)), None);
    }
}
