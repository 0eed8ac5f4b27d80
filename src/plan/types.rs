//! The plan's serde structs: the shape `schema/plan.schema.json` documents.
//!
//! Field order here *is* the key order of the JSON (serde serialises struct
//! fields in declaration order), so reordering a field is a format change.
//! Every optional value is always present and `null` when absent, never
//! omitted: a runner can rely on every key existing, and the output of two
//! compilers that differ only in which optionals they skip cannot differ.

use serde::{Serialize, Serializer};

/// The format tag of this version of the plan. Bumped only for an
/// incompatible change; adding fields keeps `v1`.
pub const FORMAT: &str = "charter.plan/v1";

/// A check's timeout when its `verify` statement names none, in seconds.
///
/// The plan promises "defaults applied", so a runner never has to invent
/// one: thirty minutes is long enough for a large workspace's test suite
/// and short enough that a hung command cannot block a run indefinitely.
pub const DEFAULT_CHECK_TIMEOUT_S: u64 = 1800;

/// The whole plan: one spec compiled for a runner.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub format: String,
    pub compiler: Compiler,
    pub spec: SpecInfo,
    pub intent: Intent,
    pub boundaries: Boundaries,
    pub checks: Vec<Check>,
    pub contracts: Vec<Contract>,
    pub agents: Vec<Agent>,
    pub tasks: Vec<Task>,
    pub stages: Vec<Vec<String>>,
    pub governance: Governance,
    pub waivers: Vec<Waiver>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Compiler {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpecInfo {
    pub name: String,
    pub title: Option<String>,
    pub version: Option<String>,
    pub owner: Option<String>,
    /// `draft`, `active` or `done`; `active` when the spec says nothing.
    pub status: &'static str,
    /// The `///` doc comment on the spec, the human summary of the work.
    pub doc: Option<String>,
    /// The template chain, nearest first (`std::refactor`).
    pub extends: Vec<String>,
    /// Every file the plan was built from, sorted by path, each path once.
    pub sources: Vec<SourceFile>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SourceFile {
    pub path: String,
    pub sha256: String,
    /// True for a file that is not in the repository (the standard library
    /// inside the compiler): a runner must not look for it on disk.
    pub embedded: bool,
}

/// Where an item was written: path relative to the workspace root (or
/// `std/NAME.charter` for the bundled library), 1-based line and column
/// (columns count Unicode scalar values).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    pub path: String,
    pub line: usize,
    pub column: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Intent {
    pub outcome: Option<String>,
    pub success: Vec<Criterion>,
    pub non_goals: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub id: String,
    pub text: String,
    /// Check ids (`kind.name`).
    pub proven_by: Vec<String>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Boundaries {
    pub write: WriteGlobs,
    pub dependencies: Vec<Dependency>,
    pub budgets: Vec<Budget>,
}

/// Paths allowed (`allow`) minus paths forbidden (`deny`), as wildmatch globs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WriteGlobs {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dependency {
    pub name: String,
    /// `keep`, `forbid` or `require`.
    pub rule: &'static str,
    pub req: Option<String>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Budget {
    pub metric: String,
    pub target: Option<String>,
    pub op: &'static str,
    /// The number as written (`120` in `120ms`).
    pub value: Number,
    /// The unit as written; `""` for a count.
    pub unit: String,
    pub dimension: &'static str,
    /// The value in the dimension's canonical unit.
    pub value_canonical: Number,
    /// `ms`, `B`, `%` or `""` (count).
    pub canonical_unit: &'static str,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    pub id: String,
    pub kind: &'static str,
    pub name: String,
    pub run: String,
    /// Seconds; [`DEFAULT_CHECK_TIMEOUT_S`] when none was written.
    pub timeout_s: Number,
    /// coverage: the smallest passing percentage.
    pub min_percent: Option<Number>,
    /// coverage: the glob the percentage is measured over.
    pub of: Option<String>,
    /// bench: the largest slowdown allowed, in percent.
    pub max_regress_percent: Option<Number>,
    /// scan: the highest severity that may remain.
    pub max_severity: Option<&'static str>,
    /// `pass` or `fail`: what the check must show on the task's starting
    /// tree, before the work; null when it need not be run before.
    pub before: Option<&'static str>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contract {
    pub id: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub schema: Option<String>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agent {
    pub id: String,
    pub role: Option<String>,
    /// Task ids, in the order the agent runs them.
    pub tasks: Vec<String>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Task {
    pub id: String,
    pub agent: String,
    pub goal: Option<String>,
    pub depends_on: Vec<String>,
    pub write: TaskWrite,
    pub read: Vec<String>,
    pub checks: Vec<String>,
    pub approvals: Vec<Approval>,
    /// Resources (`lock`) the task holds while it runs, its agent's and its
    /// own, sorted: tasks sharing one never run at the same moment.
    pub locks: Vec<String>,
    /// Contract ids whose `from` is this task's agent.
    pub provides: Vec<String>,
    /// Contract ids whose `to` is this task's agent.
    pub consumes: Vec<String>,
    pub source: Source,
}

/// A task's resolved write scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TaskWrite {
    pub allow: Vec<String>,
    pub deny: Vec<String>,
    /// Where `allow` came from: `task`, `agent`, `spec` or `repository`.
    pub level: &'static str,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub by: String,
    pub when_touches: Vec<String>,
    pub source: Source,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Governance {
    pub autonomy: &'static str,
    pub audit_log: Option<String>,
    pub approvals: Vec<Approval>,
    pub rollback: Option<Rollback>,
    pub trace: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rollback {
    pub run: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Waiver {
    pub code: String,
    pub reason: String,
    pub scope: String,
    pub source: Source,
}

/// A JSON number that prints as an integer when it is one.
///
/// Quantities are `f64` in the model, and serde_json would print `120.0`;
/// runners and people expect `120`, and an integer is exact in every JSON
/// parser. A value within floating-point noise of an integer (`0.3h` is
/// 1,080,000.0000000002 ms after multiplication) is snapped to it, so the
/// output does not depend on how the product happened to round.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number(pub f64);

impl Number {
    /// Largest integer every JSON parser (IEEE doubles) holds exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;

    /// The integer this number stands for, when it is (nearly) one.
    pub fn as_integer(self) -> Option<i64> {
        let x = self.0;
        if !x.is_finite() || x.abs() >= Self::EXACT {
            return None;
        }
        let rounded = x.round();
        let tolerance = 1e-9 * rounded.abs().max(1.0);
        // `rounded` is finite and below 2^53 in magnitude, so the cast is exact.
        ((x - rounded).abs() <= tolerance).then_some(rounded as i64)
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_integer() {
            Some(i) => serializer.serialize_i64(i),
            // JSON has no NaN or infinity; the model never holds them
            // (amounts come from literals), but a plan must stay valid JSON.
            None if !self.0.is_finite() => serializer.serialize_i64(0),
            None => serializer.serialize_f64(self.0),
        }
    }
}
