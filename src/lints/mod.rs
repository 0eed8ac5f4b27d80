//! The lints: under-specification (U), over-specification (O), conflicts
//! (C) and governance (G), each in its own file.
//!
//! A lint is a [`Rule`] (code, name, default level, documentation page) and
//! a function that reads one merged, typed [`Spec`] and pushes diagnostics.
//! [`LINTS`] is the registry; nothing else lists them. Each page holds an
//! example that fires and its fixed version, and `tests/it/lint_docs.rs` runs
//! both, so the documentation cannot drift from the behaviour.

use crate::config::Config;
use crate::db::{Db, settings_of};
use crate::diagnostics::{Diagnostic, Rule};
use crate::semantic::SpecKey;
use crate::semantic::model::Spec;
use crate::semantic::positions::{LocTable, erased_spec};
use crate::semantic::schedule::Schedule;

pub mod drift;
pub mod text;
pub mod vague;

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
mod u011_vacuous_check;
mod u012_literal_bracket_glob;

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
    /// For the shared queries, such as compiled globs ([`LintContext::glob`]).
    pub db: &'a dyn Db,
    /// Every task's compiled scope, built on first use and shared by the
    /// lints of this run.
    scopes: std::cell::OnceCell<scopes::Scopes<'a>>,
}

impl<'a> LintContext<'a> {
    /// The compiled glob of `pattern`, a glob of the spec, built once for
    /// every lint ([`scopes::Scopes::glob_of`]); `None` if it does not parse.
    pub fn glob(&self, pattern: &str) -> Option<&crate::analysis::glob::Glob> {
        self.scopes().glob_of(pattern)
    }

    /// The scopes of every task ([`scopes::Scopes`]), built once per run.
    pub fn scopes(&self) -> &scopes::Scopes<'a> {
        self.scopes
            .get_or_init(|| scopes::Scopes::of(self.db, self.spec))
    }
}

pub struct Lint {
    pub rule: &'static Rule,
    pub check: fn(&LintContext<'_>, &mut Vec<Diagnostic>),
    /// Reads only the spec's structure (scopes, the schedule, contracts,
    /// budgets), never its prose or offsets, so it runs on the spec with
    /// positions erased ([`structural_findings`]) and an edit that only
    /// moves text does not run it again.
    pub structural: bool,
}

/// Every lint, in code order.
pub static LINTS: &[Lint] = &[
    Lint {
        rule: &u001_no_success_criteria::RULE,
        check: u001_no_success_criteria::check,
        structural: false,
    },
    Lint {
        rule: &u002_vague_term::RULE,
        check: u002_vague_term::check,
        structural: false,
    },
    Lint {
        rule: &u003_unbounded_write::RULE,
        check: u003_unbounded_write::check,
        structural: false,
    },
    Lint {
        rule: &u004_unverified_task::RULE,
        check: u004_unverified_task::check,
        structural: false,
    },
    Lint {
        rule: &u005_unproven_criterion::RULE,
        check: u005_unproven_criterion::check,
        structural: false,
    },
    Lint {
        rule: &u006_handoff_without_contract::RULE,
        check: u006_handoff_without_contract::check,
        structural: false,
    },
    Lint {
        rule: &u007_autonomy_without_checks::RULE,
        check: u007_autonomy_without_checks::check,
        structural: false,
    },
    Lint {
        rule: &u008_no_rollback::RULE,
        check: u008_no_rollback::check,
        structural: false,
    },
    Lint {
        rule: &u009_budget_without_target::RULE,
        check: u009_budget_without_target::check,
        structural: false,
    },
    Lint {
        rule: &u010_placeholder::RULE,
        check: u010_placeholder::check,
        structural: false,
    },
    Lint {
        rule: &u011_vacuous_check::RULE,
        check: u011_vacuous_check::check,
        structural: false,
    },
    Lint {
        rule: &u012_literal_bracket_glob::RULE,
        check: u012_literal_bracket_glob::check,
        structural: false,
    },
    Lint {
        rule: &o001_steps_not_outcome::RULE,
        check: o001_steps_not_outcome::check,
        structural: false,
    },
    Lint {
        rule: &o002_redundant_constraint::RULE,
        check: o002_redundant_constraint::check,
        structural: true,
    },
    Lint {
        rule: &o003_pinned_implementation::RULE,
        check: o003_pinned_implementation::check,
        structural: false,
    },
    Lint {
        rule: &o004_constraint_overload::RULE,
        check: o004_constraint_overload::check,
        structural: false,
    },
    Lint {
        rule: &o005_dead_deny::RULE,
        check: o005_dead_deny::check,
        structural: true,
    },
    Lint {
        rule: &c001_concurrent_write_overlap::RULE,
        check: c001_concurrent_write_overlap::check,
        structural: true,
    },
    Lint {
        rule: &c002_write_denied::RULE,
        check: c002_write_denied::check,
        structural: true,
    },
    Lint {
        rule: &c003_scope_escape::RULE,
        check: c003_scope_escape::check,
        structural: true,
    },
    Lint {
        rule: &c004_contradictory_budget::RULE,
        check: c004_contradictory_budget::check,
        structural: true,
    },
    Lint {
        rule: &c005_dependency_conflict::RULE,
        check: c005_dependency_conflict::check,
        structural: true,
    },
    Lint {
        rule: &c006_mutable_contract::RULE,
        check: c006_mutable_contract::check,
        structural: true,
    },
    Lint {
        rule: &c007_stale_read::RULE,
        check: c007_stale_read::check,
        structural: true,
    },
    Lint {
        rule: &g001_no_audit_log::RULE,
        check: g001_no_audit_log::check,
        structural: false,
    },
    Lint {
        rule: &g002_dead_approval::RULE,
        check: g002_dead_approval::check,
        structural: true,
    },
    Lint {
        rule: &g003_untraced::RULE,
        check: g003_untraced::check,
        structural: false,
    },
];

/// The structural lints' findings on one spec, computed on the spec with
/// its positions erased, their spans pointing at location ordinals (see
/// [`crate::semantic::positions`]). Salsa re-runs this only when the
/// spec's structure changed.
#[salsa::tracked(returns(ref))]
pub fn structural_findings<'db>(db: &'db dyn Db, spec: SpecKey<'db>) -> Vec<Diagnostic> {
    let config = settings_of(db, spec.file(db)).config(db);
    match erased_spec(db, spec) {
        Some(erased) => run_where(db, erased, config, |lint| lint.structural),
        None => Vec::new(),
    }
}

/// Every lint's findings on one spec: the prose lints run on the spec as
/// it is, the structural ones come from [`structural_findings`] with their
/// positions restored.
///
/// A database that serves one pass ([`Db::one_pass`]) runs every lint on
/// the spec as it is instead: erasing positions pays off only when a later
/// revision compares the erased spec with an edited one, and a one-pass
/// check has none, so there it would only cost a copy of the spec, a
/// second task graph and a second set of compiled scopes.
/// `tests/it/diagnostics.rs` checks both roads give the same findings.
pub fn lint_spec(db: &dyn Db, key: SpecKey<'_>, spec: &Spec, config: &Config) -> Vec<Diagnostic> {
    if db.one_pass() {
        return run_where(db, spec, config, |_| true);
    }
    let mut out = run_where(db, spec, config, |lint| !lint.structural);
    let structural = structural_findings(db, key);
    if structural.is_empty() {
        return out;
    }
    let table = LocTable::of(spec);
    out.extend(structural.iter().map(|d| {
        let mut d = d.clone();
        d.span = table.restore(d.span);
        for label in &mut d.labels {
            label.span = table.restore(label.span);
        }
        d
    }));
    out
}

fn run_where(
    db: &dyn Db,
    spec: &Spec,
    config: &Config,
    wanted: impl Fn(&Lint) -> bool,
) -> Vec<Diagnostic> {
    let schedule = Schedule::of(spec);
    let cx = LintContext {
        spec,
        schedule: &schedule,
        config,
        db,
        scopes: std::cell::OnceCell::new(),
    };
    let mut out = Vec::new();
    for lint in LINTS {
        if wanted(lint) && config.severity(lint.rule).is_some() {
            (lint.check)(&cx, &mut out);
        }
    }
    // Several lints may give up on the same glob: one E011 per place.
    let mut undecided = foldhash::HashSet::default();
    out.retain(|d| {
        d.code() != crate::diagnostics::rules::GLOB_TOO_COMPLEX.code
            || undecided.insert((d.file, d.span))
    });
    out
}

pub use c001_concurrent_write_overlap::conflicting_tasks;
