//! `charter fmt`: snapshots of messy fixtures, idempotence and meaning
//! preservation over every spec in the repository and over generated
//! trees, the language reference example (our style guide), and the CLI.

use std::path::{Path, PathBuf};
use std::process::Command;

use charter::fmt::verify::{comment_texts, shape};
use charter::fmt::{format_source, format_unverified};
use charter::syntax::parse_source;
use proptest::prelude::*;

const EXAMPLE: &str = "tests/fixtures/language-example/specs/orm_migration.charter";

/// Formats (without the formatter's own safety net, so its bugs show) and
/// checks the three promises: the tree modulo spans is the same, every
/// comment is still there, and formatting again changes nothing.
fn format_checked(name: &str, text: &str) -> String {
    let once = format_unverified(charter::text::FileId::default(), text)
        .unwrap_or_else(|d| panic!("{name} should format: {d:#?}"));
    let before = parse_source(charter::text::FileId::default(), text);
    let after = parse_source(charter::text::FileId::default(), &once);
    assert!(
        after.diagnostics.is_empty(),
        "{name}: output has syntax errors: {:#?}\n{once}",
        after.diagnostics
    );
    assert_eq!(
        shape(&before.tree),
        shape(&after.tree),
        "{name}: meaning changed\n{once}"
    );
    assert_eq!(
        comment_texts(text, &before.tree),
        comment_texts(&once, &after.tree),
        "{name}: comments changed\n{once}"
    );
    let twice = format_unverified(charter::text::FileId::default(), &once)
        .unwrap_or_else(|d| panic!("{name}: output should format: {d:#?}"));
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    once
}

#[test]
fn messy_fixtures_are_formatted() {
    insta::glob!("..", "fixtures/fmt/*.charter", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is readable");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        insta::assert_snapshot!(format_checked(name, &text));
    });
}

fn charter_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            charter_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "charter") {
            out.push(path);
        }
    }
}

#[test]
fn every_spec_in_the_repository_formats_idempotently_and_keeps_its_meaning() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    charter_files(&root.join("tests"), &mut paths);
    charter_files(&root.join("stdlib-specs"), &mut paths);
    paths.sort();
    let mut formatted = 0;
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.display().to_string();
        if parse_source(charter::text::FileId::default(), &text)
            .diagnostics
            .iter()
            .any(|d| d.is_error())
        {
            continue;
        }
        format_checked(&name, &text);
        formatted += 1;
    }
    assert!(
        formatted >= 7,
        "expected the fixtures and stdlib specs, formatted {formatted}"
    );
}

#[test]
fn syntax_errors_are_refused_with_their_diagnostics() {
    let error =
        format_source("spec a {\n    title \"x\" .\n").expect_err("broken input is not formatted");
    assert!(!error.is_empty());
    assert!(error.iter().all(|d| d.is_error()));
}

#[test]
fn trivial_inputs() {
    assert_eq!(format_source("").as_deref(), Ok(""));
    assert_eq!(format_source("\n\n  \n").as_deref(), Ok(""));
    assert_eq!(
        format_source("// only a comment").as_deref(),
        Ok("// only a comment\n")
    );
    assert_eq!(format_source("a {   }").as_deref(), Ok("a {}\n"));
    assert_eq!(
        format_source("a\r\nb // c \r\n").as_deref(),
        Ok("a\nb  // c\n")
    );
}

/// A line diff (longest common subsequence), for showing how the style
/// guide's example is reformatted.
fn line_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("-{:>3} {}\n", i + 1, a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+{:>3} {}\n", j + 1, b[j]));
            j += 1;
        }
    }
    out
}

/// The language reference example is the style guide. It is reformatted
/// only where it is not consistent with itself; the snapshot shows exactly
/// where (see the module docs of `charter::fmt` for the rules).
#[test]
fn the_language_reference_example_is_nearly_a_fixed_point() {
    let text = std::fs::read_to_string(EXAMPLE).expect("fixture is readable");
    let formatted = format_checked(EXAMPLE, &text);
    insta::assert_snapshot!(line_diff(&text, &formatted));
}

// ---------------------------------------------------------------------------
// Generated trees: printed messily, then formatted.

#[derive(Clone, Debug)]
struct GenStatement {
    head: String,
    args: Vec<Vec<String>>,
    modifiers: Vec<(String, Vec<Vec<String>>)>,
    block: Option<Vec<GenStatement>>,
    /// A comment on its own line above (`//`, `///` or `/* */`).
    leading: Option<String>,
    /// A comment at the end of the statement's line.
    trailing: Option<String>,
    /// A block comment after the head.
    inline: Option<String>,
    semicolon: bool,
    blank_before: bool,
    indent: usize,
    /// Line breaks after commas in lists.
    break_lists: bool,
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("title".to_owned()),
        Just("write".to_owned()),
        Just("test".to_owned()),
        Just("success".to_owned()),
        Just("from".to_owned()),
        "[a-z_][a-z0-9_]{0,9}".prop_filter("not a modifier word", |w| {
            !charter::syntax::is_modifier_word(w)
        }),
    ]
}

fn value() -> impl Strategy<Value = String> {
    let name = "[a-z_][a-z0-9_]{0,8}".prop_filter("not a modifier word", |w| {
        !charter::syntax::is_modifier_word(w)
    });
    prop_oneof![
        "[a-zA-Z0-9 /*.@-]{0,30}".prop_map(|s| format!("\"{s}\"")),
        "[a-z ]{0,5}".prop_map(|s| format!("\"{s}\\\" \\\\ \\n \\u{{1F600}}\"")),
        "[a-z ]{1,12}".prop_map(|s| format!("\"\"\"\n        {s}\n          more\n        \"\"\"")),
        (
            "[0-9]{1,4}",
            prop_oneof![Just(""), Just("ms"), Just("%"), Just("MB"), Just(".5h")]
        )
            .prop_map(|(n, u)| format!("{n}{u}")),
        (
            name.clone(),
            proptest::option::of((prop_oneof![Just("."), Just("::"), Just(" . ")], name))
        )
            .prop_map(|(a, rest)| match rest {
                Some((sep, b)) => format!("{a}{sep}{b}"),
                None => a,
            }),
        prop_oneof![Just("<"), Just("<="), Just(">"), Just(">="), Just("==")]
            .prop_map(str::to_owned),
    ]
}

fn comment_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.;{}\"]{0,20}"
}

fn args() -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(value(), 1..5), 0..3)
}

fn statement(
    block: Option<BoxedStrategy<Vec<GenStatement>>>,
) -> impl Strategy<Value = GenStatement> {
    let modifier_word =
        proptest::sample::select(charter::syntax::MODIFIER_WORDS).prop_map(str::to_owned);
    let block = match block {
        Some(inner) => proptest::option::of(inner).boxed(),
        None => Just(None).boxed(),
    };
    let leading =
        proptest::option::of(
            (0..3usize, comment_text()).prop_map(|(kind, text)| match kind {
                0 => format!("//{text}"),
                1 => format!("/// {text}"),
                _ => format!("/* {text} */"),
            }),
        );
    (
        (
            word(),
            args(),
            proptest::collection::vec((modifier_word, args()), 0..3),
            block,
        ),
        (
            leading,
            proptest::option::of(comment_text()),
            proptest::option::of(comment_text()),
        ),
        (any::<bool>(), any::<bool>(), 0..9usize, any::<bool>()),
    )
        .prop_map(
            |(
                (head, args, modifiers, block),
                (leading, trailing, inline),
                (semicolon, blank, indent, brk),
            )| {
                GenStatement {
                    head,
                    args,
                    modifiers,
                    block,
                    leading,
                    // A `///` at the end of a line documents the next statement.
                    trailing: trailing.map(|t| {
                        if t.len() % 3 == 0 {
                            format!("/// {t}")
                        } else {
                            format!("// {t}")
                        }
                    }),
                    inline: inline.map(|t| format!("/*{t}*/")),
                    semicolon,
                    blank_before: blank,
                    indent,
                    break_lists: brk,
                }
            },
        )
}

fn statements() -> impl Strategy<Value = Vec<GenStatement>> {
    let leaf = proptest::collection::vec(statement(None), 0..4).boxed();
    leaf.prop_recursive(3, 24, 4, |inner| {
        proptest::collection::vec(statement(Some(inner)), 0..4).boxed()
    })
}

fn render_args(args: &[Vec<String>], break_lists: bool, out: &mut String) {
    for arg in args {
        out.push(' ');
        out.push_str(&arg.join(if break_lists { ",\n      " } else { "," }));
    }
}

fn render(statements: &[GenStatement], out: &mut String) {
    for s in statements {
        let pad = " ".repeat(s.indent);
        if s.blank_before {
            out.push('\n');
        }
        if let Some(leading) = &s.leading {
            out.push_str(&format!("\n{pad}{leading}\n"));
        }
        out.push_str(&pad);
        out.push_str(&s.head);
        if let Some(inline) = &s.inline {
            out.push_str(&format!(" {inline}"));
        }
        render_args(&s.args, s.break_lists, out);
        for (keyword, args) in &s.modifiers {
            out.push_str(&format!(" {keyword}"));
            render_args(args, s.break_lists, out);
        }
        if let Some(block) = &s.block {
            out.push_str(" {\n");
            render(block, out);
            out.push_str(&format!("\n{pad}}}"));
        }
        match &s.trailing {
            Some(trailing) => out.push_str(&format!(" {trailing}\n")),
            None if s.semicolon => out.push_str("; "),
            None => out.push('\n'),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_trees_format_idempotently_and_keep_their_meaning(tree in statements()) {
        let mut text = String::new();
        render(&tree, &mut text);
        let parsed = parse_source(charter::text::FileId::default(), &text);
        prop_assert!(parsed.diagnostics.is_empty(), "generator made invalid input: {:#?}\n{}", parsed.diagnostics, text);
        format_checked("generated.charter", &text);
    }

    #[test]
    fn formatting_never_panics(text in "[a-z{}\";,.:<=>/*\\n %0-9\\\\]{0,200}") {
        let _ = format_source(&text);
    }
}

// ---------------------------------------------------------------------------
// The command line.

const MESSY: &str = "spec messy { title \"x\"; version   \"1.0.0\" }\n";
const CLEAN: &str = "spec clean {\n    title \"x\"\n}\n";
const BROKEN: &str = "spec broken {\n    title \"x\" .\n}\n";

fn charter(dir: &Path, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write as _;
    let mut command = Command::new(env!("CARGO_BIN_EXE_charter"));
    command
        .current_dir(dir)
        .arg("fmt")
        .args(args)
        .env("NO_COLOR", "1");
    command.stdin(std::process::Stdio::piped());
    command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = command.spawn().expect("charter runs");
    if let Some(mut pipe) = child.stdin.take() {
        pipe.write_all(stdin.unwrap_or("").as_bytes())
            .expect("stdin is writable");
    }
    let output = child.wait_with_output().expect("charter finishes");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("fixture written");
    }
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).expect("file is readable")
}

#[test]
fn cli_check_lists_files_that_would_change_and_writes_nothing() {
    let dir = workspace(&[("messy.charter", MESSY), ("clean.charter", CLEAN)]);
    let (code, stdout, _) = charter(dir.path(), &["--check"], None);
    assert_eq!(code, 1);
    assert_eq!(stdout, "Would reformat: messy.charter\n");
    assert_eq!(read(dir.path(), "messy.charter"), MESSY);

    let dir = workspace(&[("clean.charter", CLEAN)]);
    let (code, stdout, stderr) = charter(dir.path(), &["--check", "clean.charter"], None);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
}

#[test]
fn cli_rewrites_files_in_place() {
    let dir = workspace(&[("messy.charter", MESSY), ("clean.charter", CLEAN)]);
    let (code, _, stderr) = charter(dir.path(), &[], None);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(dir.path(), "messy.charter"),
        "spec messy {\n    title   \"x\"\n    version \"1.0.0\"\n}\n"
    );
    assert_eq!(read(dir.path(), "clean.charter"), CLEAN);
    assert!(stderr.contains("1 file reformatted"), "{stderr}");
    // No temporary file is left behind.
    let names = std::fs::read_dir(dir.path()).expect("listable").count();
    assert_eq!(names, 2);
    let (code, _, _) = charter(dir.path(), &["--check"], None);
    assert_eq!(code, 0);
}

#[test]
fn cli_formats_stdin_to_stdout() {
    let dir = workspace(&[]);
    let (code, stdout, _) = charter(dir.path(), &["-"], Some(MESSY));
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "spec messy {\n    title   \"x\"\n    version \"1.0.0\"\n}\n"
    );
    let (code, stdout, _) = charter(dir.path(), &["--check", "-"], Some(MESSY));
    assert_eq!((code, stdout.as_str()), (1, "Would reformat: <stdin>\n"));
    let (code, stdout, stderr) = charter(dir.path(), &["-"], Some(BROKEN));
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(stderr.contains("<stdin>"), "{stderr}");
}

#[test]
fn cli_refuses_files_with_syntax_errors_and_formats_the_others() {
    let dir = workspace(&[("broken.charter", BROKEN), ("messy.charter", MESSY)]);
    let (code, _, stderr) = charter(dir.path(), &["."], None);
    assert_eq!(code, 1);
    assert!(stderr.contains("broken.charter"), "{stderr}");
    assert!(
        stderr.contains("1 file not formatted (syntax errors)"),
        "{stderr}"
    );
    assert_eq!(read(dir.path(), "broken.charter"), BROKEN);
    assert_ne!(read(dir.path(), "messy.charter"), MESSY);
}

#[test]
fn cli_missing_path_is_an_io_error() {
    let dir = workspace(&[]);
    let (code, _, stderr) = charter(dir.path(), &["missing.charter"], None);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.charter"), "{stderr}");
}

#[test]
fn a_doc_comment_at_the_end_of_a_line_stays_attached() {
    let text = "spec a {} /// docs for b\nspec b {}\n";
    let formatted = format_checked("doc.charter", text);
    assert_eq!(formatted, "spec a {}  /// docs for b\nspec b {}\n");
}

const COMMENT_FRAGMENTS: &[&str] = &[
    " /* c */ ",
    " // c",
    " /// d",
    "\n// own line\n",
    "\n\n",
    ";",
    " /* a\nb */ ",
];

/// Comments (and separators) spliced into the style guide at random
/// places between tokens: whenever the result still parses, formatting
/// keeps its meaning and comments and is idempotent.
fn splice(edits: &[(f64, usize)]) -> String {
    let mut text = std::fs::read_to_string(EXAMPLE).expect("fixture is readable");
    for &(at, fragment) in edits {
        let mut pos = ((text.len() as f64) * at) as usize;
        // Only between tokens: just before a space or a line break.
        while pos < text.len() && !matches!(text.as_bytes()[pos], b' ' | b'\n') {
            pos += 1;
        }
        let fragment = COMMENT_FRAGMENTS[fragment % COMMENT_FRAGMENTS.len()];
        // A `//` comment must end its line.
        let fragment = if fragment.starts_with(" //") && text.as_bytes().get(pos) != Some(&b'\n') {
            " /* c */ "
        } else {
            fragment
        };
        text.insert_str(pos, fragment);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn comments_spliced_anywhere_are_kept(edits in proptest::collection::vec((0.0f64..1.0, 0usize..64), 1..10)) {
        let text = splice(&edits);
        if parse_source(charter::text::FileId::default(), &text).diagnostics.is_empty() {
            format_checked("spliced.charter", &text);
        }
    }
}
