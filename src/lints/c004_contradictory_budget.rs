//! C004 contradictory-budget.

use super::LintContext;
use crate::analysis::interval::{self, Constraint, Op};
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::{Budget, Spec};
use crate::syntax::CompareOp;

pub use crate::diagnostics::rules::CONTRADICTORY_BUDGET as RULE;

/// The interval operator of a comparison.
pub(crate) fn op(op: CompareOp) -> Op {
    match op {
        CompareOp::Lt => Op::Lt,
        CompareOp::Le => Op::Le,
        CompareOp::Gt => Op::Gt,
        CompareOp::Ge => Op::Ge,
        CompareOp::Eq => Op::Eq,
    }
}

/// The budgets grouped by (metric, target), groups and members in model order.
pub(crate) fn groups(spec: &Spec) -> Vec<Vec<&Budget>> {
    let mut groups: Vec<Vec<&Budget>> = Vec::new();
    for b in &spec.boundaries.budgets {
        match groups
            .iter_mut()
            .find(|g| g[0].metric == b.metric && g[0].target == b.target)
        {
            Some(group) => group.push(b),
            None => groups.push(vec![b]),
        }
    }
    groups
}

/// The constraints of one group, for [`interval::analyse`].
pub(crate) fn constraints(group: &[&Budget]) -> Vec<Constraint> {
    group
        .iter()
        .map(|b| Constraint {
            op: op(b.op),
            value: b.amount.canonical,
        })
        .collect()
}

/// `latency.p99 "GET /orders"`, as the budget names its subject.
pub(crate) fn subject(b: &Budget) -> String {
    match &b.target {
        Some(target) => format!("{} \"{target}\"", b.metric),
        None => b.metric.clone(),
    }
}

pub(crate) fn bound(b: &Budget) -> String {
    format!("{} {}", b.op.as_str(), b.amount.text)
}

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for group in groups(cx.spec) {
        let Some((i, j)) = interval::analyse(&constraints(&group)).contradiction else {
            continue;
        };
        let (first, last) = (group[i], group[j]);
        let d = if i == j {
            Diagnostic::new(
                &RULE,
                last.loc.file,
                last.loc.span,
                format!(
                    "the budget `{}` on `{}` admits no value",
                    bound(last),
                    subject(last)
                ),
            )
            .with_primary_label("no value satisfies this bound")
        } else {
            Diagnostic::new(
                &RULE,
                last.loc.file,
                last.loc.span,
                format!(
                    "the budgets on `{}` admit no value: `{}` and `{}` contradict",
                    subject(last),
                    bound(first),
                    bound(last)
                ),
            )
            .with_primary_label(format!("`{}` …", bound(last)))
            .with_label(Label::new(
                first.loc.file,
                first.loc.span,
                format!("… cannot hold together with `{}`", bound(first)),
            ))
        };
        out.push(d.with_help("keep the bound you mean and delete or correct the other"));
    }
}
