//! The command-line conventions CI and editors rely on: output streams that
//! stay parseable, URIs and fingerprints independent of the working
//! directory, stdin, `--exit-zero`, `--quiet`, `--statistics`, the
//! `--output-format` alias, colour variables, completions, the diagnostics
//! schema, JUnit read by a real consumer, and every `charter.toml` error.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Two agents that may write `src/net/**` at once: one C001 (an error).
const CLASH: &str = r#"spec clash {
    intent {
        outcome "Both services speak the new protocol"
        success parity "Old and new clients both work" by test.all
    }
    verify { test all "cargo test" }
    agent a { write "src/net/**"; task one { goal "Port the server side"; verify test.all } }
    agent b { write "src/net/**"; task two { goal "Port the client side"; verify test.all } }
}
"#;

/// A clean spec with one warning (U008: supervised work without rollback is
/// not it; a vague term is): `fast` is U002.
const WARNS: &str = r#"spec tidy {
    intent {
        outcome "The importer is fast"
        success parity "Imports give the same rows" by test.all
    }
    boundaries { write "src/import/**" }
    verify { test all "cargo test" }
    agent a { task one { goal "Rewrite the importer"; verify test.all } }
}
"#;

/// A workspace (`charter.toml` at its root) with the clash in a nested
/// folder under a name with a space and a non-ASCII letter.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().canonicalize().unwrap().join("ws");
    std::fs::create_dir_all(root.join("specs/sub")).unwrap();
    std::fs::write(root.join("charter.toml"), "").unwrap();
    std::fs::write(root.join("specs/sub/über plan.charter"), CLASH).unwrap();
    std::fs::write(root.join("specs/tidy.charter"), WARNS).unwrap();
    (temp, root)
}

fn run(args: &[&str], dir: &Path, stdin: &[u8], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_charter"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("TERM")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn build_without_o_keeps_stdout_the_plan_in_every_format() {
    let (_temp, root) = workspace();
    for format in ["json", "sarif", "github", "junit", "human"] {
        let out = run(
            &["build", "--format", format, "specs/tidy.charter"],
            &root,
            b"",
            &[],
        );
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let plan: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{format}: stdout is not the plan: {e}"));
        assert_eq!(plan["format"], "charter.plan/v1");
        assert!(stderr(&out).contains("U002"), "{format}: {}", stderr(&out));
    }
    // The diagnostics on stderr parse too.
    let out = run(
        &["build", "--format", "json", "specs/tidy.charter"],
        &root,
        b"",
        &[],
    );
    let diagnostics: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(diagnostics["diagnostics"][0]["code"], "U002");
}

#[test]
fn check_reads_stdin_under_the_name_given() {
    let (_temp, root) = workspace();
    let out = run(
        &["check", "--format", "json", "-"],
        &root,
        CLASH.as_bytes(),
        &[],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["code"], "C001");
    assert_eq!(json["diagnostics"][0]["path"], "<stdin>");

    // With `--stdin-filename`, imports resolve from the named file's folder.
    std::fs::write(
        root.join("specs/base.charter"),
        "template base { boundaries { deny \"secrets/**\" } }\n",
    )
    .unwrap();
    let importing = "use \"base.charter\"\n".to_owned()
        + &WARNS.replace("spec tidy {", "spec tidy extends base {");
    let out = run(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "specs/new.charter",
            "-",
        ],
        &root,
        importing.as_bytes(),
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = json["diagnostics"].as_array().unwrap();
    assert!(!items.is_empty());
    for d in items {
        assert_eq!(d["path"], "specs/new.charter", "{d}");
        assert_ne!(d["code"], "E001", "the import resolved: {d}");
    }
    let out = run(&["check", "-", "specs"], &root, b"", &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn exit_zero_quiet_statistics_and_the_output_format_alias() {
    let (_temp, root) = workspace();
    let out = run(&["check", "--exit-zero", "specs"], &root, b"", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("C001"));

    let out = run(&["check", "--quiet", "specs"], &root, b"", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("C001"));
    assert!(
        !stderr(&out).contains("checked 2 files"),
        "{}",
        stderr(&out)
    );
    let out = run(&["check", "specs"], &root, b"", &[]);
    assert!(stderr(&out).contains("checked 2 files"));

    let out = run(&["check", "--statistics", "specs"], &root, b"", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "1\tC001\tconcurrent-write-overlap\terror\n1\tU002\tvague-term\twarning\n"
    );
    let out = run(
        &["check", "--statistics", "--output-format", "json", "specs"],
        &root,
        b"",
        &[],
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["code"], "C001");
    assert_eq!(json[0]["count"], 1);

    let alias = run(
        &["check", "--output-format", "sarif", "specs"],
        &root,
        b"",
        &[],
    );
    let format = run(&["check", "--format", "sarif", "specs"], &root, b"", &[]);
    assert_eq!(alias.stdout, format.stdout);
    assert!(stdout(&alias).contains("\"version\": \"2.1.0\""));
}

#[test]
fn colour_follows_force_color_clicolor_force_no_color_and_term() {
    let (_temp, root) = workspace();
    let coloured = |env: &[(&str, &str)]| {
        let out = run(&["check", "specs"], &root, b"", env);
        assert_eq!(out.status.code(), Some(1));
        stderr(&out).contains('\u{1b}')
    };
    // Stderr is a pipe here, so colour is off unless forced.
    assert!(!coloured(&[]));
    assert!(coloured(&[("FORCE_COLOR", "1")]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[("FORCE_COLOR", "0")]));
    assert!(coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
    let out = run(
        &["check", "--color", "never", "specs"],
        &root,
        b"",
        &[("FORCE_COLOR", "1")],
    );
    assert!(!stderr(&out).contains('\u{1b}'));
}

#[test]
fn completions_are_scripts_the_shells_accept() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell], dir.path(), b"", &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(
            stdout(&out).contains("guard"),
            "{shell} completes subcommands"
        );
    }
    let script = dir.path().join("charter.bash");
    let out = run(&["completions", "bash"], dir.path(), b"", &[]);
    std::fs::write(&script, &out.stdout).unwrap();
    let bash = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p charter",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(
        bash.status.success(),
        "{}",
        String::from_utf8_lossy(&bash.stderr)
    );
    assert!(String::from_utf8_lossy(&bash.stdout).contains("charter"));
}

/// Each command's arguments are built only when it runs (clap's `defer`);
/// its help must still open with its own description, the one `charter
/// --help` lists, not one of the argument groups it flattens.
#[test]
fn every_command_s_help_opens_with_its_own_description() {
    let dir = tempfile::tempdir().unwrap();
    let top = stdout(&run(&["--help"], dir.path(), b"", &[]));
    let commands: Vec<(String, String)> = top
        .lines()
        .skip_while(|line| *line != "Commands:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| {
            let (name, about) = line.trim().split_once(char::is_whitespace)?;
            Some((name.to_owned(), about.trim().to_owned()))
        })
        .filter(|(name, _)| name != "help")
        .collect();
    assert!(commands.len() > 10, "the commands of:\n{top}");
    for (name, about) in commands {
        let help = stdout(&run(&[&name, "--help"], dir.path(), b"", &[]));
        assert_eq!(
            help.lines().next().map(|line| line.trim_end_matches('.')),
            Some(about.trim_end_matches('.')),
            "`charter {name} --help`:\n{help}"
        );
    }
}

/// The `help` command completes every command path, nested ones included
/// (`charter help audit verify`): clap copies the command tree for `help`
/// before late arguments are built, so a command with subcommands of its
/// own is built with the root.
#[test]
fn completions_of_help_reach_nested_commands() {
    let dir = tempfile::tempdir().unwrap();
    let fish = stdout(&run(&["completions", "fish"], dir.path(), b"", &[]));
    assert!(
        fish.lines()
            .any(|line| line.contains("using_subcommand help")
                && line.contains("__fish_seen_subcommand_from audit\"")
                && line.contains("-a \"verify\"")),
        "no completion of `charter help audit verify` in:\n{fish}"
    );
}

#[test]
fn json_output_validates_against_charter_schema_diagnostics() {
    let (temp, root) = workspace();
    let schema = temp.path().join("diagnostics.schema.json");
    let out = run(&["schema", "diagnostics"], &root, b"", &[]);
    assert_eq!(out.status.code(), Some(0));
    std::fs::write(&schema, &out.stdout).unwrap();
    let out = run(&["check", "--format", "json", "specs"], &root, b"", &[]);
    let document = temp.path().join("out.json");
    std::fs::write(&document, &out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(
        json["diagnostics"][0]["uri"],
        "specs/sub/%C3%BCber%20plan.charter"
    );
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  doc = json.load(open(sys.argv[2]))\n\
                  jsonschema.Draft202012Validator.check_schema(schema)\n\
                  v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)\n\
                  errors = sorted(v.iter_errors(doc), key=str)\n\
                  [print(e.message, list(e.path)) for e in errors]\n\
                  bad = dict(doc, version=2)\n\
                  sys.exit(1 if errors or v.is_valid(bad) else 0)\n";
    support::python_check(
        script,
        &[&schema, &document],
        "the JSON output does not match its schema",
    );
}

#[test]
fn junit_is_read_by_junitparser() {
    let (temp, root) = workspace();
    let read = |args: &[&str], expect: &str| {
        let out = run(args, &root, b"", &[]);
        let report = temp.path().join("junit.xml");
        std::fs::write(&report, &out.stdout).unwrap();
        // junitparser is a real consumer (what CI report plugins use).
        let script = "import sys\n\
                      from junitparser import JUnitXml, Failure\n\
                      xml = JUnitXml.fromfile(sys.argv[1])\n\
                      cases = [(s.name, c.name, [r.message for r in c.result if isinstance(r, Failure)]) for s in xml for c in s]\n\
                      print(sum(s.tests for s in xml), sum(s.failures for s in xml), cases)\n";
        let out = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&report)
            .output()
            .expect("python3 with junitparser (.ci/run installs it)");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.starts_with(expect), "{text}");
        text
    };
    let text = read(&["check", "--format", "junit", "specs"], "2 2 ");
    assert!(text.contains("'specs/sub/über plan.charter', 'C001 concurrent-write-overlap', ['`a.one` and `b.two` may both write"), "{text}");
    assert!(
        text.contains("'specs/tidy.charter', 'U002 vague-term'"),
        "{text}"
    );
    std::fs::remove_file(root.join("specs/sub/über plan.charter")).unwrap();
    std::fs::write(
        root.join("specs/tidy.charter"),
        WARNS.replace(" is fast", " imports every row"),
    )
    .unwrap();
    read(
        &["check", "--format", "junit", "specs"],
        "1 0 [('charter', 'no findings', [])]",
    );
}

#[test]
fn every_error_of_a_bad_charter_toml_is_reported() {
    let (_temp, root) = workspace();
    std::fs::write(
        root.join("charter.toml"),
        "[levels]\nX999 = \"warn\"\nE001 = \"loud\"\n\n[limtis]\nx = 1\n",
    )
    .unwrap();
    let out = run(&["check", "specs"], &root, b"", &[]);
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    let errors: Vec<&str> = text.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 3, "{text}");
    assert!(errors[0].contains("charter.toml:2:1: `X999`"), "{text}");
    assert!(errors[1].contains("charter.toml:3:8: `loud`"), "{text}");
    assert!(
        errors[2].contains("charter.toml:5:2: unknown section `limtis`"),
        "{text}"
    );
}

#[test]
fn a_baseline_hides_known_findings_survives_moves_and_reports_stale_entries() {
    let (temp, root) = workspace();
    let baseline = temp.path().join("baseline.json");
    let baseline_arg = baseline.to_str().unwrap();
    let out = run(
        &["check", "--write-baseline", baseline_arg, "specs"],
        &root,
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&baseline).unwrap()).unwrap();
    assert_eq!(written["version"], 1);
    assert_eq!(written["entries"].as_array().unwrap().len(), 2);

    // Known findings are hidden, from any directory.
    let out = run(
        &["check", "--baseline", baseline_arg, "."],
        &root.join("specs"),
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no problems found"),
        "{}",
        stderr(&out)
    );

    // Moving the finding's line keeps it hidden; a new finding is reported.
    let moved = format!("// a comment above\n\n{}", CLASH);
    std::fs::write(root.join("specs/sub/über plan.charter"), moved).unwrap();
    std::fs::write(
        root.join("specs/tidy.charter"),
        WARNS
            .replace(" is fast", " imports every row")
            .replace("Rewrite the importer", "Rewrite the importer quickly"),
    )
    .unwrap();
    let out = run(
        &[
            "check",
            "--baseline",
            baseline_arg,
            "--format",
            "json",
            "specs",
        ],
        &root,
        b"",
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: {}",
        stderr(&out)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["U002"], "only the new vague term");
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("quickly"),
        "{json}"
    );
    // The fixed finding's entry is stale.
    let text = stderr(&out);
    assert!(
        text.contains("info: the baseline entry U002 in specs/tidy.charter")
            && text.contains("fast"),
        "{text}"
    );

    let out = run(
        &["check", "--baseline", "nope.json", "specs"],
        &root,
        b"",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plan_source_paths_do_not_depend_on_the_working_directory() {
    let (_temp, root) = workspace();
    let spec = root.join("specs/tidy.charter");
    let runs = [
        (root.clone(), "specs/tidy.charter".to_owned()),
        (root.join("specs"), "tidy.charter".to_owned()),
        (root.join("specs/sub"), "../tidy.charter".to_owned()),
        (PathBuf::from("/"), spec.display().to_string()),
    ];
    let plans: Vec<Vec<u8>> = runs
        .iter()
        .map(|(dir, path)| {
            let out = run(&["build", path], dir, b"", &[]);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            out.stdout
        })
        .collect();
    for plan in &plans {
        assert_eq!(plan, &plans[0]);
    }
    let plan: serde_json::Value = serde_json::from_slice(&plans[0]).unwrap();
    assert_eq!(plan["spec"]["source"]["path"], "specs/tidy.charter");
}

#[cfg(unix)]
#[test]
fn a_non_utf8_file_name_is_reported_losslessly() {
    use std::os::unix::ffi::OsStrExt;
    let (_temp, root) = workspace();
    let name = std::ffi::OsStr::from_bytes(b"specs/caf\xe9.charter");
    std::fs::write(root.join(name), CLASH).unwrap();
    let out = run(&["check", "--format", "json", "specs"], &root, b"", &[]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"].as_str().unwrap().contains("caf"))
        .expect("the file was checked");
    assert_eq!(item["path"], "specs/caf\\xE9.charter");
    assert_eq!(item["uri"], "specs/caf%E9.charter");
    let out = run(&["check", "--format", "sarif", "specs"], &root, b"", &[]);
    assert!(stdout(&out).contains("\"uri\": \"specs/caf%E9.charter\""));
}
