//! Intersection of version requirements (Cargo / `semver` crate syntax), for
//! `keep dep`/`require dep` ranges of one dependency.
//!
//! Every comparator (`=1.2.3`, `>1.2`, `~1.2`, `^0.3`, `1.*`, …) admits a
//! half-open interval `[lo, hi)` of release versions ordered by
//! `(major, minor, patch)`; a requirement is the intersection of its
//! comparators, so also an interval, and so is the intersection of several
//! requirements. Intervals make the answer exact and cheap, and pairwise
//! conflicts exact too: the tightest lower and upper bounds each come from one
//! requirement, so an empty intersection always has a conflicting pair
//! (Helly's theorem in one dimension).
//!
//! **Only release versions are considered.** `semver` lets a pre-release such
//! as `1.3.0-alpha` match a requirement only when some comparator names the
//! same `major.minor.patch` with a pre-release tag. That makes the set of
//! matching versions a non-convex union (`>=1.2.0-beta, <2` matches
//! `1.2.0-rc.1` but not `1.3.0-alpha`), so intervals would no longer be exact,
//! and Cargo never resolves a plain range to a pre-release anyway. A
//! pre-release tag on a comparator still shifts its bound exactly as `semver`
//! does for releases (`<1.2.3-alpha` admits releases below `1.2.3`,
//! `>1.2.3-alpha` admits `1.2.3`, `=1.2.3-alpha` admits no release).
//!
//! Comparators that `VersionReq::parse` cannot produce are approximated, not
//! rejected (there is no error to return): a patch without a minor is
//! ignored, and an operator added to `semver::Op` after 1.0.28 admits every
//! version. Charter only ever builds requirements by parsing, where neither
//! occurs.

use semver::{Comparator, Op, Version, VersionReq};

/// `(major, minor, patch)` of a release version.
type Triple = (u64, u64, u64);

/// A set of release versions `[lo, hi)`. `lo == None` means the set is empty
/// (its lower bound is past the last representable version); `hi == None`
/// means unbounded above.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
struct Range {
    lo: Option<Triple>,
    hi: Option<Triple>,
}

const ALL: Range = Range {
    lo: Some((0, 0, 0)),
    hi: None,
};

const EMPTY: Range = Range { lo: None, hi: None };

impl Range {
    fn new(lo: Option<Triple>, hi: Option<Triple>) -> Range {
        Range { lo, hi }
    }

    /// The smallest version in the set, if any.
    fn min(&self) -> Option<Triple> {
        let lo = self.lo?;
        match self.hi {
            Some(hi) if hi <= lo => None,
            _ => Some(lo),
        }
    }

    fn intersect(&self, other: &Range) -> Range {
        let lo = match (self.lo, other.lo) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
        let hi = match (self.hi, other.hi) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Range { lo, hi }
    }
}

/// The first version after every `major.*`: `None` (unbounded) past the top.
fn next_major(major: u64) -> Option<Triple> {
    major.checked_add(1).map(|m| (m, 0, 0))
}

/// The first version after every `major.minor.*`.
fn next_minor(major: u64, minor: u64) -> Option<Triple> {
    match minor.checked_add(1) {
        Some(m) => Some((major, m, 0)),
        None => next_major(major),
    }
}

/// The version right after `major.minor.patch`.
fn next_patch(major: u64, minor: u64, patch: u64) -> Option<Triple> {
    match patch.checked_add(1) {
        Some(p) => Some((major, minor, p)),
        None => next_minor(major, minor),
    }
}

/// The release versions one comparator admits, following `semver`'s
/// `matches` for versions without a pre-release tag.
fn comparator_range(cmp: &Comparator) -> Range {
    let major = cmp.major;
    // A patch without a minor cannot be parsed; treat it as absent.
    let (minor, patch) = match (cmp.minor, cmp.patch) {
        (Some(minor), patch) => (Some(minor), patch),
        (None, _) => (None, None),
    };
    let tagged = !cmp.pre.is_empty();
    // The first version the partial version covers…
    let first = (major, minor.unwrap_or(0), patch.unwrap_or(0));
    // …and the first version past all that it covers (`1.2` covers 1.2.*).
    let after = match (minor, patch) {
        (Some(minor), Some(patch)) => next_patch(major, minor, patch),
        (Some(minor), None) => next_minor(major, minor),
        (None, _) => next_major(major),
    };

    match cmp.op {
        // `=1.2` is 1.2.*; a pre-release tag must equal the version's, and
        // releases have none.
        Op::Exact | Op::Wildcard if tagged => EMPTY,
        Op::Exact | Op::Wildcard => Range::new(Some(first), after),
        // `>1.2.3-alpha` admits 1.2.3 (a release is above its pre-releases);
        // otherwise everything past the partial version.
        Op::Greater if tagged && patch.is_some() => Range::new(Some(first), None),
        Op::Greater => Range::new(after, None),
        // `>=` is `=` or `>`; with a tag on a partial version the `=` half
        // admits no release (only reachable by building the comparator by hand).
        Op::GreaterEq if tagged && patch.is_none() => Range::new(after, None),
        Op::GreaterEq => Range::new(Some(first), None),
        // Below the partial version; a release is never below its own
        // pre-release, so the tag changes nothing.
        Op::Less => Range::new(Some((0, 0, 0)), Some(first)),
        Op::LessEq if tagged => Range::new(Some((0, 0, 0)), Some(first)),
        Op::LessEq => Range::new(Some((0, 0, 0)), after),
        // `~1.2.3` := >=1.2.3, <1.3.0; `~1.2` := 1.2.*; `~1` := 1.*.
        Op::Tilde => match minor {
            Some(minor) => Range::new(Some(first), next_minor(major, minor)),
            None => Range::new(Some(first), next_major(major)),
        },
        // `^` allows changes that do not modify the left-most non-zero part.
        Op::Caret => match (minor, patch) {
            (None, _) => Range::new(Some(first), next_major(major)),
            (Some(_), _) if major > 0 => Range::new(Some(first), next_major(major)),
            (Some(minor), None) => Range::new(Some(first), next_minor(major, minor)),
            (Some(minor), Some(_)) if minor > 0 => {
                Range::new(Some(first), next_minor(major, minor))
            }
            (Some(minor), Some(patch)) => Range::new(Some(first), next_patch(major, minor, patch)),
        },
        // `semver::Op` is non-exhaustive; see the module docs.
        _ => ALL,
    }
}

/// The release versions a requirement admits (`*`, with no comparator,
/// admits all).
fn req_range(req: &VersionReq) -> Range {
    req.comparators
        .iter()
        .fold(ALL, |acc, cmp| acc.intersect(&comparator_range(cmp)))
}

/// The smallest release version that satisfies every requirement, or `None`
/// when their intersection holds no release version. No requirements at all
/// gives `0.0.0`. Exact over release versions; pre-releases are excluded
/// (see the module docs for why).
pub fn common_version(reqs: &[&VersionReq]) -> Option<Version> {
    let (major, minor, patch) = reqs
        .iter()
        .fold(ALL, |acc, req| acc.intersect(&req_range(req)))
        .min()?;
    Some(Version::new(major, minor, patch))
}

/// The first pair `(i, j)`, `i <= j`, of requirements that no release
/// version satisfies together, for labelling a conflict: the smallest `j`
/// that is unsatisfiable on its own (then `i == j`, e.g. `>=2, <1`) or
/// conflicts with an earlier requirement, then the smallest such `i`. `None` exactly
/// when [`common_version`] is `Some`.
pub fn conflicting_pair(reqs: &[&VersionReq]) -> Option<(usize, usize)> {
    let ranges: Vec<Range> = reqs.iter().map(|req| req_range(req)).collect();
    ranges.iter().enumerate().find_map(|(j, b)| {
        // A requirement empty on its own is the whole problem: label it
        // alone rather than pairing it with an innocent earlier one.
        if b.min().is_none() {
            return Some((j, j));
        }
        (0..j)
            .find(|&i| ranges[i].intersect(b).min().is_none())
            .map(|i| (i, j))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn req(text: &str) -> VersionReq {
        VersionReq::parse(text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
    }

    fn common(texts: &[&str]) -> Option<String> {
        let reqs: Vec<VersionReq> = texts.iter().map(|t| req(t)).collect();
        let refs: Vec<&VersionReq> = reqs.iter().collect();
        common_version(&refs).map(|v| v.to_string())
    }

    fn pair(texts: &[&str]) -> Option<(usize, usize)> {
        let reqs: Vec<VersionReq> = texts.iter().map(|t| req(t)).collect();
        let refs: Vec<&VersionReq> = reqs.iter().collect();
        conflicting_pair(&refs)
    }

    #[test]
    fn single_requirements() {
        let cases = [
            ("^1.2.3", Some("1.2.3")),
            ("^1", Some("1.0.0")),
            ("^0.2", Some("0.2.0")),
            ("~1.2", Some("1.2.0")),
            ("1.*", Some("1.0.0")),
            ("1.2.*", Some("1.2.0")),
            ("*", Some("0.0.0")),
            ("=1.2.3", Some("1.2.3")),
            (">1.2.3", Some("1.2.4")),
            (">1.2", Some("1.3.0")),
            (">1", Some("2.0.0")),
            (">=1.2", Some("1.2.0")),
            ("<1", Some("0.0.0")),
            ("<0", None),
            ("<0.0.0", None),
            (">=2, <1", None),
            ("=1.2.3-alpha", None),
            (">1.2.3-alpha", Some("1.2.3")),
            (">=1.2.3-alpha", Some("1.2.3")),
            ("<1.2.3-alpha, >=1.2", Some("1.2.0")),
            ("<=1.2.3-alpha, >=1.2.3", None),
        ];
        for (text, expected) in cases {
            assert_eq!(common(&[text]).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn intersections() {
        assert_eq!(
            common(&["^1.2", "~1.4", ">=1.4.7"]).as_deref(),
            Some("1.4.7")
        );
        assert_eq!(common(&["^1", "^2"]), None);
        assert_eq!(common(&["^0.2", "^0.3"]), None);
        assert_eq!(common(&["^0.0.3", ">0.0.3"]), None);
        assert_eq!(common(&["<=1.2", ">1.2.9"]).as_deref(), Some("1.2.10"));
        assert_eq!(common(&["<1.2", ">=1.2"]), None);
        assert_eq!(common(&[]).as_deref(), Some("0.0.0"));
    }

    #[test]
    fn conflicting_pairs_in_reading_order() {
        assert_eq!(pair(&["^1", "^1.5", "^2"]), Some((0, 2)));
        assert_eq!(pair(&["^1", ">=1.5", "<1.3", "^2"]), Some((1, 2)));
        assert_eq!(pair(&["^1", ">=2, <1"]), Some((1, 1)));
        assert_eq!(pair(&["^1", "~1.2"]), None);
    }

    #[test]
    fn huge_numbers_do_not_overflow() {
        let max = u64::MAX;
        assert_eq!(common(&[&format!("^{max}")]), Some(format!("{max}.0.0")));
        assert_eq!(common(&[&format!(">{max}.{max}.{max}")]), None);
        assert_eq!(
            common(&[&format!(">{max}.{max}.{max}-rc")]),
            Some(format!("{max}.{max}.{max}"))
        );
        assert_eq!(common(&[&format!(">{max}.{max}")]), None);
        assert_eq!(
            common(&[&format!("~{max}.{max}.3")]),
            Some(format!("{max}.{max}.3"))
        );
        assert_eq!(
            common(&[&format!("=1.{max}.{max}"), ">=1.5"]),
            Some(format!("1.{max}.{max}"))
        );
        assert_eq!(common(&[&format!("<=1.{max}"), ">=2"]), None);
    }

    #[test]
    fn hand_built_comparators_do_not_panic() {
        let mut odd = req("=1.2.3");
        odd.comparators[0].minor = None;
        odd.comparators[0].pre = semver::Prerelease::new("x").unwrap_or_default();
        assert_eq!(common_version(&[&odd]), None);
        odd.comparators[0].op = Op::GreaterEq;
        assert_eq!(
            common_version(&[&odd]).map(|v| v.to_string()).as_deref(),
            Some("2.0.0")
        );
    }

    /// Comparators over components 0..4 in every syntactic shape, some with a
    /// pre-release tag.
    fn arb_comparator() -> impl Strategy<Value = String> {
        let op = prop::sample::select(vec!["", "=", ">", ">=", "<", "<=", "~", "^"]);
        let shape = prop_oneof![
            (0u8..4).prop_map(|a| a.to_string()),
            (0u8..4, 0u8..4).prop_map(|(a, b)| format!("{a}.{b}")),
            (0u8..4, 0u8..4, 0u8..4).prop_map(|(a, b, c)| format!("{a}.{b}.{c}")),
            (0u8..4, 0u8..4, 0u8..4).prop_map(|(a, b, c)| format!("{a}.{b}.{c}-rc")),
            (0u8..4).prop_map(|a| format!("{a}.*")),
            (0u8..4, 0u8..4).prop_map(|(a, b)| format!("{a}.{b}.*")),
        ];
        prop_oneof![
            10 => (op, shape).prop_map(|(op, v)| format!("{op}{v}")),
            1 => Just("*".to_owned()),
        ]
    }

    fn arb_req() -> impl Strategy<Value = VersionReq> {
        prop::collection::vec(arb_comparator(), 1..3).prop_filter_map("unparsable", |cmps| {
            VersionReq::parse(&cmps.join(", ")).ok()
        })
    }

    /// Every release with components 0..=5, ascending. The smallest version
    /// of any intersection is built from the comparators' components (≤ 3),
    /// their successors (≤ 4) and zeros, so it lies in this grid: the grid's
    /// first match must be exactly the answer.
    fn grid() -> Vec<Version> {
        let mut versions = Vec::new();
        for a in 0..=5 {
            for b in 0..=5 {
                for c in 0..=5 {
                    versions.push(Version::new(a, b, c));
                }
            }
        }
        versions
    }

    proptest! {
        #[test]
        fn agrees_with_brute_force(reqs in prop::collection::vec(arb_req(), 0..4)) {
            let refs: Vec<&VersionReq> = reqs.iter().collect();
            let found = common_version(&refs);
            if let Some(v) = &found {
                prop_assert!(v.pre.is_empty());
                for r in &reqs {
                    prop_assert!(r.matches(v), "{} does not match {}", v, r);
                }
            }
            let brute = grid().into_iter().find(|v| reqs.iter().all(|r| r.matches(v)));
            prop_assert_eq!(&found, &brute);

            let pair = conflicting_pair(&refs);
            prop_assert_eq!(pair.is_none(), found.is_some());
            let satisfiable = |i: usize, j: usize| grid().iter().any(|v| reqs[i].matches(v) && reqs[j].matches(v));
            let expected = (0..reqs.len()).find_map(|j| {
                if !satisfiable(j, j) {
                    return Some((j, j));
                }
                (0..j).find(|&i| !satisfiable(i, j)).map(|i| (i, j))
            });
            prop_assert_eq!(pair, expected);
        }
    }
}
