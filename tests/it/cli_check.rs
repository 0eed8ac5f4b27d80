//! End-to-end tests of `charter check` through the built binary: exit codes,
//! messages for bad input, and the machine-readable formats.

use crate::support;

use std::path::Path;
use std::process::Output;

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

#[test]
fn the_language_reference_example_checks_cleanly() {
    let out = support::charter(&["check", "language-example"], fixtures());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no problems found"));
}

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.charter"),
        b"spec a {\n  title \"\xff\xfe\"\n}\n",
    )
    .unwrap();
    let out = support::charter(&["check", "bad.charter"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("S001") && err.contains("offset 18"), "{err}");
}

#[test]
fn a_nul_byte_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nul.charter"),
        b"spec a {\n  title \"x\" \0\n}\n",
    )
    .unwrap();
    let out = support::charter(&["check", "nul.charter"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("unexpected NUL byte"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deep_nesting_is_one_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deep.charter"), "{".repeat(100_000)).unwrap();
    let out = support::charter(&["check", "--format", "json", "deep.charter"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "S008");
}

#[test]
fn an_empty_file_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.charter"), "").unwrap();
    let out = support::charter(&["check", "empty.charter"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("checked 1 file: no problems found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_path_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = support::charter(&["check", "missing.charter"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `missing.charter`: no such file or directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_oversized_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("huge.charter")).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    let out = support::charter(&["check", "huge.charter"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("too large"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.charter");
    std::fs::write(&path, "spec a {}\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        return; // running as root: permissions do not stop reads, nothing to test
    }
    let out = support::charter(&["check", "locked.charter"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("permission denied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_directory_of_a_thousand_files_is_checked_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1000 {
        let body = if i == 737 {
            "spec s { title \"x\" . }\n".to_owned()
        } else {
            format!("spec s{i} {{ title \"spec {i}\" }}\n")
        };
        std::fs::write(dir.path().join(format!("f{i:04}.charter")), body).unwrap();
    }
    std::fs::write(dir.path().join("notes.txt"), "not a spec {").unwrap();
    let out = support::charter(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "only the one broken file reports");
    assert_eq!(diagnostics[0]["path"], "f0737.charter");
    let out = support::charter(&["check"], dir.path());
    assert!(
        stderr(&out).contains("checked 1000 files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn deny_warnings_and_usage_errors() {
    let out = support::charter(&["check", "--format", "xml"], fixtures());
    assert_eq!(out.status.code(), Some(2));
    let out = support::charter(&["frobnicate"], fixtures());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_and_github_formats() {
    let out = support::charter(
        &[
            "check",
            "--format",
            "json",
            "syntax/three_errors_three_lines.charter",
        ],
        fixtures(),
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("json_format", String::from_utf8_lossy(&out.stdout));
    let out = support::charter(
        &[
            "check",
            "--format",
            "github",
            "syntax/three_errors_three_lines.charter",
            "syntax/bad_escape.charter",
        ],
        fixtures(),
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("github_format", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn explain_prints_a_page_by_code_or_name() {
    let by_code = support::charter(&["explain", "S006"], fixtures());
    let by_name = support::charter(&["explain", "unclosed-delimiter"], fixtures());
    assert_eq!(by_code.status.code(), Some(0));
    assert_eq!(by_code.stdout, by_name.stdout);
    assert!(String::from_utf8_lossy(&by_code.stdout).starts_with("S006 unclosed-delimiter"));
    assert_eq!(
        support::charter(&["explain", "X999"], fixtures())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn the_standard_library_checks_without_a_single_finding() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = support::charter(&["check", "--deny", "warnings", "stdlib-specs"], root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no problems found"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn charter_toml_sets_levels_terms_and_refuses_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "spec s {\n    intent {\n        outcome \"The export is zorpy\"\n    }\n}\n";
    std::fs::write(dir.path().join("s.charter"), spec).unwrap();
    let codes = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        args.push("s.charter");
        let out = support::charter(&args, dir);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let found: Vec<(String, String)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        (out.status.code(), found)
    };
    // Without configuration: U001 is a warning, "zorpy" is not a known vague term.
    let (status, found) = codes(dir.path(), &[]);
    assert_eq!(status, Some(0));
    assert_eq!(found, [("U001".to_owned(), "warning".to_owned())]);
    let (status, _) = codes(dir.path(), &["--deny", "warnings"]);
    assert_eq!(status, Some(1), "--deny warnings fails on a warning");

    std::fs::write(
        dir.path().join("charter.toml"),
        "[levels]\nno-success-criteria = \"error\"\n\n[vague-terms]\nextra = [\"zorpy\"]\n",
    )
    .unwrap();
    let (status, found) = codes(dir.path(), &[]);
    assert_eq!(status, Some(1));
    assert!(
        found.contains(&("U001".to_owned(), "error".to_owned())),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(c, _)| c == "U002"),
        "the extra term fires: {found:?}"
    );

    std::fs::write(
        dir.path().join("charter.toml"),
        "[levels]\nU001 = \"allow\"\n",
    )
    .unwrap();
    let (status, found) = codes(dir.path(), &[]);
    assert_eq!(
        (status, found.len()),
        (Some(0), 0),
        "allow turns the lint off"
    );

    std::fs::write(
        dir.path().join("charter.toml"),
        "[levels]\nU001 = \"allow\"\n\n[lmits]\nx = 1\n",
    )
    .unwrap();
    let out = support::charter(&["check", "s.charter"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("charter.toml:4:"), "{}", stderr(&out));
}
