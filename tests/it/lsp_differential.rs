//! The language server's database against a fresh one: random edit
//! sequences applied through the server's session (open documents are
//! overlays over the files on disk; closing one falls back to the disk;
//! the disk changes under closed files) give, after every step, exactly
//! the diagnostics a fresh database computes from the same texts.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use charter::check::check_file;
use charter::db::{Database, OsSystem, OverlaySystem};
use charter::diagnostics::{Diagnostic, Severity};
use charter::lsp::session::Session;
use charter::text::Span;
use lsp_types::Url;
use proptest::prelude::*;

const MAIN: &str = r#"use "lib.charter"

spec main extends base {
    title "m"
    intent {
        outcome "o"
        success ok "passes" by test.all
    }
    verify { test all "make test" }
    agent a {
        write "src/a/**"
        task one { goal "g" }
    }
    agent b {
        write "src/**"
        task two { after a.one; goal "g" }
    }
}
"#;

const LIB: &str = r#"template base {
    autonomy supervised
    governance { audit "audit.jsonl" }
}
"#;

/// Text that changes meaning when inserted somewhere: names, braces,
/// references, quotes, globs, vague words, multi-byte characters.
const FRAGMENTS: &[&str] = &[
    "",
    "}",
    "{",
    "\n",
    "\"",
    ";",
    "agent c { task t { goal \"x\" } }",
    "after a.one",
    "after b.two",
    "write \"src/**\"",
    "// note",
    "base",
    "fast",
    "é",
    "test.all",
    "extends base",
    "template base {}",
    "timeout 5m",
    "verify test.all",
    "waive C001 \"shared on purpose\"",
];

#[derive(Clone, Debug)]
enum Step {
    /// Replace `len` bytes at `at` (both scaled to the text) in the editor.
    Edit {
        file: usize,
        at: usize,
        len: usize,
        fragment: usize,
    },
    /// Close the document: the disk's text counts again.
    Close { file: usize },
    /// The file changes on disk (another tool wrote it).
    Disk { file: usize, fragment: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..2usize, 0..10_000usize, 0..8usize, 0..FRAGMENTS.len())
            .prop_map(|(file, at, len, fragment)| Step::Edit { file, at, len, fragment }),
        1 => (0..2usize).prop_map(|file| Step::Close { file }),
        1 => (0..2usize, 0..FRAGMENTS.len()).prop_map(|(file, fragment)| Step::Disk { file, fragment }),
    ]
}

struct World {
    paths: [PathBuf; 2],
    disk: [String; 2],
    open: [Option<String>; 2],
    version: i32,
}

impl World {
    fn current(&self, file: usize) -> &str {
        self.open[file].as_deref().unwrap_or(&self.disk[file])
    }

    fn uri(&self, file: usize) -> Url {
        Url::from_file_path(&self.paths[file]).unwrap()
    }
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(session: &mut Session, world: &mut World, step: &Step) {
    world.version += 1;
    match *step {
        Step::Edit {
            file,
            at,
            len,
            fragment,
        } => {
            let mut text = world.current(file).to_owned();
            let start = boundary(&text, at);
            let end = boundary(&text, (start + len).min(text.len()));
            let end = end.max(start);
            text.replace_range(start..end, FRAGMENTS[fragment]);
            if world.open[file].is_none() {
                session.open(
                    world.uri(file),
                    world.current(file).to_owned(),
                    world.version,
                );
            }
            session.change(&world.uri(file), text.clone(), world.version);
            world.open[file] = Some(text);
        }
        Step::Close { file } => {
            session.close(&world.uri(file));
            world.open[file] = None;
        }
        Step::Disk { file, fragment } => {
            let text = format!("{}{}\n", world.disk[file], FRAGMENTS[fragment]);
            std::fs::write(&world.paths[file], &text).unwrap();
            world.disk[file] = text;
            session.reload_from_disk();
        }
    }
}

/// A diagnostic with its file ids replaced by the paths they stand for:
/// two databases hand out ids in their own order.
type Portable = (
    String,
    Severity,
    String,
    Span,
    String,
    Vec<(String, Span, String)>,
);

fn portable(db: &Database, diagnostics: &[Diagnostic]) -> Vec<Portable> {
    let name = |id| {
        db.file_by_id(id)
            .map(|f| format!("{:?}", f.path(db)))
            .unwrap_or_default()
    };
    diagnostics
        .iter()
        .map(|d| {
            let labels = d
                .labels
                .iter()
                .map(|l| (name(l.file), l.span, l.message.clone()))
                .collect();
            (
                d.code().to_owned(),
                d.severity,
                d.message.clone(),
                d.span,
                name(d.file),
                labels,
            )
        })
        .collect()
}

/// What the session reports for each file.
fn session_diagnostics(session: &Session, world: &World) -> Vec<Vec<Portable>> {
    (0..2)
        .map(|i| {
            let file = match session.document(&world.uri(i)) {
                Some(d) => d.file,
                None => session.db().file(&world.paths[i]),
            };
            portable(session.db(), check_file(session.db(), file))
        })
        .collect()
}

/// What a fresh database reports for the same texts.
fn fresh_diagnostics(world: &World) -> Vec<Vec<Portable>> {
    let overlays = OverlaySystem::new(Arc::new(OsSystem));
    for i in 0..2 {
        overlays.set_overlay(world.paths[i].clone(), world.current(i));
    }
    let db = Database::with_system(Arc::new(overlays));
    (0..2)
        .map(|i| portable(&db, check_file(&db, db.file(&world.paths[i]))))
        .collect()
}

fn setup(dir: &Path) -> (Session, World) {
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let paths = [dir.join("main.charter"), dir.join("lib.charter")];
    std::fs::write(&paths[0], MAIN).unwrap();
    std::fs::write(&paths[1], LIB).unwrap();
    let paths = paths.map(|p| p.canonicalize().unwrap());
    let session = Session::new(Some(dir.canonicalize().unwrap()));
    let world = World {
        paths,
        disk: [MAIN.to_owned(), LIB.to_owned()],
        open: [None, None],
        version: 0,
    };
    (session, world)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn edits_through_the_server_match_a_fresh_database(steps in proptest::collection::vec(step(), 1..10)) {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, mut world) = setup(dir.path());
        session.open(world.uri(0), MAIN.to_owned(), 0);
        world.open[0] = Some(MAIN.to_owned());
        for step in &steps {
            apply(&mut session, &mut world, step);
            let got = session_diagnostics(&session, &world);
            let want = fresh_diagnostics(&world);
            prop_assert_eq!(got, want, "after {:?}", step);
        }
    }
}

#[test]
fn the_starting_texts_check_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (_, world) = setup(dir.path());
    let diagnostics = fresh_diagnostics(&world);
    let errors: Vec<_> = diagnostics
        .iter()
        .flatten()
        .filter(|d| d.1 == Severity::Error)
        .collect();
    // `b` writes `src/**` beside `a`'s `src/a/**`, but waits for it through
    // `after a.one`: the edits above create and remove real findings.
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Acceptance: creating a missing imported file clears its E001 without a
/// restart (the server re-reads the files it knows when one appears on disk).
#[test]
fn creating_a_missing_import_clears_e001() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    let main = root.join("main.charter");
    let text = "use \"later.charter\"\n\nspec s extends later_t {\n    title \"s\"\n}\n";
    std::fs::write(&main, text).unwrap();
    let uri = Url::from_file_path(&main).unwrap();
    let mut session = Session::new(Some(root.clone()));
    session.open(uri.clone(), text.to_owned(), 1);
    let codes = |session: &Session| -> Vec<&'static str> {
        let file = session.document(&uri).unwrap().file;
        check_file(session.db(), file)
            .iter()
            .map(|d| d.code())
            .collect()
    };
    assert!(codes(&session).contains(&"E001"), "{:?}", codes(&session));
    std::fs::write(
        root.join("later.charter"),
        "template later_t {\n    title \"t\"\n}\n",
    )
    .unwrap();
    // What `workspace/didChangeWatchedFiles` with a created file does.
    session.reload_from_disk();
    assert!(!codes(&session).contains(&"E001"), "{:?}", codes(&session));
}
