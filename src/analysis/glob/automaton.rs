//! A glob compiled to a small NFA with precomputed ε-closures.
//!
//! States are numbered densely and state sets are bitsets of `u64` words, so
//! both matching and the witness search work on plain word arrays. Every
//! state set handled here is ε-closed: transitions land on closures.

use super::pattern::{CharSet, Token};

/// What a transition accepts. Every predicate is constant on each
/// equivalence class the witness search builds (see `alphabet`), so testing
/// one representative character decides the whole class.
#[derive(Debug, Clone)]
pub(crate) enum Pred {
    /// Exactly this character.
    Char(char),
    /// Any character but `/` (`?`, `*`).
    NotSlash,
    /// Any character (`**`).
    Any,
    /// A bracket expression (never contains `/`).
    Set(CharSet),
}

impl Pred {
    #[inline]
    pub(crate) fn accepts(&self, c: char) -> bool {
        match self {
            Pred::Char(x) => *x == c,
            Pred::NotSlash => c != '/',
            Pred::Any => true,
            Pred::Set(set) => set.contains(c),
        }
    }
}

/// An ε-free view of a Thompson-style NFA: per state its consuming edges, and
/// per state its ε-closure as a bitset.
#[derive(Debug, Clone)]
pub(crate) struct Nfa {
    /// Words per state bitset.
    words: usize,
    /// Consuming edges per state.
    edges: Vec<Vec<(Pred, u32)>>,
    /// `closure[s * words ..][..words]` is the ε-closure of `s`.
    closure: Vec<u64>,
    /// The accepting states.
    accept: Vec<u64>,
    /// Accepting states with an any-character self-loop: a set containing
    /// one accepts every extension of the text read so far.
    universal: Vec<u64>,
}

/// Iterates the indices of the set bits of a bitset.
pub(crate) fn bits(set: &[u64]) -> impl Iterator<Item = usize> + '_ {
    set.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            if rest == 0 {
                return None;
            }
            let bit = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            Some(w * 64 + bit)
        })
    })
}

/// Whether two equally long bitsets share a member.
#[inline]
pub(crate) fn intersects(a: &[u64], b: &[u64]) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

#[inline]
fn or_into(dst: &mut [u64], src: &[u64]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d |= s;
    }
}

struct Builder {
    edges: Vec<Vec<(Pred, u32)>>,
    eps: Vec<Vec<u32>>,
}

impl Builder {
    fn state(&mut self) -> u32 {
        self.edges.push(Vec::new());
        self.eps.push(Vec::new());
        // Patterns are strings, far below 2^32 states.
        (self.edges.len() - 1) as u32
    }
    fn edge(&mut self, from: u32, pred: Pred, to: u32) {
        self.edges[from as usize].push((pred, to));
    }
    fn eps(&mut self, from: u32, to: u32) {
        self.eps[from as usize].push(to);
    }
}

impl Nfa {
    /// Compiles tokens; state 0 is the start state.
    pub(crate) fn new(tokens: &[Token]) -> Nfa {
        let mut b = Builder {
            edges: Vec::new(),
            eps: Vec::new(),
        };
        let mut cur = b.state();
        let mut loops = Vec::new();
        for token in tokens {
            cur = match token {
                Token::Literal(c) => {
                    let t = b.state();
                    b.edge(cur, Pred::Char(*c), t);
                    t
                }
                Token::AnyChar => {
                    let t = b.state();
                    b.edge(cur, Pred::NotSlash, t);
                    t
                }
                Token::Class(set) => {
                    let t = b.state();
                    b.edge(cur, Pred::Set(set.clone()), t);
                    t
                }
                Token::Star => {
                    let l = b.state();
                    b.eps(cur, l);
                    b.edge(l, Pred::NotSlash, l);
                    l
                }
                Token::TailStar => {
                    let l = b.state();
                    b.eps(cur, l);
                    b.edge(l, Pred::Any, l);
                    loops.push(l);
                    l
                }
                Token::DirStar => {
                    // (.*/)? — skip, or loop on anything and leave on a `/`.
                    let l = b.state();
                    let after = b.state();
                    b.eps(cur, l);
                    b.eps(cur, after);
                    b.edge(l, Pred::Any, l);
                    b.edge(l, Pred::Char('/'), after);
                    after
                }
            };
        }
        let n = b.edges.len();
        let words = n.div_ceil(64);
        let mut closure = vec![0u64; n * words];
        let mut stack = Vec::new();
        for s in 0..n {
            let row = &mut closure[s * words..(s + 1) * words];
            stack.push(s);
            while let Some(t) = stack.pop() {
                if row[t / 64] & (1 << (t % 64)) != 0 {
                    continue;
                }
                row[t / 64] |= 1 << (t % 64);
                stack.extend(b.eps[t].iter().map(|&u| u as usize));
            }
        }
        let cur = cur as usize;
        let mut accept = vec![0u64; words];
        accept[cur / 64] |= 1 << (cur % 64);
        let mut universal = vec![0u64; words];
        for l in loops {
            let l = l as usize;
            if l == cur {
                universal[l / 64] |= 1 << (l % 64);
            }
        }
        Nfa {
            words,
            edges: b.edges,
            closure,
            accept,
            universal,
        }
    }

    /// Words per state bitset.
    pub(crate) fn words(&self) -> usize {
        self.words
    }

    /// Number of states.
    pub(crate) fn len(&self) -> usize {
        self.edges.len()
    }

    /// The start set (ε-closure of state 0).
    pub(crate) fn start(&self) -> &[u64] {
        &self.closure[..self.words]
    }

    pub(crate) fn accept(&self) -> &[u64] {
        &self.accept
    }

    pub(crate) fn universal(&self) -> &[u64] {
        &self.universal
    }

    /// All predicates on the edges, for building the witness alphabet.
    pub(crate) fn preds(&self) -> impl Iterator<Item = &Pred> {
        self.edges.iter().flatten().map(|(p, _)| p)
    }

    /// `next = ⋃ closure(t)` over edges `s -c-> t` with `s ∈ cur`.
    #[inline]
    fn step(&self, cur: &[u64], c: char, next: &mut [u64]) {
        next.fill(0);
        for s in bits(cur) {
            for (pred, t) in &self.edges[s] {
                if pred.accepts(c) {
                    let t = *t as usize;
                    or_into(next, &self.closure[t * self.words..(t + 1) * self.words]);
                }
            }
        }
    }

    /// Runs the NFA on `text`. Allocates nothing for up to 256 states.
    pub(crate) fn matches(&self, text: &str) -> bool {
        let w = self.words;
        let mut small = [0u64; 8];
        let mut big = Vec::new();
        let buf: &mut [u64] = if 2 * w <= small.len() {
            &mut small[..2 * w]
        } else {
            big.resize(2 * w, 0);
            &mut big
        };
        let (mut cur, mut next) = buf.split_at_mut(w);
        cur.copy_from_slice(self.start());
        for c in text.chars() {
            self.step(cur, c, next);
            if next.iter().all(|&x| x == 0) {
                return false;
            }
            std::mem::swap(&mut cur, &mut next);
        }
        intersects(cur, &self.accept)
    }

    /// The transition table for a witness alphabet: entry
    /// `[(s * reps.len() + k) * words ..][..words]` is the set reached from
    /// state `s` on class `k` (represented by `reps[k]`).
    pub(crate) fn table(&self, reps: &[char]) -> Vec<u64> {
        let w = self.words;
        let k = reps.len();
        let mut table = vec![0u64; self.len() * k * w];
        for (s, edges) in self.edges.iter().enumerate() {
            for (pred, t) in edges {
                let t = *t as usize;
                let target = &self.closure[t * w..(t + 1) * w];
                for (ci, &rep) in reps.iter().enumerate() {
                    if pred.accepts(rep) {
                        let at = (s * k + ci) * w;
                        or_into(&mut table[at..at + w], target);
                    }
                }
            }
        }
        table
    }
}
