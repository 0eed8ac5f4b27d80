//! Exact witness search: breadth-first search over the product of the globs'
//! automata.
//!
//! A glob the path must match is tracked as *one* NFA state: a path is in the
//! intersection of NFAs exactly when some run of each accepts it, so the
//! product of single states suffices and has at most `n₁·n₂·…` states —
//! polynomial, however many `?` follow a `*`. A glob the path must *not*
//! match is tracked as the ε-closed *set* of states it may be in (on-the-fly
//! subset construction), because "no run accepts" is a statement about all
//! runs. Only that part can grow exponentially, so the search has a budget
//! and answers [`TooComplex`] when it runs out instead of running on.
//!
//! The product state also records whether the path so far may end or take a
//! `/` (it is non-empty and does not end in `/`); that confines the search to
//! valid relative paths. Breadth-first order with the alphabet sorted by
//! representative yields the shortest witness, and among those the
//! lexicographically smallest (each state is first reached by the smallest
//! shortest path to it, by induction on the depth); the state space is
//! finite, so the search terminates and `None` is a proof of emptiness.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::TooComplex;
use super::alphabet::Alphabet;
use super::automaton::{Nfa, Rows};

/// Product states one search may visit before it gives up.
const MAX_STATES: usize = 200_000;
/// `u32` words of product state one search may store (16 MiB).
const MAX_WORDS: usize = 4 << 20;
/// Set-member comparisons the antichain test may spend in one search.
const MAX_COMPARISONS: usize = 50_000_000;

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
    fn write_u32(&mut self, v: u32) {
        self.write_u64(u64::from(v));
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

/// One glob's part of the search: its automaton and its transition table
/// over the search alphabet.
struct Part<'a> {
    nfa: &'a Nfa,
    table: Rows,
}

/// The shortest, then smallest, valid path accepted by all of `all` and none
/// of `none`, spelled over `alphabet` (which must be built from at least
/// these automata). `Err(TooComplex)` when the budget runs out first.
///
/// A product state is a `u32` array: the state of each required glob, then
/// for each excluded glob the length of its state set and its members
/// (sorted), then one flag (1 = the path is non-empty and does not end in
/// `/`).
pub(crate) fn search<'a>(
    all: &[&'a Nfa],
    none: &[&'a Nfa],
    alphabet: &Alphabet,
) -> Result<Option<String>, TooComplex> {
    let classes = alphabet.reps.len();
    let part = |nfa: &&'a Nfa| Part {
        nfa,
        table: nfa.table(&alphabet.reps),
    };
    let required: Vec<Part> = all.iter().map(part).collect();
    let excluded: Vec<Part> = none.iter().map(part).collect();
    if excluded
        .iter()
        .any(|p| p.nfa.start().iter().any(|&s| p.nfa.is_universal(s)))
    {
        return Ok(None);
    }

    let mut search = Search {
        states: Vec::new(),
        word_of: Vec::new(),
        words: vec![(u32::MAX, 0)],
        seen: HashMap::default(),
        stored: 0,
        comparisons: 0,
    };
    // The roots: every combination of the required globs' start states,
    // all reached by the empty word (word 0).
    let mut tail: Vec<u32> = Vec::new();
    for p in &excluded {
        tail.push(p.nfa.start().len() as u32);
        tail.extend_from_slice(p.nfa.start());
    }
    tail.push(0);
    let starts: Vec<&[u32]> = required.iter().map(|p| p.nfa.start()).collect();
    let mut failed = None;
    for_each_combination(&starts, |combo| {
        if failed.is_none() {
            failed = search.visit(combo, &tail, 0).err();
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }

    // Several product states share a word (the required globs are
    // nondeterministic), so the search expands a whole group of states
    // with one word at a time, class by class: the words then come out in
    // order, shortest first and smallest among equals.
    let mut succ_required: Vec<&[u32]> = Vec::with_capacity(required.len());
    let mut head = 0;
    while head < search.states.len() {
        let word = search.word_of[head];
        let end = head + search.word_of[head..].partition_point(|&w| w == word);
        for class in 0..classes {
            let is_slash = class == alphabet.slash;
            // The next word, recorded up front and dropped again below if
            // no new state turns out to be reached by it.
            let next_word = search.words.len() as u32;
            search.words.push((word, class as u32));
            for at in head..end {
                let cur = search.states[at].clone();
                let may_slash = cur.last() == Some(&1);
                if is_slash && !may_slash {
                    continue;
                }
                let Some(accepting_tail) = step(
                    &required,
                    &excluded,
                    &cur,
                    class,
                    classes,
                    is_slash,
                    &mut succ_required,
                    &mut tail,
                ) else {
                    continue;
                };
                let mut outcome = Ok(false);
                for_each_combination(&succ_required, |combo| {
                    if !matches!(outcome, Ok(false)) {
                        return;
                    }
                    outcome = search.visit(combo, &tail, next_word).map(|fresh| {
                        fresh
                            && accepting_tail
                            && combo
                                .iter()
                                .zip(&required)
                                .all(|(&s, p)| p.nfa.is_accept(s))
                    });
                });
                if outcome? {
                    return Ok(Some(spell(&search.words, next_word, &alphabet.reps)));
                }
            }
            if search.word_of.last() != Some(&next_word) {
                search.words.pop();
            }
        }
        head = end;
    }
    Ok(None)
}

/// One step of every part on `class` from the product state `cur`: fills
/// `succ_required` with each required glob's next states and `tail` with
/// the excluded globs' next sets and the flag. `None` when the step is dead
/// (a required glob has no next state, or an excluded glob now accepts
/// every extension); otherwise whether the excluded globs all reject.
#[allow(clippy::too_many_arguments)]
fn step<'t>(
    required: &'t [Part<'_>],
    excluded: &[Part<'_>],
    cur: &[u32],
    class: usize,
    classes: usize,
    is_slash: bool,
    succ_required: &mut Vec<&'t [u32]>,
    tail: &mut Vec<u32>,
) -> Option<bool> {
    succ_required.clear();
    for (i, p) in required.iter().enumerate() {
        let next = p.table.row(cur[i] as usize * classes + class);
        if next.is_empty() {
            return None;
        }
        succ_required.push(next);
    }
    tail.clear();
    let mut escapes = true;
    let mut at = required.len();
    for p in excluded {
        let len = cur[at] as usize;
        let set = &cur[at + 1..at + 1 + len];
        at += 1 + len;
        let mut members: Vec<u32> = Vec::new();
        for &s in set {
            members.extend_from_slice(p.table.row(s as usize * classes + class));
        }
        members.sort_unstable();
        members.dedup();
        if members.iter().any(|&s| p.nfa.is_universal(s)) {
            return None;
        }
        escapes &= !members.iter().any(|&s| p.nfa.is_accept(s));
        tail.push(members.len() as u32);
        tail.extend(members);
    }
    tail.push(u32::from(!is_slash));
    Some(escapes && !is_slash)
}

/// The visited product states in discovery order (which doubles as the
/// queue), the words that reach them, and the budget's bookkeeping.
///
/// Visited states are kept as an *antichain* per required part: a new state
/// is dropped when a visited one has the same required states and flag and,
/// for every excluded glob, a subset of its states. Whatever suffix leads
/// the new state to a witness leads the visited one to a witness too (fewer
/// excluded states can only reject more), by a word no larger, since the
/// visited state was reached first. So pruning keeps the smallest witness,
/// and it keeps subset construction polynomial for the common shapes: for
/// `*a???…` inside `*[ab]???…` each required state has one minimal set.
struct Search {
    states: Vec<Box<[u32]>>,
    /// Per state: the index in `words` of the word that first reached it.
    /// Non-decreasing along `states`.
    word_of: Vec<u32>,
    /// Per word: the word it extends (`u32::MAX` for the empty word) and
    /// the class appended.
    words: Vec<(u32, u32)>,
    /// The visited states by their required states and flag.
    seen: HashMap<Box<[u32]>, Vec<u32>, BuildHasherDefault<WordHasher>>,
    stored: usize,
    comparisons: usize,
}

impl Search {
    /// Records the state `head ++ tail`, reached by `word`, unless a
    /// visited state subsumes it; `Ok(true)` when it was recorded.
    fn visit(&mut self, head: &[u32], tail: &[u32], word: u32) -> Result<bool, TooComplex> {
        let (sets, flag) = tail.split_at(tail.len() - 1);
        let key: Box<[u32]> = head.iter().chain(flag).copied().collect();
        let width = head.len();
        if let Some(visited) = self.seen.get(&key) {
            for &v in visited {
                let other = &self.states[v as usize];
                self.comparisons += sets.len();
                if self.comparisons > MAX_COMPARISONS {
                    return Err(TooComplex);
                }
                if subsumes(&other[width..other.len() - 1], sets) {
                    return Ok(false);
                }
            }
        }
        let state: Box<[u32]> = head.iter().chain(tail).copied().collect();
        self.stored += state.len() + key.len();
        if self.states.len() >= MAX_STATES || self.stored > MAX_WORDS {
            return Err(TooComplex);
        }
        self.seen
            .entry(key)
            .or_default()
            .push(self.states.len() as u32);
        self.states.push(state);
        self.word_of.push(word);
        Ok(true)
    }
}

/// Whether each set of `small` is a subset of the matching set of `big`;
/// both are encoded as (length, sorted members) runs.
fn subsumes(small: &[u32], big: &[u32]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < small.len() {
        let (n, m) = (small[i] as usize, big[j] as usize);
        let (a, b) = (&small[i + 1..i + 1 + n], &big[j + 1..j + 1 + m]);
        if n > m {
            return false;
        }
        let mut k = 0;
        for &x in a {
            while k < b.len() && b[k] < x {
                k += 1;
            }
            if k == b.len() || b[k] != x {
                return false;
            }
        }
        i += 1 + n;
        j += 1 + m;
    }
    true
}

/// Calls `f` with every choice of one element from each list, in
/// lexicographic order of the choices (the first list varies slowest).
fn for_each_combination(lists: &[&[u32]], mut f: impl FnMut(&[u32])) {
    if lists.iter().any(|l| l.is_empty()) {
        return;
    }
    let mut index = vec![0usize; lists.len()];
    let mut combo: Vec<u32> = lists.iter().map(|l| l[0]).collect();
    loop {
        f(&combo);
        // Advance the odometer from the last list.
        let mut k = lists.len();
        loop {
            if k == 0 {
                return;
            }
            k -= 1;
            index[k] += 1;
            if index[k] < lists[k].len() {
                combo[k] = lists[k][index[k]];
                break;
            }
            index[k] = 0;
            combo[k] = lists[k][0];
        }
    }
}

/// Spells `word` back through the words it extends.
fn spell(words: &[(u32, u32)], word: u32, reps: &[char]) -> String {
    let mut out = Vec::new();
    let mut at = word;
    while let Some(&(up, class)) = words.get(at as usize).filter(|&&(up, _)| up != u32::MAX) {
        out.push(reps[class as usize]);
        at = up;
    }
    out.iter().rev().collect()
}
