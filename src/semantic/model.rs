//! The typed model of a spec: what the lints and the plan read.
//!
//! A [`Spec`] is the spec *after* its templates were merged in: every value
//! carries the [`Loc`] it came from (which may be a template in another
//! file), so a diagnostic can point at the statement that caused it.
//! Values that failed to type-check are absent here (the checker reported
//! them), so consumers never see half-typed data.

use crate::analysis::quantity::Dimension;
use crate::syntax::{CompareOp, Span};
use crate::text::FileId;

/// Where something was written: the file and the bytes in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

impl Loc {
    pub fn new(file: FileId, span: Span) -> Self {
        Self { file, span }
    }
}

/// A value with its location.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Located<T> {
    pub value: T,
    pub loc: Loc,
}

/// A quantity with a dimension, its value in the dimension's canonical unit
/// (milliseconds, bytes, percent, count) and its spelling as written.
#[derive(Clone, Debug, PartialEq)]
pub struct Amount {
    pub dimension: Dimension,
    pub canonical: f64,
    pub value: f64,
    /// The unit as written, from the table of units ([`crate::analysis::quantity`]).
    pub unit: &'static str,
    pub text: String,
}

// Amounts come from literals, never NaN: bitwise equality is equality.
impl Eq for Amount {}
impl std::hash::Hash for Amount {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical.to_bits().hash(state);
        self.text.hash(state);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Autonomy {
    Paired,
    Supervised,
    Autonomous,
}

impl Autonomy {
    pub fn as_str(self) -> &'static str {
        match self {
            Autonomy::Paired => "paired",
            Autonomy::Supervised => "supervised",
            Autonomy::Autonomous => "autonomous",
        }
    }
}

/// `status draft | active | done`: whether a spec is being worked on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Draft,
    #[default]
    Active,
    Done,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Done => "done",
        }
    }

    pub fn parse(word: &str) -> Option<Status> {
        [Status::Draft, Status::Active, Status::Done]
            .into_iter()
            .find(|s| s.as_str() == word)
    }
}

/// `before pass | fail`: what a check must show on the task's starting tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Before {
    /// The check must already pass (a refactor starts from green).
    Pass,
    /// The check must fail first (red, then green).
    Fail,
}

impl Before {
    pub fn as_str(self) -> &'static str {
        match self {
            Before::Pass => "pass",
            Before::Fail => "fail",
        }
    }

    pub fn parse(word: &str) -> Option<Before> {
        match word {
            "pass" => Some(Before::Pass),
            "fail" => Some(Before::Fail),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CheckKind {
    Test,
    Check,
    Coverage,
    Bench,
    Scan,
}

impl CheckKind {
    pub const ALL: [CheckKind; 5] = [
        CheckKind::Test,
        CheckKind::Check,
        CheckKind::Coverage,
        CheckKind::Bench,
        CheckKind::Scan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Test => "test",
            CheckKind::Check => "check",
            CheckKind::Coverage => "coverage",
            CheckKind::Bench => "bench",
            CheckKind::Scan => "scan",
        }
    }

    pub fn parse(word: &str) -> Option<CheckKind> {
        CheckKind::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// A reference to a check, `kind.name`, resolved to an index into [`Spec::checks`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CheckRef {
    pub check: usize,
    pub loc: Loc,
}

/// A reference to a task, `agent.task`, resolved to an index into [`Spec::tasks`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TaskRef {
    pub task: usize,
    pub loc: Loc,
}

/// A glob as written (already checked for syntax).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GlobAt {
    /// Shared: a glob is copied into the scope of every task it governs.
    pub pattern: std::sync::Arc<str>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spec {
    pub name: String,
    pub loc: Loc,
    pub doc: Option<String>,
    /// The template chain, nearest first, as qualified names (`std::refactor`).
    pub extends: Vec<String>,
    pub title: Option<Located<String>>,
    pub version: Option<Located<String>>,
    pub owner: Option<Located<String>>,
    pub autonomy: Option<Located<Autonomy>>,
    /// `status`; absent means active.
    pub status: Option<Located<Status>>,
    pub intent: Intent,
    pub boundaries: Boundaries,
    pub checks: Vec<Check>,
    pub contracts: Vec<Contract>,
    pub agents: Vec<Agent>,
    /// Every task of every agent, in agent then task order.
    pub tasks: Vec<Task>,
    pub governance: Governance,
    pub waivers: Vec<Waiver>,
    /// Where each block of the spec is, for "add this to the block" fixes and waivers.
    pub blocks: Vec<BlockLoc>,
}

/// A block's name (`intent`, `agent data_layer`, `task port_models`) and location.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BlockLoc {
    pub scope: String,
    pub loc: Loc,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Intent {
    /// Where the `intent` block is, when there is one.
    pub loc: Option<Loc>,
    pub outcome: Option<Located<String>>,
    pub success: Vec<Criterion>,
    pub non_goals: Vec<Located<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Criterion {
    pub name: String,
    pub text: String,
    /// The checks after `by`; empty when the criterion has no `by`.
    pub proven_by: Vec<CheckRef>,
    pub loc: Loc,
    /// The text argument's location, for lints about the wording.
    pub text_loc: Loc,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Boundaries {
    pub loc: Option<Loc>,
    pub write: Vec<GlobAt>,
    pub deny: Vec<GlobAt>,
    pub dependencies: Vec<Dependency>,
    pub budgets: Vec<Budget>,
    pub metrics: Vec<Metric>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DependencyRule {
    Keep,
    Forbid,
    Require,
}

impl DependencyRule {
    pub fn as_str(self) -> &'static str {
        match self {
            DependencyRule::Keep => "keep",
            DependencyRule::Forbid => "forbid",
            DependencyRule::Require => "require",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Dependency {
    pub name: String,
    pub rule: DependencyRule,
    /// The version requirement as written (checked to parse), for keep and require.
    pub req: Option<Located<String>>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Budget {
    pub metric: String,
    /// The operation or workload measured (`"GET /orders"`).
    pub target: Option<String>,
    pub op: CompareOp,
    pub amount: Amount,
    pub loc: Loc,
}

/// `metric NAME DIMENSION`: a budget metric the spec declares.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Metric {
    pub name: String,
    pub dimension: Dimension,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Check {
    pub kind: CheckKind,
    pub name: String,
    pub command: String,
    pub timeout: Option<Amount>,
    /// coverage: the minimum percentage and the glob it is measured over.
    pub coverage: Option<(Amount, Option<GlobAt>)>,
    /// bench: the largest slowdown allowed, in percent.
    pub regress: Option<Amount>,
    /// scan: the highest severity that may remain.
    pub max_severity: Option<Severity>,
    /// What the check must show before its task starts.
    pub before: Option<Before>,
    pub loc: Loc,
}

impl Check {
    /// `kind.name`, the id checks are referenced by.
    pub fn id(&self) -> String {
        [self.kind.as_str(), ".", &self.name].concat()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Contract {
    pub name: String,
    /// Indices into [`Spec::agents`].
    pub from: Option<usize>,
    pub to: Option<usize>,
    pub schema: Option<Located<String>>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Agent {
    pub name: String,
    pub role: Option<Located<String>>,
    pub write: Vec<GlobAt>,
    pub read: Vec<GlobAt>,
    pub deny: Vec<GlobAt>,
    /// `lock` resources every task of this agent holds.
    pub locks: Vec<Located<String>>,
    /// Indices into [`Spec::tasks`], in the order written.
    pub tasks: Vec<usize>,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Task {
    pub name: String,
    /// Index into [`Spec::agents`].
    pub agent: usize,
    pub goal: Option<Located<String>>,
    pub after: Vec<TaskRef>,
    /// The checks named by `verify`; empty means "all of the spec's checks".
    pub verify: Vec<CheckRef>,
    /// The task's own globs; the resolved scope is [`Task::scope`].
    pub write: Vec<GlobAt>,
    pub read: Vec<GlobAt>,
    pub deny: Vec<GlobAt>,
    /// The task's own `lock` resources; [`Spec::task_locks`] adds its agent's.
    pub locks: Vec<Located<String>>,
    pub scope: WriteScope,
    pub loc: Loc,
}

impl Agent {
    /// An agent with its name and nothing declared yet.
    pub fn named(name: String, loc: Loc) -> Self {
        Agent {
            name,
            role: None,
            write: Vec::new(),
            read: Vec::new(),
            deny: Vec::new(),
            locks: Vec::new(),
            tasks: Vec::new(),
            loc,
        }
    }
}

impl Task {
    /// A task of agent `agent` with its name and nothing declared yet.
    pub fn named(name: String, agent: usize, loc: Loc) -> Self {
        Task {
            name,
            agent,
            goal: None,
            after: Vec::new(),
            verify: Vec::new(),
            write: Vec::new(),
            read: Vec::new(),
            deny: Vec::new(),
            locks: Vec::new(),
            scope: WriteScope::default(),
            loc,
        }
    }
}

/// What a task may write: the `write` globs in scope (task, else agent,
/// else spec), minus every `deny` of spec, agent and task.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct WriteScope {
    /// `None` when no `write` exists anywhere: the whole repository.
    pub allow: Option<Vec<GlobAt>>,
    pub deny: Vec<GlobAt>,
    /// Where the allow globs come from.
    pub level: ScopeLevel,
    /// The `read` globs in scope (task, else agent).
    pub read: Vec<GlobAt>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ScopeLevel {
    Task,
    Agent,
    Spec,
    #[default]
    Repository,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Governance {
    pub loc: Option<Loc>,
    pub audit: Option<Located<String>>,
    pub approvals: Vec<Approval>,
    pub rollback: Option<Located<String>>,
    /// `trace required|optional`.
    pub trace: Option<Located<String>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Approval {
    pub by: String,
    pub touches: Vec<GlobAt>,
    pub loc: Loc,
}

/// `waive CODE "reason"`: silences `code` inside the block `scope` spans.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Waiver {
    pub code: &'static str,
    pub reason: String,
    /// The block's name, as the plan records it (`governance`, `agent queries`).
    pub scope: String,
    /// The span of the block the waiver sits in.
    pub block: Loc,
    pub loc: Loc,
}

impl Spec {
    /// `agent.task`, the id tasks are referenced by.
    /// Indices come from the builder, but a hand-built model (tests, the plan's
    /// property tests) may dangle: an unknown task or agent shows as `?`.
    pub fn task_id(&self, task: usize) -> String {
        match self.tasks.get(task) {
            Some(t) => {
                let agent = self.agents.get(t.agent).map_or("?", |a| a.name.as_str());
                [agent, ".", &t.name].concat()
            }
            None => format!("?.{task}"),
        }
    }

    /// The resources a task holds while it runs: its agent's locks and its
    /// own, sorted, each once.
    pub fn task_locks(&self, task: usize) -> Vec<String> {
        let Some(t) = self.tasks.get(task) else {
            return Vec::new();
        };
        let agent = self.agents.get(t.agent).map_or(&[][..], |a| &a.locks[..]);
        let set: std::collections::BTreeSet<String> = agent
            .iter()
            .chain(&t.locks)
            .map(|l| l.value.clone())
            .collect();
        set.into_iter().collect()
    }

    /// The checks a task runs: those it names, else all of the spec's.
    pub fn task_checks(&self, task: usize) -> Vec<usize> {
        match self.tasks.get(task) {
            Some(t) if !t.verify.is_empty() => t.verify.iter().map(|r| r.check).collect(),
            Some(_) => (0..self.checks.len()).collect(),
            None => Vec::new(),
        }
    }
}
