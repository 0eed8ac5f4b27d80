//! The rule registry: every diagnostic code Charter can emit, in one table.
//!
//! A code is stable once shipped (`lints.md`): never renumber, only add.
//! Syntax (S) and meaning (E) rules are defined here; the lints (U, O, C, G,
//! D) define theirs beside their implementation, one file each, and are
//! listed in [`ALL`] too, so `explain`, SARIF and configuration read one table.

mod lints;

pub use lints::*;

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
    ($ident:ident, $code:literal, $name:literal, $severity:ident, $summary:literal, $doc:expr) => {
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
    include_str!("pages/S001.md")
);
rule!(
    INVALID_CHARACTER,
    "S002",
    "invalid-character",
    Error,
    "a character that starts no token",
    include_str!("pages/S002.md")
);
rule!(
    UNTERMINATED_STRING,
    "S003",
    "unterminated-string",
    Error,
    "a string has no closing quote",
    include_str!("pages/S003.md")
);
rule!(
    UNTERMINATED_COMMENT,
    "S004",
    "unterminated-comment",
    Error,
    "a `/*` comment has no matching `*/`",
    include_str!("pages/S004.md")
);
rule!(
    UNEXPECTED_TOKEN,
    "S005",
    "unexpected-token",
    Error,
    "the parser found something other than what the grammar allows here",
    include_str!("pages/S005.md")
);
rule!(
    UNCLOSED_DELIMITER,
    "S006",
    "unclosed-delimiter",
    Error,
    "a `{` is never closed",
    include_str!("pages/S006.md")
);
rule!(
    UNMATCHED_DELIMITER,
    "S007",
    "unmatched-delimiter",
    Error,
    "a `}` closes no block",
    include_str!("pages/S007.md")
);
rule!(
    NESTING_TOO_DEEP,
    "S008",
    "nesting-too-deep",
    Error,
    "blocks nest deeper than the parser allows",
    include_str!("pages/S008.md")
);

rule!(
    UNRESOLVED_NAME,
    "E001",
    "unresolved-name",
    Error,
    "a reference, import or template does not resolve",
    include_str!("pages/E001.md")
);
rule!(
    DUPLICATE_DEFINITION,
    "E002",
    "duplicate-definition",
    Error,
    "two items or members share a name",
    include_str!("pages/E002.md")
);
rule!(
    TYPE_MISMATCH,
    "E003",
    "type-mismatch",
    Error,
    "an argument has the wrong type or dimension",
    include_str!("pages/E003.md")
);
rule!(
    UNKNOWN_STATEMENT,
    "E004",
    "unknown-statement",
    Error,
    "a statement head is not allowed in this block",
    include_str!("pages/E004.md")
);
rule!(
    TASK_CYCLE,
    "E005",
    "task-cycle",
    Error,
    "`after` edges form a cycle",
    include_str!("pages/E005.md")
);
rule!(
    IMPORT_CYCLE,
    "E006",
    "import-cycle",
    Error,
    "imports form a cycle, or an import leaves the workspace root",
    include_str!("pages/E006.md")
);
rule!(
    MISSING_REQUIRED,
    "E007",
    "missing-required",
    Error,
    "a template's `require` is not met",
    include_str!("pages/E007.md")
);
rule!(
    INVALID_LITERAL,
    "E008",
    "invalid-literal",
    Error,
    "a bad glob, semver, quantity or escape",
    include_str!("pages/E008.md")
);
rule!(
    INVALID_WAIVER,
    "E009",
    "waiver-without-reason",
    Error,
    "a `waive` without a reason, or for an unknown code",
    include_str!("pages/E009.md")
);
rule!(
    TEMPLATE_CYCLE,
    "E010",
    "template-cycle",
    Error,
    "templates extend each other in a cycle",
    include_str!("pages/E010.md")
);

rule!(
    GLOB_TOO_COMPLEX,
    "E011",
    "glob-too-complex",
    Warning,
    "a glob is too complex to decide a lint's set question exactly",
    include_str!("pages/E011.md")
);

/// The syntax and meaning rules, in code order; [`all`] adds the lints.
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

/// Every rule, in code order (S, E, then the lints: U, O, C, G).
/// `explain`, SARIF, configuration and waivers all read it.
pub fn all() -> impl Iterator<Item = &'static Rule> {
    ALL.iter().copied().chain(LINT_RULES.iter().copied())
}

/// A rule by code (`C001`, any case) or kebab-case name (`concurrent-write-overlap`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    all().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in all() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(seen.insert(rule.name), "duplicate name {}", rule.name);
            let kebab = rule
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab, "{} is not kebab-case", rule.name);
            assert_eq!(find(rule.name), Some(rule));
            assert_eq!(find(&rule.code.to_lowercase()), Some(rule));
        }
    }
}
