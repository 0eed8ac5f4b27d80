//! Helpers shared by the end-to-end tests. Each test crate uses a part of
//! them, so unused ones are expected in any single crate.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

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
