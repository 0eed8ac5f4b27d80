//! The lints: under-specification (U), over-specification (O), conflicts
//! (C) and governance (G), each in its own file.
//!
//! A lint is a [`Rule`] (code, name, default level, documentation page) and
//! a function that reads one merged, typed [`Spec`] and pushes diagnostics.
//! [`LINTS`] is the registry; nothing else lists them. Each page holds an
//! example that fires and its fixed version, and `tests/lint_docs.rs` runs
//! both, so the documentation cannot drift from the behaviour.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use crate::semantic::model::Spec;
use crate::semantic::schedule::Schedule;

pub mod vague;
pub mod waivers;

mod u001_no_success_criteria;

pub mod scopes;

mod c001_concurrent_write_overlap;
mod c002_write_denied;
mod c003_scope_escape;
mod c004_contradictory_budget;
mod c005_dependency_conflict;
mod c006_mutable_contract;
mod c007_stale_read;
mod g002_dead_approval;
mod o002_redundant_constraint;
mod o005_dead_deny;

/// What every lint gets to read.
pub struct LintContext<'a> {
    pub spec: &'a Spec,
    pub schedule: &'a Schedule,
    pub config: &'a Config,
}

pub struct Lint {
    pub rule: &'static Rule,
    pub check: fn(&LintContext<'_>, &mut Vec<Diagnostic>),
}

/// Every lint, in code order.
pub static LINTS: &[Lint] = &[
    Lint {
        rule: &u001_no_success_criteria::RULE,
        check: u001_no_success_criteria::check,
    },
    Lint {
        rule: &o002_redundant_constraint::RULE,
        check: o002_redundant_constraint::check,
    },
    Lint {
        rule: &o005_dead_deny::RULE,
        check: o005_dead_deny::check,
    },
    Lint {
        rule: &waivers::UNUSED_WAIVER,
        check: waivers::no_check,
    },
    Lint {
        rule: &c001_concurrent_write_overlap::RULE,
        check: c001_concurrent_write_overlap::check,
    },
    Lint {
        rule: &c002_write_denied::RULE,
        check: c002_write_denied::check,
    },
    Lint {
        rule: &c003_scope_escape::RULE,
        check: c003_scope_escape::check,
    },
    Lint {
        rule: &c004_contradictory_budget::RULE,
        check: c004_contradictory_budget::check,
    },
    Lint {
        rule: &c005_dependency_conflict::RULE,
        check: c005_dependency_conflict::check,
    },
    Lint {
        rule: &c006_mutable_contract::RULE,
        check: c006_mutable_contract::check,
    },
    Lint {
        rule: &c007_stale_read::RULE,
        check: c007_stale_read::check,
    },
    Lint {
        rule: &g002_dead_approval::RULE,
        check: g002_dead_approval::check,
    },
];

/// Runs every lint the configuration leaves on over one spec.
pub fn run(spec: &Spec, config: &Config) -> Vec<Diagnostic> {
    let schedule = Schedule::of(spec);
    let cx = LintContext {
        spec,
        schedule: &schedule,
        config,
    };
    let mut out = Vec::new();
    for lint in LINTS {
        if config.severity(lint.rule).is_some() {
            (lint.check)(&cx, &mut out);
        }
    }
    out
}

/// Declares a lint's rule: `lint_rule!(U001, "no-success-criteria", Warning, "summary", DOC)`.
#[macro_export]
macro_rules! lint_rule {
    ($code:literal, $name:literal, $severity:ident, $summary:literal, $doc:expr) => {
        pub static RULE: $crate::diagnostics::Rule = $crate::diagnostics::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostics::Severity::$severity,
            summary: $summary,
            doc: $doc,
            enabled_by_default: true,
        };
    };
    ($code:literal, $name:literal, $severity:ident, $summary:literal, $doc:expr, off_by_default) => {
        pub static RULE: $crate::diagnostics::Rule = $crate::diagnostics::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostics::Severity::$severity,
            summary: $summary,
            doc: $doc,
            enabled_by_default: false,
        };
    };
}
