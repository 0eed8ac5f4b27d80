//! The drift-lint benchmark: `charter check --root DIR` on a generated
//! repository of 100,000 files (the figure `quality.md` asks for: under 1 s
//! in release). Not a test: CI machines vary; people read the figure.
//!
//! ```sh
//! cargo build --release && cargo run --release --example drift_bench -- \
//!     [--files N] [--globs N] [--runs N] [--charter target/release/charter]
//! ```
//!
//! The tree has 100 top-level folders of 10 subfolders of `N / 1000` files,
//! plus an ignored `target/` of 10,000 files the walk must skip. The spec
//! has `--globs` agents, each writing and reading globs of which one in ten
//! matches nothing (every file with the glob's prefix is tried before D001
//! is reported), and two `deny` globs starting with `**` that match nothing
//! (tried against every file).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let files = value("--files", 100_000);
    let globs = value("--globs", 200);
    let runs = value("--runs", 5);
    let charter = args
        .iter()
        .position(|a| a == "--charter")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/release/charter"));
    let charter = std::path::absolute(&charter).expect("a path");
    if !charter.is_file() {
        eprintln!(
            "error: no charter binary at {} (cargo build --release first)",
            charter.display()
        );
        std::process::exit(2);
    }

    let temp = tempfile::tempdir().expect("a temporary directory");
    let root = temp.path();
    let made = Instant::now();
    let written = generate(root, files, globs);
    eprintln!(
        "generated {written} files (+10,000 ignored) in {:.1} s",
        made.elapsed().as_secs_f64()
    );

    for (what, args) in [
        (
            "check --root",
            &["check", "--root", ".", "--statistics", "spec.charter"][..],
        ),
        (
            "check (no --root)",
            &["check", "--statistics", "spec.charter"][..],
        ),
    ] {
        let mut times: Vec<Duration> = Vec::new();
        let mut findings = String::new();
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            let out = Command::new(&charter)
                .args(args)
                .current_dir(root)
                .output()
                .expect("charter runs");
            times.push(start.elapsed());
            findings = String::from_utf8_lossy(&out.stdout).into_owned();
        }
        times.sort();
        let median = times[times.len() / 2];
        println!(
            "{what}: {written} files, {} globs: median {:.0} ms over {} runs (min {:.0} ms, max {:.0} ms), process start included",
            globs * 4 + 2,
            median.as_secs_f64() * 1000.0,
            times.len(),
            times[0].as_secs_f64() * 1000.0,
            times[times.len() - 1].as_secs_f64() * 1000.0,
        );
        print!("findings by code:\n{findings}");
    }
}

/// Writes the tree and the spec; returns how many files the walk should see.
fn generate(root: &Path, files: usize, globs: usize) -> usize {
    let per_folder = (files / 1000).max(1);
    let mut written = 0;
    for top in 0..100 {
        for sub in 0..10 {
            let dir = root.join(format!("crates/c{top:02}/src/m{sub}"));
            std::fs::create_dir_all(&dir).expect("mkdir");
            for n in 0..per_folder {
                std::fs::write(dir.join(format!("f{n:03}.rs")), "").expect("write");
                written += 1;
            }
        }
    }
    let ignored = root.join("target/debug");
    std::fs::create_dir_all(&ignored).expect("mkdir");
    for n in 0..10_000 {
        std::fs::write(ignored.join(format!("o{n}.rlib")), "").expect("write");
    }
    std::fs::write(root.join(".gitignore"), "target/\n").expect("write");
    std::fs::write(root.join("charter.toml"), "").expect("write");

    let mut spec = String::from(
        "spec big {\n    intent {\n        outcome \"The crates build on the new toolchain\"\n        success builds \"Every crate builds\" by test.all\n    }\n    verify { test all \"cargo test\" }\n",
    );
    // Two globs that start with a wildcard and match nothing: the worst
    // case, tried against every file.
    spec.push_str("    boundaries { deny \"**/*.proto\", \"**/generated/**\" }\n");
    // Each agent owns one module folder, so the spec itself is clean of
    // conflicts and the time measured is the walk and the matching.
    for a in 0..globs {
        let (top, sub) = (a % 100, a / 100 % 10);
        // One glob in ten names a folder that does not exist.
        let missing = if a % 10 == 0 { "gone" } else { "src" };
        spec.push_str(&format!(
            "    agent a{a} {{\n        write \"crates/c{top:02}/{missing}/m{sub}/**\", \"crates/c{top:02}/src/m{sub}/**/f{:03}.rs\"\n        read \"crates/c{top:02}/src/m{sub}/*.rs\", \"crates/c{top:02}/src/m{sub}/f000.rs\"\n        task t {{ goal \"Port module {a}\"; verify test.all }}\n    }}\n",
            a % per_folder,
        ));
    }
    spec.push_str("}\n");
    std::fs::write(root.join("spec.charter"), spec).expect("write");
    written + 3
}
