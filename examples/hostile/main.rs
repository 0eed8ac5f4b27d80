//! The hostile inputs of issue 16 at full size: time and peak memory of
//! `charter` on each, against the targets of `quality.md` (10 s, 1 GB).
//!
//! ```sh
//! cargo build --release && cargo run --release --example hostile -- [--scale N] [--charter PATH]
//! ```
//!
//! `--scale N` divides every size by N (the tests run them reduced this
//! way, through the same generator). Exits 1 if any input misses a target.

mod inputs;

use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const MAX_TIME: Duration = Duration::from_secs(10);
const MAX_KIB: u64 = 1024 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let scale: usize = value("--scale")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let charter = value("--charter").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/charter")
    });
    let charter = match std::path::absolute(&charter) {
        Ok(path) if path.is_file() => path,
        _ => {
            eprintln!(
                "error: no charter binary at `{}`: run `cargo build --release` or pass --charter PATH",
                charter.display()
            );
            return ExitCode::from(2);
        }
    };
    println!("| input | exit | time | peak memory | stderr | within 10 s and 1 GB |");
    println!("| --- | --- | --- | --- | --- | --- |");
    let mut all_within = true;
    for input in inputs::all(|full| (full / scale).max(2)) {
        let dir = match tempfile::tempdir() {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("error: cannot create a temporary directory: {e}");
                return ExitCode::from(2);
            }
        };
        for (path, text) in &input.files {
            if let Err(e) = std::fs::write(dir.path().join(path), text) {
                eprintln!("error: cannot write `{path}`: {e}");
                return ExitCode::from(2);
            }
        }
        let started = Instant::now();
        let child = Command::new(&charter)
            .args(&input.args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("error: cannot run `{}`", charter.display());
            return ExitCode::from(2);
        };
        // Drain stderr while waiting, counting its bytes.
        let mut err = child.stderr.take().expect("piped");
        let reader = std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
        let (status, peak_kib) = wait_with_peak(child.id());
        let took = started.elapsed();
        let stderr_bytes = reader.join().ok().and_then(Result::ok).unwrap_or(0);
        let within = took <= MAX_TIME && peak_kib <= MAX_KIB;
        all_within &= within;
        println!(
            "| {} | {} | {:.2} s | {} MiB | {} KiB | {} |",
            input.name,
            status.map_or("signal".to_owned(), |c| c.to_string()),
            took.as_secs_f64(),
            peak_kib / 1024,
            stderr_bytes / 1024,
            if within { "yes" } else { "**no**" }
        );
    }
    if all_within {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Waits for the child `pid`; its exit code and its peak resident memory
/// in KiB (`wait4` reports the child's own, not the largest of all).
fn wait_with_peak(pid: u32) -> (Option<i32>, u64) {
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are
    // valid for writes for the duration of the call.
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    if waited < 0 {
        return (None, 0);
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, usage.ru_maxrss.max(0) as u64)
}
