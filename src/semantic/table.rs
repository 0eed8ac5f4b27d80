//! The statement table: which statement heads are legal in which block,
//! with the types of their positional arguments and modifiers.
//!
//! This is the one source of truth for the language's vocabulary. The type
//! checker reads it for E003/E004, template merging reads whether a head may
//! repeat, and completion, hover and `explain` will read it too. The parser
//! knows none of it: it reads one statement shape for every head.

use crate::analysis::quantity::Dimension;

/// The kinds of block a statement can stand in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    File,
    Spec,
    Template,
    Intent,
    Boundaries,
    Verify,
    Contract,
    Agent,
    Task,
    Governance,
}

impl Context {
    pub fn as_str(self) -> &'static str {
        match self {
            Context::File => "the top level of a file",
            Context::Spec => "spec",
            Context::Template => "template",
            Context::Intent => "intent",
            Context::Boundaries => "boundaries",
            Context::Verify => "verify",
            Context::Contract => "contract",
            Context::Agent => "agent",
            Context::Task => "task",
            Context::Governance => "governance",
        }
    }
}

/// The type of one argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgType {
    /// A name this statement defines (`agent data_layer`).
    Name,
    /// Free text.
    Text,
    /// A glob, checked for syntax.
    Glob,
    /// A file path in the repository.
    FilePath,
    /// A semantic version, `"1.2.0"`.
    Semver,
    /// A version requirement, `"^1"`.
    SemverReq,
    /// A quantity of one dimension.
    Quantity(Dimension),
    /// A quantity of any dimension (budgets; the metric decides).
    AnyQuantity,
    /// A comparison operator.
    Compare,
    /// One of these words.
    Enum(&'static [&'static str]),
    /// Exactly this word (`dep` in `keep dep "serde" "^1"`).
    Keyword(&'static str),
    /// `kind.name`.
    CheckRef,
    /// `agent.task`.
    TaskRef,
    /// An agent's name.
    AgentRef,
    /// A template: `name` or `alias.name`.
    TemplateRef,
    /// A budget metric: `latency.p99`, `binary.size`, or one declared with `metric`.
    Metric,
    /// `duration`, `size`, `percent` or `count`.
    Dimension,
    /// A diagnostic code or name (`waive`).
    Code,
    /// `std::NAME` or a `"relative/path.charter"`.
    Module,
    /// A section path for `require`: `intent.success`, `governance.rollback`.
    Section,
}

impl ArgType {
    /// How the type is named in "expected …" messages.
    pub fn describe(self) -> String {
        match self {
            ArgType::Name => "a name".into(),
            ArgType::Text => "a string".into(),
            ArgType::Glob => "a glob string".into(),
            ArgType::FilePath => "a path string".into(),
            ArgType::Semver => "a version string such as \"1.2.0\"".into(),
            ArgType::SemverReq => "a version requirement string such as \"^1.2\"".into(),
            ArgType::Quantity(d) => format!("a {} ({})", d.as_str(), example_of(d)),
            ArgType::AnyQuantity => "a quantity such as `120ms`, `12MB` or `85%`".into(),
            ArgType::Compare => "a comparison (`<`, `<=`, `>`, `>=`, `==`)".into(),
            ArgType::Enum(words) => format!(
                "one of {}",
                words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ArgType::Keyword(word) => format!("`{word}`"),
            ArgType::CheckRef => "a check reference `kind.name`".into(),
            ArgType::TaskRef => "a task reference `agent.task`".into(),
            ArgType::AgentRef => "an agent's name".into(),
            ArgType::TemplateRef => "a template's name".into(),
            ArgType::Metric => "a metric such as `latency.p99`".into(),
            ArgType::Dimension => "a dimension (`duration`, `size`, `percent` or `count`)".into(),
            ArgType::Code => "a diagnostic code such as `U004`".into(),
            ArgType::Module => "`std::NAME` or a \"path.charter\" string".into(),
            ArgType::Section => "a section such as `intent.success`".into(),
        }
    }
}

fn example_of(d: Dimension) -> &'static str {
    match d {
        Dimension::Duration => "`10m`, `120ms`",
        Dimension::Size => "`12MB`, `512KiB`",
        Dimension::Percent => "`85%`",
        Dimension::Count => "a plain number",
    }
}

/// One positional argument or modifier value.
#[derive(Clone, Copy, Debug)]
pub struct ArgSpec {
    pub ty: ArgType,
    pub optional: bool,
    /// Whether a comma-separated list is accepted.
    pub list: bool,
}

const fn one(ty: ArgType) -> ArgSpec {
    ArgSpec {
        ty,
        optional: false,
        list: false,
    }
}
const fn opt(ty: ArgType) -> ArgSpec {
    ArgSpec {
        ty,
        optional: true,
        list: false,
    }
}
const fn many(ty: ArgType) -> ArgSpec {
    ArgSpec {
        ty,
        optional: false,
        list: true,
    }
}

#[derive(Clone, Copy, Debug)]
pub struct ModifierSpec {
    pub word: &'static str,
    pub args: &'static [ArgSpec],
    pub required: bool,
}

const fn modifier(word: &'static str, args: &'static [ArgSpec]) -> ModifierSpec {
    ModifierSpec {
        word,
        args,
        required: false,
    }
}
const fn required(word: &'static str, args: &'static [ArgSpec]) -> ModifierSpec {
    ModifierSpec {
        word,
        args,
        required: true,
    }
}

/// A statement head legal in one context.
#[derive(Debug)]
pub struct StatementSpec {
    pub context: Context,
    pub head: &'static str,
    pub args: &'static [ArgSpec],
    pub modifiers: &'static [ModifierSpec],
    /// The block's context, when the statement has a block.
    pub block: Option<Context>,
    /// May appear more than once in one block.
    pub repeatable: bool,
    /// One line for hover and completion.
    pub doc: &'static str,
}

const AUTONOMY: &[&str] = &["paired", "supervised", "autonomous"];
const SEVERITY: &[&str] = &["low", "medium", "high", "critical"];
const TRACE: &[&str] = &["required", "optional"];
const STATUS: &[&str] = &["draft", "active", "done"];
const BEFORE_RESULT: &[&str] = &["pass", "fail"];
const TIMEOUT: ModifierSpec = modifier("timeout", &[one(ArgType::Quantity(Dimension::Duration))]);
/// `before pass|fail`: what a check must show on the task's starting tree.
const BEFORE: ModifierSpec = modifier("before", &[one(ArgType::Enum(BEFORE_RESULT))]);

macro_rules! statement {
    ($context:ident, $head:literal, [$($arg:expr),*], [$($modifier:expr),*], $block:expr, $repeatable:expr, $doc:literal) => {
        StatementSpec {
            context: Context::$context,
            head: $head,
            args: &[$($arg),*],
            modifiers: &[$($modifier),*],
            block: $block,
            repeatable: $repeatable,
            doc: $doc,
        }
    };
}

use ArgType::*;

/// Statements legal in both specs and templates (a template's blocks are a
/// spec's defaults).
macro_rules! spec_body {
    ($context:ident) => {
        [
            statement!(
                $context,
                "title",
                [one(Text)],
                [],
                None,
                false,
                "A one-line title."
            ),
            statement!(
                $context,
                "version",
                [one(Semver)],
                [],
                None,
                false,
                "The spec's semantic version."
            ),
            statement!(
                $context,
                "owner",
                [one(Text)],
                [],
                None,
                false,
                "Who owns the spec (`@team`)."
            ),
            statement!(
                $context,
                "autonomy",
                [one(Enum(AUTONOMY))],
                [],
                None,
                false,
                "How much a person reviews: paired, supervised or autonomous."
            ),
            statement!(
                $context,
                "status",
                [one(Enum(STATUS))],
                [],
                None,
                false,
                "Whether the spec is being worked on: draft, active (the default) or done."
            ),
            statement!(
                $context,
                "intent",
                [],
                [],
                Some(Context::Intent),
                false,
                "What success looks like."
            ),
            statement!(
                $context,
                "boundaries",
                [],
                [],
                Some(Context::Boundaries),
                false,
                "What may and may not change."
            ),
            statement!(
                $context,
                "verify",
                [],
                [],
                Some(Context::Verify),
                false,
                "The checks that prove success."
            ),
            statement!(
                $context,
                "contract",
                [one(Name)],
                [],
                Some(Context::Contract),
                true,
                "An interface between two agents."
            ),
            statement!(
                $context,
                "agent",
                [one(Name)],
                [],
                Some(Context::Agent),
                true,
                "One worker and its tasks."
            ),
            statement!(
                $context,
                "governance",
                [],
                [],
                Some(Context::Governance),
                false,
                "Audit, approvals, rollback and tracing."
            ),
            statement!(
                $context,
                "waive",
                [one(Code), opt(Text)],
                [],
                None,
                true,
                "Silences a lint inside this block, with a reason."
            ),
        ]
    };
}

const SPEC_BODY: [StatementSpec; 12] = spec_body!(Spec);
const TEMPLATE_BODY: [StatementSpec; 12] = spec_body!(Template);

const OTHERS: &[StatementSpec] = &[
    statement!(
        File,
        "use",
        [one(Module)],
        [modifier("as", &[one(Name)])],
        None,
        true,
        "Imports a stdlib module or another file."
    ),
    statement!(
        File,
        "spec",
        [one(Name)],
        [modifier("extends", &[one(TemplateRef)])],
        Some(Context::Spec),
        true,
        "One unit of work, compiled to one plan."
    ),
    statement!(
        File,
        "template",
        [one(Name)],
        [modifier("extends", &[one(TemplateRef)])],
        Some(Context::Template),
        true,
        "A reusable skeleton: required sections and defaults."
    ),
    statement!(
        Template,
        "require",
        [one(Section)],
        [],
        None,
        true,
        "Makes a section mandatory in every spec that extends the template."
    ),
    statement!(
        Intent,
        "outcome",
        [one(Text)],
        [],
        None,
        false,
        "The result the work must produce."
    ),
    statement!(
        Intent,
        "success",
        [one(Name), one(Text)],
        [modifier("by", &[many(CheckRef)])],
        None,
        true,
        "A success criterion, proven by checks."
    ),
    statement!(
        Intent,
        "non_goal",
        [one(Text)],
        [],
        None,
        true,
        "Something explicitly out of scope."
    ),
    statement!(
        Intent,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
    statement!(
        Boundaries,
        "write",
        [many(Glob)],
        [],
        None,
        true,
        "Paths the spec may change."
    ),
    statement!(
        Boundaries,
        "deny",
        [many(Glob)],
        [],
        None,
        true,
        "Paths nothing may change."
    ),
    statement!(
        Boundaries,
        "keep",
        [one(Keyword("dep")), one(Text), one(SemverReq)],
        [],
        None,
        true,
        "A dependency whose version must stay within a range."
    ),
    statement!(
        Boundaries,
        "forbid",
        [one(Keyword("dep")), one(Text)],
        [],
        None,
        true,
        "A dependency that must be absent at the end."
    ),
    statement!(
        Boundaries,
        "require",
        [one(Keyword("dep")), one(Text), one(SemverReq)],
        [],
        None,
        true,
        "A dependency that must be present."
    ),
    statement!(
        Boundaries,
        "budget",
        [one(Metric), opt(Text), one(Compare), one(AnyQuantity)],
        [],
        None,
        true,
        "A bound on a metric, for an operation or workload."
    ),
    statement!(
        Boundaries,
        "metric",
        [one(Name), one(Dimension)],
        [],
        None,
        true,
        "Declares a budget metric and its dimension."
    ),
    statement!(
        Boundaries,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
    statement!(
        Verify,
        "test",
        [one(Name), one(Text)],
        [TIMEOUT, BEFORE],
        None,
        true,
        "A command that passes on exit 0."
    ),
    statement!(
        Verify,
        "check",
        [one(Name), one(Text)],
        [TIMEOUT, BEFORE],
        None,
        true,
        "A command that passes on exit 0."
    ),
    statement!(
        Verify,
        "coverage",
        [one(Name), one(Compare), one(Quantity(Dimension::Percent))],
        [
            modifier("of", &[one(Glob)]),
            required("from", &[one(Text)]),
            TIMEOUT,
            BEFORE
        ],
        None,
        true,
        "Passes when the command's report shows at least this coverage."
    ),
    statement!(
        Verify,
        "bench",
        [one(Name), one(Text)],
        [
            required(
                "regress",
                &[one(Compare), one(Quantity(Dimension::Percent))]
            ),
            TIMEOUT,
            BEFORE
        ],
        None,
        true,
        "Passes when the slowdown against the baseline is at most this."
    ),
    statement!(
        Verify,
        "scan",
        [one(Name), one(Text)],
        [required("max", &[one(Enum(SEVERITY))]), TIMEOUT, BEFORE],
        None,
        true,
        "Passes when nothing above this severity is found."
    ),
    statement!(
        Verify,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
    statement!(
        Contract,
        "from",
        [one(AgentRef)],
        [],
        None,
        false,
        "The agent that provides the interface."
    ),
    statement!(
        Contract,
        "to",
        [one(AgentRef)],
        [],
        None,
        false,
        "The agent that consumes the interface."
    ),
    statement!(
        Contract,
        "schema",
        [one(FilePath)],
        [],
        None,
        false,
        "The interface's file, agreed before the work starts."
    ),
    statement!(
        Contract,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
    statement!(
        Agent,
        "role",
        [one(Text)],
        [],
        None,
        false,
        "What the agent does."
    ),
    statement!(
        Agent,
        "write",
        [many(Glob)],
        [],
        None,
        true,
        "Paths this agent's tasks may change."
    ),
    statement!(
        Agent,
        "read",
        [many(Glob)],
        [],
        None,
        true,
        "Paths this agent's tasks consume."
    ),
    statement!(
        Agent,
        "lock",
        [many(Text)],
        [],
        None,
        true,
        "Resources that are not files (a test database, a port) that no two tasks use at once."
    ),
    statement!(
        Agent,
        "deny",
        [many(Glob)],
        [],
        None,
        true,
        "Paths this agent may not change."
    ),
    statement!(
        Agent,
        "task",
        [one(Name)],
        [],
        Some(Context::Task),
        true,
        "One unit of this agent's work."
    ),
    statement!(
        Agent,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
    statement!(
        Task,
        "goal",
        [one(Text)],
        [],
        None,
        false,
        "What the task must achieve."
    ),
    statement!(
        Task,
        "after",
        [many(TaskRef)],
        [],
        None,
        true,
        "Tasks that must finish first."
    ),
    statement!(
        Task,
        "verify",
        [many(CheckRef)],
        [],
        None,
        true,
        "The checks this task must pass."
    ),
    statement!(
        Task,
        "write",
        [many(Glob)],
        [],
        None,
        true,
        "Paths this task may change."
    ),
    statement!(
        Task,
        "read",
        [many(Glob)],
        [],
        None,
        true,
        "Paths this task consumes."
    ),
    statement!(
        Task,
        "lock",
        [many(Text)],
        [],
        None,
        true,
        "Resources that are not files (a test database, a port) that no two tasks use at once."
    ),
    statement!(
        Task,
        "deny",
        [many(Glob)],
        [],
        None,
        true,
        "Paths this task may not change."
    ),
    statement!(
        Task,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
    statement!(
        Governance,
        "audit",
        [one(FilePath)],
        [],
        None,
        false,
        "The audit log every step is recorded in."
    ),
    statement!(
        Governance,
        "approve",
        [one(Text)],
        [modifier("when", &[]), required("touches", &[many(Glob)])],
        None,
        true,
        "A person or team who approves changes touching these paths."
    ),
    statement!(
        Governance,
        "rollback",
        [one(Text)],
        [],
        None,
        false,
        "The command that undoes a change (`{commit}` is filled in)."
    ),
    statement!(
        Governance,
        "trace",
        [one(Enum(TRACE))],
        [],
        None,
        false,
        "Whether every step must be traced."
    ),
    statement!(
        Governance,
        "waive",
        [one(Code), opt(Text)],
        [],
        None,
        true,
        "Silences a lint inside this block, with a reason."
    ),
];

/// Every statement spec, in a stable order.
pub fn all() -> impl Iterator<Item = &'static StatementSpec> {
    SPEC_BODY
        .iter()
        .chain(TEMPLATE_BODY.iter())
        .chain(OTHERS.iter())
}

/// The statement `head` in `context`, if it is legal there.
pub fn lookup(context: Context, head: &str) -> Option<&'static StatementSpec> {
    // Asked for every statement of every file: a map built once from the
    // table, rather than a scan of it.
    type ByHead = foldhash::HashMap<(Context, &'static str), &'static StatementSpec>;
    static BY_HEAD: std::sync::OnceLock<ByHead> = std::sync::OnceLock::new();
    let by_head = BY_HEAD.get_or_init(|| {
        let mut map = ByHead::default();
        for spec in all() {
            // The first of a (context, head) wins, as the scan's did
            // (heads are unique per context: a test checks it).
            map.entry((spec.context, spec.head)).or_insert(spec);
        }
        map
    });
    by_head.get(&(context, head)).copied()
}

/// The heads legal in `context`, in table order.
pub fn heads(context: Context) -> impl Iterator<Item = &'static str> {
    all().filter(move |s| s.context == context).map(|s| s.head)
}

/// The budget metrics every spec knows, with their dimensions.
pub const BUILTIN_METRICS: &[(&str, Dimension)] = &[
    ("latency.p50", Dimension::Duration),
    ("latency.p90", Dimension::Duration),
    ("latency.p95", Dimension::Duration),
    ("latency.p99", Dimension::Duration),
    ("latency.max", Dimension::Duration),
    ("memory.peak", Dimension::Size),
    ("binary.size", Dimension::Size),
    ("error_rate", Dimension::Percent),
    ("cpu", Dimension::Percent),
    ("build.time", Dimension::Duration),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_unique_per_context_and_blocks_have_statements() {
        let mut seen = std::collections::BTreeSet::new();
        for spec in all() {
            assert!(
                seen.insert((spec.context, spec.head)),
                "{} twice in {:?}",
                spec.head,
                spec.context
            );
            if let Some(block) = spec.block {
                assert!(
                    heads(block).next().is_some(),
                    "{:?} has no statements",
                    block
                );
            }
        }
        assert_eq!(
            lookup(Context::Boundaries, "write").map(|s| s.repeatable),
            Some(true)
        );
        assert!(lookup(Context::Intent, "write").is_none());
    }
}
