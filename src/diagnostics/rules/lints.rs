//! The lints' rules: code, name, default level, summary and page.
//!
//! The implementations live in `crate::lints`, one file per rule, and
//! register against these entries; the pages are Markdown files beside
//! this table, each with an example that fires and its fixed version
//! (`tests/it/lint_docs.rs` runs both).

use super::{Rule, Severity};

/// Declares a lint's rule, its page read from `pages/CODE.md`; a trailing
/// `off_by_default` marks lints that run only when configured.
macro_rules! lint {
    ($ident:ident, $code:literal, $name:literal, $severity:ident, $summary:literal, $page:literal) => {
        lint!(@rule $ident, $code, $name, $severity, $summary, $page, true);
    };
    ($ident:ident, $code:literal, $name:literal, $severity:ident, $summary:literal, $page:literal, off_by_default) => {
        lint!(@rule $ident, $code, $name, $severity, $summary, $page, false);
    };
    (@rule $ident:ident, $code:literal, $name:literal, $severity:ident, $summary:literal, $page:literal, $enabled:literal) => {
        pub static $ident: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::$severity,
            summary: $summary,
            doc: include_str!($page),
            enabled_by_default: $enabled,
        };
    };
}

lint!(
    NO_SUCCESS_CRITERIA,
    "U001",
    "no-success-criteria",
    Warning,
    "an `intent` has an outcome but no `success` criterion",
    "pages/U001.md"
);
lint!(
    VAGUE_TERM,
    "U002",
    "vague-term",
    Warning,
    "outcome, goal or criterion text uses an unmeasurable word",
    "pages/U002.md"
);
lint!(
    UNBOUNDED_WRITE,
    "U003",
    "unbounded-write",
    Warning,
    "a task can write the whole repository",
    "pages/U003.md"
);
lint!(
    UNVERIFIED_TASK,
    "U004",
    "unverified-task",
    Warning,
    "a task ends with no check at all",
    "pages/U004.md"
);
lint!(
    UNPROVEN_CRITERION,
    "U005",
    "unproven-criterion",
    Warning,
    "a success criterion has no `by`, or its checks are never run by any task",
    "pages/U005.md"
);
lint!(
    HANDOFF_WITHOUT_CONTRACT,
    "U006",
    "handoff-without-contract",
    Warning,
    "a task waits on a task of another agent and no contract joins the two agents",
    "pages/U006.md"
);
lint!(
    AUTONOMY_WITHOUT_CHECKS,
    "U007",
    "autonomy-without-checks",
    Error,
    "`autonomous` with a task that has no check",
    "pages/U007.md"
);
lint!(
    NO_ROLLBACK,
    "U008",
    "no-rollback",
    Warning,
    "`supervised` or `autonomous` without `rollback`",
    "pages/U008.md"
);
lint!(
    BUDGET_WITHOUT_TARGET,
    "U009",
    "budget-without-target",
    Warning,
    "a latency budget names no operation or workload",
    "pages/U009.md"
);
lint!(
    PLACEHOLDER,
    "U010",
    "placeholder",
    Warning,
    "a value is still a `\"<…>\"` placeholder left by `charter init`",
    "pages/U010.md"
);
lint!(
    VACUOUS_CHECK,
    "U011",
    "vacuous-check",
    Warning,
    "a check's command cannot fail (`|| true`, a pipeline ending in `wc`/`cat`/`tee` without `pipefail`, only `echo`)",
    "pages/U011.md"
);
lint!(
    LITERAL_BRACKET_GLOB,
    "U012",
    "literal-bracket-glob",
    Warning,
    "a `[...]` class in a glob reads like a folder name (`[slug]`) but matches one character",
    "pages/U012.md"
);
lint!(
    STEPS_NOT_OUTCOME,
    "O001",
    "steps-not-outcome",
    Warning,
    "an outcome or goal is written as a procedure",
    "pages/O001.md"
);
lint!(
    REDUNDANT_CONSTRAINT,
    "O002",
    "redundant-constraint",
    Warning,
    "a constraint is implied by another",
    "pages/O002.md"
);
lint!(
    PINNED_IMPLEMENTATION,
    "O003",
    "pinned-implementation",
    Warning,
    "a goal dictates code-level details beyond the configured limit",
    "pages/O003.md"
);
lint!(
    CONSTRAINT_OVERLOAD,
    "O004",
    "constraint-overload",
    Warning,
    "one task carries more constraints than the configured limit",
    "pages/O004.md"
);
lint!(
    DEAD_DENY,
    "O005",
    "dead-deny",
    Warning,
    "a `deny` glob can never match anything the write scopes allow",
    "pages/O005.md",
    off_by_default
);
lint!(
    UNUSED_WAIVER,
    "O006",
    "unused-waiver",
    Warning,
    "a `waive` silences nothing in its block",
    "pages/O006.md"
);
lint!(
    CONCURRENT_WRITE_OVERLAP,
    "C001",
    "concurrent-write-overlap",
    Error,
    "two concurrent tasks may write the same path",
    "pages/C001.md"
);
lint!(
    WRITE_DENIED,
    "C002",
    "write-denied",
    Error,
    "a `write` glob lies wholly inside the `deny` globs in its scope",
    "pages/C002.md"
);
lint!(
    SCOPE_ESCAPE,
    "C003",
    "scope-escape",
    Error,
    "an agent's or task's `write` reaches outside the spec's `write`",
    "pages/C003.md"
);
lint!(
    CONTRADICTORY_BUDGET,
    "C004",
    "contradictory-budget",
    Error,
    "budgets on one metric leave no admissible value",
    "pages/C004.md"
);
lint!(
    DEPENDENCY_CONFLICT,
    "C005",
    "dependency-conflict",
    Error,
    "`keep`/`require` ranges of one dependency do not intersect, or it is both kept and forbidden",
    "pages/C005.md"
);
lint!(
    MUTABLE_CONTRACT,
    "C006",
    "mutable-contract",
    Error,
    "a task that can write a contract's `schema` runs concurrently with the consumer",
    "pages/C006.md"
);
lint!(
    STALE_READ,
    "C007",
    "stale-read",
    Warning,
    "a task reads paths that a concurrent task may write",
    "pages/C007.md"
);
lint!(
    CROSS_SPEC_OVERLAP,
    "C008",
    "cross-spec-overlap",
    Warning,
    "a task of one active spec and a task of another active spec of the checked set may write the same path",
    "pages/C008.md"
);
lint!(
    NO_AUDIT_LOG,
    "G001",
    "no-audit-log",
    Warning,
    "`supervised`/`autonomous` without `audit`",
    "pages/G001.md"
);
lint!(
    DEAD_APPROVAL,
    "G002",
    "dead-approval",
    Warning,
    "an `approve … when touches GLOB` matches no task's write scope",
    "pages/G002.md"
);
lint!(
    UNTRACED,
    "G003",
    "untraced",
    Warning,
    "`trace` is not `required` while `autonomy` is `autonomous`",
    "pages/G003.md"
);
lint!(
    GLOB_MATCHES_NOTHING,
    "D001",
    "glob-matches-nothing",
    Warning,
    "with `check --root DIR`: a `write`, `deny`, `read` or `approve` glob matches no file",
    "pages/D001.md"
);
lint!(
    MISSING_ARTIFACT,
    "D002",
    "missing-artifact",
    Warning,
    "with `check --root DIR`: a contract `schema` or the `audit` log's folder does not exist",
    "pages/D002.md"
);
lint!(
    UNOWNED_CHANGE,
    "D003",
    "unowned-change",
    Error,
    "with `charter guard`: a changed file lies outside its task's write scope",
    "pages/D003.md"
);

/// Every lint rule, in the order `explain` and SARIF list them (U, O, C, G, D).
pub static LINT_RULES: &[&Rule] = &[
    &NO_SUCCESS_CRITERIA,
    &VAGUE_TERM,
    &UNBOUNDED_WRITE,
    &UNVERIFIED_TASK,
    &UNPROVEN_CRITERION,
    &HANDOFF_WITHOUT_CONTRACT,
    &AUTONOMY_WITHOUT_CHECKS,
    &NO_ROLLBACK,
    &BUDGET_WITHOUT_TARGET,
    &PLACEHOLDER,
    &VACUOUS_CHECK,
    &LITERAL_BRACKET_GLOB,
    &STEPS_NOT_OUTCOME,
    &REDUNDANT_CONSTRAINT,
    &PINNED_IMPLEMENTATION,
    &CONSTRAINT_OVERLOAD,
    &DEAD_DENY,
    &UNUSED_WAIVER,
    &CONCURRENT_WRITE_OVERLAP,
    &WRITE_DENIED,
    &SCOPE_ESCAPE,
    &CONTRADICTORY_BUDGET,
    &DEPENDENCY_CONFLICT,
    &MUTABLE_CONTRACT,
    &STALE_READ,
    &CROSS_SPEC_OVERLAP,
    &NO_AUDIT_LOG,
    &DEAD_APPROVAL,
    &UNTRACED,
    &GLOB_MATCHES_NOTHING,
    &MISSING_ARTIFACT,
    &UNOWNED_CHANGE,
];
