//! Hostile input (issue 16), end to end through the built binary, each at a
//! size that runs in seconds. The full sizes are in `examples/hostile`.

mod support;

use std::time::{Duration, Instant};

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `charter ARGS` in `dir`, failing the test past `limit`.
fn timed(args: &[&str], dir: &std::path::Path, limit: Duration) -> std::process::Output {
    let started = Instant::now();
    let out = support::charter(args, dir);
    let took = started.elapsed();
    assert!(took < limit, "`charter {}` took {took:?}", args.join(" "));
    out
}

/// The 190-byte spec of issue 16 took 103 s and 3.8 GB: the two globs'
/// subset automata were built although only their intersection was asked.
#[test]
fn star_then_question_marks_in_two_agents_is_instant() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.charter"),
        "spec s {\n    agent a { write \"*a???????????????\"; task t { goal \"x\" } }\n    \
         agent b { write \"*b???????????????\"; task t { goal \"y\" } }\n}\n",
    )
    .unwrap();
    let out = timed(&["check", "s.charter"], dir.path(), Duration::from_secs(1));
    // The globs are disjoint: no C001, and no E011 either (decided exactly).
    let err = stderr(&out);
    assert!(!err.contains("C001") && !err.contains("E011"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// Issue 16 item 6: 8,000 `[` on one line printed that line once per
/// diagnostic (129 MB of stderr). Each report now shows a window of the
/// line, so the output grows with the number of reports only.
#[test]
fn many_reports_on_one_long_line_print_a_window_each() {
    let dir = tempfile::tempdir().unwrap();
    let n = 2_000;
    std::fs::write(
        dir.path().join("b.charter"),
        format!("spec a {{ title \"x\" }}\n{}\n", "[".repeat(n)),
    )
    .unwrap();
    let out = timed(&["check", "b.charter"], dir.path(), Duration::from_secs(10));
    let err = stderr(&out);
    let longest = err.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "a line of {longest} characters");
    assert!(err.len() < 1_000 * n, "{} bytes for {n} reports", err.len());
}

/// Issue 16 item 6: a 64 KB line of `\q` escapes took 128 s and 8 GB
/// (reduced to 8 KB here).
#[test]
fn a_long_line_of_bad_escapes_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("q.charter"),
        format!("spec a {{ title \"{}\" }}\n", "\\q".repeat(4_000)),
    )
    .unwrap();
    let out = timed(&["check", "q.charter"], dir.path(), Duration::from_secs(10));
    let err = stderr(&out);
    assert!(
        err.contains("unknown escape `\\q`"),
        "{}",
        &err[..err.len().min(2_000)]
    );
    let longest = err.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "a line of {longest} characters");
}
