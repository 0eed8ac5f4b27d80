//! The C008 figure of issue 14: checking 100 active specs of 10 agents each,
//! with the cross-spec overlap pass over all of them, in one process.
//!
//! ```sh
//! cargo run --release --example cross_spec_bench -- [--specs N] [--agents N] [--runs N]
//! ```
//!
//! Each spec is a file of its own in a temporary directory: ten agents with
//! one task each and two write globs, a shared `deny`, checks and criteria.
//! Every tenth spec also writes `shared/schema/**` from its last agent, so
//! the pass has real overlaps to find (and to prove with a witness) as well
//! as thousands of glob pairs to rule out.

use std::time::{Duration, Instant};

use charter::check::{check_file, cross_spec};
use charter::db::Database;

fn spec(index: usize, agents: usize) -> String {
    let mut out = format!(
        "spec service_{index} {{\n    title \"Service {index}\"\n    intent {{\n        outcome \"Service {index} answers every request from its new store\"\n        success parity \"Every endpoint returns the same body as before\" by test.parity\n    }}\n    boundaries {{\n        write \"svc{index}/**\", \"shared/schema/**\", \"shared/config/{index}.toml\"\n        deny \"svc{index}/vendor/**\"\n    }}\n    verify {{\n        test parity \"cargo test -p svc{index} parity\"\n        check fmt \"cargo fmt --check -p svc{index}\"\n    }}\n"
    );
    for a in 0..agents {
        let extra = if a + 1 == agents && index.is_multiple_of(10) {
            "\"shared/schema/**\"".to_owned()
        } else {
            format!("\"svc{index}/tests/m{a}/**\"")
        };
        out.push_str(&format!(
            "    agent m{a} {{\n        write \"svc{index}/src/m{a}/**\", {extra}\n        task port_{a} {{ goal \"Module {a} reads and writes through the new store\" }}\n    }}\n"
        ));
    }
    out.push_str("    governance { audit \"audit/service.jsonl\" }\n}\n");
    out
}

fn flag(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let specs = flag(&args, "--specs", 100);
    let agents = flag(&args, "--agents", 10);
    let runs = flag(&args, "--runs", 5).max(1);
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(dir.path().join(".git")).expect("a workspace root marker");
    let mut paths = Vec::new();
    for i in 0..specs {
        let path = dir.path().join(format!("service_{i}.charter"));
        std::fs::write(&path, spec(i, agents)).expect("write a spec");
        paths.push(path);
    }
    let mut times: Vec<Duration> = Vec::new();
    let mut found = (0, 0);
    for _ in 0..runs {
        let start = Instant::now();
        let db = Database::new();
        let files: Vec<_> = paths.iter().map(|p| db.file(p)).collect();
        let per_file: usize = files.iter().map(|&f| check_file(&db, f).len()).sum();
        let cross = cross_spec::check_files(&db, &files);
        times.push(start.elapsed());
        found = (per_file, cross.len());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "cold check of {specs} active specs x {agents} agents (C008 across all): median {:.1} ms over {runs} runs (min {:.1} ms); {} per-file findings, {} C008 findings",
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        found.0,
        found.1
    );
}
