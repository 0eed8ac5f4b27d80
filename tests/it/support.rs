//! Helpers shared by the end-to-end tests, and the locks of what tests
//! share outside the process now that they all run as threads of one.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Held exclusively by a test that keeps every core busy for a long while
/// (`pre_commit`: pre-commit `cargo install`s this crate), and shared by the
/// tests that assert a wall-clock bound (`hostile`, `conflicts_scale`), so a
/// bound is never measured beside a compiler. When each file was its own
/// binary, cargo ran the binaries one at a time and the two never met.
static CPU: RwLock<()> = RwLock::new(());

/// The exclusive side of [`CPU`]: no timed test runs meanwhile.
pub fn cpu_heavy() -> RwLockWriteGuard<'static, ()> {
    CPU.write().unwrap_or_else(|e| e.into_inner())
}

/// The shared side of [`CPU`]: timed tests run together, never beside a
/// compiler. Take it once per test (not nested: a waiting writer would
/// block the second read).
pub fn timed() -> RwLockReadGuard<'static, ()> {
    CPU.read().unwrap_or_else(|e| e.into_inner())
}

/// The `tree-sitter` CLI compiles the grammar into a cache shared by every
/// run (`~/.cache/tree-sitter`): one run at a time, whichever test runs it
/// (`tree_sitter_grammar`, `helix_config`).
static TREE_SITTER: Mutex<()> = Mutex::new(());

/// Runs `tree-sitter ARGS` in `dir`, one run at a time.
pub fn tree_sitter<I, S>(dir: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let _one_at_a_time: MutexGuard<'_, ()> = TREE_SITTER.lock().unwrap_or_else(|e| e.into_inner());
    Command::new("tree-sitter")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run `tree-sitter` ({e}): install it with `cargo install tree-sitter-cli --locked`")
        })
}

/// Runs the built `charter` binary in `dir`, colours off.
pub fn charter(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the charter binary runs")
}

/// Runs a Python validation `script` with `args`, failing the test with
/// whatever it printed unless it exits 0. Python's `jsonschema` is the
/// independent validator (`.ci/run` installs it).
pub fn python_check(script: &str, args: &[&Path], what: &str) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is installed (.ci/run installs jsonschema)");
    assert!(
        out.status.success(),
        "{what}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
