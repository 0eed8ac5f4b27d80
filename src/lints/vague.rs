//! The vague-term list of U002: data, not code. The built-in list is
//! `data/vague-terms.tsv` (term, category, the measurable form to propose);
//! `charter.toml` adds terms with `[vague-terms] extra = [...]`.

use std::borrow::Cow;
use std::sync::OnceLock;

/// A term, in lower case with one space between words. The built-in ones
/// borrow their text from the list compiled into the binary; a configured
/// one owns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VagueTerm {
    pub term: Cow<'static, str>,
    pub category: Cow<'static, str>,
    /// The measurable alternative to propose in the help.
    pub hint: Cow<'static, str>,
}

const DATA: &str = include_str!("../../data/vague-terms.tsv");

/// The built-in terms, parsed once, each borrowing its text from the list.
///
/// Every check parses the list, so it is read as bytes: lines and fields
/// found with a byte search, nothing copied, and the terms taken as written in
/// lower case (a test checks the list is). Lowercasing and copying each
/// line, and `str`'s character searches, had cost a check of 58 files
/// 0.3 M instructions (1 %).
pub fn builtin() -> &'static [VagueTerm] {
    static TERMS: OnceLock<Vec<VagueTerm>> = OnceLock::new();
    TERMS.get_or_init(|| {
        let mut terms = Vec::with_capacity(256);
        let mut unread = DATA;
        while !unread.is_empty() {
            let end = crate::text::bytes::find(b'\n', unread.as_bytes()).unwrap_or(unread.len());
            let line = &unread[..end];
            unread = unread.get(end + 1..).unwrap_or("");
            if line.starts_with('#') {
                continue;
            }
            let (term, after_term) = next_field(line);
            if term.is_empty() {
                continue;
            }
            let (category, after_category) = next_field(after_term);
            let hint = after_category.trim();
            terms.push(VagueTerm {
                term: Cow::Borrowed(term),
                category: Cow::Borrowed(category),
                hint: Cow::Borrowed(hint),
            });
        }
        terms
    })
}

/// The first tab-separated field of `line`, trimmed, and what follows its tab.
fn next_field(line: &str) -> (&str, &str) {
    match crate::text::bytes::find(b'\t', line.as_bytes()) {
        Some(tab) => (line[..tab].trim(), &line[tab + 1..]),
        None => (line.trim(), ""),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_is_large_lowercase_and_unique() {
        let terms = super::builtin();
        assert!(terms.len() >= 60, "{} terms", terms.len());
        let mut seen = std::collections::BTreeSet::new();
        for t in terms {
            // Matching lowercases the text, not the terms.
            assert_eq!(t.term, t.term.to_lowercase(), "write it in lower case");
            assert_eq!(
                t.term,
                t.term.split_whitespace().collect::<Vec<_>>().join(" "),
                "one space between words"
            );
            assert!(seen.insert(&t.term), "{} twice", t.term);
            assert!(!t.hint.is_empty(), "{} has no hint", t.term);
        }
    }
}
