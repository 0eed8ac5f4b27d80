//! The rule registry: every diagnostic code Charter can emit, in one table.
//!
//! A code is stable once shipped (`lints.md`): never renumber, only add.
//! Syntax (S) and meaning (E) rules are defined here; the lints (U, O, C, G,
//! D) define theirs beside their implementation, one file each, and are
//! listed in [`ALL`] too, so `explain`, SARIF and configuration read one table.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One diagnostic code: what it is called, how bad it is by default, and
/// its documentation page (shown by `charter explain`).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub code: &'static str,
    /// kebab-case, accepted wherever a code is (configuration, `explain`).
    pub name: &'static str,
    pub severity: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// The page: what it does, why it matters, an example that fires and the fixed example.
    pub doc: &'static str,
    /// Off-by-default rules (O005) run only when configured to `warn` or `error`.
    pub enabled_by_default: bool,
}

macro_rules! rule {
    ($ident:ident, $code:literal, $name:literal, $severity:ident, $summary:literal, $doc:literal) => {
        pub static $ident: Rule = Rule {
            code: $code,
            name: $name,
            severity: Severity::$severity,
            summary: $summary,
            doc: $doc,
            enabled_by_default: true,
        };
    };
}

rule!(
    INVALID_UTF8,
    "S001",
    "invalid-utf8",
    Error,
    "the file is not valid UTF-8",
    "Charter sources are UTF-8 text. The first invalid byte's offset is reported and the file is not parsed further."
);
rule!(
    INVALID_CHARACTER,
    "S002",
    "invalid-character",
    Error,
    "a character that starts no token",
    "Outside strings and comments, only names, numbers with units, strings, `{ } ; , . ::` and the comparisons `< <= > >= ==` may appear."
);
rule!(
    UNTERMINATED_STRING,
    "S003",
    "unterminated-string",
    Error,
    "a string has no closing quote",
    "A `\"…\"` string ends on its own line; text over several lines goes in a `\"\"\"…\"\"\"` block."
);
rule!(
    UNTERMINATED_COMMENT,
    "S004",
    "unterminated-comment",
    Error,
    "a `/*` comment has no matching `*/`",
    "Block comments nest, so every `/*` needs its own `*/`."
);
rule!(
    UNEXPECTED_TOKEN,
    "S005",
    "unexpected-token",
    Error,
    "the parser found something other than what the grammar allows here",
    "Every statement is `head arguments… modifiers… { block }` and ends at a line break, a `;` or the `}` that closes its block. The message says what was expected. The rest of the statement is skipped and parsing goes on, so independent errors are all reported."
);
rule!(
    UNCLOSED_DELIMITER,
    "S006",
    "unclosed-delimiter",
    Error,
    "a `{` is never closed",
    "The error points at the `{` that is never closed, not at the end of the file where the parser noticed."
);
rule!(
    UNMATCHED_DELIMITER,
    "S007",
    "unmatched-delimiter",
    Error,
    "a `}` closes no block",
    "A `}` with no open block before it. It is ignored so the rest of the file can be checked."
);
rule!(
    NESTING_TOO_DEEP,
    "S008",
    "nesting-too-deep",
    Error,
    "blocks nest deeper than the parser allows",
    "Nesting is bounded (64 levels) before parsing, so no input can exhaust the stack. Specs nest spec → agent → task; anything deeper is a mistake or hostile input."
);

rule!(
    UNRESOLVED_NAME,
    "E001",
    "unresolved-name",
    Error,
    "a reference, import or template does not resolve",
    "Every reference must resolve: agents, `agent.task`, `kind.check`, success criteria, contracts, templates and imports. The message suggests the closest name in scope."
);
rule!(
    DUPLICATE_DEFINITION,
    "E002",
    "duplicate-definition",
    Error,
    "two items or members share a name",
    "Names must be unique in their scope; both definitions are labelled."
);
rule!(
    TYPE_MISMATCH,
    "E003",
    "type-mismatch",
    Error,
    "an argument has the wrong type or dimension",
    "Each statement's arguments have types (string, glob, path, semver, semver-req, count, duration, size, percent, enum, reference). A comparison's sides must agree in dimension: `coverage >= 120ms` is an error."
);
rule!(
    UNKNOWN_STATEMENT,
    "E004",
    "unknown-statement",
    Error,
    "a statement head is not allowed in this block",
    "Which statements are legal in which block is one table. A misspelled or misplaced head is reported with the closest legal one."
);
rule!(
    TASK_CYCLE,
    "E005",
    "task-cycle",
    Error,
    "`after` edges form a cycle",
    "Tasks must form a DAG to be scheduled. Every edge on the cycle is labelled."
);
rule!(
    IMPORT_CYCLE,
    "E006",
    "import-cycle",
    Error,
    "imports form a cycle, or an import leaves the workspace root",
    "An import may not (directly or not) import itself, and may not resolve outside the workspace root (`..` past it, an absolute path, a symlink out)."
);
rule!(
    MISSING_REQUIRED,
    "E007",
    "missing-required",
    Error,
    "a template's `require` is not met",
    "A template's `require SECTION[.PATH]` makes that section mandatory in every spec that extends it; the label points at the `require`."
);
rule!(
    INVALID_LITERAL,
    "E008",
    "invalid-literal",
    Error,
    "a bad glob, semver, quantity or escape",
    "Literals are checked for syntax: globs (git wildmatch), semantic versions and requirements, quantities with their units, and string escapes."
);
rule!(
    INVALID_WAIVER,
    "E009",
    "waiver-without-reason",
    Error,
    "a `waive` without a reason, or for an unknown code",
    "`waive CODE \"reason\"` silences a lint inside its block and is recorded in the plan, so every exception has a reason and a real code."
);
rule!(
    TEMPLATE_CYCLE,
    "E010",
    "template-cycle",
    Error,
    "templates extend each other in a cycle",
    "A template may extend another, but the chain must end: `a extends b` and `b extends a` can never be merged. The `extends` that closes the cycle is labelled and the chain is listed."
);

rule!(
    GLOB_TOO_COMPLEX,
    "E011",
    "glob-too-complex",
    Warning,
    "a glob is too complex to decide a lint's set question exactly",
    "The conflict and scope lints decide exactly whether globs share a path. Deciding that a glob avoids *another* glob (a `deny`, a wider `write`) builds the subsets of that glob's automaton, which grow exponentially for shapes such as `*a` followed by many `?`. Past a fixed budget the lint stops and reports this instead of guessing: simplify the glob (fewer `?` after a `*`, or a literal directory prefix) so the question can be settled."
);

/// The syntax and meaning rules, in code order; [`crate::registry`] adds the lints.
pub static ALL: &[&Rule] = &[
    &INVALID_UTF8,
    &INVALID_CHARACTER,
    &UNTERMINATED_STRING,
    &UNTERMINATED_COMMENT,
    &UNEXPECTED_TOKEN,
    &UNCLOSED_DELIMITER,
    &UNMATCHED_DELIMITER,
    &NESTING_TOO_DEEP,
    &UNRESOLVED_NAME,
    &DUPLICATE_DEFINITION,
    &TYPE_MISMATCH,
    &UNKNOWN_STATEMENT,
    &TASK_CYCLE,
    &IMPORT_CYCLE,
    &MISSING_REQUIRED,
    &INVALID_LITERAL,
    &INVALID_WAIVER,
    &TEMPLATE_CYCLE,
    &GLOB_TOO_COMPLEX,
];
