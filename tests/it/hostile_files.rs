//! Hostile files (issue 16 items 2, 4, 7): writers refuse anything but a
//! regular file, keep links and modes and leave no temporary file; reads
//! refuse FIFOs and devices and are size-bounded; a closed pipe ends the
//! process quietly. Run on real special files made with `mkfifo` and
//! `mknod` in a temporary directory; where they cannot be made (no `mknod`
//! privilege, another OS) the test says "skipped" and checks the rest.
#![cfg(unix)]

use std::io::{Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SPEC: &str =
    "spec s {\n    agent a {\n        task t { goal \"Rename the fixtures\" }\n    }\n}\n";

fn charter() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_charter"));
    command.env("NO_COLOR", "1");
    command
}

/// Runs `command` in `dir`, killing it (and failing) if it hangs.
fn run(mut command: Command, dir: &Path) -> (Option<i32>, String) {
    let mut child = command
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("charter runs");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code(), err);
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("charter hung on a special file");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn make(tool: &str, args: &[&str], dir: &Path) -> bool {
    let made = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        println!("skipped: `{tool} {}` is not possible here", args.join(" "));
    }
    made
}

/// A directory with `s.charter` in it.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.charter"), SPEC).unwrap();
    dir
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn writers_refuse_fifos_and_devices() {
    let dir = workspace();
    type IsKind = fn(&std::fs::FileType) -> bool;
    let mut specials: Vec<(&str, IsKind, &str)> = Vec::new();
    if make("mkfifo", &["fifo"], dir.path()) {
        specials.push(("fifo", FileTypeExt::is_fifo, "a FIFO"));
    }
    if make("mknod", &["null", "c", "1", "3"], dir.path()) {
        specials.push(("null", FileTypeExt::is_char_device, "a character device"));
    }
    assert!(
        !specials.is_empty() || cfg!(not(target_os = "linux")),
        "mkfifo works on Linux"
    );
    for (name, is_kind, kind) in specials {
        let mut build = charter();
        build.args(["build", "s.charter", "-o", name]);
        let (code, err) = run(build, dir.path());
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(&format!("refusing to replace `{name}`: it is {kind}")),
            "{err}"
        );
        // `fmt` is a writer too: a FIFO named like a spec is refused by the
        // read before any write is attempted.
        let link = format!("{name}.charter");
        std::os::unix::fs::symlink(name, dir.path().join(&link)).unwrap();
        let mut fmt = charter();
        fmt.args(["fmt", &link]);
        let (code, err) = run(fmt, dir.path());
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(&format!("it is {kind}, not a regular file")),
            "{err}"
        );
        let meta = std::fs::metadata(dir.path().join(name)).unwrap();
        assert!(is_kind(&meta.file_type()), "{name} must be left as it was");
        std::fs::remove_file(dir.path().join(&link)).unwrap();
    }
    assert_eq!(
        entries(dir.path())
            .iter()
            .filter(|n| n.contains("tmp"))
            .count(),
        0,
        "no temporary file left: {:?}",
        entries(dir.path())
    );
}

#[test]
fn fmt_through_a_symlink_formats_the_target_and_keeps_the_link() {
    let dir = workspace();
    let real = dir.path().join("real.charter");
    std::fs::write(&real, "spec s {   agent a { task t { goal \"x\" } } }\n").unwrap();
    std::os::unix::fs::symlink("real.charter", dir.path().join("link.charter")).unwrap();
    let mut fmt = charter();
    fmt.args(["fmt", "link.charter"]);
    let (code, err) = run(fmt, dir.path());
    assert_eq!(code, Some(0), "{err}");
    let link = std::fs::symlink_metadata(dir.path().join("link.charter")).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(
        text.starts_with("spec s {\n"),
        "the target was formatted: {text:?}"
    );
}

#[test]
fn written_files_take_the_umask_and_existing_files_keep_their_mode() {
    let dir = workspace();
    // A new plan: 0666 under the umask, like a shell redirection.
    let mut build = Command::new("sh");
    build.args([
        "-c",
        &format!(
            "umask 027 && exec '{}' build s.charter -o plan.json",
            env!("CARGO_BIN_EXE_charter")
        ),
    ]);
    let (code, err) = run(build, dir.path());
    assert_eq!(code, Some(0), "{err}");
    let mode = |p: &str| {
        std::fs::metadata(dir.path().join(p))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    assert_eq!(mode("plan.json"), 0o640);
    // An existing file keeps its own mode, whatever the umask.
    std::fs::set_permissions(
        dir.path().join("plan.json"),
        PermissionsExt::from_mode(0o604),
    )
    .unwrap();
    let mut build = charter();
    build.args(["build", "s.charter", "-o", "plan.json"]);
    assert_eq!(run(build, dir.path()).0, Some(0));
    assert_eq!(mode("plan.json"), 0o604);
    // Same for fmt.
    std::fs::write(
        dir.path().join("s.charter"),
        "spec s {   agent a { task t { goal \"x\" } } }\n",
    )
    .unwrap();
    std::fs::set_permissions(
        dir.path().join("s.charter"),
        PermissionsExt::from_mode(0o640),
    )
    .unwrap();
    let mut fmt = charter();
    fmt.args(["fmt", "s.charter"]);
    assert_eq!(run(fmt, dir.path()).0, Some(0));
    assert_eq!(mode("s.charter"), 0o640);
    assert_eq!(entries(dir.path()), ["plan.json", "s.charter"]);
}

/// Killed at any moment while writing, a writer leaves the old file or the
/// new one and nothing else: the bytes go to an unnamed file first.
#[test]
fn a_killed_writer_leaves_no_temporary_file() {
    let dir = workspace();
    // The guarantee rests on unnamed files; where the file system has none
    // (old overlayfs), the writer falls back to a named temporary file that
    // a SIGKILL can orphan, so the test has nothing to check there.
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let unnamed = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .open(dir.path());
        if unnamed.is_err() {
            println!("skipped: no O_TMPFILE in {}", dir.path().display());
            return;
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        println!("skipped: unnamed temporary files are Linux-only");
        return;
    }
    // A spec large enough that writing its plan takes a while.
    let mut spec = String::from("spec s {\n");
    for i in 0..400 {
        spec.push_str(&format!(
            "    agent a{i} {{ write \"d{i}/**\"; task t {{ goal \"Port module {i}\" }} }}\n"
        ));
    }
    spec.push_str("}\n");
    std::fs::write(dir.path().join("s.charter"), spec).unwrap();
    for delay in 0..12u64 {
        let mut child = charter()
            .args(["build", "s.charter", "-o", "plan.json"])
            .current_dir(dir.path())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay * 7));
        let _ = child.kill();
        let _ = child.wait();
        let names = entries(dir.path());
        assert!(
            names.iter().all(|n| n == "s.charter" || n == "plan.json"),
            "after a kill at {} ms: {names:?}",
            delay * 7
        );
    }
}

#[test]
fn reads_refuse_fifos_and_devices_and_a_walk_skips_them() {
    let dir = workspace();
    let mut made = Vec::new();
    if make("mkfifo", &["pipe.charter"], dir.path()) {
        made.push(("pipe.charter", "a FIFO"));
    }
    if make("mknod", &["zero.charter", "c", "1", "5"], dir.path()) {
        made.push(("zero.charter", "a character device"));
    }
    for &(name, kind) in &made {
        let mut check = charter();
        check.args(["check", name]);
        let (code, err) = run(check, dir.path());
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(&format!("cannot read `{name}`: it is {kind}")),
            "{err}"
        );
    }
    let mut walk = charter();
    walk.args(["check", "."]);
    let (code, err) = run(walk, dir.path());
    assert_eq!(code, Some(0), "{err}");
    for &(name, kind) in &made {
        assert!(
            err.contains(&format!("note: skipped `{name}`: it is {kind}")),
            "{err}"
        );
    }
    assert!(err.contains("checked 1 file"), "{err}");
}

#[test]
fn standard_input_is_size_bounded() {
    let dir = workspace();
    let mut child = charter()
        .args(["fmt", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let chunk = vec![b' '; 1 << 20];
    // 17 MiB, past the 16 MiB limit; the reader may stop early.
    for _ in 0..17 {
        if stdin.write_all(&chunk).is_err() {
            break;
        }
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("standard input is too large to be a spec"),
        "{err}"
    );
}

/// `charter check --format json x | head -c 10` exited 101 (a panic in
/// `print!`); it ends quietly now, with status 0, as ripgrep does.
#[test]
fn a_closed_pipe_ends_the_process_quietly() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diagnostics");
    for (args, stream) in [
        (vec!["check", "--format", "json", "."], "stdout"),
        (vec!["check", "."], "stderr"),
        (vec!["explain"], "stdout"),
    ] {
        let mut command = charter();
        command
            .args(&args)
            .current_dir(&fixtures)
            .stdin(Stdio::null());
        let (out, err) = match stream {
            "stdout" => (Stdio::piped(), Stdio::piped()),
            _ => (Stdio::null(), Stdio::piped()),
        };
        let mut child = command.stdout(out).stderr(err).spawn().unwrap();
        let mut head = [0u8; 10];
        if stream == "stdout" {
            let mut pipe = child.stdout.take().unwrap();
            pipe.read_exact(&mut head).unwrap();
            drop(pipe);
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            assert!(!err.contains("panicked"), "{args:?}: {err}");
        } else {
            let mut pipe = child.stderr.take().unwrap();
            pipe.read_exact(&mut head).unwrap();
            drop(pipe);
        }
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(0),
            "{args:?} closed {stream}: {status:?}"
        );
    }
}
