//! Every diagnostic code has fixtures that fire and fixtures that do not,
//! under `fixtures/diagnostics/`, named `CODE_fires[_what].charter` and
//! `CODE_clean[_what].charter` (a directory of that name is checked through
//! its `main.charter`, for cases that need several files). The rendered
//! diagnostics of each fixture are snapshotted.

use std::path::{Path, PathBuf};

use charter::check::check_file;
use charter::db::{Database, FilePath};
use charter::diagnostics::render::human;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics")
}

/// The file to check for a fixture entry, and its code and expectation.
fn cases() -> Vec<(String, bool, PathBuf)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(fixtures()).expect("fixtures exist") {
        let path = entry.expect("readable entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".charter")
            .to_owned();
        let mut parts = name.splitn(3, '_');
        let (Some(code), Some(kind)) = (parts.next(), parts.next()) else {
            continue;
        };
        let fires = match kind {
            "fires" => true,
            "clean" => false,
            _ => panic!("fixture `{name}` must be named CODE_fires… or CODE_clean…"),
        };
        let file = if path.is_dir() {
            path.join("main.charter")
        } else {
            path.clone()
        };
        cases.push((code.to_owned(), fires, file));
    }
    cases.sort();
    cases
}

fn check(code: &str, file: &Path) -> (Vec<charter::diagnostics::Diagnostic>, String) {
    check_with(Database::new(), code, file)
}

/// [`check`] on a database made ready by the caller.
fn check_with(
    mut db: Database,
    code: &str,
    file: &Path,
) -> (Vec<charter::diagnostics::Diagnostic>, String) {
    let source = db.file(file);
    // An off-by-default lint (O005) is checked on its own fixtures as it
    // behaves when turned on, as `tests/it/lint_docs.rs` does for its examples.
    if let Some(rule) = charter::diagnostics::rules::find(code).filter(|r| !r.enabled_by_default) {
        let mut config = charter::config::Config::default();
        config
            .levels
            .insert(rule.code.to_owned(), charter::config::Level::Warn);
        let root = source.root(&db).clone();
        db.set_config(root.as_deref(), config);
    }
    let mut diagnostics = check_file(&db, source).clone();
    // Paths are shown relative to the fixtures directory, whatever the cwd.
    let sources = charter::check::sources(&db, &diagnostics, |db, f| match f.path(db) {
        FilePath::Disk(path) => path
            .strip_prefix(fixtures())
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/"),
        FilePath::Std(name) => format!("std/{name}.charter"),
        FilePath::Virtual(name) => name.clone(),
    });
    sources.sort(&mut diagnostics);
    let rendered = human(&diagnostics, &sources, false);
    (diagnostics, rendered)
}

#[test]
fn fixtures_fire_exactly_where_they_say() {
    let mut failures = Vec::new();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/diagnostics");
    let _guard = settings.bind_to_scope();
    for (code, fires, file) in cases() {
        let (diagnostics, rendered) = check(&code, &file);
        let fired = diagnostics.iter().any(|d| d.code() == code);
        if fired != fires {
            failures.push(format!(
                "{}: expected {code} to {}fire\n{rendered}",
                file.display(),
                if fires { "" } else { "not " }
            ));
        }
        let name = file
            .strip_prefix(fixtures())
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__")
            .replace(".charter", "");
        insta::assert_snapshot!(name, rendered);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `charter check` runs every lint on the spec as it is, in one pass; an
/// editor's database runs the structural lints on the spec with positions
/// erased and maps their findings back (`lints::lint_spec`). Both roads
/// must find the same, at the same places, in the same order.
#[test]
fn a_one_pass_check_finds_what_an_editor_finds() {
    let mut differ = Vec::new();
    for (code, _, file) in cases() {
        let (editor, _) = check(&code, &file);
        let mut one_pass = Database::new();
        charter::semantic::bound_memory_for_one_pass(&mut one_pass);
        let (once, _) = check_with(one_pass, &code, &file);
        if once != editor {
            differ.push(format!(
                "{}:\n  editor:   {editor:?}\n  one pass: {once:?}",
                file.display()
            ));
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

#[test]
fn every_code_has_a_firing_and_a_clean_fixture() {
    let cases = &cases();
    let missing: Vec<String> = charter::diagnostics::rules::all()
        .filter(|r| {
            r.code.starts_with('E')
                || charter::lints::LINTS
                    .iter()
                    .any(|l| std::ptr::eq(l.rule, *r))
        })
        .flat_map(|r| {
            [true, false].into_iter().filter_map(move |fires| {
                let has = cases.iter().any(|(c, f, _)| c == r.code && *f == fires);
                (!has).then(|| format!("{} {}", r.code, if fires { "fires" } else { "clean" }))
            })
        })
        .collect();
    assert!(missing.is_empty(), "missing fixtures: {missing:?}");
}
