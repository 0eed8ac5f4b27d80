//! The plan compiler: a pure function from the semantic model to [`Plan`].
//!
//! Nothing here reads the file system, the clock or the environment (the
//! compiler version is baked in at build time), and nothing iterates a hash
//! map, so the same model and sources always give byte-identical JSON.
//! Refusing to compile while errors stand is the caller's job; this module
//! assumes a model that passed the checker, but degrades rather than panics
//! when an index does not resolve (the item is skipped or named `?`).

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use super::types::{self, DEFAULT_CHECK_TIMEOUT_S, FORMAT, Number, Plan};
use crate::analysis::glob::{Glob, witness};
use crate::analysis::quantity::{Dimension, Quantity};
use crate::semantic::model::{self, Amount, GlobAt, Loc, ScopeLevel, Spec};
use crate::semantic::schedule::Schedule;
use crate::text::{FileId, LineIndex};

/// The files a plan was built from, keyed by the file ids its [`Loc`]s use.
///
/// The plan names each file relative to the workspace root (bundled
/// templates as `std/NAME.charter`), so it does not depend on where
/// `charter build` ran. The caller knows every file it read, including
/// imports no item of the spec came from: each is listed in `spec.sources`
/// with its SHA-256.
#[derive(Clone, Debug, Default)]
pub struct PlanSources {
    files: BTreeMap<FileId, SourceInfo>,
}

/// One source file: its root-relative path, hash and line table.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    root_relative: String,
    text: String,
    sha256: String,
    embedded: bool,
    lines: LineIndex,
}

impl SourceInfo {
    /// The path the plan shows (root-relative, `/`-separated).
    pub fn root_relative(&self) -> &str {
        &self.root_relative
    }

    /// The SHA-256 of the file's text, lowercase hex.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Whether the file lives inside the compiler rather than the repository.
    pub fn embedded(&self) -> bool {
        self.embedded
    }
}

impl PlanSources {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a file: its id, `root_relative` as the plan should show it
    /// (bundled templates: `std/refactor.charter`), and its full text.
    /// Backslashes become `/` and a leading `./` is dropped, so the plan is
    /// the same on every OS. Adding the same id again replaces the earlier
    /// entry.
    pub fn add(
        &mut self,
        file: FileId,
        root_relative: impl Into<String>,
        text: impl Into<String>,
    ) -> &mut Self {
        self.insert(file, root_relative.into(), text.into(), false)
    }

    /// Registers a file that is not in the repository: the standard library
    /// compiled into the binary. The plan marks it `"embedded": true`.
    pub fn add_embedded(
        &mut self,
        file: FileId,
        root_relative: impl Into<String>,
        text: impl Into<String>,
    ) -> &mut Self {
        self.insert(file, root_relative.into(), text.into(), true)
    }

    fn insert(
        &mut self,
        file: FileId,
        root_relative: String,
        text: String,
        embedded: bool,
    ) -> &mut Self {
        let info = SourceInfo {
            root_relative: normalise_path(&root_relative),
            sha256: sha256_hex(text.as_bytes()),
            embedded,
            lines: LineIndex::new(&text),
            text,
        };
        self.files.insert(file, info);
        self
    }

    /// The file registered under an id.
    pub fn get(&self, file: FileId) -> Option<&SourceInfo> {
        self.files.get(&file)
    }

    /// `spec.sources`: every file once, sorted by root-relative path, so the
    /// order never depends on the order files were added or read.
    pub fn files(&self) -> Vec<types::SourceFile> {
        let set: BTreeSet<types::SourceFile> = self
            .files
            .values()
            .map(|info| types::SourceFile {
                path: info.root_relative.clone(),
                sha256: info.sha256.clone(),
                embedded: info.embedded,
            })
            .collect();
        set.into_iter().collect()
    }

    /// The plan's location for a model location. A file the caller did not
    /// register has an empty path and points at line 1, column 1: the plan
    /// stays valid, and the missing registration shows in `spec.sources`.
    pub fn source(&self, loc: &Loc) -> types::Source {
        match self.files.get(&loc.file) {
            Some(info) => {
                let at = info.lines.line_col(&info.text, loc.span.start());
                types::Source {
                    path: info.root_relative.clone(),
                    line: at.line,
                    column: at.column,
                }
            }
            None => types::Source {
                path: String::new(),
                line: 1,
                column: 1,
            },
        }
    }
}

/// Lowercase hex SHA-256, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        // Writing to a String cannot fail.
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn normalise_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

/// The glob that stands for "the whole repository" where a scope has no
/// `write` at all: a runner then needs no special case for a missing list.
pub const WHOLE_REPOSITORY: &str = "**";

/// Compiles a checked spec into its plan. See `schema/plan.schema.json` for
/// what every field means and in which order arrays are listed.
pub fn compile(spec: &Spec, schedule: &Schedule, sources: &PlanSources) -> Plan {
    let task_ids: Vec<String> = (0..spec.tasks.len()).map(|t| spec.task_id(t)).collect();
    let check_ids: Vec<String> = spec.checks.iter().map(model::Check::id).collect();
    let check_id = |i: usize| check_ids.get(i).cloned();
    let agent_name = |i: usize| spec.agents.get(i).map(|a| a.name.clone());

    Plan {
        format: FORMAT.to_string(),
        compiler: types::Compiler {
            name: "charter".to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        },
        spec: types::SpecInfo {
            name: spec.name.clone(),
            title: spec.title.as_ref().map(|t| t.value.clone()),
            version: spec.version.as_ref().map(|v| v.value.clone()),
            owner: spec.owner.as_ref().map(|o| o.value.clone()),
            status: spec
                .status
                .as_ref()
                .map_or(model::Status::default(), |s| s.value)
                .as_str(),
            doc: spec.doc.clone(),
            extends: spec.extends.clone(),
            sources: sources.files(),
            source: sources.source(&spec.loc),
        },
        intent: types::Intent {
            outcome: spec.intent.outcome.as_ref().map(|o| o.value.clone()),
            success: spec
                .intent
                .success
                .iter()
                .map(|c| types::Criterion {
                    id: c.name.clone(),
                    text: c.text.clone(),
                    proven_by: unique(c.proven_by.iter().filter_map(|r| check_id(r.check))),
                    source: sources.source(&c.loc),
                })
                .collect(),
            non_goals: spec
                .intent
                .non_goals
                .iter()
                .map(|n| n.value.clone())
                .collect(),
        },
        boundaries: types::Boundaries {
            write: types::WriteGlobs {
                allow: allow_globs(
                    Some(spec.boundaries.write.as_slice()).filter(|w| !w.is_empty()),
                ),
                deny: patterns(&spec.boundaries.deny),
            },
            dependencies: spec
                .boundaries
                .dependencies
                .iter()
                .map(|d| types::Dependency {
                    name: d.name.clone(),
                    rule: d.rule.as_str(),
                    req: d.req.as_ref().map(|r| r.value.clone()),
                    source: sources.source(&d.loc),
                })
                .collect(),
            budgets: spec
                .boundaries
                .budgets
                .iter()
                .map(|b| types::Budget {
                    metric: b.metric.clone(),
                    target: b.target.clone(),
                    op: b.op.as_str(),
                    value: Number(b.amount.value),
                    unit: b.amount.unit.to_owned(),
                    dimension: b.amount.dimension.as_str(),
                    value_canonical: Number(b.amount.canonical),
                    canonical_unit: Quantity::canonical_unit(b.amount.dimension),
                    source: sources.source(&b.loc),
                })
                .collect(),
        },
        checks: spec
            .checks
            .iter()
            .map(|c| compile_check(c, sources))
            .collect(),
        contracts: spec
            .contracts
            .iter()
            .map(|c| types::Contract {
                id: c.name.clone(),
                from: c.from.and_then(agent_name),
                to: c.to.and_then(agent_name),
                schema: c.schema.as_ref().map(|s| s.value.clone()),
                source: sources.source(&c.loc),
            })
            .collect(),
        agents: spec
            .agents
            .iter()
            .map(|a| types::Agent {
                id: a.name.clone(),
                role: a.role.as_ref().map(|r| r.value.clone()),
                tasks: a
                    .tasks
                    .iter()
                    .filter_map(|&t| task_ids.get(t).cloned())
                    .collect(),
                source: sources.source(&a.loc),
            })
            .collect(),
        tasks: (0..spec.tasks.len())
            .filter_map(|t| compile_task(spec, schedule, t, &task_ids, &check_ids, sources))
            .collect(),
        stages: match &schedule.stages {
            Ok(stages) => stages
                .iter()
                .map(|layer| {
                    let mut layer: Vec<usize> = layer.clone();
                    layer.sort_unstable();
                    layer
                        .into_iter()
                        .filter_map(|t| task_ids.get(t).cloned())
                        .collect::<Vec<_>>()
                })
                // Nodes beyond the task list (a dangling index) are not
                // tasks; a layer of only those is no stage.
                .filter(|layer| !layer.is_empty())
                .collect(),
            // A cycle is error E005, and no plan is emitted while an error
            // stands; should one slip through, no stage is safe to run.
            Err(_) => Vec::new(),
        },
        governance: types::Governance {
            // Unwritten autonomy is the most supervised level: a runner must
            // never act with more freedom than the spec granted.
            autonomy: spec
                .autonomy
                .as_ref()
                .map_or(model::Autonomy::Paired, |a| a.value)
                .as_str(),
            audit_log: spec.governance.audit.as_ref().map(|a| a.value.clone()),
            approvals: spec
                .governance
                .approvals
                .iter()
                .map(|a| approval(a, sources))
                .collect(),
            rollback: spec.governance.rollback.as_ref().map(|r| types::Rollback {
                run: r.value.clone(),
            }),
            trace: spec
                .governance
                .trace
                .as_ref()
                .map_or_else(|| "optional".to_string(), |t| t.value.clone()),
        },
        waivers: spec
            .waivers
            .iter()
            .map(|w| types::Waiver {
                code: w.code.to_string(),
                reason: w.reason.clone(),
                scope: w.scope.clone(),
                source: sources.source(&w.loc),
            })
            .collect(),
    }
}

/// The plan as pretty-printed JSON with a trailing newline (what
/// `charter build` writes; POSIX tools expect the final newline).
pub fn to_json(plan: &Plan) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    let mut json = serde_json::to_string_pretty(plan).unwrap_or_default();
    json.push('\n');
    json
}

/// A timeout in seconds: the canonical milliseconds divided by 1000.
fn seconds(amount: Option<&Amount>) -> Number {
    match amount {
        Some(a) if a.dimension == Dimension::Duration => Number(a.canonical / 1000.0),
        // The checker rejects a timeout of another dimension; fall back to
        // the default rather than print a meaningless number.
        _ => Number(DEFAULT_CHECK_TIMEOUT_S as f64),
    }
}

fn compile_check(c: &model::Check, sources: &PlanSources) -> types::Check {
    types::Check {
        id: c.id(),
        kind: c.kind.as_str(),
        name: c.name.clone(),
        run: c.command.clone(),
        timeout_s: seconds(c.timeout.as_ref()),
        min_percent: c.coverage.as_ref().map(|(p, _)| Number(p.canonical)),
        of: c
            .coverage
            .as_ref()
            .and_then(|(_, glob)| glob.as_ref())
            .map(|g| g.pattern.to_string()),
        max_regress_percent: c.regress.as_ref().map(|r| Number(r.canonical)),
        max_severity: c.max_severity.map(model::Severity::as_str),
        before: c.before.map(model::Before::as_str),
        source: sources.source(&c.loc),
    }
}

fn approval(a: &model::Approval, sources: &PlanSources) -> types::Approval {
    types::Approval {
        by: a.by.clone(),
        when_touches: patterns(&a.touches),
        source: sources.source(&a.loc),
    }
}

fn compile_task(
    spec: &Spec,
    schedule: &Schedule,
    task: usize,
    task_ids: &[String],
    check_ids: &[String],
    sources: &PlanSources,
) -> Option<types::Task> {
    let t = spec.tasks.get(task)?;
    let agent = spec.agents.get(t.agent);

    // The full set of direct predecessors (the agent's previous task and
    // every `after`), read from the schedule `stages` comes from, so a
    // runner that only reads `depends_on` sees the same DAG.
    let deps = schedule
        .predecessors
        .get(task)
        .map_or(&[][..], Vec::as_slice);

    let checks = unique(
        spec.task_checks(task)
            .into_iter()
            .filter_map(|c| check_ids.get(c).cloned()),
    );

    let allow = allow_globs(t.scope.allow.as_deref());
    let approvals = spec
        .governance
        .approvals
        .iter()
        .filter(|a| touches_scope(&a.touches, &t.scope))
        .map(|a| approval(a, sources))
        .collect();

    let contracts_where = |side: fn(&model::Contract) -> Option<usize>| {
        spec.contracts
            .iter()
            .filter(|c| side(c) == Some(t.agent))
            .map(|c| c.name.clone())
            .collect::<Vec<_>>()
    };

    Some(types::Task {
        id: task_ids.get(task).cloned()?,
        agent: agent.map_or_else(|| "?".to_string(), |a| a.name.clone()),
        goal: t.goal.as_ref().map(|g| g.value.clone()),
        depends_on: deps
            .iter()
            .copied()
            .filter(|&d| d != task)
            .filter_map(|d| task_ids.get(d).cloned())
            .collect(),
        write: types::TaskWrite {
            allow,
            deny: patterns(&t.scope.deny),
            level: match t.scope.level {
                ScopeLevel::Task => "task",
                ScopeLevel::Agent => "agent",
                ScopeLevel::Spec => "spec",
                ScopeLevel::Repository => "repository",
            },
        },
        read: patterns(&t.scope.read),
        checks,
        approvals,
        locks: spec.task_locks(task),
        provides: contracts_where(|c| c.from),
        consumes: contracts_where(|c| c.to),
        source: sources.source(&t.loc),
    })
}

/// Allow globs, or `["**"]` when there is no `write` list at all.
fn allow_globs(write: Option<&[GlobAt]>) -> Vec<String> {
    match write {
        Some(globs) => patterns(globs),
        None => vec![WHOLE_REPOSITORY.to_string()],
    }
}

/// Glob patterns in the order written, each once: template merging
/// concatenates lists, so a template and a spec may both say `.github/**`.
fn patterns(globs: &[GlobAt]) -> Vec<String> {
    unique(globs.iter().map(|g| g.pattern.to_string()))
}

fn unique(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(item.clone()))
        .collect()
}

/// Whether an approval's `touches` globs can match a path the task may
/// write (allow minus deny), decided exactly: a gate is listed for a task
/// exactly when some change the task is allowed to make would reach it.
fn touches_scope(touches: &[model::GlobAt], scope: &model::WriteScope) -> bool {
    let parse = |g: &model::GlobAt| Glob::parse(&g.pattern).ok();
    let deny: Vec<Glob> = scope.deny.iter().filter_map(parse).collect();
    let deny: Vec<&Glob> = deny.iter().collect();
    let allow: Vec<Glob> = match &scope.allow {
        Some(globs) => globs.iter().filter_map(parse).collect(),
        None => Glob::parse("**").ok().into_iter().collect(),
    };
    touches
        .iter()
        .filter_map(parse)
        // Too complex to decide: list the gate, the cautious answer.
        .any(|touch| {
            allow
                .iter()
                .any(|a| !matches!(witness(&[&touch, a], &deny), Ok(None)))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_gates_are_decided_exactly() {
        use crate::semantic::model::WriteScope;
        let glob = |p: &str| GlobAt {
            pattern: p.into(),
            loc: Loc::new(FileId::default(), Default::default()),
        };
        let scope = |allow: &[&str], deny: &[&str]| WriteScope {
            allow: Some(allow.iter().map(|p| glob(p)).collect()),
            deny: deny.iter().map(|p| glob(p)).collect(),
            ..Default::default()
        };
        assert!(touches_scope(
            &[glob("migrations/**")],
            &scope(&["migrations/*.sql"], &[])
        ));
        assert!(touches_scope(
            &[glob("**/*.rs")],
            &scope(&["src/db/**"], &[])
        ));
        assert!(!touches_scope(
            &[glob("migrations/**")],
            &scope(&["src/db/**"], &[])
        ));
        assert!(!touches_scope(
            &[glob("src/api/**")],
            &scope(&["src/api_v2/**"], &[])
        ));
        assert!(!touches_scope(
            &[glob("src/db/secret/**")],
            &scope(&["src/db/**"], &["src/db/secret/**"])
        ));
        assert!(
            touches_scope(&[glob("x/**")], &WriteScope::default()),
            "no write anywhere: the whole repository"
        );
    }

    #[test]
    fn numbers_print_as_integers_when_they_are() {
        assert_eq!(serde_json::to_string(&Number(120.0)).unwrap(), "120");
        assert_eq!(serde_json::to_string(&Number(0.5)).unwrap(), "0.5");
        assert_eq!(
            serde_json::to_string(&Number(0.3 * 3_600_000.0)).unwrap(),
            "1080000"
        );
        assert_eq!(serde_json::to_string(&Number(f64::NAN)).unwrap(), "0");
    }

    #[test]
    fn paths_are_normalised() {
        assert_eq!(normalise_path(".\\specs\\a.charter"), "specs/a.charter");
        assert_eq!(normalise_path("././x"), "x");
    }

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
