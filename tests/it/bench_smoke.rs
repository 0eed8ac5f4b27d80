//! The benchmark harness (`examples/bench/`) runs at a tiny size and prints
//! every figure. No time is asserted: CI machines vary, and the figures are
//! read by people from `cargo run --release --example bench`.

#[allow(dead_code)]
#[path = "../../examples/bench/generator.rs"]
mod generator;
#[allow(dead_code)]
#[path = "../../examples/bench/harness.rs"]
mod harness;
#[allow(dead_code)]
#[path = "../../examples/bench/memory_probe.rs"]
mod memory_probe;
#[path = "../../examples/bench/train.rs"]
mod train;

use std::path::PathBuf;

#[test]
fn the_harness_runs_and_prints_every_figure() {
    let mut opts = harness::Options::smoke(PathBuf::from(env!("CARGO_BIN_EXE_charter")));
    opts.command = "cargo test --test it bench_smoke::".to_owned();
    let mut out = Vec::new();
    harness::run(&opts, &mut out).expect("the benchmark harness runs");
    let report = String::from_utf8(out).expect("the report is UTF-8");
    let count = |prefix: &str| report.lines().filter(|l| l.starts_with(prefix)).count();

    assert_eq!(count("machine:"), 1, "{report}");
    assert_eq!(count("command:"), 1, "{report}");
    for figure in [
        "cold check, one core:",
        "cold check, all cores:",
        "cold check, in-process:",
        "incremental:",
        "conflict check:",
        "small workspace:",
        "small workspace after idle:",
        "small workspace, a fresh copy of the binary:",
        "process start:",
        "peak memory:",
        "build:",
        "charter binary:",
    ] {
        assert_eq!(count(figure), 1, "no `{figure}` line in:\n{report}");
    }
    // Every timing of the binary gives its fastest run beside the median.
    for figure in [
        "cold check, one core:",
        "cold check, all cores:",
        "small workspace:",
        "small workspace after idle:",
        "small workspace, a fresh copy of the binary:",
        "process start:",
    ] {
        let line = report.lines().find(|l| l.starts_with(figure));
        assert!(
            line.is_some_and(|l| l.contains("; fastest run ")),
            "no fastest run on the `{figure}` line:\n{report}"
        );
    }
    // Where huge pages can be asked for, the cost of fresh memory is
    // probed around the small workspace's runs, every page of it each time.
    if cfg!(target_os = "linux") {
        assert_eq!(count("fresh memory:"), 1, "{report}");
        let pages = format!("(medians of {}; slowest ", memory_probe::PAGES);
        assert!(report.contains(&pages), "{report}");
    }
    // The one-core run is `--jobs 1`; the all-cores run says how many.
    assert!(report.contains("binary --jobs 1"), "{report}");
    assert!(report.contains("--jobs default = "), "{report}");
    // Not a time: salsa re-parses only the edited file.
    assert!(
        report.contains("parse executed 1 time(s)"),
        "an edit of one file re-parsed more than that file:\n{report}"
    );
}

/// The work `scripts/pgo.sh` trains its profile on stays valid: every
/// command it runs ends as expected (a renamed flag or a moved fixture
/// fails here rather than training the profile on an error message), and it
/// reaches the lints that fire as well as the clean specs.
#[test]
fn the_profile_training_runs_every_kind_of_work() {
    let opts = harness::Options::smoke(PathBuf::from(env!("CARGO_BIN_EXE_charter")));
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let trained = train::train(&opts, repo, &mut out).expect("every training command succeeds");
    let report = String::from_utf8(out).expect("the report is UTF-8");
    for part in [
        "trained on the small workspace: 6 files",
        "trained on the large workspace: 20 files",
        "trained on the diagnostics fixtures: ",
        "trained on the bundled examples and the real-world specs",
    ] {
        assert!(report.contains(part), "no `{part}` in:\n{report}");
    }
    // Fixtures of every error-level rule exit 1; the clean ones do not.
    assert!(
        trained.with_findings >= 20 && trained.with_findings < trained.runs / 2,
        "{} of {} runs with findings:\n{report}",
        trained.with_findings,
        trained.runs
    );
}

#[test]
fn generated_specs_are_distinct_and_about_a_hundred_lines() {
    let shape = generator::Shape {
        files: 10,
        agents: 3,
        globs: 2,
    };
    let texts: Vec<String> = (0..shape.files)
        .map(|i| generator::spec_file(i, &shape))
        .collect();
    let mut unique = texts.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), texts.len());
    for text in &texts {
        let lines = text.lines().count();
        assert!((80..=120).contains(&lines), "{lines} lines:\n{text}");
    }
    let edited = generator::edit_one_line(&texts[0], 7);
    let changed = texts[0]
        .lines()
        .zip(edited.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 1);
    assert_eq!(texts[0].lines().count(), edited.lines().count());
}
