//! Specs without positions: what lets a text edit that moves nothing but
//! offsets (a comment, a reworded goal) leave the structural lints alone.
//!
//! [`erase`] replaces every [`Loc`] of a spec by its ordinal among the
//! spec's locations, and blanks the prose no structural question reads
//! (docs, titles, outcomes, criteria, goals, roles). Inserting text moves
//! every later location by the same amount, so the ordinals, and the
//! erased spec, stay equal: salsa sees an unchanged value and re-runs none
//! of the queries that read it. Findings computed on the erased spec point
//! at ordinals; [`LocTable::restore`] maps them back to the current text.

use super::model::{Loc, Spec};
use super::{SpecKey, analyse};
use crate::db::Db;
use crate::text::Span;

/// The spec `key` names with its positions erased (see the module docs).
#[salsa::tracked(returns(ref), lru = 0)]
pub fn erased_spec<'db>(db: &'db dyn Db, key: SpecKey<'db>) -> Option<Spec> {
    let specs = &analyse(db, key.file(db)).specs;
    specs.get(key.index(db)).map(erase)
}

/// Ordinal spans start here, far above any real offset (files are at most
/// 16 MiB), so a span that did not come from an ordinal is never mistaken
/// for one, and low enough that every ordinal fits a span's 32 bits.
const ORDINAL_BASE: usize = 1 << 30;
// A spec has fewer locations than its file has bytes.
const _: () = assert!(ORDINAL_BASE as u64 + crate::db::system::MAX_FILE_BYTES <= u32::MAX as u64);

/// The locations of one spec, sorted, each once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocTable {
    locs: Vec<Loc>,
}

impl LocTable {
    pub fn of(spec: &Spec) -> Self {
        Self::collect(&mut spec.clone())
    }

    fn collect(spec: &mut Spec) -> Self {
        let mut locs = Vec::new();
        for_each_loc(spec, &mut |loc| locs.push(*loc));
        locs.sort_unstable();
        locs.dedup();
        Self { locs }
    }

    /// The real span for a span of an erased spec; any other span as it is.
    pub fn restore(&self, span: Span) -> Span {
        let real = |offset: usize, end: bool| {
            let Some(k) = offset.checked_sub(ORDINAL_BASE) else {
                return offset;
            };
            self.locs.get(k).map_or(0, |loc| {
                if end {
                    loc.span.end()
                } else {
                    loc.span.start()
                }
            })
        };
        Span::new(real(span.start(), false), real(span.end(), true))
    }
}

/// The spec with ordinal locations and no prose.
pub fn erase(spec: &Spec) -> Spec {
    let mut erased = spec.clone();
    let table = LocTable::collect(&mut erased);
    for_each_loc(&mut erased, &mut |loc| {
        let k = table.locs.binary_search(loc).unwrap_or(0);
        loc.span = Span::at(ORDINAL_BASE + k);
    });
    erased.doc = None;
    erased.title = None;
    erased.intent.outcome = None;
    erased.intent.non_goals.clear();
    for criterion in &mut erased.intent.success {
        criterion.text.clear();
    }
    for task in &mut erased.tasks {
        if let Some(goal) = &mut task.goal {
            goal.value.clear();
        }
    }
    for agent in &mut erased.agents {
        agent.role = None;
    }
    erased
}

/// Calls `f` on every location of the spec. A location this walk misses
/// only costs early cutoff (it keeps its real offset), never correctness.
fn for_each_loc(spec: &mut Spec, f: &mut impl FnMut(&mut Loc)) {
    f(&mut spec.loc);
    let located = [
        spec.title.as_mut().map(|l| &mut l.loc),
        spec.version.as_mut().map(|l| &mut l.loc),
        spec.owner.as_mut().map(|l| &mut l.loc),
        spec.autonomy.as_mut().map(|l| &mut l.loc),
        spec.intent.loc.as_mut(),
        spec.intent.outcome.as_mut().map(|l| &mut l.loc),
        spec.boundaries.loc.as_mut(),
        spec.governance.loc.as_mut(),
        spec.governance.audit.as_mut().map(|l| &mut l.loc),
        spec.governance.rollback.as_mut().map(|l| &mut l.loc),
        spec.governance.trace.as_mut().map(|l| &mut l.loc),
    ];
    for loc in located.into_iter().flatten() {
        f(loc);
    }
    for goal in &mut spec.intent.non_goals {
        f(&mut goal.loc);
    }
    for criterion in &mut spec.intent.success {
        f(&mut criterion.loc);
        f(&mut criterion.text_loc);
        for r in &mut criterion.proven_by {
            f(&mut r.loc);
        }
    }
    let b = &mut spec.boundaries;
    for glob in b.write.iter_mut().chain(&mut b.deny) {
        f(&mut glob.loc);
    }
    for d in &mut b.dependencies {
        f(&mut d.loc);
        if let Some(req) = &mut d.req {
            f(&mut req.loc);
        }
    }
    for budget in &mut b.budgets {
        f(&mut budget.loc);
    }
    for metric in &mut b.metrics {
        f(&mut metric.loc);
    }
    for check in &mut spec.checks {
        f(&mut check.loc);
        if let Some((_, Some(of))) = &mut check.coverage {
            f(&mut of.loc);
        }
    }
    for contract in &mut spec.contracts {
        f(&mut contract.loc);
        if let Some(schema) = &mut contract.schema {
            f(&mut schema.loc);
        }
    }
    for agent in &mut spec.agents {
        f(&mut agent.loc);
        if let Some(role) = &mut agent.role {
            f(&mut role.loc);
        }
        for glob in agent
            .write
            .iter_mut()
            .chain(&mut agent.read)
            .chain(&mut agent.deny)
        {
            f(&mut glob.loc);
        }
    }
    for task in &mut spec.tasks {
        f(&mut task.loc);
        if let Some(goal) = &mut task.goal {
            f(&mut goal.loc);
        }
        for r in &mut task.after {
            f(&mut r.loc);
        }
        for r in &mut task.verify {
            f(&mut r.loc);
        }
        let scope = &mut task.scope;
        let globs = task
            .write
            .iter_mut()
            .chain(&mut task.read)
            .chain(&mut task.deny)
            .chain(scope.allow.iter_mut().flatten())
            .chain(&mut scope.deny)
            .chain(&mut scope.read);
        for glob in globs {
            f(&mut glob.loc);
        }
    }
    for approval in &mut spec.governance.approvals {
        f(&mut approval.loc);
        for glob in &mut approval.touches {
            f(&mut glob.loc);
        }
    }
    for waiver in &mut spec.waivers {
        f(&mut waiver.block);
        f(&mut waiver.loc);
    }
    for block in &mut spec.blocks {
        f(&mut block.loc);
    }
}
