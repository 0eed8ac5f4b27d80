//! `--jobs`: checking on several threads gives the output of one thread,
//! byte for byte. A workspace of several hundred specs (more than one
//! round of the thread pool, see `check::parallel::shared_round`) with findings in
//! most of them, syntax and name errors, cross-spec C008 overlaps, template
//! chains across files and the bundled examples is checked and built with
//! `--jobs 1` and `--jobs 4` (more threads than cores is fine), as is a
//! part of it small enough to be one round, and stdout,
//! stderr and the exit code are compared. The library's
//! `check::check_files` is also compared in order, diagnostic by
//! diagnostic: the command line sorts what it prints, so only that catches
//! a pool that hands results back out of order.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Specs generated beside the bundled examples: more than 256 (one round).
const SPECS: usize = 330;
/// Template modules, each extending the previous one.
const CHAIN: usize = 20;

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create a directory");
    }
    std::fs::write(path, text).expect("write a file");
}

/// A spec with the flaws `i` selects: a syntax error, an unknown name, a
/// vague goal, no check, a glob shared with its neighbours (C008 unless
/// drafted), a template of `std` or of the chain in `lib/`.
fn spec(i: usize) -> String {
    let mut text = String::new();
    let mut extends = String::new();
    if i.is_multiple_of(13) {
        text.push_str("use std::refactor\n");
        extends = " extends refactor".to_owned();
    } else if i.is_multiple_of(17) {
        text.push_str(&format!("use \"../lib/m{}.charter\"\n", CHAIN - 1));
        extends = format!(" extends t{}", CHAIN - 1);
    }
    let status = if i.is_multiple_of(9) {
        "    status draft\n"
    } else {
        ""
    };
    let goal = if i.is_multiple_of(5) {
        "Make the handler fast and robust".to_owned()
    } else {
        format!("Port handler {i} to the new client")
    };
    // Three neighbours share a glob: C008 between the active ones.
    let shared = if i.is_multiple_of(2) {
        format!("\"src/shared/g{}/**\"", i / 6)
    } else {
        format!("\"src/own{i}/**\"")
    };
    let after = if i.is_multiple_of(11) {
        "; after nobody.nothing"
    } else {
        ""
    };
    let broken = if i.is_multiple_of(7) {
        "    agent broken { task [ }\n"
    } else {
        ""
    };
    let verify = if i.is_multiple_of(4) {
        String::new()
    } else {
        format!("    verify {{ test unit \"cargo test -p s{i}\" }}\n")
    };
    text.push_str(&format!(
        "/// Handler {i}.
spec s{i}{extends} {{
{status}    intent {{
        outcome \"Handler {i} uses the new client\"
        success works \"Requests of handler {i} succeed\" by test.unit
    }}
    boundaries {{ write {shared}, \"docs/s{i}/**\" }}
{verify}    governance {{ audit \"audit/s{i}/\" }}
    agent dev {{
        write {shared}
        task port {{ goal \"{goal}\"{after} }}
    }}
    agent docs {{
        write \"docs/s{i}/**\"
        task guide {{ goal \"Document handler {i}\"; after dev.port }}
    }}
{broken}}}
"
    ));
    text
}

/// Module `k` of a chain: template `t{k}` extends `t{k-1}` of the module
/// before; every fourth also holds a small spec with warnings; in the
/// `bad` chain one module does not parse.
fn module(chain: &str, k: usize) -> String {
    let mut text = String::new();
    if k > 0 {
        text.push_str(&format!("use \"{chain}{}.charter\"\n", k - 1));
    }
    let extends = if k > 0 {
        format!(" extends t{}", k - 1)
    } else {
        String::new()
    };
    text.push_str(&format!(
        "template t{k}{extends} {{\n    intent {{ non_goal \"Rewrite layer {k}\" }}\n}}\n"
    ));
    if k % 4 == 1 {
        text.push_str(&format!(
            "spec {chain}{k} {{\n    agent a {{ task t {{ goal \"Make layer {k} fast\" }} }}\n    agent b {{ task u {{ goal \"Document layer {k}\"; after a.t }} }}\n}}\n"
        ));
    }
    if chain == "bad" && k == 3 {
        text.push_str("spec broken { agent a { task [ } }\n");
    }
    text
}

fn hub(chain: &str) -> String {
    format!(
        "use \"lib/{chain}{last}.charter\"
/// The hub.
spec hub_{chain} extends t{last} {{
    intent {{
        outcome \"The hub runs\"
        success runs \"The hub answers\" by test.all
    }}
    boundaries {{ write \"hub/**\" }}
    verify {{ test all \"cargo test\" }}
    agent dev {{ write \"hub/**\"; task run {{ goal \"Serve the hub\"; verify test.all }} }}
}}
",
        last = CHAIN - 1
    )
}

/// The workspace: `charter.toml`, the bundled examples, the generated
/// specs, two template chains and a hub spec at the end of each.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    write(&root.join("charter.toml"), "");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("stdlib-specs/examples");
    std::fs::create_dir_all(root.join("examples")).expect("create a directory");
    let mut copied = 0;
    for entry in std::fs::read_dir(&examples).expect("the bundled examples") {
        let path = entry.expect("an entry").path();
        if let Some(name) = path.file_name()
            && path.extension().is_some_and(|e| e == "charter")
        {
            std::fs::copy(&path, root.join("examples").join(name)).expect("copy an example");
            copied += 1;
        }
    }
    assert!(copied > 0, "no bundled example found");
    for i in 0..SPECS {
        write(&root.join(format!("specs/s{i:04}.charter")), &spec(i));
    }
    for chain in ["m", "bad"] {
        for k in 0..CHAIN {
            write(
                &root.join(format!("lib/{chain}{k}.charter")),
                &module(chain, k),
            );
        }
        write(&root.join(format!("hub_{chain}.charter")), &hub(chain));
    }
    // Something for `--root` to find, so D001 fires for the other globs.
    write(&root.join("src/shared/g0/money.rs"), "");
    dir
}

fn charter(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the charter binary runs")
}

/// Runs `args` with `--jobs 1` and `--jobs 4` and asserts the same
/// stdout, stderr and exit code; returns the one-thread output.
fn same_with_any_jobs(args: &[&str], dir: &Path) -> Output {
    let with = |jobs: &str| {
        let mut all = args.to_vec();
        all.extend(["--jobs", jobs]);
        charter(&all, dir)
    };
    let one = with("1");
    let four = with("4");
    let shown = |out: &Output| {
        let err = String::from_utf8_lossy(&out.stderr);
        format!(
            "exit {:?}; stderr starts:\n{}",
            out.status.code(),
            &err[..err.len().min(1_500)]
        )
    };
    assert_eq!(
        one.status.code(),
        four.status.code(),
        "`charter {}`: exit codes differ\n--jobs 1: {}\n--jobs 4: {}",
        args.join(" "),
        shown(&one),
        shown(&four)
    );
    assert!(
        one.stdout == four.stdout,
        "`charter {}`: stdout differs between --jobs 1 and --jobs 4 (first difference at byte {})",
        args.join(" "),
        first_difference(&one.stdout, &four.stdout)
    );
    assert!(
        one.stderr == four.stderr,
        "`charter {}`: stderr differs between --jobs 1 and --jobs 4 (first difference at byte {})\n--jobs 1: {}\n--jobs 4: {}",
        args.join(" "),
        first_difference(&one.stderr, &four.stderr),
        shown(&one),
        shown(&four)
    );
    one
}

fn first_difference(a: &[u8], b: &[u8]) -> usize {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()))
}

fn codes(json: &[u8]) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_slice(json).expect("--format json is JSON");
    value["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn check_prints_the_same_with_one_thread_or_four() {
    let dir = workspace();
    let root = dir.path();

    let json = same_with_any_jobs(&["check", "--format", "json"], root);
    assert_eq!(json.status.code(), Some(1), "errors were planted");
    let found = codes(&json.stdout);
    for code in ["S002", "E001", "E007", "U002", "U004", "U006", "C008"] {
        assert!(
            found.iter().any(|c| c == code),
            "no {code} among the findings: the workspace lost a planted flaw"
        );
    }
    // Findings in most files, not a few.
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let mut files: Vec<&str> = value["diagnostics"]
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    files.sort_unstable();
    files.dedup();
    assert!(
        files.len() > SPECS / 2,
        "findings in only {} files",
        files.len()
    );

    // Human output (stderr), SARIF, drift against the workspace as a
    // repository, and a part of the workspace whose imports lie outside it.
    same_with_any_jobs(&["check"], root);
    same_with_any_jobs(&["check", "--format", "sarif"], root);
    let drift = same_with_any_jobs(&["check", "--format", "json", "--root", "."], root);
    assert!(codes(&drift.stdout).iter().any(|c| c == "D001"));
    same_with_any_jobs(
        &["check", "--format", "json", "specs", "hub_m.charter"],
        root,
    );
    // A part small enough to be checked in one round of four threads:
    // both template chains' first modules, the module that does not parse
    // and one that imports it among them.
    let part: Vec<String> = (0..6)
        .flat_map(|k| [format!("lib/m{k}.charter"), format!("lib/bad{k}.charter")])
        .collect();
    assert!(
        (2..=charter::check::parallel::shared_round(4)).contains(&part.len()),
        "{} files: not one round",
        part.len()
    );
    let mut args = vec!["check", "--format", "json"];
    args.extend(part.iter().map(String::as_str));
    let one_round = same_with_any_jobs(&args, root);
    assert!(codes(&one_round.stdout).iter().any(|c| c == "S002"));
}

#[test]
fn build_prints_the_same_with_one_thread_or_four() {
    let dir = workspace();
    let root = dir.path();
    // Twenty imported modules, some with warnings: the plan and the warnings.
    let built = same_with_any_jobs(&["build", "hub_m.charter"], root);
    assert_eq!(built.status.code(), Some(0));
    assert!(!built.stdout.is_empty() && !built.stderr.is_empty());
    // A module of the chain does not parse: the findings and the refusal.
    let refused = same_with_any_jobs(&["build", "hub_bad.charter"], root);
    assert_eq!(refused.status.code(), Some(1));
    for entry in std::fs::read_dir(root.join("examples")).expect("the examples") {
        let path = entry.expect("an entry").path();
        let relative = path.strip_prefix(root).expect("inside the workspace");
        let relative = relative.to_str().expect("a UTF-8 path");
        let out = same_with_any_jobs(&["build", relative], root);
        assert_eq!(out.status.code(), Some(0), "{relative}");
    }
}

/// The library hands back each file's diagnostics in the order of the
/// files, whatever thread checked them first.
#[test]
fn check_files_keeps_the_order_of_the_files() {
    use charter::check::{Jobs, Workers, check_files};
    use charter::db::Database;
    use charter::workspace::files;

    let dir = workspace();
    let run = |jobs: Jobs| {
        let workers = Workers::new(jobs);
        let (found, errors) = files::discover(&[PathBuf::from(dir.path())]);
        assert!(errors.is_empty(), "{errors:?}");
        let mut db = Database::new();
        let mut errors = Vec::new();
        let opened = files::open_all(&db, &found, &workers, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        files::load_configs(&mut db, &opened).expect("the configuration loads");
        let diagnostics = check_files(&mut db, &opened, None, &workers);
        let names: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                db.file_by_id(d.file)
                    .map(|f| files::display_name(&db, f))
                    .unwrap_or_default()
            })
            .collect();
        (diagnostics, names)
    };
    let (one, one_names) = run(Jobs::ONE);
    let four = run(Jobs::new(std::num::NonZeroUsize::new(4).expect("4 > 0")));
    assert!(one.len() > SPECS, "{} diagnostics", one.len());
    if let Some(at) = (0..one.len().max(four.0.len())).find(|&i| one.get(i) != four.0.get(i)) {
        panic!(
            "diagnostic {at} differs between one thread and four (of {} and {}):\n{:?} in {:?}\n{:?} in {:?}",
            one.len(),
            four.0.len(),
            one.get(at).map(|d| d.message.as_str()),
            one_names.get(at),
            four.0.get(at).map(|d| d.message.as_str()),
            four.1.get(at)
        );
    }
}

#[test]
fn jobs_must_be_a_positive_number() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for bad in ["0", "x", "-1", "", "1.5"] {
        for command in ["check", "build"] {
            let jobs = format!("--jobs={bad}");
            let out = charter(&[command, &jobs, "a.charter"], dir.path());
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "--jobs {bad:?}: {err}");
            assert!(err.contains("--jobs"), "--jobs {bad:?}: {err}");
            assert!(!err.contains("panicked"), "--jobs {bad:?}: {err}");
        }
    }
}
