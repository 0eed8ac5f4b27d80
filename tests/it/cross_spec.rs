//! C008 cross-spec-overlap: fixtures with snapshots, the explain page's two
//! examples, the command line, and a property test that the indexed search
//! finds exactly the pairs an all-pairs brute force finds.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use charter::analysis::glob::{self, Glob};
use charter::check::cross_spec::{SpecScopes, check_files, overlaps};
use charter::db::{Database, FilePath, Origin};
use charter::diagnostics::render::human;
use charter::semantic::analyse;
use charter::semantic::model::Spec;
use proptest::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cross_spec")
}

/// The C008 findings over every `.charter` file of a fixture directory, rendered.
fn check_dir(dir: &Path) -> (usize, String) {
    let db = Database::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    let files: Vec<_> = paths.iter().map(|p| db.file(p)).collect();
    let mut diagnostics = check_files(&db, &files);
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
    let count = diagnostics.iter().filter(|d| d.code() == "C008").count();
    (count, human(&diagnostics, &sources, false))
}

#[test]
fn fixtures_fire_and_stay_clean() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.set_snapshot_path("snapshots/cross_spec");
    let _guard = settings.bind_to_scope();
    let (fired, rendered) = check_dir(&fixtures().join("fires"));
    // `payouts.dev.rounding` meets `billing.dev.tax` on src/shared/money.rs;
    // `payouts.docs.guide` writes only docs and meets nothing.
    assert_eq!(fired, 1, "{rendered}");
    insta::assert_snapshot!("C008_fires", rendered);
    let (fired, rendered) = check_dir(&fixtures().join("clean"));
    assert_eq!(fired, 0, "{rendered}");
    insta::assert_snapshot!("C008_clean", rendered);
}

fn code_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_start().starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(_), true) => blocks.push(current.take().unwrap_or_default()),
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

#[test]
fn the_page_examples_behave() {
    let rule = charter::diagnostics::rules::find("C008").expect("C008 is registered");
    let blocks = code_blocks(rule.doc);
    let [fires, fixed] = blocks.as_slice() else {
        panic!("the C008 page holds exactly two examples");
    };
    for (text, should_fire) in [(fires, true), (fixed, false)] {
        let db = Database::new();
        let file = db.add_file("example.charter", text.as_bytes(), Origin::User);
        let errors: Vec<_> = charter::check::check_file(&db, file)
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let fired = check_files(&db, &[file]).iter().any(|d| d.code() == "C008");
        assert_eq!(fired, should_fire, "{text}");
    }
}

#[test]
fn charter_check_reports_it_across_files() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["check", "--format", "json"])
        .arg(fixtures().join("fires"))
        .output()
        .expect("charter runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.matches("\"C008\"").count(), 1, "{stdout}");
    assert!(stdout.contains("src/shared/money.rs"), "{stdout}");
    // A warning: the run passes unless warnings are denied.
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}

/// Globs over a tiny alphabet so that overlaps are frequent, with classes,
/// stars and double stars.
fn glob_text() -> impl Strategy<Value = String> {
    let segment = prop::sample::select(vec!["a", "b", "*", "a*", "[ab]", "**", "x.rs", "*.rs"]);
    prop::collection::vec(segment, 1..4).prop_map(|s| s.join("/"))
}

fn spec_text(name: usize, tasks: &[(Vec<String>, Vec<String>)]) -> String {
    let mut out = format!(
        "spec s{name} {{\n    intent {{\n        outcome \"o\"\n        success ok \"ok\" by test.t\n    }}\n    verify {{ test t \"true\" }}\n"
    );
    for (i, (write, deny)) in tasks.iter().enumerate() {
        let list = |g: &[String]| {
            g.iter()
                .map(|g| format!("\"{g}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("    agent a{i} {{\n"));
        if !write.is_empty() {
            out.push_str(&format!("        write {}\n", list(write)));
        }
        if !deny.is_empty() {
            out.push_str(&format!("        deny {}\n", list(deny)));
        }
        // Two tasks share their agent's globs: C008 indexes a shared glob
        // once, with every task it stands for.
        out.push_str(&format!(
            "        task t{i} {{ goal \"g\" }}\n        task u{i} {{ goal \"g\" }}\n    }}\n"
        ));
    }
    out.push_str("}\n");
    out
}

/// Every pair of tasks of two different specs whose scopes share a path,
/// tried glob pair by glob pair with no index.
fn brute_force(specs: &[&Spec]) -> BTreeSet<(usize, usize, usize, usize)> {
    let compile = |p: &str| Glob::parse(p).ok();
    let allow = |spec: &Spec, t: usize| -> Vec<Option<Glob>> {
        match &spec.tasks[t].scope.allow {
            Some(globs) => globs.iter().map(|g| compile(&g.pattern)).collect(),
            None => vec![compile("**")],
        }
    };
    let deny = |spec: &Spec, t: usize| -> Vec<Glob> {
        spec.tasks[t]
            .scope
            .deny
            .iter()
            .filter_map(|g| compile(&g.pattern))
            .collect()
    };
    let mut found = BTreeSet::new();
    for sa in 0..specs.len() {
        for sb in sa + 1..specs.len() {
            for ta in 0..specs[sa].tasks.len() {
                for tb in 0..specs[sb].tasks.len() {
                    let mut none = deny(specs[sa], ta);
                    none.extend(deny(specs[sb], tb));
                    let none: Vec<&Glob> = none.iter().collect();
                    let meets = allow(specs[sa], ta).iter().flatten().any(|ga| {
                        allow(specs[sb], tb)
                            .iter()
                            .flatten()
                            .any(|gb| glob::witness(&[ga, gb], &none).is_ok_and(|w| w.is_some()))
                    });
                    if meets {
                        found.insert((sa, ta, sb, tb));
                    }
                }
            }
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn c008_equals_the_all_pairs_brute_force(
        specs in prop::collection::vec(
            prop::collection::vec(
                (prop::collection::vec(glob_text(), 0..3), prop::collection::vec(glob_text(), 0..2)),
                1..4,
            ),
            2..5,
        )
    ) {
        let text: String = specs.iter().enumerate().map(|(i, s)| spec_text(i, s)).collect();
        let db = Database::new();
        let file = db.add_file("props.charter", text.as_bytes(), Origin::User);
        let analysis = analyse(&db, file);
        prop_assume!(analysis.diagnostics.iter().all(|d| !d.is_error()));
        let models: Vec<&Spec> = analysis.specs.iter().collect();
        prop_assert_eq!(models.len(), specs.len());
        let lean: Vec<SpecScopes> = models.iter().map(|s| SpecScopes::of(s)).collect();
        let lean: Vec<&SpecScopes> = lean.iter().collect();
        let found = overlaps(&db, &lean);
        let indexed: BTreeSet<_> = found
            .iter()
            .map(|o| (o.spec_a, o.task_a, o.spec_b, o.task_b))
            .collect();
        prop_assert_eq!(indexed, brute_force(&models));
        // Every witness really is a path both tasks may write.
        for o in &found {
            let path = &o.witness;
            for (s, t) in [(o.spec_a, o.task_a), (o.spec_b, o.task_b)] {
                let scope = &models[s].tasks[t].scope;
                let allowed = match &scope.allow {
                    Some(globs) => globs.iter().any(|g| Glob::parse(&g.pattern).is_ok_and(|g| g.matches(path))),
                    None => true,
                };
                let denied = scope.deny.iter().any(|g| Glob::parse(&g.pattern).is_ok_and(|g| g.matches(path)));
                prop_assert!(allowed && !denied, "{} for task {} of spec {}", path, t, s);
            }
        }
    }
}

#[test]
fn only_active_specs_take_part() {
    let spec = |name: &str, status: &str| {
        format!(
            "spec {name} {{\n    {status}\n    agent a {{\n        write \"src/**\"\n        task t {{ goal \"Port the models\" }}\n    }}\n}}\n"
        )
    };
    for (status, expected) in [
        ("", 1),
        ("status active", 1),
        ("status draft", 0),
        ("status done", 0),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.charter"), spec("one", "")).unwrap();
        std::fs::write(dir.path().join("b.charter"), spec("two", status)).unwrap();
        let (count, rendered) = check_dir(dir.path());
        assert_eq!(count, expected, "with `{status}`: {rendered}");
    }
}

/// A spec of its own module that meets no other: filler for a workspace
/// larger than the one-pass window.
fn filler(i: usize) -> String {
    format!(
        "spec filler_{i} {{\n    intent {{\n        outcome \"Module {i} is tidy\"\n        success tidy \"The suite passes\" by test.all\n    }}\n    boundaries {{ write \"src/filler_{i}/**\" }}\n    verify {{ test all \"cargo test\" }}\n    agent dev {{\n        task tidy {{ goal \"Module {i} is tidy\" }}\n    }}\n}}\n"
    )
}

/// A one-pass check keeps each file's model only while it checks the file;
/// C008, which runs after every file, reads the write scopes it kept
/// (`write_scopes`), so it builds no model again and finds what it finds
/// with every model in memory.
#[test]
fn c008_after_a_one_pass_check_rebuilds_no_model() {
    use charter::check::{Jobs, Workers, check_files as check_each};
    use charter::semantic::{ONE_PASS_WINDOW, bound_memory_for_one_pass};

    let fires = fixtures().join("fires");
    let workspace = |db: &Database| {
        let mut files = vec![db.file(&fires.join("billing.charter"))];
        for i in 0..3 * ONE_PASS_WINDOW {
            let text = filler(i);
            files.push(db.add_file(format!("filler_{i}.charter"), text.as_bytes(), Origin::User));
        }
        files.push(db.file(&fires.join("payouts.charter")));
        files
    };
    let everything = Database::new();
    let expected = check_files(&everything, &workspace(&everything));

    let mut db = Database::new();
    bound_memory_for_one_pass(&mut db);
    let files = workspace(&db);
    let per_file = check_each(&mut db, &files, None, &Workers::new(Jobs::ONE));
    assert!(
        per_file.is_empty(),
        "the workspace checks clean: {per_file:?}"
    );
    db.start_query_log();
    let found = check_files(&db, &files);
    let log = db.take_query_log();
    let rebuilt: Vec<&String> = log
        .iter()
        .filter(|q| q.starts_with("analyse(") || q.starts_with("parse("))
        .collect();
    assert!(rebuilt.is_empty(), "C008 rebuilt models: {rebuilt:?}");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found, expected);
}
