//! C008 cross-spec-overlap: a task of one active spec and a task of another
//! active spec of the checked set may write the same path.
//!
//! The active specs of a workspace are worked on at the same time by
//! different teams of agents, so no task of one is ordered against a task
//! of another: every pair of tasks from two active specs is concurrent.
//! This pass runs over every spec the front door checked (not one file at a
//! time, as the per-spec lints do) and decides each overlap exactly, with a
//! witness path, as C001 does within a spec. Candidate pairs come from the
//! same literal-prefix index as C001 ([`candidate_pairs_within`]), so the
//! cost follows the number of globs and of the pairs that may overlap, not
//! the square of the number of specs.

use std::cell::OnceCell;

use foldhash::{HashMap, HashMapExt};

use crate::analysis::glob::Glob;
use crate::db::{Db, SourceFile, settings_of};
use crate::diagnostics::rules::CROSS_SPEC_OVERLAP as RULE;
use crate::diagnostics::{Diagnostic, Label};
use crate::lints::scopes::{
    Scopes, WHOLE_REPOSITORY, candidate_pairs_within, index_prefix, legible_witness,
};
use crate::semantic::analyse;
use crate::semantic::model::{Loc, Spec, Waiver, WriteScope};

/// Whether a spec takes part in C008. This is the one place that decides
/// it: a spec is active unless its `status` says `draft` or `done`.
///
/// Whether a spec takes part: its `status` header says `active`, or it has
/// none (language.md, "Several specs in one workspace"); `draft` and `done`
/// specs are not being worked on, so nothing they allow can collide.
pub fn is_active(spec: &Spec) -> bool {
    spec.status
        .as_ref()
        .is_none_or(|s| s.value == crate::semantic::model::Status::Active)
}

/// One overlap between tasks of two different specs: indices into the
/// slice given to [`overlaps`], task indices within each spec, the allow
/// entries that meet and the witness path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    pub spec_a: usize,
    pub task_a: usize,
    pub spec_b: usize,
    pub task_b: usize,
    pub glob_a: Option<String>,
    pub glob_b: Option<String>,
    pub witness: String,
}

/// Every pair of tasks of two different active specs whose write scopes
/// (allow minus deny) share a path, earlier spec first, with the first
/// overlapping glob pair in written order and the witness.
pub fn overlaps(db: &dyn Db, specs: &[&SpecScopes]) -> Vec<Overlap> {
    let active: Vec<usize> = (0..specs.len()).filter(|&s| specs[s].active).collect();
    if active.len() < 2 {
        // Nothing to compare; and the prefix index would pair one spec's
        // own tasks, quadratically, only to drop every pair.
        return Vec::new();
    }
    // Every allow glob of every task, as its task and position in the
    // order `Scopes::of_tasks` lists a task's allow entries (its globs, or
    // the one whole-repository entry), so a position indexes the entries
    // of the spec's `Scopes`; and its literal prefix. The prefixes
    // come straight from the patterns: a spec's `Scopes`, which interns
    // and compiles its globs, is built only when one of its tasks is in a
    // candidate pair (on the 1,000-file benchmark, none is), and not kept
    // for every spec of the workspace at once.
    //
    // A glob one spec gives several tasks (an agent's, which its tasks
    // inherit, or the spec's) is indexed once, with every task it stands
    // for: the index sorts its prefixes, and pairs within one spec are
    // dropped anyway. On the benchmark that halves what is sorted.
    let mut distinct: HashMap<(usize, &str), usize> = HashMap::new();
    // Per distinct glob: its active spec and prefix.
    let mut owners: Vec<usize> = Vec::new();
    let mut prefixes: Vec<&str> = Vec::new();
    // (distinct glob, task, position), in the order met.
    let mut items: Vec<(usize, usize, usize)> = Vec::new();
    for (a, &s) in active.iter().enumerate() {
        for (t, task) in specs[s].tasks.iter().enumerate() {
            let mut add = |k: usize, pattern| {
                let next = owners.len();
                let x = *distinct.entry((a, pattern)).or_insert(next);
                if x == next {
                    owners.push(a);
                    prefixes.push(index_prefix(pattern));
                }
                items.push((x, t, k));
            };
            match &task.scope.allow {
                Some(globs) => {
                    for (k, glob) in globs.iter().enumerate() {
                        add(k, &glob.pattern);
                    }
                }
                None => add(0, WHOLE_REPOSITORY),
            }
        }
    }
    // The tasks of each distinct glob, grouped by a counting sort that
    // keeps them in the order met.
    let mut starts = vec![0; owners.len() + 1];
    for &(x, _, _) in &items {
        starts[x + 1] += 1;
    }
    for x in 0..owners.len() {
        starts[x + 1] += starts[x];
    }
    let mut fill = starts.clone();
    let mut members = vec![(0, 0); items.len()];
    for (x, t, k) in items {
        members[fill[x]] = (t, k);
        fill[x] += 1;
    }
    let members = |x: usize| &members[starts[x]..starts[x + 1]];
    let mut candidates: Vec<(usize, usize, usize, usize, usize, usize)> = Vec::new();
    for (x, y) in candidate_pairs_within(&prefixes) {
        let (sx, sy) = (owners[x], owners[y]);
        if sx == sy {
            continue;
        }
        for &(tx, kx) in members(x) {
            for &(ty, ky) in members(y) {
                candidates.push(if (sx, tx) < (sy, ty) {
                    (sx, tx, sy, ty, kx, ky)
                } else {
                    (sy, ty, sx, tx, ky, kx)
                });
            }
        }
    }
    candidates.sort_unstable();

    let scopes: Vec<OnceCell<Scopes<'_>>> = active.iter().map(|_| OnceCell::new()).collect();
    let scopes = |a: usize| {
        let tasks = specs[active[a]].tasks.iter().map(|t| &t.scope);
        scopes[a].get_or_init(|| Scopes::of_tasks(db, tasks))
    };

    // Specs written from one template share globs: decide each question once.
    let mut memo: HashMap<(&str, &str, Vec<&str>), Option<String>> = HashMap::new();
    let mut found = Vec::new();
    for group in candidates.chunk_by(|x, y| (x.0, x.1, x.2, x.3) == (y.0, y.1, y.2, y.3)) {
        let (sa, ta, sb, tb) = (group[0].0, group[0].1, group[0].2, group[0].3);
        let (scope_a, scope_b) = (&scopes(sa).tasks[ta], &scopes(sb).tasks[tb]);
        let mut deny_patterns: Vec<&str> = scope_a
            .deny
            .iter()
            .map(|e| e.pattern())
            .chain(scope_b.deny.iter().map(|e| e.pattern()))
            .collect();
        deny_patterns.sort_unstable();
        deny_patterns.dedup();
        for &(_, _, _, _, ka, kb) in group {
            let (ea, eb) = (&scope_a.allow[ka], &scope_b.allow[kb]);
            let key = (ea.pattern(), eb.pattern(), deny_patterns.clone());
            let witness = memo.entry(key).or_insert_with(|| {
                // A glob that does not parse matches nothing (the type
                // checker reported it): no witness; as a deny it excludes nothing.
                let all: Vec<&Glob> = vec![scopes(sa).glob(ea.glob)?, scopes(sb).glob(eb.glob)?];
                let none: Vec<&Glob> = scope_a
                    .deny
                    .iter()
                    .filter_map(|e| scopes(sa).glob(e.glob))
                    .chain(scope_b.deny.iter().filter_map(|e| scopes(sb).glob(e.glob)))
                    .collect();
                // Too complex to decide: the cautious reading, as the task
                // graph takes it, is that the two may meet.
                legible_witness(&all, &none).unwrap_or_else(|_| {
                    Some(format!(
                        "(a path of `{}` and `{}`: too complex to decide exactly; simplify the globs)",
                        ea.pattern(),
                        eb.pattern()
                    ))
                })
            });
            if let Some(path) = witness {
                found.push(Overlap {
                    spec_a: active[sa],
                    task_a: ta,
                    spec_b: active[sb],
                    task_b: tb,
                    glob_a: ea.at.map(|g| g.pattern.to_string()),
                    glob_b: eb.at.map(|g| g.pattern.to_string()),
                    witness: path.clone(),
                });
                break;
            }
        }
    }
    found
}

/// C008 over every spec of `files`, as the front door checked them: one
/// warning per pair of tasks of two different active specs that may write
/// the same path, with the configured level of the file it points into and
/// the waivers of that file's specs applied. Sorted.
pub fn check_files(db: &dyn Db, files: &[SourceFile]) -> Vec<Diagnostic> {
    let mut owners: Vec<SourceFile> = Vec::new();
    let mut specs: Vec<&SpecScopes> = Vec::new();
    for &file in files {
        for spec in write_scopes(db, file) {
            owners.push(file);
            specs.push(spec);
        }
    }
    let mut by_file: HashMap<SourceFile, Vec<Diagnostic>> = HashMap::new();
    for overlap in overlaps(db, &specs) {
        let owner = owners[overlap.spec_b];
        by_file
            .entry(owner)
            .or_default()
            .push(report(&specs, &overlap));
    }
    let mut out = Vec::new();
    for (file, mut diagnostics) in by_file {
        let config = settings_of(db, file).config(db);
        let waivers = write_scopes(db, file).iter().flat_map(|s| &s.waivers);
        crate::check::waivers::apply(waivers, &mut diagnostics, false);
        diagnostics.retain_mut(|d| match config.severity(d.rule) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
        out.extend(diagnostics);
    }
    crate::diagnostics::normalise(&mut out);
    out
}

/// What C008 keeps of a spec, and nothing else: its name, whether it is
/// active, its agents' names, its tasks' names and write scopes, and its
/// waivers (a small part of the model: no prose, checks, contracts,
/// budgets, and none of the model's larger structs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecScopes {
    pub name: String,
    /// Whether the spec takes part ([`is_active`]).
    pub active: bool,
    /// The agents' names, by index: a task is named `agent.task`.
    pub agents: Vec<String>,
    pub tasks: Vec<TaskScopes>,
    pub waivers: Vec<Waiver>,
}

/// What C008 keeps of a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskScopes {
    pub name: String,
    /// Index into [`SpecScopes::agents`].
    pub agent: usize,
    pub loc: Loc,
    /// The resolved write scope; its `read` is left empty.
    pub scope: WriteScope,
}

impl SpecScopes {
    pub fn of(spec: &Spec) -> SpecScopes {
        let tasks = spec.tasks.iter().map(|task| TaskScopes {
            name: task.name.clone(),
            agent: task.agent,
            loc: task.loc,
            scope: WriteScope {
                allow: task.scope.allow.clone(),
                deny: task.scope.deny.clone(),
                level: task.scope.level,
                read: Vec::new(),
            },
        });
        SpecScopes {
            name: spec.name.clone(),
            active: is_active(spec),
            agents: spec.agents.iter().map(|a| a.name.clone()).collect(),
            tasks: tasks.collect(),
            waivers: spec.waivers.clone(),
        }
    }

    /// `spec::agent.task`, as C008's messages name a task.
    fn qualified_task(&self, task: usize) -> String {
        let task = &self.tasks[task];
        let agent = self.agents.get(task.agent).map_or("?", String::as_str);
        format!("{}::{agent}.{}", self.name, task.name)
    }
}

/// C008's part of a file's specs ([`SpecScopes`]).
///
/// C008 runs after every file is checked. A one-pass check computes this
/// while it checks each file ([`crate::check::check_files`]) and keeps it,
/// so salsa may drop the file's whole model ([`analyse`]) once the file is
/// checked: on the 1,000-file benchmark, the peak falls from 46 MB to 28 MB.
#[salsa::tracked(returns(ref))]
pub fn write_scopes(db: &dyn Db, file: SourceFile) -> Vec<SpecScopes> {
    analyse(db, file).specs.iter().map(SpecScopes::of).collect()
}

fn report(specs: &[&SpecScopes], o: &Overlap) -> Diagnostic {
    let (spec_a, spec_b) = (specs[o.spec_a], specs[o.spec_b]);
    let (task_a, task_b) = (&spec_a.tasks[o.task_a], &spec_b.tasks[o.task_b]);
    let (id_a, id_b) = (
        spec_a.qualified_task(o.task_a),
        spec_b.qualified_task(o.task_b),
    );
    let place = |task: &TaskScopes, glob: &Option<String>| {
        let at = glob.as_ref().and_then(|g| {
            task.scope
                .allow
                .iter()
                .flatten()
                .find(|x| *x.pattern == **g)
                .map(|x| x.loc)
        });
        at.unwrap_or(task.loc)
    };
    let (loc_a, loc_b) = (place(task_a, &o.glob_a), place(task_b, &o.glob_b));
    let through = |glob: &Option<String>| match glob {
        Some(g) => format!("through `{g}`"),
        None => "with no `write` anywhere".to_owned(),
    };
    Diagnostic::new(
        &RULE,
        loc_b.file,
        loc_b.span,
        format!(
            "`{id_a}` and `{id_b}` are in two active specs and may both write `{}`",
            o.witness
        ),
    )
    .with_primary_label(format!("`{id_b}` may write `{}` {}", o.witness, through(&o.glob_b)))
    .with_label(Label::new(
        loc_a.file,
        loc_a.span,
        format!("`{id_a}` may write it {}", through(&o.glob_a)),
    ))
    .with_note(format!(
        "active specs are worked on at the same time, so nothing orders `{}` against `{}`",
        spec_a.name, spec_b.name
    ))
    .with_help(format!(
        "split the scopes so they cannot meet (a `deny` in one spec), or mark the spec that is not being worked on now `status draft` (or `status done`); `{}` is a path both may write",
        o.witness
    ))
}
