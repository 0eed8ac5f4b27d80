//! Compiled write, read and deny scopes of every task, and the literal-prefix
//! index that keeps the conflict lints fast on large specs.
//!
//! The conflict lints (C001, C006, C007) and the scope lints (O005, G002) ask
//! set questions about globs, which [`crate::analysis::glob`] answers exactly.
//! Asking them for every pair of globs is quadratic: 1,000 agents with 4 globs
//! each give 8 million pairs. But every path a glob matches starts with its
//! literal prefix, so two globs can only share a path when one's prefix is a
//! prefix of the other's (a glob starting with a wildcard has the empty
//! prefix, a prefix of everything). [`candidate_pairs`] enumerates exactly
//! those pairs through a sorted index; only they are then decided exactly.
//! The pruning is sound (it never drops an overlapping pair), so the result
//! is the same as the all-pairs check, which `tests/it/conflicts_props.rs`
//! verifies on random specs.

use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;
use std::cell::OnceCell;

use crate::analysis::glob::{self, Glob, TooComplex};
use crate::db::Db;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::rules::GLOB_TOO_COMPLEX;
use crate::semantic::model::{GlobAt, Loc, Spec, WriteScope};

/// One glob of a scope: where it was written, and its compiled form.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'s> {
    /// `None` for the implicit `**` of a task with no `write` anywhere.
    pub at: Option<&'s GlobAt>,
    /// Index into [`Scopes::glob`].
    pub glob: usize,
}

impl Entry<'_> {
    /// The pattern as the user reads it.
    pub fn pattern(&self) -> &str {
        self.at.map_or(WHOLE_REPOSITORY, |g| g.pattern.as_ref())
    }
}

impl<'s> Entry<'s> {
    /// Where to point a label: the glob, or the task for the implicit `**`.
    pub fn loc<'a>(&self, task: &'a crate::semantic::model::Task) -> &'a crate::semantic::model::Loc
    where
        's: 'a,
    {
        self.at.map_or(&task.loc, |g| &g.loc)
    }
}

/// The pattern that stands for "no `write` anywhere: the whole repository".
pub const WHOLE_REPOSITORY: &str = "**";

/// One task's scope, compiled.
#[derive(Debug, Default)]
pub struct TaskScope<'s> {
    /// The `write` globs in scope, or one whole-repository entry.
    pub allow: Vec<Entry<'s>>,
    /// Every `deny` of spec, agent and task.
    pub deny: Vec<Entry<'s>>,
    /// The `read` globs in scope.
    pub read: Vec<Entry<'s>>,
}

impl TaskScope<'_> {
    /// The deny globs' indices, for [`Scopes::witness`].
    pub fn deny_globs(&self) -> Vec<usize> {
        self.deny.iter().map(|e| e.glob).collect()
    }

    /// Whether the task may write `path`: an allow glob matches it and no deny does.
    pub fn may_write(&self, scopes: &Scopes<'_>, path: &str) -> bool {
        self.allow.iter().any(|e| scopes.matches(e.glob, path))
            && !self.deny.iter().any(|e| scopes.matches(e.glob, path))
    }
}

/// One interned pattern: its index key, and its compiled glob, built or
/// looked up on first use ([`crate::semantic::globs::compile`]).
struct Interned<'s> {
    pattern: &'s str,
    prefix: &'s str,
    compiled: OnceCell<Option<Cow<'s, Glob>>>,
}

/// Every glob of a spec interned once by pattern (many tasks share the
/// spec's or their agent's globs), and each task's scope.
///
/// Globs are compiled lazily: the index needs only literal prefixes, and on
/// a large spec most globs are never part of a candidate pair, so building
/// every automaton up front would cost more than the whole exact check.
/// Each is compiled once for every lint of the spec; those with an
/// automaton come from the compiled-glob query, shared by every spec.
pub struct Scopes<'s> {
    db: &'s dyn Db,
    globs: Vec<Interned<'s>>,
    by_pattern: HashMap<&'s str, usize>,
    pub tasks: Vec<TaskScope<'s>>,
}

impl<'s> Scopes<'s> {
    pub fn of(db: &'s dyn Db, spec: &'s Spec) -> Scopes<'s> {
        // The other lists the lints look up (`entries`), interned below so
        // that one `Scopes` serves every lint of a run.
        let agents = spec.agents.iter().flat_map(|a| [&a.write, &a.deny]);
        let approvals = spec.governance.approvals.iter().map(|a| &a.touches);
        let lists = [&spec.boundaries.write, &spec.boundaries.deny]
            .into_iter()
            .chain(agents)
            .chain(spec.tasks.iter().map(|t| &t.deny))
            .chain(approvals);
        let others = lists.clone().map(|list| list.len()).sum::<usize>();
        let tasks = spec.tasks.iter().map(|t| &t.scope);
        let mut scopes = Scopes::with_tasks(db, tasks, others);
        for list in lists {
            for glob in list {
                scopes.intern(&glob.pattern);
            }
        }
        scopes
    }

    /// The scopes of tasks alone, for C008, which keeps only the tasks'
    /// scopes of a spec ([`crate::check::cross_spec::SpecScopes`]).
    pub fn of_tasks(
        db: &'s dyn Db,
        tasks: impl Iterator<Item = &'s WriteScope> + Clone,
    ) -> Scopes<'s> {
        Scopes::with_tasks(db, tasks, 0)
    }

    /// The tasks' scopes interned, with room for `others` more globs.
    fn with_tasks(
        db: &'s dyn Db,
        tasks: impl Iterator<Item = &'s WriteScope> + Clone,
        others: usize,
    ) -> Scopes<'s> {
        // Room for every glob at once: growing the table as globs come
        // rehashed it about a dozen times per spec.
        let at_most = 1
            + others
            + tasks
                .clone()
                .map(|scope| {
                    scope.allow.as_ref().map_or(0, |a| a.len())
                        + scope.deny.len()
                        + scope.read.len()
                })
                .sum::<usize>();
        let mut scopes = Scopes {
            db,
            globs: Vec::with_capacity(at_most),
            by_pattern: HashMap::with_capacity(at_most),
            tasks: Vec::with_capacity(tasks.size_hint().0),
        };
        scopes.intern(WHOLE_REPOSITORY);
        for scope in tasks {
            let allow = match &scope.allow {
                Some(globs) => scopes.intern_entries(globs),
                None => vec![scopes.whole_repository()],
            };
            let scope = TaskScope {
                allow,
                deny: scopes.intern_entries(&scope.deny),
                read: scopes.intern_entries(&scope.read),
            };
            scopes.tasks.push(scope);
        }
        scopes
    }

    /// The compiled glob at `index`; `None` for a pattern that does not
    /// parse (the type checker reported it, and the model should not hold
    /// it), which is then treated as matching nothing, as git does.
    pub fn glob(&self, index: usize) -> Option<&Glob> {
        let interned = self.globs.get(index)?;
        interned
            .compiled
            .get_or_init(|| crate::semantic::globs::compile(self.db, interned.pattern))
            .as_deref()
    }

    /// The compiled glob of `pattern`, a glob of the spec ([`Scopes::of`]
    /// interns every list the lints read); one of no list is compiled on
    /// the spot.
    pub fn glob_of(&self, pattern: &str) -> Option<&Glob> {
        match self.by_pattern.get(pattern) {
            Some(&index) => self.glob(index),
            None => crate::semantic::globs::compiled(self.db, pattern),
        }
    }

    /// Whether the glob at `index` matches `path`.
    pub fn matches(&self, index: usize, path: &str) -> bool {
        self.glob(index).is_some_and(|g| g.matches(path))
    }

    /// The implicit whole-repository entry (interned first, at index 0).
    pub fn whole_repository(&self) -> Entry<'s> {
        Entry { at: None, glob: 0 }
    }

    /// The entries of `globs`, in order: a list of the spec's, interned by
    /// [`Scopes::of`] (a glob of another list is left out).
    pub fn entries(&self, globs: &'s [GlobAt]) -> Vec<Entry<'s>> {
        globs
            .iter()
            .filter_map(|g| {
                let glob = self.by_pattern.get(g.pattern.as_ref()).copied();
                debug_assert!(glob.is_some(), "`{}` was not interned", g.pattern);
                Some(Entry {
                    at: Some(g),
                    glob: glob?,
                })
            })
            .collect()
    }

    /// Interns `globs`, in order.
    fn intern_entries(&mut self, globs: &'s [GlobAt]) -> Vec<Entry<'s>> {
        globs
            .iter()
            .map(|g| Entry {
                at: Some(g),
                glob: self.intern(&g.pattern),
            })
            .collect()
    }

    fn intern(&mut self, pattern: &'s str) -> usize {
        if let Some(&i) = self.by_pattern.get(pattern) {
            return i;
        }
        self.globs.push(Interned {
            pattern,
            prefix: index_prefix(pattern),
            compiled: OnceCell::new(),
        });
        let index = self.globs.len() - 1;
        self.by_pattern.insert(pattern, index);
        index
    }

    /// [`legible_witness`] over interned indices. A required glob that does
    /// not parse matches nothing (no witness); an excluded one excludes nothing.
    pub fn witness(&self, all: &[usize], none: &[usize]) -> Result<Option<String>, TooComplex> {
        match self.globs_of(all, none) {
            Some((all, none)) => legible_witness(&all, &none),
            None => Ok(None),
        }
    }

    /// Whether some path is matched by every glob of `all` and none of
    /// `none` ([`glob::exists`]: settled from samples when it can be), over
    /// interned indices, with [`Scopes::witness`]'s treatment of globs that
    /// do not parse.
    pub fn exists(&self, all: &[usize], none: &[usize]) -> Result<bool, TooComplex> {
        match self.globs_of(all, none) {
            Some((all, none)) => glob::exists(&all, &none),
            None => Ok(false),
        }
    }

    /// The compiled globs of a set question; `None` when a required glob
    /// does not parse (it matches nothing), while an excluded one that does
    /// not parse is left out (it excludes nothing).
    fn globs_of(&self, all: &[usize], none: &[usize]) -> Option<(Vec<&Glob>, Vec<&Glob>)> {
        let all = all
            .iter()
            .map(|&i| self.glob(i))
            .collect::<Option<Vec<_>>>()?;
        let none = none.iter().filter_map(|&i| self.glob(i)).collect();
        Some((all, none))
    }

    /// The index key of a glob: a prefix of every path it matches.
    pub fn prefix(&self, index: usize) -> &'s str {
        self.globs.get(index).map_or("", |g| g.prefix)
    }
}

/// Who holds a `write` list: named only when a finding needs the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Spec,
    Agent(usize),
    Task(usize),
}

impl Owner {
    /// `the spec`, `` agent `dev` ``, `` task `dev.port` ``: how messages name the owner.
    pub fn describe(self, spec: &Spec) -> String {
        match self {
            Owner::Spec => "the spec".to_owned(),
            Owner::Agent(a) => {
                let name = spec.agents.get(a).map_or("?", |agent| agent.name.as_str());
                format!("agent `{name}`")
            }
            Owner::Task(t) => format!("task `{}`", spec.task_id(t)),
        }
    }
}

/// The `write` lists of every agent and task, each with the `deny` globs in
/// force at its level (spec, then agent, then task) and its owner: what
/// C002 and C003 walk.
pub fn write_levels(spec: &Spec) -> Vec<(Owner, &[GlobAt], Vec<&GlobAt>)> {
    let mut levels = Vec::new();
    for (a, agent) in spec.agents.iter().enumerate() {
        let agent_denies: Vec<&GlobAt> = spec.boundaries.deny.iter().chain(&agent.deny).collect();
        levels.push((
            Owner::Agent(a),
            agent.write.as_slice(),
            agent_denies.clone(),
        ));
        for &t in &agent.tasks {
            let Some(task) = spec.tasks.get(t) else {
                continue;
            };
            let denies = agent_denies.iter().copied().chain(&task.deny).collect();
            levels.push((Owner::Task(t), task.write.as_slice(), denies));
        }
    }
    levels
}

/// Which globs of `candidates` each glob of `writes` may meet: those whose
/// literal prefixes agree with it, found through the prefix index rather
/// than by comparing every pair (100,000 writes against 100,000 spec writes
/// were 10¹⁰ comparisons). Past [`MAX_CANDIDATES`] pairs the lists are cut
/// short (`true`).
pub fn meeting(candidates: &[&GlobAt], writes: &[GlobAt]) -> (Meeting, bool) {
    let write_prefixes: Vec<&str> = writes.iter().map(|w| index_prefix(&w.pattern)).collect();
    let candidate_prefixes: Vec<&str> = candidates
        .iter()
        .map(|c| index_prefix(&c.pattern))
        .collect();
    let (pairs, truncated) =
        candidate_pairs_limited(&write_prefixes, &candidate_prefixes, MAX_CANDIDATES);
    (Meeting { pairs }, truncated)
}

/// The pairs [`meeting`] found, `(write, candidate)`, sorted: each write's
/// candidates are one run of them, so no list is built per write.
pub struct Meeting {
    pairs: Vec<(usize, usize)>,
}

impl Meeting {
    /// The indices into the candidates of the globs `write` may meet, ascending.
    pub fn of(&self, write: usize) -> impl Iterator<Item = usize> + Clone + '_ {
        partners(&self.pairs, write)
    }
}

/// The partners of `left` in `pairs` as [`candidate_pairs`] gives them
/// (sorted): the `j` of every `(left, j)`, ascending, read from one run of
/// the pairs rather than collected.
pub fn partners(pairs: &[(usize, usize)], left: usize) -> impl Iterator<Item = usize> + Clone + '_ {
    let start = pairs.partition_point(|&(i, _)| i < left);
    pairs[start..]
        .iter()
        .take_while(move |&&(i, _)| i == left)
        .map(|&(_, j)| j)
}

/// Whether every path `inner` matches is certainly matched by `outer`,
/// seen from the text alone: `outer` is `DIR/**` and `inner`'s literal
/// prefix runs past `DIR/`. `false` means "not known", not "no".
pub fn plainly_within(inner: &str, outer: &str) -> bool {
    let dir = index_prefix(outer);
    let whole_tree = outer.len() == dir.len() + 2
        && outer.ends_with("**")
        && (dir.is_empty() || dir.ends_with('/'));
    let inner_prefix = index_prefix(inner);
    whole_tree && inner_prefix.len() > dir.len() && inner_prefix.starts_with(dir)
}

/// Whether two glob patterns can share a path as far as their literal
/// prefixes tell: one prefix must start the other.
pub fn prefixes_agree(a: &str, b: &str) -> bool {
    compatible(index_prefix(a), index_prefix(b))
}

/// The index key of a pattern: [`glob::unescaped_prefix`], computed without
/// compiling the glob. Shorter than [`Glob::literal_prefix`] on escapes,
/// never longer, so pruning by it is still sound, merely less sharp there.
pub fn index_prefix(pattern: &str) -> &str {
    glob::unescaped_prefix(pattern)
}

/// [`glob::witness`], but preferring a path whose file name neither starts
/// nor ends with `.` when one exists: the shortest witness of `src/**/*.rs`
/// is `src/.rs`, which reads like a typo, where `src/x.rs` reads like a file.
/// Whether a witness exists is decided by the exact search alone; the second
/// search runs only to respell a witness already found, so the answer is the
/// same and the cost is paid only on overlaps (which are findings).
pub fn legible_witness(all: &[&Glob], none: &[&Glob]) -> Result<Option<String>, TooComplex> {
    let Some(found) = glob::witness(all, none)? else {
        return Ok(None);
    };
    let name = found.rsplit('/').next().unwrap_or(&found);
    if !name.starts_with('.') && !name.ends_with('.') {
        return Ok(Some(found));
    }
    let odd: Vec<Glob> = ["**/.*", "**/*."]
        .iter()
        .filter_map(|p| Glob::parse(p).ok())
        .collect();
    let mut avoid: Vec<&Glob> = none.to_vec();
    avoid.extend(&odd);
    // The respelling is cosmetic: if it is too complex, keep the first answer.
    Ok(Some(
        glob::witness(all, &avoid).ok().flatten().unwrap_or(found),
    ))
}

/// The finding for a set question the exact search gave up on (E011): the
/// lint named `lint` could not decide `pattern` at `loc`, so it reports
/// that rather than a guess either way. `lints::run` keeps one per place.
pub fn too_complex(loc: &Loc, pattern: &str, lint: &str) -> Diagnostic {
    Diagnostic::new(
        &GLOB_TOO_COMPLEX,
        loc.file,
        loc.span,
        format!("{lint} cannot decide `{pattern}` exactly: {TooComplex}"),
    )
    .with_primary_label("too complex to decide exactly")
    .with_help("fewer `?` after a `*`, or a literal directory prefix, keeps the exact check small")
}

/// Every pair `(i, j)` of a left and a right glob that may overlap, judged
/// by literal prefixes alone: one prefix is a prefix of the other. Sorted and
/// without duplicates. Exact in what it keeps (a pair it drops cannot
/// overlap), and proportional to the number of pairs it returns plus
/// `O((n + m) · L · log m)` for prefixes of length `L`.
pub fn candidate_pairs(left: &[&str], right: &[&str]) -> Vec<(usize, usize)> {
    candidate_pairs_limited(left, right, usize::MAX).0
}

/// [`candidate_pairs`], stopping once `limit` pairs are found; `true` when
/// it stopped early (the pairs are then a subset, still sorted).
///
/// One sweep over both lists in sorted order: `q` is a prefix of `p` only
/// if it sorts before or at `p`, so each side keeps a stack of the prefixes
/// seen so far that are prefixes of the current one (a chain, each a prefix
/// of the next). An item pairs with every entry of the other side's stack.
/// The cost is the sort plus one comparison per pair found and per item.
pub fn candidate_pairs_limited(
    left: &[&str],
    right: &[&str],
    limit: usize,
) -> (Vec<(usize, usize)>, bool) {
    if left.len().saturating_mul(right.len()) <= PAIRWISE_AT_MOST {
        let pairs = (0..left.len()).flat_map(|i| (0..right.len()).map(move |j| (i, j)));
        return first_pairs(pairs, |i, j| compatible(left[i], right[j]), limit);
    }
    // (prefix, side, index): left is side 0. Equal prefixes pair both ways,
    // so their order among themselves does not matter.
    let mut items: Vec<(&str, usize, usize)> = Vec::with_capacity(left.len() + right.len());
    items.extend(left.iter().enumerate().map(|(i, p)| (*p, 0, i)));
    items.extend(right.iter().enumerate().map(|(j, q)| (*q, 1, j)));
    items.sort_unstable();
    let mut stacks: [Vec<(&str, usize)>; 2] = [Vec::new(), Vec::new()];
    let mut pairs = Vec::new();
    let mut truncated = false;
    'sweep: for (prefix, side, index) in items {
        for stack in &mut stacks {
            while stack.last().is_some_and(|(q, _)| !prefix.starts_with(q)) {
                stack.pop();
            }
        }
        for &(_, other) in &stacks[1 - side] {
            if pairs.len() >= limit {
                truncated = true;
                break 'sweep;
            }
            pairs.push(if side == 0 {
                (index, other)
            } else {
                (other, index)
            });
        }
        stacks[side].push((prefix, index));
    }
    pairs.sort_unstable();
    pairs.dedup();
    (pairs, truncated)
}

/// Lists with at most this many pairs between them are compared pair by
/// pair: fewer steps than sorting them for the sweep, no allocation but the
/// answer, and the pairs come out in order. A spec's own lists (a task's
/// globs against another's) are this short; the sweep is for the long
/// ones, a workspace's or a hostile spec's.
const PAIRWISE_AT_MOST: usize = 64;

/// Whether two literal prefixes may belong to overlapping globs: one is a
/// prefix of the other.
fn compatible(p: &str, q: &str) -> bool {
    p.starts_with(q) || q.starts_with(p)
}

/// The `pairs` (in order) that `keep` keeps, the first `limit` of them,
/// and whether there were more.
fn first_pairs(
    pairs: impl Iterator<Item = (usize, usize)>,
    keep: impl Fn(usize, usize) -> bool,
    limit: usize,
) -> (Vec<(usize, usize)>, bool) {
    let mut kept: Vec<(usize, usize)> = pairs.filter(|&(i, j)| keep(i, j)).collect();
    let truncated = kept.len() > limit;
    kept.truncate(limit);
    (kept, truncated)
}

/// Candidate pairs one lint may examine before it stops: 100,000 globs
/// that all start with a wildcard would otherwise make 5·10⁹ pairs (the
/// abort "memory allocation of 8589934592 bytes failed").
pub const MAX_CANDIDATES: usize = 1 << 22;

/// What a lint reports when it stopped at [`MAX_CANDIDATES`]: its findings
/// so far stand, but pairs beyond them were not examined. It carries the
/// rule's level: the lint could not clear the spec.
pub fn stopped_early(spec: &Spec, rule: &'static crate::diagnostics::Rule) -> Diagnostic {
    Diagnostic::new(
        rule,
        spec.loc.file,
        spec.loc.span,
        format!(
            "{} stopped after {MAX_CANDIDATES} candidate pairs of globs; pairs beyond them were not checked",
            rule.code
        ),
    )
    .with_help("give agents distinct directories (a literal prefix such as `svc/a/`) so fewer globs can meet")
}

/// The entries of every task's scope list grouped by (agent, glob): tasks
/// of one agent share their agent's and the spec's globs, and an agent's
/// tasks never run at once, so pairs are formed between groups of
/// different agents only (100,000 tasks of one agent form one group).
pub struct Groups {
    /// Per group: its agent and glob.
    pub keys: Vec<(usize, usize)>,
    /// Per group: `(task, position in the task's list)`, ascending.
    pub members: Vec<Vec<(usize, usize)>>,
}

impl Groups {
    pub fn of(spec: &Spec, lists: impl Iterator<Item = (usize, Vec<usize>)>) -> Groups {
        let mut index: HashMap<(usize, usize), usize> = HashMap::new();
        let mut groups = Groups {
            keys: Vec::new(),
            members: Vec::new(),
        };
        for (task, globs) in lists {
            let agent = spec.tasks.get(task).map_or(usize::MAX, |t| t.agent);
            for (k, glob) in globs.into_iter().enumerate() {
                let next = groups.keys.len();
                let g = *index.entry((agent, glob)).or_insert(next);
                if g == next {
                    groups.keys.push((agent, glob));
                    groups.members.push(Vec::new());
                }
                groups.members[g].push((task, k));
            }
        }
        groups
    }
}

/// [`candidate_pairs`] of a list with itself: every unordered pair `i < j`.
pub fn candidate_pairs_within(prefixes: &[&str]) -> Vec<(usize, usize)> {
    candidate_pairs_within_limited(prefixes, usize::MAX).0
}

/// [`candidate_pairs_within`], stopping after about `limit` pairs; `true`
/// when it stopped early.
///
/// The sweep of [`candidate_pairs_limited`] over one list: one stack of the
/// prefixes seen so far that are prefixes of the current one, each item
/// paired with every entry of it. Each unordered pair is found once, when
/// its later item (in sorted order) comes.
pub fn candidate_pairs_within_limited(
    prefixes: &[&str],
    limit: usize,
) -> (Vec<(usize, usize)>, bool) {
    let n = prefixes.len();
    if n.saturating_mul(n.saturating_sub(1)) / 2 <= PAIRWISE_AT_MOST {
        let pairs = (0..n).flat_map(|i| (i + 1..n).map(move |j| (i, j)));
        return first_pairs(pairs, |i, j| compatible(prefixes[i], prefixes[j]), limit);
    }
    let mut items: Vec<(&str, usize)> = prefixes.iter().copied().zip(0..).collect();
    items.sort_unstable();
    let mut stack: Vec<(&str, usize)> = Vec::new();
    let mut pairs = Vec::new();
    let mut truncated = false;
    'sweep: for (prefix, index) in items {
        while stack.last().is_some_and(|(q, _)| !prefix.starts_with(q)) {
            stack.pop();
        }
        for &(_, other) in &stack {
            if pairs.len() >= limit {
                truncated = true;
                break 'sweep;
            }
            pairs.push((other.min(index), other.max(index)));
        }
        stack.push((prefix, index));
    }
    pairs.sort_unstable();
    (pairs, truncated)
}

#[cfg(test)]
mod tests {
    #[test]
    fn plainly_within_only_claims_true_containment() {
        use crate::analysis::glob::{Glob, is_subset};
        let cases = [
            ("src/db/**", "src/**", true),
            ("src/db/x.rs", "src/**", true),
            ("src/**", "src/**", false),
            ("srcx/**", "src/**", false),
            ("src/*.rs", "src/db/**", false),
            ("a/**", "**", true),
            ("**/x", "**", false),
        ];
        for (inner, outer, expected) in cases {
            assert_eq!(plainly_within(inner, outer), expected, "{inner} in {outer}");
            if expected {
                let (i, o) = (Glob::parse(inner).unwrap(), Glob::parse(outer).unwrap());
                assert!(
                    is_subset(&i, &o) == Ok(true),
                    "{inner} in {outer} must be a real subset"
                );
            }
        }
    }

    use super::*;
    use proptest::prelude::*;

    fn compatible(p: &str, q: &str) -> bool {
        p.starts_with(q) || q.starts_with(p)
    }

    #[test]
    fn finds_extensions_proper_prefixes_and_the_empty_prefix() {
        let left = ["svc/a1/", "", "svc/a10/x"];
        let right = ["svc/a1/src/", "svc/a10/", "svc/", "svc/a1/", "other"];
        let got = candidate_pairs(&left, &right);
        let want: Vec<(usize, usize)> = (0..left.len())
            .flat_map(|i| (0..right.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| compatible(left[i], right[j]))
            .collect();
        assert_eq!(got, want);
    }

    proptest! {
        #[test]
        fn index_keeps_exactly_the_prefix_compatible_pairs(
            // Up to 24 a side: short lists are compared pair by pair,
            // longer ones swept (more than `PAIRWISE_AT_MOST` pairs).
            left in proptest::collection::vec("[ab/é]{0,4}", 0..24),
            right in proptest::collection::vec("[ab/é]{0,4}", 0..24),
            limit in 0usize..40,
        ) {
            let l: Vec<&str> = left.iter().map(String::as_str).collect();
            let r: Vec<&str> = right.iter().map(String::as_str).collect();
            let want: Vec<(usize, usize)> = (0..l.len())
                .flat_map(|i| (0..r.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| compatible(l[i], r[j]))
                .collect();
            prop_assert_eq!(candidate_pairs(&l, &r), want.clone());
            // Stopped at a limit: sorted pairs of the answer, no more than
            // the limit, and all of it when it did not stop.
            let (some, stopped) = candidate_pairs_limited(&l, &r, limit);
            prop_assert!(some.len() <= limit && some.is_sorted());
            prop_assert!(some.iter().all(|p| want.contains(p)));
            prop_assert_eq!(stopped, some != want);
            let within: Vec<(usize, usize)> = (0..l.len())
                .flat_map(|i| (i + 1..l.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| compatible(l[i], l[j]))
                .collect();
            prop_assert_eq!(candidate_pairs_within(&l), within);
        }
    }
}
