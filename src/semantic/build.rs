//! Merged statements → the typed [`Spec`], with names resolved.
//!
//! Values that fail to type-check were reported by the type checker (in
//! their own file) and are skipped here, so this pass only reports what
//! needs the whole merged spec: unresolved references (E001), duplicate
//! names (E002), metric dimensions (E003) and task cycles (E005).

use std::sync::Arc;

use super::merge::{MStmt, MergedSpec};
use super::model::*;
use super::schedule::{Dependencies, EdgeReason};
use super::suggest::did_you_mean;
use super::table::BUILTIN_METRICS;
use crate::analysis::glob::Glob;
use crate::analysis::quantity::{Dimension, Quantity};
use crate::diagnostics::{Diagnostic, Label, rules};
use crate::syntax::{Arg, CompareOp, PathSeparator, Span, ValueKind};

pub fn build(name: &str, merged: &MergedSpec, out: &mut Vec<Diagnostic>) -> Spec {
    let root = &merged.root;
    let mut b = Builder {
        out,
        pending: Vec::new(),
        task_names: foldhash::HashMap::default(),
        agent_names: foldhash::HashMap::default(),
    };
    let mut spec = Spec {
        name: name.to_owned(),
        loc: loc(
            root,
            root.stmt
                .args
                .first()
                .map_or(root.stmt.head.span, |a| a.span),
        ),
        doc: root.stmt.doc.clone(),
        extends: merged.extends.clone(),
        title: None,
        version: None,
        owner: None,
        autonomy: None,
        status: None,
        intent: Intent::default(),
        boundaries: Boundaries::default(),
        checks: Vec::new(),
        contracts: Vec::new(),
        agents: Vec::new(),
        tasks: Vec::new(),
        governance: Governance::default(),
        waivers: Vec::new(),
        blocks: vec![BlockLoc {
            scope: "spec".into(),
            loc: loc(root, root.stmt.span),
        }],
    };
    for child in &root.children {
        match child.head() {
            "title" => spec.title = text_arg(child, 0),
            "version" => spec.version = text_arg(child, 0),
            "owner" => spec.owner = text_arg(child, 0),
            "autonomy" => {
                spec.autonomy =
                    word_arg(child, 0).and_then(|w| autonomy(&w.value).map(|a| located(a, w.loc)))
            }
            "status" => {
                spec.status = word_arg(child, 0)
                    .and_then(|w| Status::parse(&w.value).map(|s| located(s, w.loc)))
            }
            "intent" => b.intent(&mut spec, child),
            "boundaries" => b.boundaries(&mut spec, child),
            "verify" => b.verify(&mut spec, child),
            "contract" => b.contract(&mut spec, child),
            "agent" => b.agent(&mut spec, child),
            "governance" => b.governance(&mut spec, child),
            "waive" => b.waiver(&mut spec, child, "spec", root),
            _ => {}
        }
    }
    b.resolve(&mut spec);
    resolve_scopes(&mut spec);
    b.budgets(&spec);
    report_cycles(&spec, b.out);
    spec
}

/// A reference waiting for every definition to be known.
enum Pending {
    Criterion {
        index: usize,
        refs: Vec<(String, Loc)>,
    },
    TaskVerify {
        task: usize,
        refs: Vec<(String, Loc)>,
    },
    TaskAfter {
        task: usize,
        refs: Vec<(String, Loc)>,
    },
    ContractEnd {
        contract: usize,
        from: bool,
        name: String,
        loc: Loc,
    },
}

/// A spec's names of one kind, for resolving references: a check's
/// `kind.name`, a task's `agent.task` (both *dotted*), or an agent's name.
/// Keyed by the parts as the spec holds them, so no id string is built for
/// a lookup; a name defined twice resolves to its last definition.
struct Names<'s> {
    by_parts: foldhash::HashMap<(&'s str, &'s str), usize>,
    dotted: bool,
    /// [`Names::written`], spelled at the first lookup that fails.
    written: std::cell::OnceCell<Vec<String>>,
}

impl<'s> Names<'s> {
    fn dotted(names: impl Iterator<Item = ((&'s str, &'s str), usize)>) -> Self {
        Names {
            by_parts: names.collect(),
            dotted: true,
            written: std::cell::OnceCell::new(),
        }
    }

    fn single(names: impl Iterator<Item = (&'s str, usize)>) -> Self {
        Names {
            by_parts: names.map(|(name, i)| (("", name), i)).collect(),
            dotted: false,
            written: std::cell::OnceCell::new(),
        }
    }

    /// The index `name` (as a reference writes it) stands for.
    fn get(&self, name: &str) -> Option<usize> {
        let parts = if self.dotted {
            name.split_once('.')?
        } else {
            ("", name)
        };
        self.by_parts.get(&parts).copied()
    }

    /// Every name as a reference writes it, sorted: the candidates of a
    /// "did you mean", spelled once, when a lookup first fails.
    fn written(&self) -> &[String] {
        self.written.get_or_init(|| {
            let mut names: Vec<String> = self
                .by_parts
                .keys()
                .map(|&(first, second)| {
                    if self.dotted {
                        [first, ".", second].concat()
                    } else {
                        second.to_owned()
                    }
                })
                .collect();
            names.sort_unstable();
            names
        })
    }
}

struct Builder<'a> {
    out: &'a mut Vec<Diagnostic>,
    pending: Vec<Pending>,
    /// (agent, task name) → task index: finding a task defined twice by a
    /// scan of the agent's tasks was quadratic in an agent of 100,000.
    task_names: foldhash::HashMap<(usize, String), usize>,
    /// Agent name → agent index, for the same reason (100,000 agents).
    agent_names: foldhash::HashMap<String, usize>,
}

fn loc(m: &MStmt<'_>, span: Span) -> Loc {
    Loc::new(m.file, span)
}

fn located<T>(value: T, loc: Loc) -> Located<T> {
    Located { value, loc }
}

fn arg<'t>(m: &MStmt<'t>, i: usize) -> Option<&'t Arg> {
    m.stmt.args.get(i)
}

fn text_of(m: &MStmt, a: &Arg) -> Option<Located<String>> {
    match &a.values.first()?.kind {
        ValueKind::Str(s) => Some(located(s.clone(), loc(m, a.span))),
        _ => None,
    }
}

fn text_arg(m: &MStmt, i: usize) -> Option<Located<String>> {
    text_of(m, arg(m, i)?)
}

fn word_arg(m: &MStmt, i: usize) -> Option<Located<String>> {
    let a = arg(m, i)?;
    match &a.values.first()?.kind {
        ValueKind::Path(p) => p.as_word().map(|w| located(w.to_owned(), loc(m, a.span))),
        _ => None,
    }
}

/// Every value of an argument as dotted text (`test.x`), with its location.
fn refs_of(m: &MStmt, a: &Arg) -> Vec<(String, Loc)> {
    a.values
        .iter()
        .filter_map(|v| match &v.kind {
            ValueKind::Path(p) if p.separators.iter().all(|s| *s == PathSeparator::Dot) => {
                Some((p.to_text(), loc(m, v.span)))
            }
            _ => None,
        })
        .collect()
}

/// Every string of a statement's positional list (`lock "a", "b"`).
fn texts(m: &MStmt) -> Vec<Located<String>> {
    m.stmt
        .args
        .iter()
        .flat_map(|a| {
            a.values.iter().filter_map(|v| match &v.kind {
                ValueKind::Str(s) => Some(located(s.clone(), loc(m, v.span))),
                _ => None,
            })
        })
        .collect()
}

/// The valid globs of every positional argument.
fn globs(m: &MStmt) -> Vec<GlobAt> {
    m.stmt.args.iter().flat_map(|a| globs_of(m, a)).collect()
}

fn globs_of(m: &MStmt, a: &Arg) -> Vec<GlobAt> {
    a.values
        .iter()
        .filter_map(|v| match &v.kind {
            ValueKind::Str(s)
                if Glob::validate(s).is_ok() && !s.is_empty() && !s.starts_with('/') =>
            {
                Some(GlobAt {
                    // The form git means, never the literal `./src/**`
                    // (the type checker reported it as E008).
                    pattern: match super::glob_form::canonical(s) {
                        Some(meant) => meant.into(),
                        None => s.as_str().into(),
                    },
                    loc: loc(m, v.span),
                })
            }
            _ => None,
        })
        .collect()
}

/// Appends globs, dropping a pattern already listed (a template and its
/// spec may both deny `.github/**`).
fn extend_unique(list: &mut Vec<GlobAt>, more: Vec<GlobAt>) {
    // Most lists hold a few globs: comparing with each beats hashing copies.
    if list.len() + more.len() <= 16 {
        for g in more {
            if !list.iter().any(|l| l.pattern == g.pattern) {
                list.push(g);
            }
        }
        return;
    }
    // A set of the patterns listed: a list of 100,000 globs was quadratic.
    let mut listed: foldhash::HashSet<Arc<str>> = list.iter().map(|g| g.pattern.clone()).collect();
    for g in more {
        if listed.insert(g.pattern.clone()) {
            list.push(g);
        }
    }
}

fn amount_of(a: &Arg) -> Option<Amount> {
    match &a.values.first()?.kind {
        ValueKind::Number(text) => {
            let q = Quantity::parse(text).ok()?;
            Some(Amount {
                dimension: q.dimension,
                canonical: q.canonical(),
                value: q.value,
                unit: q.unit,
                text: text.as_str().to_owned(),
            })
        }
        _ => None,
    }
}

fn compare_of(a: &Arg) -> Option<CompareOp> {
    match a.values.first()?.kind {
        ValueKind::Compare(op) => Some(op),
        _ => None,
    }
}

fn modifier_args<'t>(m: &MStmt<'t>, word: &str) -> &'t [Arg] {
    m.stmt.modifier(word).map_or(&[], |md| md.args.as_slice())
}

fn autonomy(word: &str) -> Option<Autonomy> {
    match word {
        "paired" => Some(Autonomy::Paired),
        "supervised" => Some(Autonomy::Supervised),
        "autonomous" => Some(Autonomy::Autonomous),
        _ => None,
    }
}

fn severity(word: &str) -> Option<Severity> {
    match word {
        "low" => Some(Severity::Low),
        "medium" => Some(Severity::Medium),
        "high" => Some(Severity::High),
        "critical" => Some(Severity::Critical),
        _ => None,
    }
}

impl Builder<'_> {
    fn duplicate(&mut self, what: &str, name: &str, again: &Loc, first: &Loc) {
        self.out.push(
            Diagnostic::new(
                &rules::DUPLICATE_DEFINITION,
                again.file,
                again.span,
                format!("{what} `{name}` is defined twice"),
            )
            .with_primary_label("defined again here")
            .with_label(Label::new(first.file, first.span, "first defined here")),
        );
    }

    fn block_loc(spec: &mut Spec, scope: String, m: &MStmt) {
        spec.blocks.push(BlockLoc {
            scope,
            loc: loc(m, m.stmt.span),
        });
    }

    fn intent(&mut self, spec: &mut Spec, m: &MStmt) {
        spec.intent.loc = Some(loc(m, m.stmt.span));
        Self::block_loc(spec, "intent".into(), m);
        for c in &m.children {
            match c.head() {
                "outcome" => spec.intent.outcome = text_arg(c, 0),
                "non_goal" => spec.intent.non_goals.extend(text_arg(c, 0)),
                "success" => {
                    let (Some(name), Some(text)) = (word_arg(c, 0), text_arg(c, 1)) else {
                        continue;
                    };
                    if let Some(first) = spec.intent.success.iter().find(|s| s.name == name.value) {
                        let first = first.loc;
                        self.duplicate("success criterion", &name.value, &name.loc, &first);
                        continue;
                    }
                    let refs: Vec<(String, Loc)> = modifier_args(c, "by")
                        .iter()
                        .flat_map(|a| refs_of(c, a))
                        .collect();
                    self.pending.push(Pending::Criterion {
                        index: spec.intent.success.len(),
                        refs,
                    });
                    spec.intent.success.push(Criterion {
                        name: name.value,
                        text: text.value,
                        proven_by: Vec::new(),
                        loc: name.loc,
                        text_loc: text.loc,
                    });
                }
                "waive" => self.waiver(spec, c, "intent", m),
                _ => {}
            }
        }
    }

    fn boundaries(&mut self, spec: &mut Spec, m: &MStmt) {
        spec.boundaries.loc = Some(loc(m, m.stmt.span));
        Self::block_loc(spec, "boundaries".into(), m);
        for c in &m.children {
            match c.head() {
                "write" => extend_unique(&mut spec.boundaries.write, globs(c)),
                "deny" => extend_unique(&mut spec.boundaries.deny, globs(c)),
                rule @ ("keep" | "forbid" | "require") => {
                    let Some(name) = text_arg(c, 1) else { continue };
                    let rule = match rule {
                        "keep" => DependencyRule::Keep,
                        "forbid" => DependencyRule::Forbid,
                        _ => DependencyRule::Require,
                    };
                    let req =
                        text_arg(c, 2).filter(|r| semver::VersionReq::parse(&r.value).is_ok());
                    spec.boundaries.dependencies.push(Dependency {
                        name: name.value,
                        rule,
                        req,
                        loc: loc(c, c.stmt.span),
                    });
                }
                "budget" => {
                    let Some(metric) = arg(c, 0).and_then(|a| refs_of(c, a).into_iter().next())
                    else {
                        continue;
                    };
                    let rest = &c.stmt.args[1..];
                    let (target, rest) = match rest.first().and_then(|a| text_of(c, a)) {
                        Some(t) => (Some(t.value), &rest[1..]),
                        None => (None, rest),
                    };
                    let (Some(op), Some(amount)) = (
                        rest.first().and_then(compare_of),
                        rest.get(1).and_then(amount_of),
                    ) else {
                        continue;
                    };
                    spec.boundaries.budgets.push(Budget {
                        metric: metric.0,
                        target,
                        op,
                        amount,
                        loc: loc(c, c.stmt.span),
                    });
                }
                "metric" => {
                    let (Some(name), Some(dim)) = (word_arg(c, 0), word_arg(c, 1)) else {
                        continue;
                    };
                    let Some(dimension) = Dimension::parse(&dim.value) else {
                        continue;
                    };
                    spec.boundaries.metrics.push(Metric {
                        name: name.value,
                        dimension,
                        loc: name.loc,
                    });
                }
                "waive" => self.waiver(spec, c, "boundaries", m),
                _ => {}
            }
        }
    }

    fn verify(&mut self, spec: &mut Spec, m: &MStmt) {
        Self::block_loc(spec, "verify".into(), m);
        for c in &m.children {
            if c.head() == "waive" {
                self.waiver(spec, c, "verify", m);
                continue;
            }
            let Some(kind) = CheckKind::parse(c.head()) else {
                continue;
            };
            let Some(name) = word_arg(c, 0) else { continue };
            if let Some(first) = spec
                .checks
                .iter()
                .find(|k| k.kind == kind && k.name == name.value)
            {
                let first = first.loc;
                self.duplicate(
                    "check",
                    &format!("{}.{}", kind.as_str(), name.value),
                    &name.loc,
                    &first,
                );
                continue;
            }
            let timeout = modifier_args(c, "timeout").first().and_then(amount_of);
            let mut check = Check {
                kind,
                name: name.value,
                command: String::new(),
                timeout,
                coverage: None,
                regress: None,
                max_severity: None,
                before: modifier_args(c, "before").first().and_then(|a| {
                    match &a.values.first()?.kind {
                        ValueKind::Path(p) => p.as_word().and_then(Before::parse),
                        _ => None,
                    }
                }),
                loc: name.loc,
            };
            match kind {
                CheckKind::Coverage => {
                    check.command = modifier_args(c, "from")
                        .first()
                        .and_then(|a| text_of(c, a))
                        .map(|t| t.value)
                        .unwrap_or_default();
                    let op = arg(c, 1).and_then(compare_of);
                    if let (Some(op), Some(a)) = (op, arg(c, 1))
                        && !matches!(op, CompareOp::Ge | CompareOp::Gt)
                    {
                        self.out.push(
                            Diagnostic::new(
                                &rules::TYPE_MISMATCH,
                                c.file,
                                a.span,
                                format!(
                                    "coverage is a minimum: expected `>=`, found `{}`",
                                    op.as_str()
                                ),
                            )
                            .with_help("write `coverage NAME >= 85% from \"command\"`"),
                        );
                    }
                    let of = modifier_args(c, "of")
                        .first()
                        .and_then(|a| globs_of(c, a).into_iter().next());
                    if let Some(amount) = arg(c, 2)
                        .and_then(amount_of)
                        .filter(|a| a.dimension == Dimension::Percent)
                    {
                        check.coverage = Some((amount, of));
                    }
                }
                CheckKind::Bench => {
                    check.command = text_arg(c, 1).map(|t| t.value).unwrap_or_default();
                    let regress = modifier_args(c, "regress");
                    if let Some(op) = regress.first().and_then(compare_of)
                        && !matches!(op, CompareOp::Le | CompareOp::Lt)
                    {
                        let span = regress[0].span;
                        self.out.push(Diagnostic::new(
                            &rules::TYPE_MISMATCH,
                            c.file,
                            span,
                            format!(
                                "`regress` is a maximum slowdown: expected `<=`, found `{}`",
                                op.as_str()
                            ),
                        ));
                    }
                    check.regress = regress
                        .get(1)
                        .and_then(amount_of)
                        .filter(|a| a.dimension == Dimension::Percent);
                }
                CheckKind::Scan => {
                    check.command = text_arg(c, 1).map(|t| t.value).unwrap_or_default();
                    check.max_severity = modifier_args(c, "max").first().and_then(|a| {
                        match &a.values.first()?.kind {
                            ValueKind::Path(p) => p.as_word().and_then(severity),
                            _ => None,
                        }
                    });
                }
                CheckKind::Test | CheckKind::Check => {
                    check.command = text_arg(c, 1).map(|t| t.value).unwrap_or_default();
                }
            }
            spec.checks.push(check);
        }
    }

    fn contract(&mut self, spec: &mut Spec, m: &MStmt) {
        let Some(name) = word_arg(m, 0) else { return };
        if let Some(first) = spec.contracts.iter().find(|c| c.name == name.value) {
            let first = first.loc;
            self.duplicate("contract", &name.value, &name.loc, &first);
            return;
        }
        Self::block_loc(spec, ["contract ", &name.value].concat(), m);
        let index = spec.contracts.len();
        let mut contract = Contract {
            name: name.value.clone(),
            from: None,
            to: None,
            schema: None,
            loc: name.loc,
        };
        for c in &m.children {
            match c.head() {
                end @ ("from" | "to") => {
                    if let Some(agent) = word_arg(c, 0) {
                        self.pending.push(Pending::ContractEnd {
                            contract: index,
                            from: end == "from",
                            name: agent.value,
                            loc: agent.loc,
                        });
                    }
                }
                "schema" => contract.schema = text_arg(c, 0),
                "waive" => self.waiver(spec, c, &format!("contract {}", name.value), m),
                _ => {}
            }
        }
        spec.contracts.push(contract);
    }

    fn agent(&mut self, spec: &mut Spec, m: &MStmt) {
        let Some(name) = word_arg(m, 0) else { return };
        if let Some(first) = self
            .agent_names
            .get(&name.value)
            .and_then(|&a| spec.agents.get(a))
        {
            let first = first.loc;
            self.duplicate("agent", &name.value, &name.loc, &first);
            return;
        }
        Self::block_loc(spec, ["agent ", &name.value].concat(), m);
        let index = spec.agents.len();
        self.agent_names.insert(name.value.clone(), index);
        let mut agent = Agent::named(name.value.clone(), name.loc);
        for c in &m.children {
            match c.head() {
                "role" => agent.role = text_arg(c, 0),
                "write" => extend_unique(&mut agent.write, globs(c)),
                "read" => extend_unique(&mut agent.read, globs(c)),
                "deny" => extend_unique(&mut agent.deny, globs(c)),
                "lock" => agent.locks.extend(texts(c)),
                "task" => {
                    if let Some(task) = self.task(spec, c, index, &agent) {
                        agent.tasks.push(task);
                    }
                }
                "waive" => self.waiver(spec, c, &format!("agent {}", name.value), m),
                _ => {}
            }
        }
        spec.agents.push(agent);
    }

    fn task(
        &mut self,
        spec: &mut Spec,
        m: &MStmt,
        agent_index: usize,
        agent: &Agent,
    ) -> Option<usize> {
        let name = word_arg(m, 0)?;
        let key = (agent_index, name.value.clone());
        if let Some(first) = self.task_names.get(&key).and_then(|&t| spec.tasks.get(t)) {
            let first = first.loc;
            self.duplicate(
                "task",
                &format!("{}.{}", agent.name, name.value),
                &name.loc,
                &first,
            );
            return None;
        }
        let scope = ["task ", &agent.name, ".", &name.value].concat();
        Self::block_loc(spec, scope.clone(), m);
        let index = spec.tasks.len();
        self.task_names.insert(key, index);
        let mut task = Task::named(name.value, agent_index, name.loc);
        let mut after = Vec::new();
        let mut verify = Vec::new();
        for c in &m.children {
            match c.head() {
                "goal" => task.goal = text_arg(c, 0),
                "after" => after.extend(c.stmt.args.iter().flat_map(|a| refs_of(c, a))),
                "verify" => verify.extend(c.stmt.args.iter().flat_map(|a| refs_of(c, a))),
                "write" => extend_unique(&mut task.write, globs(c)),
                "read" => extend_unique(&mut task.read, globs(c)),
                "deny" => extend_unique(&mut task.deny, globs(c)),
                "lock" => task.locks.extend(texts(c)),
                "waive" => self.waiver(spec, c, &scope, m),
                _ => {}
            }
        }
        self.pending.push(Pending::TaskAfter {
            task: index,
            refs: after,
        });
        self.pending.push(Pending::TaskVerify {
            task: index,
            refs: verify,
        });
        spec.tasks.push(task);
        Some(index)
    }

    fn governance(&mut self, spec: &mut Spec, m: &MStmt) {
        spec.governance.loc = Some(loc(m, m.stmt.span));
        Self::block_loc(spec, "governance".into(), m);
        for c in &m.children {
            match c.head() {
                "audit" => spec.governance.audit = text_arg(c, 0),
                "rollback" => spec.governance.rollback = text_arg(c, 0),
                "trace" => spec.governance.trace = word_arg(c, 0),
                "approve" => {
                    let Some(by) = text_arg(c, 0) else { continue };
                    let touches = modifier_args(c, "touches")
                        .iter()
                        .flat_map(|a| globs_of(c, a))
                        .collect();
                    spec.governance.approvals.push(Approval {
                        by: by.value,
                        touches,
                        loc: loc(c, c.stmt.span),
                    });
                }
                "waive" => self.waiver(spec, c, "governance", m),
                _ => {}
            }
        }
    }

    fn waiver(&mut self, spec: &mut Spec, m: &MStmt, scope: &str, block: &MStmt) {
        let code = arg(m, 0).and_then(|a| match &a.values.first()?.kind {
            ValueKind::Path(p) => crate::diagnostics::rules::find(&p.to_text()),
            _ => None,
        });
        let (Some(rule), Some(reason)) = (code, text_arg(m, 1)) else {
            return;
        };
        if reason.value.trim().is_empty() {
            return;
        }
        spec.waivers.push(Waiver {
            code: rule.code,
            reason: reason.value,
            scope: scope.to_owned(),
            block: loc(block, block.stmt.span),
            loc: loc(m, m.stmt.span),
        });
    }

    fn resolve(&mut self, spec: &mut Spec) {
        // Every reference is looked up first, against tables that borrow
        // the spec's names; the answers are written into the spec after.
        let resolved: Vec<(Pending, Vec<(usize, Loc)>)> = {
            let checks = Names::dotted(
                spec.checks
                    .iter()
                    .enumerate()
                    .map(|(i, c)| ((c.kind.as_str(), c.name.as_str()), i)),
            );
            let tasks = Names::dotted(spec.tasks.iter().enumerate().map(|(i, t)| {
                let agent = spec.agents.get(t.agent).map_or("?", |a| a.name.as_str());
                ((agent, t.name.as_str()), i)
            }));
            let agents = Names::single(
                spec.agents
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (a.name.as_str(), i)),
            );
            std::mem::take(&mut self.pending)
                .into_iter()
                .map(|pending| {
                    let found = match &pending {
                        Pending::Criterion { refs, .. } | Pending::TaskVerify { refs, .. } => {
                            self.lookup_all(refs, &checks, "check")
                        }
                        Pending::TaskAfter { refs, .. } => self.lookup_all(refs, &tasks, "task"),
                        Pending::ContractEnd { name, loc, .. } => self
                            .lookup(name, loc, &agents, "agent")
                            .map(|agent| (agent, *loc))
                            .into_iter()
                            .collect(),
                    };
                    (pending, found)
                })
                .collect()
        };
        for (pending, found) in resolved {
            match pending {
                Pending::Criterion { index, .. } => {
                    spec.intent.success[index].proven_by = found
                        .into_iter()
                        .map(|(check, loc)| CheckRef { check, loc })
                        .collect();
                }
                Pending::TaskVerify { task, .. } => {
                    spec.tasks[task].verify = found
                        .into_iter()
                        .map(|(check, loc)| CheckRef { check, loc })
                        .collect();
                }
                Pending::TaskAfter { task, .. } => {
                    spec.tasks[task].after = found
                        .into_iter()
                        .map(|(task, loc)| TaskRef { task, loc })
                        .collect();
                }
                Pending::ContractEnd { contract, from, .. } => {
                    if let Some(&(agent, _)) = found.first() {
                        let c = &mut spec.contracts[contract];
                        if from {
                            c.from = Some(agent)
                        } else {
                            c.to = Some(agent)
                        }
                    }
                }
            }
        }
    }

    fn lookup_all(
        &mut self,
        refs: &[(String, Loc)],
        names: &Names<'_>,
        what: &str,
    ) -> Vec<(usize, Loc)> {
        refs.iter()
            .filter_map(|(name, loc)| self.lookup(name, loc, names, what).map(|i| (i, *loc)))
            .collect()
    }

    fn lookup(&mut self, name: &str, loc: &Loc, names: &Names<'_>, what: &str) -> Option<usize> {
        if let Some(i) = names.get(name) {
            return Some(i);
        }
        let bad_kind = name
            .split('.')
            .next()
            .is_none_or(|kind| CheckKind::parse(kind).is_none());
        if what == "check" && bad_kind {
            return None; // the type checker reported the unknown kind
        }
        let known = names.written();
        let suggestion = did_you_mean(name, known.iter().map(String::as_str));
        let mut d = Diagnostic::new(
            &rules::UNRESOLVED_NAME,
            loc.file,
            loc.span,
            format!("no {what} named `{name}`{suggestion}"),
        )
        .with_primary_label("not found");
        if known.is_empty() {
            d.help = Some(match what {
                "check" => "define the check in the spec's `verify` block".into(),
                "task" => "define the task in an `agent` block".into(),
                _ => format!("define the {what} first"),
            });
        }
        self.out.push(d);
        None
    }

    /// Every budget's metric must be known and its amount of the metric's dimension.
    fn budgets(&mut self, spec: &Spec) {
        for budget in &spec.boundaries.budgets {
            let declared = spec
                .boundaries
                .metrics
                .iter()
                .find(|m| m.name == budget.metric)
                .map(|m| m.dimension);
            let builtin = BUILTIN_METRICS
                .iter()
                .find(|(n, _)| *n == budget.metric)
                .map(|(_, d)| *d);
            match declared.or(builtin) {
                None => {
                    let names = BUILTIN_METRICS
                        .iter()
                        .map(|(n, _)| *n)
                        .chain(spec.boundaries.metrics.iter().map(|m| m.name.as_str()));
                    let message = format!(
                        "no metric named `{}`{}",
                        budget.metric,
                        did_you_mean(&budget.metric, names)
                    );
                    self.out.push(
                        Diagnostic::new(
                            &rules::UNRESOLVED_NAME,
                            budget.loc.file,
                            budget.loc.span,
                            message,
                        )
                        .with_help(
                            "declare it in `boundaries`: `metric NAME duration|size|percent|count`",
                        ),
                    );
                }
                Some(dimension) if dimension != budget.amount.dimension => {
                    let message = format!(
                        "`{}` is a {}, but the bound `{}` is a {}",
                        budget.metric,
                        dimension.as_str(),
                        budget.amount.text,
                        budget.amount.dimension.as_str()
                    );
                    self.out.push(Diagnostic::new(
                        &rules::TYPE_MISMATCH,
                        budget.loc.file,
                        budget.loc.span,
                        message,
                    ));
                }
                Some(_) => {}
            }
        }
    }
}

/// Each task's write scope: the `write` globs of the nearest level that has
/// any (task, agent, spec), minus every `deny` in scope.
fn resolve_scopes(spec: &mut Spec) {
    for t in 0..spec.tasks.len() {
        let (allow, level, read, deny) = {
            let task = &spec.tasks[t];
            let agent = &spec.agents[task.agent];
            let (allow, level) = if !task.write.is_empty() {
                (Some(task.write.clone()), ScopeLevel::Task)
            } else if !agent.write.is_empty() {
                (Some(agent.write.clone()), ScopeLevel::Agent)
            } else if !spec.boundaries.write.is_empty() {
                (Some(spec.boundaries.write.clone()), ScopeLevel::Spec)
            } else {
                (None, ScopeLevel::Repository)
            };
            let read = if task.read.is_empty() {
                agent.read.clone()
            } else {
                task.read.clone()
            };
            let mut deny = spec.boundaries.deny.clone();
            extend_unique(&mut deny, agent.deny.clone());
            extend_unique(&mut deny, task.deny.clone());
            (allow, level, read, deny)
        };
        spec.tasks[t].scope = WriteScope {
            allow,
            deny,
            level,
            read,
        };
    }
}

/// E005: one diagnostic per cycle, every edge on it labelled.
fn report_cycles(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let dependencies = Dependencies::of(spec);
    let Err(cycles) = dependencies.graph.stages() else {
        return;
    };
    for cycle in &cycles {
        let mut names = Vec::new();
        let mut labels = Vec::new();
        let mut primary: Option<Loc> = None;
        for edge in cycle {
            let (from, to) = dependencies.graph.edge(*edge);
            names.push(spec.task_id(from));
            match dependencies.reasons.get(edge.0) {
                Some(EdgeReason::After { task, index }) => {
                    let at = spec.tasks[*task].after[*index].loc;
                    labels.push(Label::new(
                        at.file,
                        at.span,
                        format!("`{}` waits for `{}`", spec.task_id(to), spec.task_id(from)),
                    ));
                    primary.get_or_insert(at);
                }
                _ => {
                    let at = &spec.tasks[to].loc;
                    labels.push(Label::new(
                        at.file,
                        at.span,
                        format!(
                            "`{}` runs after `{}`: one agent runs its tasks in order",
                            spec.task_id(to),
                            spec.task_id(from)
                        ),
                    ));
                }
            }
        }
        if let Some(first) = names.first().cloned() {
            names.push(first);
        }
        // The first `after` on the cycle is the primary place; its label says why.
        let primary = primary.or_else(|| labels.first().map(|l| Loc::new(l.file, l.span)));
        let Some(primary) = primary else { continue };
        let position = labels
            .iter()
            .position(|l| l.file == primary.file && l.span == primary.span);
        let primary_label = position
            .map(|i| labels.remove(i).message)
            .unwrap_or_default();
        let mut d = Diagnostic::new(&rules::TASK_CYCLE, primary.file, primary.span, format!("tasks wait for each other in a cycle: {}", names.join(" → ")))
            .with_primary_label(primary_label)
            .with_help("remove one `after` on the cycle, or move the tasks so one agent's order does not contradict it");
        d.labels = labels;
        out.push(d);
    }
}
