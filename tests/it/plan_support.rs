//! Hand-built semantic models for the plan tests, and schema validation.
//!
//! The models are built directly (not through the checker, which is written
//! in parallel) but their locations point into real source text: each `Loc`
//! is found by searching the text for the statement it stands for, so the
//! plan's line/column numbers can be checked by eye against the file.

use std::path::Path;

use charter::analysis::quantity::Quantity;
use charter::plan::PlanSources;
use charter::semantic::model::*;
use charter::syntax::{CompareOp, Span};
use charter::text::FileId;

pub const EXAMPLE_PATH: &str = "specs/orm_migration.charter";
pub const EXAMPLE: &str = include_str!("../fixtures/language-example/specs/orm_migration.charter");
pub const SECURITY: &str = include_str!("../fixtures/language-example/org/security.charter");
pub const REFACTOR: &str = include_str!("../../stdlib-specs/refactor.charter");

/// The id standing for a file the hand-built models point into: one per
/// name, as a database would hand out.
pub fn file_id(path: &str) -> FileId {
    const NAMES: &[&str] = &[
        EXAMPLE_PATH,
        "std/refactor.charter",
        "../org/security.charter",
        EDGE_PATH,
    ];
    let index = NAMES
        .iter()
        .position(|n| *n == path)
        .unwrap_or_else(|| panic!("no file id for {path}"));
    FileId::new(index as u32)
}

/// The location of the `nth` (0-based) occurrence of `needle` in `text`.
pub fn loc_nth(path: &str, text: &str, needle: &str, nth: usize) -> Loc {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` occurs fewer than {} times in {path}", nth + 1))
        .0;
    Loc::new(file_id(path), Span::new(start, start + needle.len()))
}

pub fn loc(path: &str, text: &str, needle: &str) -> Loc {
    loc_nth(path, text, needle, 0)
}

fn ex(needle: &str) -> Loc {
    loc(EXAMPLE_PATH, EXAMPLE, needle)
}

fn refactor(needle: &str) -> Loc {
    loc("std/refactor.charter", REFACTOR, needle)
}

pub fn located<T>(value: T, at: Loc) -> Located<T> {
    Located { value, loc: at }
}

pub fn text_at(value: &str, at: Loc) -> Located<String> {
    located(value.to_string(), at)
}

pub fn amount(text: &str) -> Amount {
    let q = Quantity::parse(text).expect("a valid quantity");
    Amount {
        dimension: q.dimension,
        canonical: q.canonical(),
        value: q.value,
        unit: q.unit,
        text: text.to_string(),
    }
}

pub fn globs(path: &str, text: &str, patterns: &[&str]) -> Vec<GlobAt> {
    patterns
        .iter()
        .map(|p| GlobAt {
            pattern: (*p).into(),
            loc: loc(path, text, &format!("\"{p}\"")),
        })
        .collect()
}

pub fn check_ref(check: usize, at: Loc) -> CheckRef {
    CheckRef { check, loc: at }
}

pub fn check(kind: CheckKind, name: &str, command: &str, at: Loc) -> Check {
    Check {
        kind,
        name: name.to_string(),
        command: command.to_string(),
        timeout: None,
        coverage: None,
        regress: None,
        max_severity: None,
        before: None,
        loc: at,
    }
}

/// The sources of the language.md example, registered in the given order.
pub fn example_sources(reversed: bool) -> PlanSources {
    let files = [
        (EXAMPLE_PATH, EXAMPLE_PATH, EXAMPLE),
        ("std/refactor.charter", "std/refactor.charter", REFACTOR),
        // As diagnostics show it when run from `specs/`; the plan must
        // still say `org/security.charter`.
        ("../org/security.charter", "org/security.charter", SECURITY),
    ];
    let mut sources = PlanSources::new();
    let ordered: Vec<_> = if reversed {
        files.iter().rev().collect()
    } else {
        files.iter().collect()
    };
    for (loc_path, rel, text) in ordered {
        // The standard library is inside the compiler, not the repository.
        if rel.starts_with("std/") {
            sources.add_embedded(file_id(loc_path), *rel, *text);
        } else {
            sources.add(file_id(loc_path), *rel, *text);
        }
    }
    sources
}

/// The language.md example after merging `std::refactor`, as the checker
/// builds it: the spec's own values first, then the template's.
pub fn example() -> Spec {
    let spec_deny = globs(EXAMPLE_PATH, EXAMPLE, &["src/api/**", ".github/**"]);
    let mut deny = spec_deny.clone();
    deny.extend(globs("std/refactor.charter", REFACTOR, &[".github/**"]));

    let mut api_snapshots = check(
        CheckKind::Test,
        "api_snapshots",
        "cargo insta test -p api --check",
        ex("test     api_snapshots"),
    );
    api_snapshots.timeout = Some(amount("10m"));
    let mut db_coverage = check(
        CheckKind::Coverage,
        "db_coverage",
        "cargo llvm-cov --lcov",
        ex("coverage db_coverage"),
    );
    db_coverage.coverage = Some((
        amount("85%"),
        Some(GlobAt {
            pattern: "src/db/**".into(),
            loc: loc_nth(EXAMPLE_PATH, EXAMPLE, "\"src/db/**\"", 1),
        }),
    ));
    let mut orders_list = check(
        CheckKind::Bench,
        "orders_list",
        "cargo bench -p db orders",
        ex("bench    orders_list"),
    );
    orders_list.regress = Some(amount("5%"));
    let mut audit = check(
        CheckKind::Scan,
        "audit",
        "cargo audit",
        ex("scan     audit"),
    );
    audit.max_severity = Some(Severity::High);
    let checks = vec![
        check(
            CheckKind::Test,
            "repo_parity",
            "cargo test -p db parity",
            ex("test     repo_parity"),
        ),
        api_snapshots,
        db_coverage,
        orders_list,
        audit,
    ];

    let data_layer_write = globs(EXAMPLE_PATH, EXAMPLE, &["src/db/models/**"])
        .into_iter()
        .chain([GlobAt {
            pattern: "migrations/**".into(),
            loc: loc_nth(EXAMPLE_PATH, EXAMPLE, "\"migrations/**\"", 1),
        }])
        .collect::<Vec<_>>();
    let queries_write = globs(EXAMPLE_PATH, EXAMPLE, &["src/db/queries/**"]);

    let tasks = vec![
        Task {
            name: "port_models".to_string(),
            agent: 0,
            goal: Some(text_at(
                "Every Diesel model has a SeaORM entity with identical columns",
                ex("goal   \"Every"),
            )),
            after: vec![],
            verify: vec![check_ref(0, ex("verify test.repo_parity\n"))],
            write: vec![],
            read: vec![],
            deny: vec![],
            locks: vec![],
            scope: WriteScope {
                allow: Some(data_layer_write.clone()),
                deny: deny.clone(),
                level: ScopeLevel::Agent,
                read: vec![],
            },
            loc: ex("task port_models"),
        },
        Task {
            name: "port_queries".to_string(),
            agent: 1,
            goal: Some(text_at(
                "All queries read and write through the SeaORM entities",
                ex("goal   \"All queries"),
            )),
            after: vec![TaskRef {
                task: 0,
                loc: ex("data_layer.port_models"),
            }],
            verify: vec![
                check_ref(0, loc_nth(EXAMPLE_PATH, EXAMPLE, "test.repo_parity", 2)),
                check_ref(1, loc_nth(EXAMPLE_PATH, EXAMPLE, "test.api_snapshots", 1)),
            ],
            write: vec![],
            read: vec![],
            deny: vec![],
            locks: vec![],
            scope: WriteScope {
                allow: Some(queries_write.clone()),
                deny: deny.clone(),
                level: ScopeLevel::Agent,
                read: vec![],
            },
            loc: ex("task port_queries"),
        },
    ];

    Spec {
        name: "orm_migration".to_string(),
        loc: ex("spec orm_migration"),
        doc: Some("Move persistence from Diesel to SeaORM without changing behaviour.".to_string()),
        extends: vec!["std::refactor".to_string()],
        title: Some(text_at(
            "Move persistence from Diesel to SeaORM",
            ex("title"),
        )),
        version: Some(text_at("1.2.0", ex("version"))),
        owner: Some(text_at("@platform-team", ex("owner"))),
        autonomy: Some(located(Autonomy::Supervised, ex("autonomy supervised"))),
        status: None,
        intent: Intent {
            loc: Some(ex("intent {")),
            outcome: Some(text_at(
                "All data access goes through SeaORM and diesel is absent from Cargo.lock",
                ex("outcome"),
            )),
            success: vec![
                Criterion {
                    name: "parity".to_string(),
                    text: "Repository methods return the same rows as before".to_string(),
                    proven_by: vec![check_ref(0, ex("test.repo_parity"))],
                    loc: ex("success parity"),
                    text_loc: ex("\"Repository methods"),
                },
                Criterion {
                    name: "api".to_string(),
                    text: "Public API responses are byte-identical".to_string(),
                    proven_by: vec![check_ref(1, ex("test.api_snapshots"))],
                    loc: ex("success api"),
                    text_loc: ex("\"Public API"),
                },
            ],
            non_goals: vec![
                text_at("Schema changes", ex("non_goal")),
                text_at(
                    "Changes to observable behaviour: public API responses, persisted data, CLI output and log formats",
                    refactor("non_goal"),
                ),
            ],
        },
        boundaries: Boundaries {
            loc: Some(ex("boundaries {")),
            write: globs(
                EXAMPLE_PATH,
                EXAMPLE,
                &["src/db/**", "migrations/**", "Cargo.toml", "Cargo.lock"],
            ),
            deny,
            dependencies: vec![
                Dependency {
                    name: "serde".to_string(),
                    rule: DependencyRule::Keep,
                    req: Some(text_at("^1", ex("\"^1\""))),
                    loc: ex("keep"),
                },
                Dependency {
                    name: "diesel".to_string(),
                    rule: DependencyRule::Forbid,
                    req: None,
                    loc: ex("forbid"),
                },
            ],
            budgets: vec![
                Budget {
                    metric: "latency.p99".to_string(),
                    target: Some("GET /orders".to_string()),
                    op: CompareOp::Le,
                    amount: amount("120ms"),
                    loc: ex("budget latency.p99"),
                },
                Budget {
                    metric: "binary.size".to_string(),
                    target: None,
                    op: CompareOp::Le,
                    amount: amount("12MB"),
                    loc: ex("budget binary.size"),
                },
            ],
            metrics: vec![],
        },
        checks,
        contracts: vec![Contract {
            name: "order_row".to_string(),
            from: Some(0),
            to: Some(1),
            schema: Some(text_at("contracts/order_row.json", ex("schema"))),
            loc: ex("contract order_row"),
        }],
        agents: vec![
            Agent {
                name: "data_layer".to_string(),
                role: Some(text_at(
                    "Ports models and migration scripts to SeaORM",
                    ex("role"),
                )),
                write: data_layer_write,
                read: vec![],
                deny: vec![],
                locks: vec![],
                tasks: vec![0],
                loc: ex("agent data_layer"),
            },
            Agent {
                name: "queries".to_string(),
                role: None,
                write: queries_write,
                read: vec![],
                deny: vec![],
                locks: vec![],
                tasks: vec![1],
                loc: ex("agent queries"),
            },
        ],
        tasks,
        governance: Governance {
            loc: Some(ex("governance {")),
            audit: Some(text_at("audit/orm_migration.jsonl", ex("audit    "))),
            approvals: vec![Approval {
                by: "@platform-leads".to_string(),
                touches: vec![GlobAt {
                    pattern: "migrations/**".into(),
                    loc: loc_nth(EXAMPLE_PATH, EXAMPLE, "\"migrations/**\"", 2),
                }],
                loc: ex("approve"),
            }],
            rollback: Some(text_at("git revert --no-edit {commit}", ex("rollback"))),
            trace: Some(text_at("required", ex("trace"))),
        },
        waivers: vec![],
        blocks: vec![],
    }
}

pub const EDGE_PATH: &str = "specs/edge.charter";

/// A spec that exercises what the example does not: no `write` anywhere,
/// no autonomy or governance, a waiver, tasks naming no checks, a task
/// with `read`, an agent with no task, an agent with two tasks (agent-order
/// edge), fractional and default timeouts, a count budget, a coverage check
/// without `of`, and two concurrent tasks (for the conflict drawing).
pub const EDGE: &str = r#"spec edge {
    boundaries {
        budget open_files <= 3
        metric open_files count
    }
    verify {
        check lint "cargo clippy" timeout 1.5s
        coverage cov >= 70.5% from "cargo llvm-cov"
    }
    contract api {
        from core
        to docs
        schema "docs/api.md"
    }
    contract unused {
        from idle
        to core
    }
    agent core {
        task first { goal "Write \"the\" core" }
        task second { goal "Polish it"; read "docs/**"; verify check.lint }
    }
    agent docs {
        deny "docs/private/**"
        task write_docs {
            waive U006 "docs track core by convention"
            goal "Document it"
        }
    }
    agent idle {
    }
}
"#;

fn edge(needle: &str) -> Loc {
    loc(EDGE_PATH, EDGE, needle)
}

pub fn edge_sources() -> PlanSources {
    let mut sources = PlanSources::new();
    sources.add(file_id(EDGE_PATH), EDGE_PATH, EDGE);
    sources
}

pub fn edge_spec() -> Spec {
    let mut lint = check(CheckKind::Check, "lint", "cargo clippy", edge("check lint"));
    lint.timeout = Some(amount("1.5s"));
    let mut cov = check(
        CheckKind::Coverage,
        "cov",
        "cargo llvm-cov",
        edge("coverage cov"),
    );
    cov.coverage = Some((amount("70.5%"), None));
    let docs_deny = globs(EDGE_PATH, EDGE, &["docs/private/**"]);
    let task = |name: &str, agent: usize, goal: &str, needle: &str| Task {
        name: name.to_string(),
        agent,
        goal: Some(text_at(goal, edge(&format!("goal \"{}", &goal[..4])))),
        after: vec![],
        verify: vec![],
        write: vec![],
        read: vec![],
        deny: vec![],
        locks: vec![],
        scope: WriteScope::default(),
        loc: edge(needle),
    };
    let first = task("first", 0, "Write \"the\" core", "task first");
    let mut second = task("second", 0, "Polish it", "task second");
    second.verify = vec![check_ref(0, edge("check.lint"))];
    second.read = globs(EDGE_PATH, EDGE, &["docs/**"]);
    second.scope.read = second.read.clone();
    let mut write_docs = task("write_docs", 1, "Document it", "task write_docs");
    write_docs.scope.deny = docs_deny.clone();
    Spec {
        name: "edge".to_string(),
        loc: edge("spec edge"),
        doc: None,
        extends: vec![],
        title: None,
        version: None,
        owner: None,
        autonomy: None,
        status: None,
        intent: Intent::default(),
        boundaries: Boundaries {
            loc: Some(edge("boundaries")),
            budgets: vec![Budget {
                metric: "open_files".to_string(),
                target: None,
                op: CompareOp::Le,
                amount: amount("3"),
                loc: edge("budget open_files"),
            }],
            metrics: vec![Metric {
                name: "open_files".to_string(),
                dimension: charter::analysis::quantity::Dimension::Count,
                loc: edge("metric open_files"),
            }],
            ..Boundaries::default()
        },
        checks: vec![lint, cov],
        contracts: vec![
            Contract {
                name: "api".to_string(),
                from: Some(0),
                to: Some(1),
                schema: Some(text_at("docs/api.md", edge("\"docs/api.md\""))),
                loc: edge("contract api"),
            },
            Contract {
                name: "unused".to_string(),
                from: Some(2),
                to: Some(0),
                schema: None,
                loc: edge("contract unused"),
            },
        ],
        agents: vec![
            Agent {
                name: "core".to_string(),
                role: None,
                write: vec![],
                read: vec![],
                deny: vec![],
                locks: vec![],
                tasks: vec![0, 1],
                loc: edge("agent core"),
            },
            Agent {
                name: "docs".to_string(),
                role: None,
                write: vec![],
                read: vec![],
                deny: docs_deny,
                locks: vec![],
                tasks: vec![2],
                loc: edge("agent docs"),
            },
            Agent {
                name: "idle".to_string(),
                role: None,
                write: vec![],
                read: vec![],
                deny: vec![],
                locks: vec![],
                tasks: vec![],
                loc: edge("agent idle"),
            },
        ],
        tasks: vec![first, second, write_docs],
        governance: Governance::default(),
        waivers: vec![Waiver {
            code: "U006",
            reason: "docs track core by convention".to_string(),
            scope: "task write_docs".to_string(),
            block: edge("task write_docs"),
            loc: edge("waive U006"),
        }],
        blocks: vec![],
    }
}

/// Validates a plan against `schema/plan.schema.json` with Python's
/// `jsonschema` (an independent validator), after checking the schema
/// itself is a valid draft 2020-12 schema. Also checks the documented key
/// order: every object's keys appear in the order of its schema's
/// `properties` (Python's `json` keeps document order). Panics with every
/// error.
pub fn assert_valid_plan(json: &str) {
    let schema = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/plan.schema.json"
    ));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let document = dir.path().join("plan.json");
    std::fs::write(&document, json).expect("the plan is written");
    crate::support::python_check(
        VALIDATE,
        &[schema, &document],
        "plan does not validate against schema/plan.schema.json",
    );
}

const VALIDATE: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = [f"{e.message} at {list(e.path)}" for e in
          sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)]

def resolve(s):
    while isinstance(s, dict) and "$ref" in s:
        s = schema["$defs"][s["$ref"].split("/")[-1]]
    return s

def order(value, s, path):
    s = resolve(s)
    if isinstance(value, dict):
        for alt in s.get("anyOf", []):
            if "properties" in resolve(alt):
                s = resolve(alt)
        props = list(s.get("properties", {}))
        if list(value) != props:
            errors.append(f"key order {list(value)} != {props} at {path}")
        for k, v in value.items():
            order(v, s.get("properties", {}).get(k, {}), path + [k])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            order(v, s.get("items", {}), path + [i])

order(doc, schema, [])
print(chr(10).join(errors))
sys.exit(1 if errors else 0)
"#;
