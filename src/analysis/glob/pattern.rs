//! Parsing a glob pattern into a flat token list.
//!
//! The grammar is git's `wildmatch` with `WM_PATHNAME` (what `.gitignore` and
//! pathspecs use). The bracket-expression rules mirror git's quirks exactly,
//! because the ground truth for this module is git's own test suite:
//!
//! * the first character after `[` (or `[!` / `[^`) is always a member, so
//!   `[]]` and `[!]]` contain `]`;
//! * `-` forms a range only between a previous single character and a next
//!   character that is not `]`; otherwise it is a literal `-`;
//! * `\` escapes the next character inside and outside brackets;
//! * `[:name:]` inside a bracket is a POSIX class; a `[:` that is not closed
//!   by `:]` before the next `]` is a literal `[` followed by the rest.
//!
//! Git treats three malformed shapes as "abort, match nothing": an unclosed
//! `[`, a trailing lone `\`, and an unknown `[:name:]`. Such patterns can never
//! match any text, so [`parse`] rejects them with a [`GlobError`] instead of
//! producing a glob that silently matches nothing.

use super::GlobError;

/// A set of characters as sorted, disjoint, non-adjacent inclusive ranges of
/// code points. Used for bracket expressions; never contains `/` once built
/// by [`parse`], since `WM_PATHNAME` brackets never match a slash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CharSet {
    ranges: Vec<(u32, u32)>,
}

/// One past the largest Unicode scalar value.
pub(crate) const CHAR_END: u32 = 0x11_0000;

impl CharSet {
    fn from_ranges(mut ranges: Vec<(u32, u32)>) -> CharSet {
        ranges.retain(|&(lo, hi)| lo <= hi);
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        CharSet { ranges: merged }
    }

    fn complement(&self) -> CharSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi + 1;
        }
        if next < CHAR_END {
            out.push((next, CHAR_END - 1));
        }
        CharSet { ranges: out }
    }

    fn without(&self, c: char) -> CharSet {
        let c = c as u32;
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        for &(lo, hi) in &self.ranges {
            if lo <= c && c <= hi {
                if lo < c {
                    out.push((lo, c - 1));
                }
                if c < hi {
                    out.push((c + 1, hi));
                }
            } else {
                out.push((lo, hi));
            }
        }
        CharSet { ranges: out }
    }

    /// Whether `c` is a member (binary search over the ranges).
    pub(crate) fn contains(&self, c: char) -> bool {
        let c = c as u32;
        let idx = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(idx).is_some_and(|&(lo, _)| lo <= c)
    }

    /// The inclusive code-point ranges, sorted and disjoint.
    pub(crate) fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// A member, preferring a legible one (a letter, a digit, `_-.`) over
    /// the smallest code point; `None` for the empty set.
    pub(crate) fn first(&self) -> Option<char> {
        ('a'..='z')
            .chain('A'..='Z')
            .chain('0'..='9')
            .chain(['_', '-', '.'])
            .find(|&c| self.contains(c))
            .or_else(|| {
                self.ranges.iter().find_map(|&(lo, hi)| {
                    (lo..=hi.min(lo.saturating_add(0x800))).find_map(char::from_u32)
                })
            })
    }
}

/// One element of a parsed glob. Every token but the three stars consumes
/// exactly one character.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Token {
    /// A literal character (possibly written escaped, `\*`).
    Literal(char),
    /// `?`: any one character except `/`.
    AnyChar,
    /// `[...]`: one character of the set (the set never contains `/`).
    Class(CharSet),
    /// `*`, or a run of stars that is not a whole segment (`a**b`): `[^/]*`.
    Star,
    /// A `**` segment followed by `/`, slash included: zero or more whole
    /// leading directories, the regular expression `(.*/)?`.
    DirStar,
    /// A `**` segment at the end of the pattern (or before an escaped `\/`,
    /// where git skips its zero-directory shortcut): `.*`.
    TailStar,
}

/// Parses `pattern` into tokens; see the module docs for the grammar.
pub(crate) fn parse(pattern: &str) -> Result<Vec<Token>, GlobError> {
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&(offset, c)) = chars.get(i) {
        match c {
            '\\' => {
                let Some(escaped) = at(i + 1) else {
                    return Err(GlobError::new(offset, "trailing `\\` escapes nothing"));
                };
                tokens.push(Token::Literal(escaped));
                i += 2;
            }
            '?' => {
                tokens.push(Token::AnyChar);
                i += 1;
            }
            '[' => {
                let (set, next) = parse_class(&chars, i)?;
                tokens.push(Token::Class(set));
                i = next;
            }
            '*' => {
                let mut end = i;
                while at(end) == Some('*') {
                    end += 1;
                }
                // Like git, "whole segment" looks at the raw neighbouring
                // characters of the pattern.
                let segment_start = i == 0 || at(i - 1) == Some('/');
                if end - i >= 2 && segment_start {
                    match (at(end), at(end + 1)) {
                        (None, _) => {
                            tokens.push(Token::TailStar);
                            i = end;
                        }
                        (Some('/'), _) => {
                            tokens.push(Token::DirStar);
                            i = end + 1;
                        }
                        (Some('\\'), Some('/')) => {
                            tokens.push(Token::TailStar);
                            i = end;
                        }
                        _ => {
                            tokens.push(Token::Star);
                            i = end;
                        }
                    }
                } else {
                    tokens.push(Token::Star);
                    i = end;
                }
            }
            _ => {
                tokens.push(Token::Literal(c));
                i += 1;
            }
        }
    }
    Ok(tokens)
}

/// Parses the bracket expression opening at `chars[open]` (a `[`); returns
/// the set (without `/`) and the index just past the closing `]`.
fn parse_class(chars: &[(usize, char)], open: usize) -> Result<(CharSet, usize), GlobError> {
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let unclosed = || GlobError::new(chars[open].0, "unclosed `[` character class");
    let mut p = open + 1;
    let negated = matches!(at(p), Some('!' | '^'));
    if negated {
        p += 1;
    }
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    // The previous single character, which may start a range; `None` after a
    // range or a POSIX class (git's `prev_ch = 0`).
    let mut prev: Option<char> = None;
    let mut first = true;
    loop {
        let Some(c) = at(p) else {
            return Err(unclosed());
        };
        if c == ']' && !first {
            break;
        }
        first = false;
        let this = if c == '\\' {
            p += 1;
            let escaped = at(p).ok_or_else(unclosed)?;
            ranges.push((escaped as u32, escaped as u32));
            Some(escaped)
        } else if let (Some(lo), Some(next)) = (prev.filter(|_| c == '-'), at(p + 1))
            && next != ']'
        {
            p += 1;
            let mut hi = next;
            if hi == '\\' {
                p += 1;
                hi = at(p).ok_or_else(unclosed)?;
            }
            // A reversed range such as `[z-a]` is empty, as in git.
            ranges.push((lo as u32, hi as u32));
            None
        } else if c == '[' && at(p + 1) == Some(':') {
            let name_start = p + 2;
            let mut q = name_start;
            while let Some(d) = at(q)
                && d != ']'
            {
                q += 1;
            }
            if at(q).is_none() {
                return Err(unclosed());
            }
            if q == name_start || at(q - 1) != Some(':') {
                // Not a `[:name:]`: the `[` is an ordinary member and
                // scanning resumes at the `:`.
                ranges.push(('[' as u32, '[' as u32));
                Some('[')
            } else {
                let name: String = chars[name_start..q - 1].iter().map(|&(_, d)| d).collect();
                let Some(class) = posix_class(&name) else {
                    return Err(GlobError::new(
                        chars[p].0,
                        format!("unknown character class `[:{name}:]`"),
                    ));
                };
                ranges.extend_from_slice(class);
                p = q;
                None
            }
        } else {
            ranges.push((c as u32, c as u32));
            Some(c)
        };
        prev = this;
        p += 1;
    }
    let mut set = CharSet::from_ranges(ranges);
    if negated {
        set = set.complement();
    }
    Ok((set.without('/'), p + 1))
}

/// The ASCII members of a POSIX character class (C locale), or `None` for an
/// unknown name.
fn posix_class(name: &str) -> Option<&'static [(u32, u32)]> {
    const fn r(lo: u8, hi: u8) -> (u32, u32) {
        (lo as u32, hi as u32)
    }
    const CLASSES: &[(&str, &[(u32, u32)])] = &[
        ("alnum", &[r(b'0', b'9'), r(b'A', b'Z'), r(b'a', b'z')]),
        ("alpha", &[r(b'A', b'Z'), r(b'a', b'z')]),
        ("blank", &[r(b'\t', b'\t'), r(b' ', b' ')]),
        ("cntrl", &[r(0, 0x1f), r(0x7f, 0x7f)]),
        ("digit", &[r(b'0', b'9')]),
        ("graph", &[r(0x21, 0x7e)]),
        ("lower", &[r(b'a', b'z')]),
        ("print", &[r(0x20, 0x7e)]),
        (
            "punct",
            &[r(0x21, 0x2f), r(0x3a, 0x40), r(0x5b, 0x60), r(0x7b, 0x7e)],
        ),
        ("space", &[r(0x09, 0x0d), r(b' ', b' ')]),
        ("upper", &[r(b'A', b'Z')]),
        ("xdigit", &[r(b'0', b'9'), r(b'A', b'F'), r(b'a', b'f')]),
    ];
    CLASSES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, ranges)| ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(p: &str) -> CharSet {
        match parse(p).expect("valid pattern").as_slice() {
            [Token::Class(set)] => set.clone(),
            other => panic!("expected one class, got {other:?}"),
        }
    }

    #[test]
    fn bracket_quirks() {
        assert!(class("[]]").contains(']'));
        assert!(class("[]-]").contains('-'));
        let s = class("[!]-]");
        assert!(!s.contains(']') && !s.contains('-') && s.contains('a'));
        assert!(!s.contains('/'), "negated classes never contain `/`");
        let s = class("[a-e-n]");
        assert!(s.contains('c') && s.contains('-') && s.contains('n') && !s.contains('j'));
        // `[:digit]` lacks the closing `:]`, so the class is `[[:digit]`
        // and `ab]` follows as literals.
        let s = class("[[:digit]");
        assert!(s.contains('[') && s.contains(':') && s.contains('t') && !s.contains('a'));
        // The reversed range `z-a` is empty; `z` itself was a member first.
        assert_eq!(class("[z-a]").ranges(), &[('z' as u32, 'z' as u32)]);
        assert!(class("[\\1-\\3]").contains('2'));
    }

    #[test]
    fn star_kinds() {
        use Token::*;
        assert_eq!(parse("**/a").unwrap(), vec![DirStar, Literal('a')]);
        assert_eq!(
            parse("a/**").unwrap(),
            vec![Literal('a'), Literal('/'), TailStar]
        );
        assert_eq!(
            parse("a**b").unwrap(),
            vec![Literal('a'), Star, Literal('b')]
        );
        assert_eq!(parse("***").unwrap(), vec![TailStar]);
    }

    #[test]
    fn errors_carry_offsets() {
        assert_eq!(parse("ab[").unwrap_err().offset, 2);
        assert_eq!(parse("é\\").unwrap_err().offset, 2);
        let e = parse("x[[:spaci:]]").unwrap_err();
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("spaci"), "{}", e.message);
    }
}
