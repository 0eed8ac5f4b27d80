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

pub mod text;
pub mod vague;
pub mod waivers;

mod g001_no_audit_log;
mod g003_untraced;
mod o001_steps_not_outcome;
mod o003_pinned_implementation;
mod o004_constraint_overload;
mod u001_no_success_criteria;
mod u002_vague_term;
mod u003_unbounded_write;
mod u004_unverified_task;
mod u005_unproven_criterion;
mod u006_handoff_without_contract;
mod u007_autonomy_without_checks;
mod u008_no_rollback;
mod u009_budget_without_target;
pub mod u010_placeholder;

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
        rule: &u002_vague_term::RULE,
        check: u002_vague_term::check,
    },
    Lint {
        rule: &u003_unbounded_write::RULE,
        check: u003_unbounded_write::check,
    },
    Lint {
        rule: &u004_unverified_task::RULE,
        check: u004_unverified_task::check,
    },
    Lint {
        rule: &u005_unproven_criterion::RULE,
        check: u005_unproven_criterion::check,
    },
    Lint {
        rule: &u006_handoff_without_contract::RULE,
        check: u006_handoff_without_contract::check,
    },
    Lint {
        rule: &u007_autonomy_without_checks::RULE,
        check: u007_autonomy_without_checks::check,
    },
    Lint {
        rule: &u008_no_rollback::RULE,
        check: u008_no_rollback::check,
    },
    Lint {
        rule: &u009_budget_without_target::RULE,
        check: u009_budget_without_target::check,
    },
    Lint {
        rule: &u010_placeholder::RULE,
        check: u010_placeholder::check,
    },
    Lint {
        rule: &o001_steps_not_outcome::RULE,
        check: o001_steps_not_outcome::check,
    },
    Lint {
        rule: &o002_redundant_constraint::RULE,
        check: o002_redundant_constraint::check,
    },
    Lint {
        rule: &o003_pinned_implementation::RULE,
        check: o003_pinned_implementation::check,
    },
    Lint {
        rule: &o004_constraint_overload::RULE,
        check: o004_constraint_overload::check,
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
        rule: &g001_no_audit_log::RULE,
        check: g001_no_audit_log::check,
    },
    Lint {
        rule: &g002_dead_approval::RULE,
        check: g002_dead_approval::check,
    },
    Lint {
        rule: &g003_untraced::RULE,
        check: g003_untraced::check,
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
    // Several lints may give up on the same glob: one E011 per place.
    let mut undecided = std::collections::HashSet::new();
    out.retain(|d| {
        d.code() != crate::diagnostics::rules::GLOB_TOO_COMPLEX.code
            || undecided.insert((d.path.clone(), d.span))
    });
    out
}

pub use c001_concurrent_write_overlap::conflicting_tasks;

/// Declares a lint's rule: `lint_rule!("U001", "no-success-criteria",
/// Warning, "summary", DOC)`, with a trailing `off_by_default` for lints
/// that run only when configured.
#[macro_export]
macro_rules! lint_rule {
    ($code:literal, $name:literal, $severity:ident, $summary:literal, $doc:expr) => {
        $crate::lint_rule!(@rule $code, $name, $severity, $summary, $doc, true);
    };
    ($code:literal, $name:literal, $severity:ident, $summary:literal, $doc:expr, off_by_default) => {
        $crate::lint_rule!(@rule $code, $name, $severity, $summary, $doc, false);
    };
    (@rule $code:literal, $name:literal, $severity:ident, $summary:literal, $doc:expr, $enabled:literal) => {
        pub static RULE: $crate::diagnostics::Rule = $crate::diagnostics::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostics::Severity::$severity,
            summary: $summary,
            doc: $doc,
            enabled_by_default: $enabled,
        };
    };
}
