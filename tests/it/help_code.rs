//! Every `help` that shows Charter code shows code that parses and
//! type-checks where it is meant to go. The test applies each such help:
//! it takes the code in backticks whose first word is a statement head,
//! inserts it into the block it belongs to (a task for `after`, `verify`
//! for a check, `boundaries` for a budget, the spec for a contract…) of the
//! spec the finding is in, and checks the result again. The new text may
//! not have a syntax or type error the old one did not have; a name left as
//! a placeholder for the author (`NAME`, `CODE`) may stay unresolved.
//!
//! The helps come from every diagnostic fixture, the real-world corpus, and
//! every hint of U002's term list (applied to a small spec of its own).

use std::path::{Path, PathBuf};

use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::semantic::analyse;

/// Where a statement goes, by its head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    Spec,
    Block(&'static str),
    Task,
}

fn target(head: &str, code: &str) -> Option<Target> {
    Some(match head {
        "contract" | "autonomy" | "waive" => Target::Spec,
        "verify" if code.contains('{') => Target::Spec,
        "verify" | "after" | "goal" => Target::Task,
        "test" | "check" | "bench" | "coverage" | "scan" => Target::Block("verify"),
        "budget" | "require" | "keep" | "forbid" | "write" | "deny" => Target::Block("boundaries"),
        "success" | "outcome" | "non_goal" => Target::Block("intent"),
        "approve" | "audit" | "rollback" | "trace" => Target::Block("governance"),
        _ => return None,
    })
}

/// The Charter statements shown in backticks in a help: code whose first
/// word is a statement head and that has arguments. `a; b` is two.
fn snippets(help: &str) -> Vec<String> {
    help.split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|code| {
            if code.contains('{') {
                vec![code.to_owned()]
            } else {
                code.split(';').map(|s| s.trim().to_owned()).collect()
            }
        })
        .filter(|code| {
            let mut words = code.split_whitespace();
            let head = words.next().unwrap_or("");
            words.next().is_some() && target(head, code).is_some()
        })
        .collect()
}

/// The errors of `text`, as `CODE message` lines.
fn errors(text: &str) -> Vec<String> {
    let db = Database::new();
    let file = db.add_file("help.charter", text.as_bytes(), Origin::User);
    check_file(&db, file)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code(), d.message))
        .collect()
}

/// Placeholder words left for the author: `NAME`, `CODE`, `GLOB`.
fn placeholders(code: &str) -> Vec<&str> {
    code.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()))
        .collect()
}

/// `text` with `code` inserted where it goes in the spec that holds byte
/// `at`; the task for an `after` is the one the help names ("to `a.b`"),
/// else the task around `at`. `None` when there is no such place.
fn apply(text: &str, at: usize, code: &str, help: &str) -> Option<String> {
    let db = Database::new();
    let file = db.add_file("help.charter", text.as_bytes(), Origin::User);
    let analysis = analyse(&db, file);
    let id = file.id(&db);
    let spec = analysis.specs.iter().find(|s| {
        s.blocks
            .first()
            .is_some_and(|b| b.loc.span.start() <= at && at <= b.loc.span.end())
    })?;
    let head = code.split_whitespace().next()?;
    // Blocks merged in from a template live in the template's file.
    let blocks: Vec<_> = spec.blocks.iter().filter(|b| b.loc.file == id).collect();
    let block_of = |scope: &str| blocks.iter().copied().find(|b| b.scope == scope);
    let inside = |end: usize, code: &str| {
        let close = text[..end].rfind('}')?;
        Some(format!(
            "{}\n    {code}\n{}",
            &text[..close],
            &text[close..]
        ))
    };
    let spec_end = blocks.first()?.loc.span.end();
    // "to agent `x`": the help names the block.
    let agent = help
        .split("agent `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .map(|name| format!("agent {name}"));
    match target(head, code)? {
        Target::Spec => inside(spec_end, code),
        Target::Block(_) if matches!(head, "write" | "deny") && agent.is_some() => {
            inside(block_of(agent.as_deref()?)?.loc.span.end(), code)
        }
        Target::Block(name) => match block_of(name) {
            // A statement that may appear once is set, not added.
            Some(block)
                if matches!(head, "trace" | "audit" | "rollback")
                    && text[block.loc.span.start()..block.loc.span.end()]
                        .lines()
                        .any(|l| l.trim_start().starts_with(&format!("{head} "))) =>
            {
                let span = block.loc.span.start()..block.loc.span.end();
                let replaced: Vec<String> = text[span.clone()]
                    .lines()
                    .map(|l| {
                        if l.trim_start().starts_with(&format!("{head} ")) {
                            format!("        {code}")
                        } else {
                            l.to_owned()
                        }
                    })
                    .collect();
                Some(format!(
                    "{}{}{}",
                    &text[..span.start],
                    replaced.join("\n"),
                    &text[span.end..]
                ))
            }
            Some(block) => inside(block.loc.span.end(), code),
            None => inside(spec_end, &format!("{name} {{ {code} }}")),
        },
        Target::Task => {
            let named = help
                .split(" to `")
                .nth(1)
                .and_then(|rest| rest.split('`').next())
                .map(|id| format!("task {id}"));
            let block = match named {
                Some(scope) => block_of(&scope),
                None => blocks
                    .iter()
                    .copied()
                    .filter(|b| {
                        b.scope.starts_with("task ")
                            && b.loc.span.start() <= at
                            && at <= b.loc.span.end()
                    })
                    .min_by_key(|b| b.loc.span.end() - b.loc.span.start()),
            }?;
            inside(block.loc.span.end(), code)
        }
    }
}

/// Whether byte `at` of `text` lies inside one of its specs.
fn inside_spec(text: &str, at: usize) -> bool {
    let db = Database::new();
    let file = db.add_file("help.charter", text.as_bytes(), Origin::User);
    let id = file.id(&db);
    analyse(&db, file).specs.iter().any(|s| {
        s.blocks
            .first()
            .is_some_and(|b| b.loc.file == id && b.loc.span.start() <= at && at <= b.loc.span.end())
    })
}

/// Checks every code snippet of `help`, given for a finding at byte `at`
/// of `text`, and returns what went wrong.
fn check_help(name: &str, text: &str, at: usize, help: &str) -> Vec<String> {
    let before = errors(text);
    let mut failures = Vec::new();
    for code in snippets(help) {
        let Some(applied) = apply(text, at, &code, help) else {
            // A finding outside any spec of this file (in a template) has no
            // spec to apply its help to here; a finding inside one must.
            if inside_spec(text, at) {
                failures.push(format!("{name}: nowhere to put `{code}` (help: {help})"));
            }
            continue;
        };
        let allowed = placeholders(&code);
        let new: Vec<String> = errors(&applied)
            .into_iter()
            .filter(|e| !before.contains(e))
            .filter(|e| {
                let placeholder = (e.starts_with("E001") || e.starts_with("E009"))
                    && allowed.iter().any(|p| e.contains(p));
                !placeholder
            })
            .collect();
        if !new.is_empty() {
            failures.push(format!(
                "{name}: `{code}` does not check where it goes: {new:?}"
            ));
        }
    }
    failures
}

fn charter_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("directory exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "charter"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_help_with_code_checks_where_it_goes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = charter_files(&root.join("tests/fixtures/diagnostics"));
    files.extend(charter_files(&root.join("tests/realworld")));
    let mut failures = Vec::new();
    let mut applied = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        if text.contains("use \"") {
            continue; // relative imports do not resolve for a text checked alone
        }
        let db = Database::new();
        let file = db.add_file("help.charter", text.as_bytes(), Origin::User);
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for d in check_file(&db, file).iter() {
            let Some(help) = &d.help else { continue };
            applied += snippets(help).len();
            failures.extend(check_help(&name, &text, d.span.start(), help));
        }
    }
    assert!(applied >= 10, "only {applied} code helps were applied");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_vague_term_hint_checks_where_it_goes() {
    let text = r#"spec s {
    intent {
        outcome "Orders are listed"
        success listed "GET /orders lists orders" by test.api
    }
    boundaries { write "src/**" }
    verify { test api "cargo test" }
    agent a {
        task t { goal "Orders are listed" }
    }
}
"#;
    let mut failures = Vec::new();
    let mut applied = 0;
    for term in charter::lints::vague::builtin() {
        applied += snippets(&term.hint).len();
        failures.extend(check_help(&term.term, text, 10, &term.hint));
    }
    assert!(applied >= 20, "only {applied} hints hold code");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
