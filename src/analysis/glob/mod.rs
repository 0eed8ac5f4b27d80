//! Glob algebra: matching, and exact set questions (overlap, subset) about
//! path globs. Pure; knows nothing of Charter's syntax.
//!
//! # Semantics
//!
//! Globs follow git's `wildmatch` with `WM_PATHNAME`, the `.gitignore` /
//! pathspec dialect:
//!
//! * `*` and `?` never match `/`; `[...]` is a bracket expression (ranges,
//!   `!`/`^` negation, POSIX classes such as `[[:alpha:]]`) and never matches
//!   `/` either; `\` escapes the next character.
//! * `**` is special only as a whole segment: a leading `**/` and an inner
//!   `/**/` match zero or more directories, a trailing `/**` matches
//!   everything inside. Elsewhere (`a**b`) it acts like `*`.
//! * Matching works on Unicode scalar values (`?` is one `char`), which
//!   coincides with git's byte semantics on ASCII.
//!
//! Git aborts (matches nothing) on an unclosed `[`, a trailing lone `\` and an
//! unknown `[:class:]`; [`Glob::parse`] rejects those patterns with a
//! [`GlobError`] rather than building a glob that can never match.
//!
//! # Set questions
//!
//! [`witness`], [`escape_witness`] and [`is_subset`] are decided exactly with
//! automata (no sampling) over *valid relative paths*: non-empty, no empty
//! segment, no leading or trailing `/`. So `a/**` is covered by `a/*` and
//! `a/*/**` together, although git's matcher also accepts the text `a/` for
//! the first and neither of the others.

mod alphabet;
mod automaton;
mod pattern;
mod witness;

#[cfg(test)]
mod tests;

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use automaton::Nfa;
use pattern::Token;

/// A parsed glob. Equality and hashing are by source pattern.
///
/// A glob of the common shapes holds one allocation, its pattern: the
/// literal prefix is a slice of it and the samples are spelled when first
/// asked for, so building one (for every glob of every spec) costs about
/// what copying its text costs.
#[derive(Clone)]
pub struct Glob {
    source: String,
    prefix: Prefix,
    shape: Shape,
    /// Built on first use: most globs of a spec are only ever matched
    /// against a few paths, which their [`Shape`] answers without it.
    nfa: OnceLock<Nfa>,
    /// A few valid paths the glob matches: what [`exists`] tries before it
    /// builds any automaton product. Spelled on first use: most globs are
    /// never part of a set question.
    samples: OnceLock<Vec<String>>,
}

/// Where a glob's literal prefix is: the start of its pattern, unless an
/// escape in it (`a\*b`) makes the unescaped prefix differ from the text.
#[derive(Clone)]
enum Prefix {
    /// `source[..len]`.
    OfSource(usize),
    Unescaped(String),
}

/// A malformed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobError {
    /// Byte offset into the pattern of the offending construct.
    pub offset: usize,
    /// Human-readable description, e.g. "unclosed `[` character class".
    pub message: String,
}

impl GlobError {
    fn new(offset: usize, message: impl Into<String>) -> GlobError {
        GlobError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for GlobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for GlobError {}

impl Glob {
    /// Parses a pattern. Fails on an unclosed `[`, a trailing `\`, or an
    /// unknown POSIX class — the patterns git would never let match.
    /// Checks a pattern's syntax without building its automaton: what the
    /// type checker needs for every glob of every file.
    pub fn validate(pattern: &str) -> Result<(), GlobError> {
        // Only a bracket or a backslash can make a pattern malformed.
        if !pattern.bytes().any(|b| b == b'[' || b == b'\\') {
            return Ok(());
        }
        pattern::parse(pattern).map(|_| ())
    }

    pub fn parse(pattern: &str) -> Result<Glob, GlobError> {
        match Glob::parse_plain(pattern) {
            Some(glob) => Ok(glob),
            None => Glob::tokenised(pattern),
        }
    }

    /// [`Glob::parse`] through the pattern's tokens: every shape.
    fn tokenised(pattern: &str) -> Result<Glob, GlobError> {
        let tokens = pattern::parse(pattern)?;
        let prefix: String = tokens
            .iter()
            .map_while(|t| match t {
                Token::Literal(c) => Some(*c),
                _ => None,
            })
            .collect();
        let prefix = if pattern.starts_with(&prefix) {
            Prefix::OfSource(prefix.len())
        } else {
            Prefix::Unescaped(prefix)
        };
        Ok(Glob {
            source: pattern.to_owned(),
            prefix,
            shape: Shape::of(&tokens),
            nfa: OnceLock::new(),
            samples: OnceLock::new(),
        })
    }

    /// The glob of a pattern of the two common shapes, read straight from
    /// its text: a literal path, or a literal directory then `/**` (or `**`
    /// alone). `None` for anything else, which [`Glob::parse`] tokenises.
    /// Gives what the token route gives (`plain_globs_agree_with_tokens`).
    /// Such a glob matches without an automaton (only a set question its
    /// samples do not settle builds one), so it is cheaper to build than to
    /// look up.
    pub fn parse_plain(pattern: &str) -> Option<Glob> {
        let is_literal = |text: &str| unescaped_prefix(text).len() == text.len();
        let (shape, prefix) = if is_literal(pattern) {
            (Shape::Literal, pattern.len())
        } else {
            let dir = pattern.strip_suffix("**")?;
            if !(dir.is_empty() || dir.ends_with('/')) || !is_literal(dir) {
                return None;
            }
            (Shape::Tree, dir.len())
        };
        Some(Glob {
            source: pattern.to_owned(),
            prefix: Prefix::OfSource(prefix),
            shape,
            nfa: OnceLock::new(),
            samples: OnceLock::new(),
        })
    }

    /// A few valid paths the glob matches, spelled on first use: for the
    /// plain shapes from the prefix (the literal itself, or the directory
    /// with each filler in it), for any other from the tokens ([`sample`]).
    fn samples(&self) -> &[String] {
        self.samples.get_or_init(|| {
            let prefix = self.literal_prefix();
            match self.shape {
                Shape::Literal if is_valid_path(prefix) => vec![prefix.to_owned()],
                Shape::Literal => Vec::new(),
                Shape::Tree => SAMPLE_FILLERS
                    .iter()
                    .map(|&(filler, _)| {
                        let mut path = String::with_capacity(prefix.len() + 1);
                        path.push_str(prefix);
                        path.push(filler);
                        path
                    })
                    .filter(|path| is_valid_path(path))
                    .collect(),
                Shape::Other => self.samples_from_tokens(),
            }
        })
    }

    /// The samples [`sample`] spells from the pattern's tokens that are
    /// valid paths the glob matches.
    fn samples_from_tokens(&self) -> Vec<String> {
        // The pattern parsed when the glob was built, so it parses again.
        let tokens = pattern::parse(&self.source).unwrap_or_default();
        SAMPLE_FILLERS
            .iter()
            .map(|&(filler, dirs)| sample(&tokens, filler, dirs))
            .filter(|path| is_valid_path(path) && self.matches(path))
            .collect()
    }

    /// The automaton, built now if it was not yet.
    fn nfa(&self) -> &Nfa {
        self.nfa.get_or_init(|| {
            // The pattern parsed when the glob was built, so it parses again.
            Nfa::new(&pattern::parse(&self.source).unwrap_or_default())
        })
    }

    /// The source pattern.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether `path` matches, with git's wildmatch semantics. Runs the NFA
    /// in time linear in `path`; allocates nothing for ordinary patterns.
    pub fn matches(&self, path: &str) -> bool {
        match self.shape {
            Shape::Literal => path == self.literal_prefix(),
            Shape::Tree => path.starts_with(self.literal_prefix()),
            Shape::Other => self.nfa().matches(path),
        }
    }

    /// The longest literal prefix, unescaped (`a\*b*` gives `a*b`): every
    /// matched path starts with it, so callers can index and prune by it.
    /// Empty for `**/x`.
    pub fn literal_prefix(&self) -> &str {
        match &self.prefix {
            Prefix::OfSource(len) => &self.source[..*len],
            Prefix::Unescaped(prefix) => prefix,
        }
    }
}

impl fmt::Debug for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Glob").field(&self.source).finish()
    }
}

impl PartialEq for Glob {
    fn eq(&self, other: &Glob) -> bool {
        self.source == other.source
    }
}

impl Eq for Glob {}

impl Hash for Glob {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.source.hash(state);
    }
}

/// The pattern up to its first `*`, `?`, `[` or `\`: every path the glob
/// matches starts with it, read without parsing the pattern. It may be
/// shorter than [`Glob::literal_prefix`] (which unescapes `\*`), never
/// longer.
pub fn unescaped_prefix(pattern: &str) -> &str {
    // A byte search: the four are ASCII, so the cut is a character boundary.
    let end = pattern
        .bytes()
        .position(|b| matches!(b, b'*' | b'?' | b'[' | b'\\'))
        .unwrap_or(pattern.len());
    &pattern[..end]
}

/// The common shapes of glob, which match without an automaton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Only literal characters: matches the pattern (unescaped) itself.
    Literal,
    /// Literal characters ending in `/`, then a trailing `**` (or `**`
    /// alone): matches every text that starts with the literal prefix.
    Tree,
    /// Anything else: the automaton decides.
    Other,
}

impl Shape {
    fn of(tokens: &[Token]) -> Shape {
        match tokens.split_last() {
            None => Shape::Literal,
            Some((Token::TailStar, init))
                if init.iter().all(|t| matches!(t, Token::Literal(_))) =>
            {
                match init.last() {
                    None | Some(Token::Literal('/')) => Shape::Tree,
                    Some(_) => Shape::Other,
                }
            }
            Some(_) if tokens.iter().all(|t| matches!(t, Token::Literal(_))) => Shape::Literal,
            Some(_) => Shape::Other,
        }
    }
}

/// How [`sample`] spells a glob's free choices: the character every
/// wildcard takes, and what a `**/` stands for.
const SAMPLE_FILLERS: [(char, &str); 2] = [('x', ""), ('q', "q/")];

/// One path the tokens match: literals as written, one `filler` for `?`,
/// `*` and a trailing `**`, a class's first member, and `dirs` for a `**/`.
fn sample(tokens: &[Token], filler: char, dirs: &str) -> String {
    let mut path = String::new();
    for token in tokens {
        match token {
            Token::Literal(c) => path.push(*c),
            Token::AnyChar | Token::Star | Token::TailStar => path.push(filler),
            Token::Class(set) => match set.first() {
                Some(c) => path.push(c),
                None => return String::new(),
            },
            Token::DirStar => path.push_str(dirs),
        }
    }
    path
}

/// A valid relative path: non-empty, no empty segment, no leading or
/// trailing `/` (the paths the set questions are about).
fn is_valid_path(path: &str) -> bool {
    !path.is_empty() && !path.starts_with('/') && !path.ends_with('/') && !path.contains("//")
}

/// Whether two globs can share a path as far as their literal prefixes
/// tell: every path a glob matches starts with its prefix, so one prefix
/// must start the other.
fn prefixes_meet(a: &Glob, b: &Glob) -> bool {
    let (p, q) = (a.literal_prefix(), b.literal_prefix());
    p.starts_with(q) || q.starts_with(p)
}

/// Whether two globs of `all` have literal prefixes that diverge, so that
/// no path matches them all.
fn prefixes_diverge(all: &[&Glob]) -> bool {
    all.iter()
        .enumerate()
        .any(|(i, a)| all[i + 1..].iter().any(|b| !prefixes_meet(a, b)))
}

/// A set question the exact search could not settle within its budget: the
/// globs make the subset construction for an excluded glob explode (`*a`
/// followed by many `?`, as an excluded glob). Callers report it rather than
/// guess: the answer is never wrong, at worst it is "too complex".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooComplex;

impl fmt::Display for TooComplex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("too complex to decide exactly; simplify the glob")
    }
}

impl std::error::Error for TooComplex {}

/// The shortest path (then lexicographically smallest) matched by every glob
/// of `all` and by none of `none`; `Ok(None)` when no such path exists.
///
/// Only valid relative paths are considered: non-empty, no empty segment
/// (`a//b`), no leading or trailing `/`. Decided exactly by breadth-first
/// search over the product of the globs' automata, so `None` is a proof.
/// Intersections alone (`none` empty, or every excluded glob disjoint from
/// the required ones) are polynomial in the patterns' sizes; an excluded
/// glob that does meet them costs a subset construction, bounded by a budget
/// beyond which the answer is `Err(TooComplex)`.
///
/// Characters a wildcard may choose freely are spelled legibly: the search
/// runs over one representative per class of characters the globs cannot tell
/// apart, preferring `x`, then other letters, digits, `_-.` (so
/// `src/**/*.rs` ∩ `**/lib.rs` gives `src/lib.rs`, and `*` alone gives `x`).
/// "Smallest" is with respect to those representatives.
pub fn witness(all: &[&Glob], none: &[&Glob]) -> Result<Option<String>, TooComplex> {
    // Fast path: every path a glob matches starts with its literal prefix, so
    // two required globs whose prefixes diverge share nothing.
    if prefixes_diverge(all) {
        return Ok(None);
    }
    // For the same reason, an excluded glob whose prefix diverges from a
    // required glob's can never match a candidate: leaving it out keeps the
    // product automaton small without changing the answer.
    let compatible = |g: &&&Glob| all.first().is_none_or(|a| prefixes_meet(a, g));
    let none: Vec<&Nfa> = none.iter().filter(compatible).map(|g| g.nfa()).collect();
    let all: Vec<&Nfa> = all.iter().map(|g| g.nfa()).collect();
    // One alphabet for every search below, so the witness is spelled the
    // same whichever excluded globs the filter drops.
    let every: Vec<&Nfa> = all.iter().chain(&none).copied().collect();
    let alphabet = alphabet::Alphabet::new(&every);
    if none.is_empty() {
        return witness::search(&all, &[], &alphabet);
    }
    // The intersection alone is cheap (single states): if it is empty, or
    // an excluded glob shares no path with it, no subset construction is
    // needed for that glob.
    let Some(common) = witness::search(&all, &[], &alphabet)? else {
        return Ok(None);
    };
    let mut meeting = Vec::with_capacity(none.len());
    for n in none {
        let mut both = all.clone();
        both.push(n);
        if witness::search(&both, &[], &alphabet)?.is_some() {
            meeting.push(n);
        }
    }
    if meeting.is_empty() {
        return Ok(Some(common));
    }
    witness::search(&all, &meeting, &alphabet)
}

/// Whether some valid path is matched by every glob of `all` and by none
/// of `none`: `witness(all, none)` is `Some`, decided without building a
/// product automaton when the text settles it. Two required globs whose
/// literal prefixes diverge share nothing; a sample path of a required glob
/// that the others match and no excluded glob matches is a witness. Only
/// when neither tells does the exact search run, so the answer is exact and
/// the search's cost is paid on the rare undecided pairs.
pub fn exists(all: &[&Glob], none: &[&Glob]) -> Result<bool, TooComplex> {
    if prefixes_diverge(all) {
        return Ok(false);
    }
    let is_witness = |path: &String| {
        all.iter().all(|g| g.matches(path)) && !none.iter().any(|g| g.matches(path))
    };
    if all.iter().flat_map(|g| g.samples()).any(is_witness) {
        return Ok(true);
    }
    Ok(witness(all, none)?.is_some())
}

/// A valid path matched by `a` but by none of `bs` (a counter-example to
/// `a ⊆ ⋃ bs`), or `Ok(None)` when `a` is covered. Same as `witness(&[a], bs)`.
pub fn escape_witness(a: &Glob, bs: &[&Glob]) -> Result<Option<String>, TooComplex> {
    witness(&[a], bs)
}

/// Whether every valid path `a` matches, `b` matches too.
pub fn is_subset(a: &Glob, b: &Glob) -> Result<bool, TooComplex> {
    Ok(!exists(&[a], &[b])?)
}
