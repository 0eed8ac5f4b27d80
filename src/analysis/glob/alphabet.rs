//! The finite alphabet a witness search runs over.
//!
//! The globs of one query only distinguish finitely many kinds of character:
//! each literal, `/`, and the regions cut out by bracket ranges. We split the
//! code-point space at every boundary the globs mention, group the pieces that
//! every bracket set treats alike, and keep one representative character per
//! group. Searching over representatives is exact because every predicate is
//! constant on a group.
//!
//! Representatives are chosen to keep witnesses legible: a literal stands for
//! itself, and a group of "any other character" prefers `x`, then other
//! lowercase letters, upper case, digits, `_-.`, other printable ASCII.

use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeSet;

use super::automaton::{Nfa, Pred};
use super::pattern::{CHAR_END, CharSet};

/// The representatives in search order: `x` first when it is one (so free
/// choices read `x` even when a glob mentions a smaller letter), then by code
/// point. Breadth-first search in this order yields the witness that is
/// smallest in this order.
pub(crate) struct Alphabet {
    pub(crate) reps: Vec<char>,
    /// Index of `/` in `reps`.
    pub(crate) slash: usize,
}

/// Preferred representatives for a group, most legible first.
fn preference() -> impl Iterator<Item = char> {
    std::iter::once('x')
        .chain('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain(['_', '-', '.'])
        .chain('!'..='~')
}

/// The first valid `char` in `[lo, hi)`, skipping surrogates.
fn first_char(lo: u32, hi: u32) -> Option<char> {
    (lo..hi.min(lo.saturating_add(0x801))).find_map(char::from_u32)
}

impl Alphabet {
    pub(crate) fn new(nfas: &[&Nfa]) -> Alphabet {
        let mut literals: BTreeSet<char> = BTreeSet::from(['/']);
        let mut sets: Vec<&CharSet> = Vec::new();
        for pred in nfas.iter().flat_map(|n| n.preds()) {
            match pred {
                Pred::Char(c) => {
                    literals.insert(*c);
                }
                Pred::Set(set) if !sets.contains(&set) => sets.push(set),
                Pred::Set(_) | Pred::NotSlash | Pred::Any => {}
            }
        }
        let mut cuts: Vec<u32> = vec![0, CHAR_END];
        for &c in &literals {
            cuts.extend([c as u32, c as u32 + 1]);
        }
        for set in &sets {
            for &(lo, hi) in set.ranges() {
                cuts.extend([lo, hi + 1]);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();

        // Group the non-literal intervals by which sets contain them.
        let mut groups: HashMap<Vec<bool>, usize> = HashMap::new();
        let mut intervals: Vec<(u32, u32, usize)> = Vec::new();
        for pair in cuts.windows(2) {
            let (lo, hi) = (pair[0], pair[1]);
            let Some(probe) = first_char(lo, hi) else {
                continue;
            };
            if literals.contains(&probe) {
                continue;
            }
            let signature: Vec<bool> = sets.iter().map(|s| s.contains(probe)).collect();
            let next = groups.len();
            let group = *groups.entry(signature).or_insert(next);
            intervals.push((lo, hi, group));
        }
        let mut group_rep: Vec<Option<char>> = vec![None; groups.len()];
        let group_of = |c: char| {
            let c = c as u32;
            let idx = intervals.partition_point(|&(_, hi, _)| hi <= c);
            intervals
                .get(idx)
                .filter(|&&(lo, _, _)| lo <= c)
                .map(|&(_, _, g)| g)
        };
        let mut unassigned = group_rep.len();
        for c in preference() {
            if unassigned == 0 {
                break;
            }
            if let Some(g) = group_of(c)
                && group_rep[g].is_none()
            {
                group_rep[g] = Some(c);
                unassigned -= 1;
            }
        }
        // Groups without printable ASCII: prefer a visible character.
        for &(lo, hi, g) in &intervals {
            if group_rep[g].is_none() {
                let visible = (lo..hi.min(lo.saturating_add(256)))
                    .filter_map(char::from_u32)
                    .find(|c| !c.is_control() && !c.is_whitespace());
                group_rep[g] = visible;
            }
        }
        for &(lo, hi, g) in &intervals {
            if group_rep[g].is_none() {
                group_rep[g] = first_char(lo, hi);
            }
        }
        let mut reps: Vec<char> = literals.into_iter().collect();
        reps.extend(group_rep.into_iter().flatten());
        reps.sort_unstable_by_key(|&c| (c != 'x', c));
        // `/` was inserted into `literals` above, so it is present.
        let slash = reps.iter().position(|&c| c == '/').unwrap_or_default();
        Alphabet { reps, slash }
    }
}
