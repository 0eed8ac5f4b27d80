//! The semantic layer as users and editors meet it: the binary resolves
//! `std::` modules with nothing installed beside it, the reference example
//! checks without errors, and an edit re-runs only the queries it touched.

use std::process::Command;

use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::semantic::parse;

#[test]
fn the_binary_alone_resolves_the_standard_library() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("charter");
    std::fs::copy(env!("CARGO_BIN_EXE_charter"), &binary).unwrap();
    std::fs::write(dir.path().join("charter.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("x.charter"),
        r#"use std::refactor

spec tidy extends refactor {
    intent {
        outcome "Every module of the parser lives in its own file"
        success same "The parser's test suite passes unchanged" by test.parser
    }
    boundaries { write "src/parser/**" }
    verify { test parser "cargo test -p parser" }
    governance { audit "audit/tidy.jsonl" }
    agent mover {
        task split { goal "Every module of the parser lives in its own file" }
    }
}
"#,
    )
    .unwrap();
    let out = Command::new(&binary)
        .args(["check", "x.charter"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("E001"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn the_reference_example_checks_without_errors() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/language-example/specs/orm_migration.charter");
    let db = Database::new();
    let file = db.file(&path);
    let errors: Vec<_> = check_file(&db, file)
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let specs = &charter::semantic::analyse(&db, file).specs;
    assert_eq!(specs.len(), 1);
    assert_eq!(specs[0].extends, ["std::refactor"]);
    assert_eq!(specs[0].tasks.len(), 2);
}

fn spec_text(i: usize, title: &str) -> String {
    format!(
        "spec s{i} {{\n    title \"{title}\"\n    intent {{\n        outcome \"Service {i} answers in one query\"\n        success one \"The query log shows one query\" by test.q\n    }}\n    verify {{ test q \"cargo test -p s{i}\" }}\n    agent a {{\n        write \"svc/s{i}/**\"\n        task t {{ goal \"Service {i} answers in one query\" }}\n    }}\n}}\n"
    )
}

#[test]
fn an_edit_reparses_only_the_edited_file() {
    let mut db = Database::new();
    let files: Vec<_> = (0..1000)
        .map(|i| {
            db.add_file(
                format!("f{i}.charter"),
                spec_text(i, "first").as_bytes(),
                Origin::User,
            )
        })
        .collect();
    for &file in &files {
        check_file(&db, file);
    }
    db.start_query_log();
    db.set_text(files[500], spec_text(500, "second"));
    let mut diagnostics = 0;
    for &file in &files {
        diagnostics += check_file(&db, file).len();
    }
    let log = db.take_query_log();
    let parses: Vec<&String> = log.iter().filter(|q| q.starts_with("parse(")).collect();
    assert_eq!(
        parses.len(),
        1,
        "only the edited file is parsed again: {parses:?}"
    );
    assert!(parse(&db, files[500]).tree.statements.len() == 1);
    assert_eq!(diagnostics, 0);
    // Every query that ran again is one of the edited file's own, or the
    // one spec it defines (keyed by spec, not by file).
    let edited = parses[0].trim_start_matches("parse").to_owned();
    let others: Vec<&String> = log.iter().filter(|q| !q.ends_with(&edited)).collect();
    assert!(
        others.len() <= 1 && others.iter().all(|q| q.starts_with("erased_spec(")),
        "{log:?}"
    );
    // A new title is prose: the structural lints (globs, schedule) do not run.
    assert!(
        !log.iter().any(|q| q.starts_with("structural_findings(")),
        "{log:?}"
    );
}

const TWO_WRITERS: &str = "spec s {
    agent a {
        write \"src/**\"
        task one { goal \"Port the models\" }
    }
    agent b {
        write \"src/db/**\"
        task two { goal \"Port the queries\" }
    }
}
";

fn structural_runs(db: &Database) -> usize {
    db.take_query_log()
        .iter()
        .filter(|q| q.starts_with("structural_findings("))
        .count()
}

/// The diagnostics of `text` in a database that never saw another text.
fn fresh(text: &str) -> Vec<charter::diagnostics::Diagnostic> {
    let db = Database::new();
    let file = db.add_file("s.charter", text.as_bytes(), Origin::User);
    check_file(&db, file).clone()
}

#[test]
fn an_edit_that_only_moves_text_reruns_no_conflict_lint() {
    let mut db = Database::new();
    let file = db.add_file("s.charter", TWO_WRITERS.as_bytes(), Origin::User);
    let before = check_file(&db, file).clone();
    assert!(before.iter().any(|d| d.code() == "C001"), "{before:#?}");

    let edits = [
        // A comment above everything moves every offset.
        format!("// moved\n\n{TWO_WRITERS}"),
        // A reworded goal changes one string's length.
        TWO_WRITERS.replace("Port the models", "Port every model to the new ORM"),
    ];
    for text in edits {
        db.start_query_log();
        db.set_text(file, text.clone());
        let after = check_file(&db, file).clone();
        assert_eq!(structural_runs(&db), 0, "C001 ran again for {text:?}");
        assert_eq!(after, fresh(&text), "positions restored for {text:?}");
        let c001 = after.iter().find(|d| d.code() == "C001").unwrap();
        assert_eq!(&text[c001.span.range()], "\"src/db/**\"");
    }

    // Changing a glob changes the structure: the lints run and the finding goes.
    db.start_query_log();
    let disjoint = TWO_WRITERS.replace("src/db/**", "tests/**");
    db.set_text(file, disjoint.clone());
    let after = check_file(&db, file).clone();
    assert_eq!(structural_runs(&db), 1);
    assert!(!after.iter().any(|d| d.code() == "C001"), "{after:#?}");
    assert_eq!(after, fresh(&disjoint));
}

/// A workspace held in memory: `/w` is its root (it has a `charter.toml`).
fn memory_workspace() -> (std::sync::Arc<charter::db::MemorySystem>, Database) {
    let memory = std::sync::Arc::new(charter::db::MemorySystem::new());
    memory.write("/w/charter.toml", "");
    let db = Database::with_system(memory.clone());
    (memory, db)
}

const IMPORTS_SHARED: &str = "use \"shared.charter\"\nspec s extends base { title \"t\" }\n";

#[test]
fn creating_a_missing_import_clears_its_error_without_a_new_database() {
    let (memory, mut db) = memory_workspace();
    memory.write("/w/main.charter", IMPORTS_SHARED);
    let main = db.file(std::path::Path::new("/w/main.charter"));
    let codes = |db: &Database| -> Vec<&'static str> {
        check_file(db, main).iter().map(|d| d.code()).collect()
    };
    assert!(codes(&db).contains(&"E001"), "{:?}", codes(&db));

    memory.write("/w/shared.charter", "template base { }\n");
    db.sync_file(std::path::Path::new("/w/shared.charter"));
    assert!(!codes(&db).contains(&"E001"), "{:?}", codes(&db));

    memory.remove(std::path::Path::new("/w/shared.charter"));
    db.sync_all();
    assert!(
        codes(&db).contains(&"E001"),
        "deleting it brings the error back"
    );
}

#[test]
fn an_unsaved_buffer_is_what_the_analysis_reads() {
    let memory = std::sync::Arc::new(charter::db::MemorySystem::new());
    memory.write("/w/charter.toml", "");
    memory.write("/w/main.charter", IMPORTS_SHARED);
    memory.write("/w/shared.charter", "template base { }\n");
    let overlays = std::sync::Arc::new(charter::db::OverlaySystem::new(memory.clone()));
    let mut db = Database::with_system(overlays.clone());
    let main = db.file(std::path::Path::new("/w/main.charter"));
    assert!(check_file(&db, main).is_empty());

    // The editor changes the imported file without saving it.
    overlays.set_overlay("/w/shared.charter", "template other { }\n");
    db.sync_file(std::path::Path::new("/w/shared.charter"));
    let codes: Vec<_> = check_file(&db, main).iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E001"], "`base` is gone from the buffer");

    // Closing the buffer without saving restores the disk's text.
    overlays.remove_overlay(std::path::Path::new("/w/shared.charter"));
    db.sync_file(std::path::Path::new("/w/shared.charter"));
    assert!(check_file(&db, main).is_empty());
}

#[test]
fn imports_never_read_outside_the_workspace_root() {
    let (memory, db) = memory_workspace();
    memory.write("/secret.charter", "template base { }\n");
    memory.write(
        "/w/main.charter",
        "use \"../secret.charter\"\nuse \"../missing.charter\"\nspec s { }\n",
    );
    let main = db.file(std::path::Path::new("/w/main.charter"));
    let messages: Vec<String> = check_file(&db, main)
        .iter()
        .filter(|d| d.code() == "E006")
        .map(|d| d.message.replace("secret", "X").replace("missing", "X"))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[0], messages[1],
        "a refusal does not tell whether the outside file exists"
    );
    assert!(
        db.lookup(std::path::Path::new("/secret.charter")).is_none(),
        "never read"
    );
}

#[test]
fn without_a_workspace_marker_the_root_is_the_named_files_directory() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(dir.path().join("outside.charter"), "template base { }\n").unwrap();
    std::fs::write(sub.join("inside.charter"), "template base { }\n").unwrap();
    std::fs::write(
        sub.join("main.charter"),
        "use \"../outside.charter\"\nuse \"inside.charter\"\nspec s { }\n",
    )
    .unwrap();
    let db = Database::new();
    if db.workspace_root(&sub.join("main.charter")).is_some() {
        eprintln!("skipped: the temporary directory lies inside a workspace");
        return;
    }
    let main = db.file(&sub.join("main.charter"));
    let codes: Vec<_> = check_file(&db, main).iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E006"], "only the import out of `sub/` is refused");
    let rendered = format!("{:?}", check_file(&db, main));
    assert!(
        !rendered.contains(dir.path().to_str().unwrap()),
        "no absolute path: {rendered}"
    );
}

/// A spec extending `std::refactor`, numbered `i`, with `note` as a comment.
fn refactor_spec(i: usize, note: &str) -> String {
    format!(
        "use std::refactor\n// {note}\nspec r{i} extends refactor {{\n    title \"Refactor {i}\"\n    intent {{\n        outcome \"Module {i} reads the same\"\n        success same \"The suite passes\" by test.all\n    }}\n    boundaries {{ write \"src/m{i}/**\" }}\n    verify {{ test all \"cargo test\" }}\n    governance {{ audit \"audit/r{i}.jsonl\" }}\n}}\n"
    )
}

#[test]
fn merged_templates_are_one_query_for_every_spec_and_survive_edits() {
    let mut db = Database::new();
    let files: Vec<_> = (0..3)
        .map(|i| {
            db.add_file(
                format!("r{i}.charter"),
                refactor_spec(i, "first").as_bytes(),
                Origin::User,
            )
        })
        .collect();
    db.start_query_log();
    for &file in &files {
        check_file(&db, file);
    }
    let merged = |log: &[String]| {
        log.iter()
            .filter(|q| q.starts_with("merged_template("))
            .count()
    };
    let log = db.take_query_log();
    assert_eq!(
        merged(&log),
        1,
        "one merge of std::refactor for three specs: {log:?}"
    );
    // An edit of a spec's file leaves the template's merged chain as it was.
    db.start_query_log();
    db.set_text(files[1], refactor_spec(1, "second"));
    for &file in &files {
        check_file(&db, file);
    }
    let log = db.take_query_log();
    assert!(log.iter().any(|q| q.starts_with("analyse(")), "{log:?}");
    assert_eq!(merged(&log), 0, "{log:?}");
    // And the merged spec still carries the template's deny.
    let analysis = charter::semantic::analyse(&db, files[1]);
    assert!(
        analysis.specs[0]
            .boundaries
            .deny
            .iter()
            .any(|g| &*g.pattern == ".github/**"),
        "{:?}",
        analysis.specs[0].boundaries.deny
    );
}
