//! A glob compiled to a small ε-free NFA.
//!
//! States are numbered densely. Every state set handled here is ε-closed:
//! a consuming edge lands on the ε-closure of its target, which is stored
//! sparsely (a few states per entry), so memory stays linear in the pattern
//! even for a glob of 40,000 `?` (a dense closure matrix would be quadratic).

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

/// Lists of states indexed densely, stored flat (compressed rows).
#[derive(Debug, Clone, Default)]
pub(crate) struct Rows {
    at: Vec<u32>,
    items: Vec<u32>,
}

impl Rows {
    fn new() -> Rows {
        Rows {
            at: vec![0],
            items: Vec::new(),
        }
    }
    fn push_row(&mut self, row: impl IntoIterator<Item = u32>) {
        self.items.extend(row);
        // Rows hold NFA states of one pattern: far below 2^32.
        self.at.push(self.items.len() as u32);
    }
    #[inline]
    pub(crate) fn row(&self, i: usize) -> &[u32] {
        &self.items[self.at[i] as usize..self.at[i + 1] as usize]
    }
}

/// An ε-free view of a Thompson-style NFA: per state its consuming edges,
/// and per state its ε-closure.
#[derive(Debug, Clone)]
pub(crate) struct Nfa {
    /// Consuming edges per state.
    edges: Vec<Vec<(Pred, u32)>>,
    /// The ε-closure of each state, sorted.
    closure: Rows,
    /// The accepting state.
    accept: u32,
    /// Whether the accepting state has an any-character self-loop: a set
    /// containing it accepts every extension of the text read so far.
    universal: bool,
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
        let mut tail_loop = None;
        let mut previous: Option<&Token> = None;
        for token in tokens {
            // `(.*/)?(.*/)?` is `(.*/)?`: collapsing runs of `**/` keeps
            // every ε-closure a few states long (`**/**/**/…` would
            // otherwise make closures, and their total size, quadratic).
            if matches!(token, Token::DirStar) && matches!(previous, Some(Token::DirStar)) {
                continue;
            }
            previous = Some(token);
            tail_loop = None;
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
                    tail_loop = Some(l);
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
        let mut closure = Rows::new();
        // `mark[t] == s + 1` once `t` is in the closure of `s`: one array
        // serves every state without clearing.
        let mut mark = vec![0u32; n];
        let mut stack = Vec::new();
        let mut row = Vec::new();
        for s in 0..n {
            let stamp = s as u32 + 1;
            row.clear();
            stack.push(s as u32);
            while let Some(t) = stack.pop() {
                if mark[t as usize] == stamp {
                    continue;
                }
                mark[t as usize] = stamp;
                row.push(t);
                stack.extend(b.eps[t as usize].iter().copied());
            }
            row.sort_unstable();
            closure.push_row(row.iter().copied());
        }
        Nfa {
            edges: b.edges,
            closure,
            accept: cur,
            universal: tail_loop == Some(cur),
        }
    }

    /// Number of states.
    pub(crate) fn len(&self) -> usize {
        self.edges.len()
    }

    /// The start states (ε-closure of state 0), sorted.
    pub(crate) fn start(&self) -> &[u32] {
        self.closure.row(0)
    }

    pub(crate) fn is_accept(&self, s: u32) -> bool {
        s == self.accept
    }

    /// Whether reaching `s` means every extension is accepted.
    pub(crate) fn is_universal(&self, s: u32) -> bool {
        self.universal && s == self.accept
    }

    /// All predicates on the edges, for building the witness alphabet.
    pub(crate) fn preds(&self) -> impl Iterator<Item = &Pred> {
        self.edges.iter().flatten().map(|(p, _)| p)
    }

    /// Runs the NFA on `text`, in time linear in `text` times the number of
    /// live states. Allocates nothing for up to 256 states.
    pub(crate) fn matches(&self, text: &str) -> bool {
        let w = self.len().div_ceil(64);
        let mut small = [0u64; 8];
        let mut big = Vec::new();
        let buf: &mut [u64] = if 2 * w <= small.len() {
            &mut small[..2 * w]
        } else {
            big.resize(2 * w, 0);
            &mut big
        };
        let (mut cur, mut next) = buf.split_at_mut(w);
        for &s in self.start() {
            cur[s as usize / 64] |= 1 << (s % 64);
        }
        for c in text.chars() {
            next.fill(0);
            let mut any = false;
            for s in bits(cur) {
                for (pred, t) in &self.edges[s] {
                    if pred.accepts(c) {
                        for &u in self.closure.row(*t as usize) {
                            next[u as usize / 64] |= 1 << (u % 64);
                        }
                        any = true;
                    }
                }
            }
            if !any {
                return false;
            }
            std::mem::swap(&mut cur, &mut next);
        }
        let a = self.accept as usize;
        cur[a / 64] & (1 << (a % 64)) != 0
    }

    /// The transition table for a witness alphabet: row `s * reps.len() + k`
    /// lists, sorted and without repeats, the states reached from state `s`
    /// on class `k` (represented by `reps[k]`).
    pub(crate) fn table(&self, reps: &[char]) -> Rows {
        let mut rows = Rows::new();
        let mut row: Vec<u32> = Vec::new();
        for edges in &self.edges {
            for &rep in reps {
                row.clear();
                for (pred, t) in edges {
                    if pred.accepts(rep) {
                        row.extend_from_slice(self.closure.row(*t as usize));
                    }
                }
                row.sort_unstable();
                row.dedup();
                rows.push_row(row.iter().copied());
            }
        }
        rows
    }
}
