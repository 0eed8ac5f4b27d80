//! Property tests for the glob algebra against brute-force enumeration.
//!
//! Globs are random concatenations of `a`, `b`, `/`, `*`, `**`, `?`, `[ab]`.
//! The globs of one query then distinguish at most four kinds of character:
//! `a`, `b`, `/` and "anything else", so enumerating paths over
//! `{x, /, a, b}` covers every behaviour. The witness search orders its
//! alphabet `x` first, then by code point, so brute force enumerates paths in
//! the order (length, then `x < / < a < b`) and the first hit must equal the
//! witness exactly.
//!
//! # Why the length bound makes the intersection check exact
//!
//! Let `w` be a shortest valid path matched by globs `p` and `q`. Fix one
//! match of each; every character of `w` is consumed either by a one-character
//! token (a literal, `?`, `[ab]`, or the `/` of a `**/`) or by a star loop.
//! Call a character *free* when it is consumed by star loops in both globs.
//! Deleting a free character keeps both matches (a star loop accepts any
//! shorter run). Deleting a free `/` also keeps the path valid (it joins two
//! non-empty segments), and so does deleting a free character from a segment
//! of length ≥ 2; minimality of `w` rules both out. So every free character is
//! a one-character segment, and there are at most `#slashes + 1` of them; every
//! slash of `w` is non-free, so it is consumed by a `/` token of `p` or `q`.
//! Non-free characters number at most `F(p) + F(q)` (one-character tokens).
//! Hence `|w| ≤ F(p) + F(q) + S(p) + S(q) + 1`, with `S` counting `/` tokens.
//! When that bound is ≤ `MAX_LEN`, "no path up to the bound" proves the
//! intersection empty, and the test asserts `witness` agrees both ways. Above
//! it, the test still checks soundness and agreement up to `MAX_LEN`.
//!
//! For differences (`escape_witness`, `is_subset`, `none` globs) no such small
//! bound exists in general, so the checks are: every witness is genuine (checked
//! with `matches`), and whenever brute force finds a counter-example up to
//! `MAX_LEN`, the witness is exactly the first one.

use std::sync::LazyLock;

use charter::analysis::glob::{self, Glob};

// Small globs are always decided: a `TooComplex` here fails the test.
fn witness(all: &[&Glob], none: &[&Glob]) -> Option<String> {
    glob::witness(all, none).expect("small globs are decided")
}
fn escape_witness(a: &Glob, bs: &[&Glob]) -> Option<String> {
    glob::escape_witness(a, bs).expect("small globs are decided")
}
fn is_subset(a: &Glob, b: &Glob) -> bool {
    glob::is_subset(a, b).expect("small globs are decided")
}
use proptest::prelude::*;

/// Longest path enumerated (10,011 valid paths over four characters).
const MAX_LEN: usize = 7;

/// All valid paths over `{x, /, a, b}` up to `MAX_LEN`, in witness order.
static PATHS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out: Vec<String> = Vec::new();
    let mut layer: Vec<String> = vec![String::new()];
    for _ in 0..MAX_LEN {
        let mut next = Vec::new();
        for prefix in &layer {
            for c in ['x', '/', 'a', 'b'] {
                let slash_ok = !prefix.is_empty() && !prefix.ends_with('/');
                if c == '/' && !slash_ok {
                    continue;
                }
                next.push(format!("{prefix}{c}"));
            }
        }
        out.extend(next.iter().filter(|p| !p.ends_with('/')).cloned());
        layer = next;
    }
    out
});

/// A glob built from tokens, with its counts for the length bound.
#[derive(Debug, Clone)]
struct Gen {
    pattern: String,
    /// One-character tokens (`a`, `b`, `/`, `?`, `[ab]`).
    fixed: usize,
    /// `/` tokens.
    slashes: usize,
}

fn gen_glob(max_tokens: usize) -> impl Strategy<Value = Gen> {
    let token = prop::sample::select(vec!["a", "b", "/", "*", "**", "?", "[ab]"]);
    prop::collection::vec(token, 0..=max_tokens).prop_map(|tokens| Gen {
        pattern: tokens.concat(),
        fixed: tokens.iter().filter(|t| !t.starts_with('*')).count(),
        slashes: tokens.iter().filter(|t| **t == "/").count(),
    })
}

fn parse(g: &Gen) -> Glob {
    // The token alphabet has no `\` and only closed brackets: always valid.
    Glob::parse(&g.pattern).expect("generated globs are well-formed")
}

fn is_valid_path(p: &str) -> bool {
    !p.is_empty() && !p.starts_with('/') && !p.ends_with('/') && !p.contains("//")
}

/// The first enumerated path of length ≤ `max` matched by all of `all` and
/// none of `none`.
fn brute(all: &[&Glob], none: &[&Glob], max: usize) -> Option<&'static str> {
    PATHS
        .iter()
        .take_while(|p| p.len() <= max)
        .find(|p| all.iter().all(|g| g.matches(p)) && !none.iter().any(|g| g.matches(p)))
        .map(String::as_str)
}

fn check_genuine(w: &str, all: &[&Glob], none: &[&Glob]) -> Result<(), TestCaseError> {
    prop_assert!(is_valid_path(w), "witness {w:?} is not a valid path");
    for g in all {
        prop_assert!(g.matches(w), "witness {w:?} does not match {g:?}");
    }
    for g in none {
        prop_assert!(!g.matches(w), "witness {w:?} matches excluded {g:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn intersection_matches_brute_force(p in gen_glob(4), q in gen_glob(4)) {
        let (gp, gq) = (parse(&p), parse(&q));
        let bound = p.fixed + q.fixed + p.slashes + q.slashes + 1;
        let exact = bound <= MAX_LEN;
        let found = witness(&[&gp, &gq], &[]);
        let expected = brute(&[&gp, &gq], &[], MAX_LEN);
        if let Some(w) = &found {
            check_genuine(w, &[&gp, &gq], &[])?;
            prop_assert!(w.starts_with(gp.literal_prefix()));
            if exact {
                prop_assert!(w.len() <= bound, "witness {w:?} longer than bound {bound}");
            }
        }
        match expected {
            // Brute force is the smallest path up to MAX_LEN; the witness is
            // the smallest overall, so they coincide.
            Some(e) => prop_assert_eq!(found.as_deref(), Some(e)),
            None if exact => prop_assert_eq!(found.as_deref(), None),
            None => prop_assert!(found.as_ref().is_none_or(|w| w.len() > MAX_LEN)),
        }
        // The smallest witness is unique, so argument order cannot matter.
        prop_assert_eq!(witness(&[&gq, &gp], &[]), found);
    }

    #[test]
    fn difference_and_subset_match_brute_force(p in gen_glob(4), q in gen_glob(4)) {
        let (gp, gq) = (parse(&p), parse(&q));
        let found = escape_witness(&gp, &[&gq]);
        if let Some(w) = &found {
            check_genuine(w, &[&gp], &[&gq])?;
        }
        match brute(&[&gp], &[&gq], MAX_LEN) {
            Some(e) => prop_assert_eq!(found.as_deref(), Some(e)),
            None => prop_assert!(found.as_ref().is_none_or(|w| w.len() > MAX_LEN)),
        }
        prop_assert_eq!(is_subset(&gp, &gq), found.is_none());
        // Every glob contains itself, and its paths are in `**`.
        prop_assert!(is_subset(&gp, &gp));
        prop_assert!(is_subset(&gp, &Glob::parse("**").expect("valid")));
    }

    #[test]
    fn mixed_queries_match_brute_force(
        p in gen_glob(3), q in gen_glob(3), r in gen_glob(3), s in gen_glob(3),
    ) {
        let (gp, gq, gr, gs) = (parse(&p), parse(&q), parse(&r), parse(&s));
        let (all, none) = ([&gp, &gq], [&gr, &gs]);
        let found = witness(&all, &none);
        if let Some(w) = &found {
            check_genuine(w, &all, &none)?;
        }
        match brute(&all, &none, MAX_LEN) {
            Some(e) => prop_assert_eq!(found.as_deref(), Some(e)),
            None => prop_assert!(found.as_ref().is_none_or(|w| w.len() > MAX_LEN)),
        }
    }

    /// Arbitrary text never panics the parser, the matcher or the search,
    /// and whatever the search returns is genuine.
    #[test]
    fn arbitrary_patterns_never_panic(
        pattern in prop_oneof![any::<String>(), "[\\[\\]!^*?\\\\/:a-c\\-]{0,14}"],
        path in prop_oneof![any::<String>(), "[a-c/\\-\\[\\]]{0,10}"],
    ) {
        match Glob::parse(&pattern) {
            Ok(g) => {
                let _ = g.matches(&path);
                if g.matches(&path) {
                    prop_assert!(path.starts_with(g.literal_prefix()));
                }
                if let Some(w) = witness(&[&g], &[]) {
                    check_genuine(&w, &[&g], &[])?;
                    prop_assert!(w.starts_with(g.literal_prefix()));
                }
                prop_assert_eq!(witness(&[&g], &[&g]), None);
            }
            Err(e) => {
                prop_assert!(e.offset < pattern.len().max(1));
                prop_assert!(pattern.is_char_boundary(e.offset));
            }
        }
    }
}

/// An independent oracle for matching: a direct transcription of the
/// recursive structure of git's `dowild` (as documented for `wildmatch.c`)
/// over the raw pattern, sharing no code with the NFA.
mod oracle {
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    enum Wm {
        Match,
        NoMatch,
        AbortAll,
        AbortToStarStar,
    }

    pub fn wildmatch(pattern: &str, text: &str) -> bool {
        let p: Vec<char> = pattern.chars().collect();
        let t: Vec<char> = text.chars().collect();
        dowild(&p, &t) == Wm::Match
    }

    fn posix(name: &str, c: char) -> Option<bool> {
        Some(match name {
            "alnum" => c.is_ascii_alphanumeric(),
            "alpha" => c.is_ascii_alphabetic(),
            "blank" => c == ' ' || c == '\t',
            "cntrl" => c.is_ascii_control(),
            "digit" => c.is_ascii_digit(),
            "graph" => c.is_ascii_graphic(),
            "lower" => c.is_ascii_lowercase(),
            "print" => c.is_ascii_graphic() || c == ' ',
            "punct" => c.is_ascii_punctuation(),
            "space" => matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r'),
            "upper" => c.is_ascii_uppercase(),
            "xdigit" => c.is_ascii_hexdigit(),
            _ => return None,
        })
    }

    /// Matches one bracket expression starting at `p[*pi] == '['` against
    /// `tc`; leaves `*pi` on the closing `]`.
    fn bracket(p: &[char], pi: &mut usize, tc: char) -> Result<bool, Wm> {
        *pi += 1;
        let mut pch = p.get(*pi).copied();
        if pch == Some('^') {
            pch = Some('!');
        }
        let negated = pch == Some('!');
        if negated {
            *pi += 1;
            pch = p.get(*pi).copied();
        }
        let mut prev: Option<char> = None;
        let mut matched = false;
        loop {
            let c = pch.ok_or(Wm::AbortAll)?;
            let cur;
            if c == '\\' {
                *pi += 1;
                let e = *p.get(*pi).ok_or(Wm::AbortAll)?;
                matched |= tc == e;
                cur = Some(e);
            } else if let (true, Some(lo), Some(&n)) = (c == '-', prev, p.get(*pi + 1))
                && n != ']'
            {
                *pi += 1;
                let mut hi = p[*pi];
                if hi == '\\' {
                    *pi += 1;
                    hi = *p.get(*pi).ok_or(Wm::AbortAll)?;
                }
                matched |= lo <= tc && tc <= hi;
                cur = None;
            } else if c == '[' && p.get(*pi + 1) == Some(&':') {
                let s = *pi + 2;
                let mut q = s;
                while q < p.len() && p[q] != ']' {
                    q += 1;
                }
                if q >= p.len() {
                    return Err(Wm::AbortAll);
                }
                if q == s || p[q - 1] != ':' {
                    *pi = s - 2;
                    matched |= tc == '[';
                    cur = Some('[');
                } else {
                    let name: String = p[s..q - 1].iter().collect();
                    matched |= posix(&name, tc).ok_or(Wm::AbortAll)?;
                    *pi = q;
                    cur = None;
                }
            } else {
                matched |= tc == c;
                cur = Some(c);
            }
            prev = cur;
            *pi += 1;
            pch = p.get(*pi).copied();
            if pch == Some(']') {
                break;
            }
        }
        Ok(matched != negated && tc != '/')
    }

    fn dowild(p: &[char], t: &[char]) -> Wm {
        let (mut pi, mut ti) = (0, 0);
        while pi < p.len() {
            let pc = p[pi];
            let Some(&tc) = t.get(ti) else {
                if pc != '*' {
                    return Wm::AbortAll;
                }
                return star(p, pi, t, ti);
            };
            match pc {
                '\\' => {
                    pi += 1;
                    if p.get(pi) != Some(&tc) {
                        return Wm::NoMatch;
                    }
                }
                '?' if tc == '/' => return Wm::NoMatch,
                '?' => {}
                '*' => return star(p, pi, t, ti),
                '[' => match bracket(p, &mut pi, tc) {
                    Ok(true) => {}
                    Ok(false) => return Wm::NoMatch,
                    Err(abort) => return abort,
                },
                _ if pc != tc => return Wm::NoMatch,
                _ => {}
            }
            pi += 1;
            ti += 1;
        }
        if ti < t.len() { Wm::NoMatch } else { Wm::Match }
    }

    /// The `*` case: `p[pi] == '*'`.
    fn star(p: &[char], mut pi: usize, t: &[char], mut ti: usize) -> Wm {
        let mut match_slash = false;
        if p.get(pi + 1) == Some(&'*') {
            let segment_start = pi == 0 || p[pi - 1] == '/';
            while p.get(pi + 1) == Some(&'*') {
                pi += 1;
            }
            let rest = pi + 1;
            let next = p.get(rest).copied();
            let escaped_slash = next == Some('\\') && p.get(rest + 1) == Some(&'/');
            if segment_start && (next.is_none() || next == Some('/') || escaped_slash) {
                if next == Some('/') && dowild(&p[rest + 1..], &t[ti..]) == Wm::Match {
                    return Wm::Match;
                }
                match_slash = true;
            }
        }
        let rest = pi + 1;
        if rest == p.len() {
            return if !match_slash && t[ti..].contains(&'/') {
                Wm::NoMatch
            } else {
                Wm::Match
            };
        }
        while ti < t.len() {
            match dowild(&p[rest..], &t[ti..]) {
                Wm::NoMatch => {
                    if !match_slash && t[ti] == '/' {
                        return Wm::AbortToStarStar;
                    }
                }
                Wm::AbortToStarStar if match_slash => {}
                other => return other,
            }
            ti += 1;
        }
        Wm::AbortAll
    }
}

#[test]
fn oracle_agrees_with_git_cases() {
    // The oracle is itself checked against the shared data, so that the
    // property below compares the NFA with something trustworthy.
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/testdata/wildmatch-cases.json");
    let text = std::fs::read_to_string(&path).expect("shared wildmatch cases");
    let cases: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let cases = cases.as_array().expect("array");
    let mut bad = Vec::new();
    for case in cases {
        let (p, t, w) = (&case["pattern"], &case["text"], &case["wildmatch"]);
        let (Some(p), Some(t), Some(w)) = (p.as_str(), t.as_str(), w.as_str()) else {
            panic!("malformed case {case}");
        };
        if oracle::wildmatch(p, t) != (w == "1") {
            bad.push(format!("{p:?} {t:?} expected {w}"));
        }
    }
    assert!(bad.is_empty(), "oracle disagrees with git: {bad:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `Glob::matches` agrees with the oracle on glob-heavy patterns, for a
    /// random text and for every valid path up to length 5; a pattern
    /// `Glob::parse` rejects must match nothing under the oracle.
    #[test]
    fn matches_agrees_with_oracle(
        pattern in "([ab/*?!^:\\]\\-\\\\]|\\[|\\[:alpha:\\]|\\[:digit:\\]|\\*\\*/|\\*\\*\\\\/){0,9}",
        text in "[ab/:\\-\\[\\]!^1A]{0,8}",
    ) {
        let glob = Glob::parse(&pattern);
        let short = PATHS.iter().take_while(|p| p.len() <= 5).map(String::as_str);
        for t in std::iter::once(text.as_str()).chain(short) {
            let expected = oracle::wildmatch(&pattern, t);
            match &glob {
                Ok(g) => prop_assert_eq!(g.matches(t), expected, "pattern {:?} text {:?}", pattern, t),
                Err(_) => prop_assert!(!expected, "rejected {:?} matches {:?} in git", pattern, t),
            }
        }
        if let Ok(g) = &glob
            && let Some(w) = witness(&[g], &[])
        {
            prop_assert!(oracle::wildmatch(&pattern, &w), "witness {:?} of {:?}", w, pattern);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// `exists` settles what it can from sample paths and prefixes, and
    /// must then agree with the exact search: a witness exists exactly when
    /// `witness` finds one.
    #[test]
    fn exists_agrees_with_witness(
        all in prop::collection::vec(gen_glob(5), 1..=2),
        none in prop::collection::vec(gen_glob(5), 0..=2),
    ) {
        let all: Vec<Glob> = all.iter().map(parse).collect();
        let none: Vec<Glob> = none.iter().map(parse).collect();
        let all: Vec<&Glob> = all.iter().collect();
        let none: Vec<&Glob> = none.iter().collect();
        let found = witness(&all, &none);
        prop_assert_eq!(
            glob::exists(&all, &none).expect("small globs are decided"),
            found.is_some(),
            "all {:?} none {:?}", all, none
        );
    }
}
