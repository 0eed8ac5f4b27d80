//! Charter's benchmark: prints the speed figures of `quality.md`.
//!
//! ```sh
//! cargo run --release --example bench -- [--files N] [--agents N] [--globs N]
//!     [--wide-agents N] [--wide-globs N] [--overlaps N] [--runs N] [--charter PATH]
//!     [--keep] [--smoke] [--train]
//! ```
//!
//! It generates its workspace in a temporary directory, builds the release
//! `charter` binary if needed (through cargo), times `charter check` on it,
//! and times the library's entry points in-process. It is not a test: CI
//! only runs it at `--smoke` size (`tests/it/bench_smoke.rs`).
//!
//! `--train --charter PATH` times nothing: it runs that binary (an
//! instrumented build) over the work a profile-guided build learns from
//! (`train.rs`; `scripts/pgo.sh` calls it).

// The binary's allocator, so the in-process figures measure what
// `charter` runs with.
#[path = "../../src/allocator.rs"]
mod allocator;
mod generator;
mod harness;
mod memory_probe;
mod train;

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use harness::Options;

const USAGE: &str = "usage: bench [--files N] [--agents N] [--globs N] [--wide-agents N] \
[--wide-globs N] [--overlaps N] [--runs N] [--charter PATH] [--keep] [--smoke] [--train]";

fn main() -> ExitCode {
    // As the binary does; the bench's own exit is not measured.
    allocator::leave_memory_at_exit();
    // As the binary's `main`, then its check of a large workspace: the
    // in-process figures are those of 1,000 files.
    allocator::huge_pages_past_small_heap();
    allocator::huge_pages_throughout();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(opts) => opts,
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let stdout = std::io::stdout();
    if args.iter().any(|a| a == "--train") {
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let trained = train::train(&opts, repo, &mut stdout.lock());
        return report(trained.map(|t| {
            println!(
                "trained: {} runs of {}, {} of them with findings",
                t.runs,
                opts.charter.display(),
                t.with_findings
            );
        }));
    }
    report(harness::run(&opts, &mut stdout.lock()))
}

fn report(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let smoke = args.iter().any(|a| a == "--smoke");
    if args.iter().any(|a| a == "--train") && flag_value(args, "--charter")?.is_none() {
        return Err("--train needs the binary to train: --charter PATH".to_owned());
    }
    let (charter, built) = match flag_value(args, "--charter")? {
        // Absolute: the binary runs with the workspace as its directory.
        Some(path) => (
            std::path::absolute(path).map_err(|e| format!("cannot resolve `{path}`: {e}"))?,
            None,
        ),
        None => {
            let (binary, built) = build_charter()?;
            (binary, Some(built))
        }
    };
    let mut opts = if smoke {
        Options::smoke(charter)
    } else {
        Options::full(charter)
    };
    opts.charter_build = built;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut number = || -> Result<usize, String> {
            let value = rest.next().ok_or(format!("{arg} needs a value"))?;
            value
                .parse()
                .map_err(|_| format!("{arg} takes a number, not `{value}`"))
        };
        match arg.as_str() {
            "--smoke" | "--train" => {}
            "--keep" => opts.keep = true,
            "--charter" => {
                rest.next();
            }
            "--files" => opts.shape.files = number()?,
            "--agents" => opts.shape.agents = number()?,
            "--globs" => opts.shape.globs = number()?,
            "--wide-agents" => opts.wide_agents = number()?,
            "--wide-globs" => opts.wide_globs = number()?,
            "--overlaps" => opts.overlaps = number()?,
            "--runs" => opts.runs = number()?.max(1),
            "-h" | "--help" => return Err("help requested".to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let profile = if cfg!(debug_assertions) {
        ""
    } else {
        " --release"
    };
    opts.command = format!(
        "cargo run{profile} --example bench --{}",
        args.iter().map(|a| format!(" {a}")).collect::<String>()
    );
    Ok(opts)
}

fn flag_value<'a>(args: &'a [String], flag: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .map(|v| Some(v.as_str()))
            .ok_or(format!("{flag} needs a value")),
    }
}

/// The `charter` binary of the same profile as this example, built by cargo
/// first (a no-op when it is fresh): `cargo run --example` builds only the
/// example, and a stale binary would time yesterday's code. Also says how
/// long cargo took, and whether it had to build (the binary changed) or
/// found it up to date.
fn build_charter() -> Result<(PathBuf, String), String> {
    // The example runs from target/PROFILE/examples/bench; the binary is
    // target/PROFILE/charter.
    let exe = std::env::current_exe().map_err(|e| format!("cannot locate this program: {e}"))?;
    let binary = exe
        .parent()
        .and_then(|examples| examples.parent())
        .map(|profile| profile.join(format!("charter{}", std::env::consts::EXE_SUFFIX)))
        .ok_or("cannot locate the target directory")?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let mut command = Command::new(cargo);
    // Cargo's JSON messages say of each unit whether it was fresh; its
    // warnings and errors are still rendered on stderr.
    command
        .args([
            "build",
            "--message-format",
            "json-render-diagnostics",
            "--bin",
            "charter",
            "--manifest-path",
            manifest,
        ])
        .stdout(std::process::Stdio::piped());
    let profile = if cfg!(debug_assertions) {
        ""
    } else {
        command.arg("--release");
        " --release"
    };
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo to build charter: {e}"))?;
    let took = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err("building the charter binary failed".to_owned());
    }
    if !binary.is_file() {
        return Err(format!(
            "`{}` is missing after the build; pass --charter PATH",
            binary.display()
        ));
    }
    let compiled = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["fresh"] == false)
        .count();
    let report = if compiled == 0 {
        format!("`cargo build{profile}` found it up to date ({took:.1} s to check)")
    } else {
        format!("`cargo build{profile}` built it in {took:.1} s ({compiled} crate(s) compiled)")
    };
    Ok((binary, report))
}
