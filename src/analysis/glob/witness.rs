//! Exact witness search: breadth-first search over the product of the globs'
//! NFAs, each glob tracked as an ε-closed *set* of states (on-the-fly subset
//! construction, which is what makes "matched by none of" exact).
//!
//! The product state also records whether the path so far may end or take a
//! `/` (it is non-empty and does not end in `/`); that confines the search to
//! valid relative paths. Breadth-first order with the alphabet sorted by
//! representative yields the shortest witness, and among those the
//! lexicographically smallest; the state space is finite, so the search
//! terminates and `None` is a proof of emptiness.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::alphabet::Alphabet;
use super::automaton::{Nfa, bits, intersects};

/// A small multiplicative hasher: product states are short word arrays and
/// SipHash would dominate the search time.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// One glob's part of the search.
struct Part<'a> {
    nfa: &'a Nfa,
    table: Vec<u64>,
    /// Word offset of this glob's set inside a product state.
    offset: usize,
    /// `true` for globs the path must match, `false` for the ones it must not.
    required: bool,
}

/// The shortest, then smallest, valid path accepted by all of `all` and none
/// of `none`.
pub(crate) fn search(all: &[&Nfa], none: &[&Nfa]) -> Option<String> {
    let nfas: Vec<&Nfa> = all.iter().chain(none).copied().collect();
    let alphabet = Alphabet::new(&nfas);
    let classes = alphabet.reps.len();
    let mut parts = Vec::with_capacity(nfas.len());
    let mut offset = 0;
    for (i, nfa) in nfas.iter().enumerate() {
        parts.push(Part {
            nfa,
            table: nfa.table(&alphabet.reps),
            offset,
            required: i < all.len(),
        });
        offset += nfa.words();
    }
    // Layout of a product state: each glob's set, then one flag word
    // (1 = the path is non-empty and does not end in `/`).
    let flag = offset;
    let stride = offset + 1;

    let mut start = vec![0u64; stride];
    for p in &parts {
        start[p.offset..p.offset + p.nfa.words()].copy_from_slice(p.nfa.start());
        if !p.required && intersects(p.nfa.start(), p.nfa.universal()) {
            return None;
        }
    }

    // `arena` holds the states in discovery order and doubles as the queue.
    let mut arena: Vec<u64> = start.clone();
    let mut parent: Vec<(u32, u32)> = vec![(u32::MAX, 0)];
    let mut seen: HashSet<Box<[u64]>, BuildHasherDefault<WordHasher>> = HashSet::default();
    seen.insert(start.into_boxed_slice());
    let mut next = vec![0u64; stride];
    let mut head = 0;
    while head < parent.len() {
        let cur_at = head * stride;
        let may_slash = arena[cur_at + flag] != 0;
        'class: for class in 0..classes {
            let is_slash = class == alphabet.slash;
            if is_slash && !may_slash {
                continue;
            }
            next.fill(0);
            for p in &parts {
                let w = p.nfa.words();
                let set = &mut next[p.offset..p.offset + w];
                let cur = &arena[cur_at + p.offset..cur_at + p.offset + w];
                for s in bits(cur) {
                    let row = (s * classes + class) * w;
                    for (d, t) in set.iter_mut().zip(&p.table[row..row + w]) {
                        *d |= t;
                    }
                }
                let dead = if p.required {
                    set.iter().all(|&x| x == 0)
                } else {
                    intersects(set, p.nfa.universal())
                };
                if dead {
                    continue 'class;
                }
            }
            next[flag] = u64::from(!is_slash);
            if seen.contains(next.as_slice()) {
                continue;
            }
            seen.insert(next.clone().into_boxed_slice());
            arena.extend_from_slice(&next);
            // Queue indices and class counts stay far below u32::MAX.
            parent.push((head as u32, class as u32));
            let accepted = !is_slash
                && parts.iter().all(|p| {
                    let set = &next[p.offset..p.offset + p.nfa.words()];
                    intersects(set, p.nfa.accept()) == p.required
                });
            if accepted {
                return Some(spell(&parent, &alphabet.reps));
            }
        }
        head += 1;
    }
    None
}

/// Reads the path to the last discovered state back through the parents.
fn spell(parent: &[(u32, u32)], reps: &[char]) -> String {
    let mut out = Vec::new();
    let mut at = parent.len() - 1;
    while let Some(&(up, class)) = parent.get(at).filter(|&&(up, _)| up != u32::MAX) {
        out.push(reps[class as usize]);
        at = up as usize;
    }
    out.iter().rev().collect()
}
