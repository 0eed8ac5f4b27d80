//! The benchmark harness: generates a workspace, then measures the figures
//! of `quality.md` and prints one line for each.
//!
//! Shared by `examples/bench/main.rs` (the command) and
//! `tests/it/bench_smoke.rs` (which runs it at a tiny size and never looks at
//! a time).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use charter::check::check_file;
use charter::db::{Database, Origin, SourceFile};
use charter::plan::{self, PlanSources};
use charter::semantic::modules;
use charter::semantic::schedule::Schedule;

use super::generator::{self as workspace_gen, Shape};
use super::memory_probe::{self, FreshMemory};

/// What to measure and how big.
#[derive(Clone, Debug)]
pub struct Options {
    pub shape: Shape,
    /// Agents of the one wide spec of the conflict figure.
    pub wide_agents: usize,
    /// Globs per agent of the wide spec.
    pub wide_globs: usize,
    /// Planted overlaps in the wide spec.
    pub overlaps: usize,
    /// Timed repetitions of each figure: the median is printed, and for
    /// the binary's runs the fastest too. 11 by default: on a shared
    /// virtual machine one run of the same check took anywhere from 0.09
    /// to 0.24 s, and the median of 5 moved by a third from one bench to
    /// the next.
    pub runs: usize,
    /// The `charter` binary to time.
    pub charter: PathBuf,
    /// How the bench got the binary: `cargo build`'s time, or that it was
    /// up to date (`None`: given with `--charter`, or by the test).
    pub charter_build: Option<String>,
    /// The small repository of the wall-time figure (what pre-commit
    /// checks); two in five of its specs have one agent more than `agents`.
    pub small: Shape,
    /// How long the machine sits idle before each of the small
    /// workspace's [`Options::idle_runs`] runs after a pause: long enough
    /// for a virtual machine's host to take freed memory back (the guest
    /// reports free pages after 2 s), as between two commits.
    pub idle: Duration,
    /// Runs of the small workspace after an idle pause.
    pub idle_runs: usize,
    /// How the harness was invoked, for the report.
    pub command: String,
    /// Keep the generated workspace (for profiling) and print where it is.
    pub keep: bool,
}

impl Options {
    /// The sizes of `quality.md`: 1,000 files of ~100 lines, 1,000 agents × 4 globs.
    pub fn full(charter: PathBuf) -> Self {
        Self {
            shape: Shape {
                files: 1000,
                agents: 3,
                globs: 2,
            },
            wide_agents: 1000,
            wide_globs: 4,
            overlaps: 4,
            runs: 11,
            charter,
            charter_build: None,
            // 58 specs of ~86 lines: ~5,000 lines.
            small: Shape {
                files: 58,
                agents: 2,
                globs: 2,
            },
            idle: Duration::from_secs(3),
            idle_runs: 7,
            command: String::new(),
            keep: false,
        }
    }

    /// A tiny size that runs in well under a second, even in a debug build.
    pub fn smoke(charter: PathBuf) -> Self {
        Self {
            shape: Shape {
                files: 20,
                agents: 3,
                globs: 2,
            },
            wide_agents: 20,
            wide_globs: 4,
            overlaps: 1,
            runs: 1,
            small: Shape {
                files: 6,
                agents: 2,
                globs: 2,
            },
            idle: Duration::from_millis(10),
            idle_runs: 1,
            ..Self::full(charter)
        }
    }
}

/// Runs every figure, writing the report to `out` line by line.
pub fn run(opts: &Options, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write the report: {e}");
    writeln!(out, "machine: {}", machine()).map_err(io)?;
    writeln!(out, "command: {}", opts.command).map_err(io)?;
    if cfg!(debug_assertions) {
        writeln!(
            out,
            "note: debug build; figures are meaningful only with --release"
        )
        .map_err(io)?;
    }

    let dir = tempfile::Builder::new()
        .prefix("charter-bench-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let started = Instant::now();
    let ws = write_workspace(dir.path(), &opts.shape)?;
    writeln!(
        out,
        "workspace: {} files, {} lines, {:.1} MB, {} agents x {} globs per spec, generated in {} ms",
        ws.files.len(),
        ws.lines,
        ws.bytes as f64 / 1e6,
        opts.shape.agents,
        opts.shape.globs,
        started.elapsed().as_millis()
    )
    .map_err(io)?;

    // 1. Cold check: the binary on one core, on every core, then in-process.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (one, all) = cold_binaries(opts, dir.path())?;
    writeln!(
        out,
        "cold check, one core: {} files, {} lines, {:.3} s, {} lines/s (binary --jobs 1{}, median of {}, {}); fastest run {:.3} s, {} lines/s",
        ws.files.len(),
        ws.lines,
        secs(one.time),
        rate(ws.lines, one.time),
        if one.pinned { ", taskset -c 0" } else { ", not pinned: no taskset" },
        opts.runs,
        one.summary,
        secs(one.fastest),
        rate(ws.lines, one.fastest)
    )
    .map_err(io)?;
    writeln!(
        out,
        "cold check, all cores: {} files, {} lines, {:.3} s, {} lines/s (binary, --jobs default = {cores} core(s), no taskset, median of {}, {}); {:.2}x the one-core rate; fastest run {:.3} s, {} lines/s",
        ws.files.len(),
        ws.lines,
        secs(all.time),
        rate(ws.lines, all.time),
        opts.runs,
        all.summary,
        one.time.as_secs_f64() / all.time.as_secs_f64().max(1e-9),
        secs(all.fastest),
        rate(ws.lines, all.fastest)
    )
    .map_err(io)?;

    let (mut db, files, cold) = cold_in_process(&ws);
    let findings: usize = files.iter().map(|f| check_file(&db, *f).len()).sum();
    writeln!(
        out,
        "cold check, in-process: {} files, {} lines, {:.3} s, {} lines/s (one thread: fresh Database, open + check_file; {} findings)",
        ws.files.len(),
        ws.lines,
        secs(cold),
        rate(ws.lines, cold),
        findings
    )
    .map_err(io)?;

    // 2. Incremental re-check after a one-line edit.
    let inc = incremental(&mut db, &files, &ws, opts.runs.max(3));
    writeln!(
        out,
        "incremental: one-line edit in 1 of {} files, re-check of every file {:.2} ms (median of {}), {:.0}x faster than cold in-process; parse executed {} time(s), {} queries executed",
        files.len(),
        ms(inc.time),
        opts.runs.max(3),
        cold.as_secs_f64() / inc.time.as_secs_f64().max(1e-9),
        inc.parses,
        inc.queries
    )
    .map_err(io)?;

    // 3. Exact scope-conflict check of one wide spec.
    let conflict = conflict_check(opts);
    writeln!(
        out,
        "conflict check: 1 spec, {} agents x {} globs, {} lines, {:.1} ms (check_file, median of {}); {} overlaps planted, {} conflict findings ({})",
        opts.wide_agents,
        opts.wide_globs,
        conflict.lines,
        ms(conflict.time),
        opts.runs,
        opts.overlaps,
        conflict.conflicts,
        conflict.lints
    )
    .map_err(io)?;

    // 4. A small repository, process start included: run back to back,
    // between two probes of what fresh memory costs (see `memory_probe`),
    // then after idle pauses, as a commit hook runs it.
    let before = memory_probe::probe();
    let small = small_workspace(opts)?;
    let after = memory_probe::probe();
    let mut idle = small_after_idle(opts, small.dir.path())?;
    writeln!(
        out,
        "small workspace: {} files, {} lines, {:.2} ms wall (binary `charter check .`, process start included, --jobs default = {} thread(s) for {} files, run back to back, median of {}, {}); fastest run {:.2} ms",
        small.files,
        small.lines,
        ms(small.time),
        charter::check::Jobs::for_files(small.files),
        small.files,
        small.runs,
        small.summary,
        ms(small.fastest)
    )
    .map_err(io)?;
    writeln!(
        out,
        "small workspace after idle: {:.2} ms wall (the same check, each run after {:.1} s idle, median of {}); fastest run {:.2} ms, slowest {:.2} ms",
        ms(median(&mut idle)),
        secs(opts.idle),
        idle.len(),
        ms(fastest(&idle)),
        ms(idle.iter().max().copied().unwrap_or_default())
    )
    .map_err(io)?;
    if let (Some(before), Some(after)) = (&before, &after) {
        writeln!(out, "{}", fresh_memory(before, after)).map_err(io)?;
    }
    if let (Some(faults), Some(mut costs)) = (small.page_faults, memory_probe::small_page_costs()) {
        let page = median(&mut costs);
        // The faults of the 4 KB pages a check touches for the first time
        // (its heap, stacks and data, and its code mapped from the page
        // cache, which costs less a page): what a machine charges for
        // fresh memory, told apart from the check's own work.
        writeln!(
            out,
            "page faults: the small workspace's check takes {faults} (median of its runs); a fresh 4 KB page faults in {:.2} µs here (median of {} probes of {} pages), {:.2} ms for as many",
            page.as_secs_f64() * 1e6,
            memory_probe::SMALL_PROBES,
            memory_probe::SMALL_PAGES,
            ms(page * u32::try_from(faults).unwrap_or(u32::MAX))
        )
        .map_err(io)?;
    }
    let copy = fresh_copy(opts, small.dir.path())?;
    writeln!(
        out,
        "small workspace, a fresh copy of the binary: {:.2} ms against the binary's {:.2} ms (the same check, the binary copied just now, the two interleaved, medians of {}; the copy faster in {} of {} rounds); fastest run {:.2} ms, the binary's {:.2} ms",
        ms(copy.copy),
        ms(copy.binary),
        copy.runs,
        copy.copy_faster,
        copy.runs,
        ms(copy.copy_fastest),
        ms(copy.binary_fastest)
    )
    .map_err(io)?;
    let start = process_start(opts)?;
    writeln!(
        out,
        "process start: `charter --version` {:.2} ms, {} (run back to back, interleaved, median of {}); fastest run {:.2} ms",
        ms(start.charter),
        match start.empty {
            Some(empty) => format!(
                "an empty process (`{EMPTY_PROCESS}`) {:.2} ms: the part of the small workspace's time no check can cut here",
                ms(empty)
            ),
            None => format!("no `{EMPTY_PROCESS}` to compare with"),
        },
        start.runs,
        ms(start.fastest)
    )
    .map_err(io)?;
    if opts.keep {
        writeln!(out, "kept: {}", small.dir.keep().display()).map_err(io)?;
    }

    // 5. Peak memory of the cold check (the largest of the timed runs).
    writeln!(
        out,
        "peak memory: {} with --jobs 1, {} with {cores} core(s) (max RSS of the binary's cold check of {} lines, wait4)",
        megabytes(one.max_rss_kb),
        megabytes(all.max_rss_kb),
        ws.lines
    )
    .map_err(io)?;

    if opts.keep {
        let wide = dir.path().join("wide_fanout.charter.txt");
        let text = workspace_gen::wide_spec(opts.wide_agents, opts.wide_globs, opts.overlaps);
        std::fs::write(&wide, text).map_err(|e| format!("cannot write the wide spec: {e}"))?;
        writeln!(out, "kept: {}", dir.keep().display()).map_err(io)?;
    }

    // 6. Build time of the largest example, and of the binary.
    let build = build_largest_example(opts.runs.max(3) * 4)?;
    writeln!(
        out,
        "build: {} ({} lines, {} tasks, {} bytes of plan JSON), {:.2} ms (in-process, fresh Database: analyse + Schedule::of + plan::compile + plan::to_json, median of {})",
        build.name,
        build.lines,
        build.tasks,
        build.json_bytes,
        ms(build.time),
        opts.runs.max(3) * 4
    )
    .map_err(io)?;
    writeln!(
        out,
        "charter binary: {}",
        opts.charter_build
            .as_deref()
            .unwrap_or("given (--charter or the test's binary), not built by the bench")
    )
    .map_err(io)?;
    Ok(())
}

/// `nproc`, the CPU model and the kernel's idea of memory, for the report.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map_or_else(|| "unknown CPU".to_owned(), |m| m.trim().to_owned());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or_else(String::new, |kb| format!(", {:.1} GB RAM", kb as f64 / 1e6));
    format!(
        "nproc {cpus}, {model}{mem}, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// The generated workspace: every file's path and bytes, in the order
/// `charter check` visits them (sorted).
pub struct Workspace {
    pub files: Vec<(PathBuf, String, Vec<u8>)>,
    pub lines: usize,
    pub bytes: usize,
}

/// Writes the workspace (and an empty `charter.toml` marking its root) under `root`.
pub fn write_workspace(root: &Path, shape: &Shape) -> Result<Workspace, String> {
    write_files(root, shape.files, |_| *shape)
}

/// Writes `count` generated specs, file `index` in the shape `shape_of(index)`.
fn write_files(
    root: &Path,
    count: usize,
    shape_of: impl Fn(usize) -> Shape,
) -> Result<Workspace, String> {
    let fail = |p: &Path, e: std::io::Error| format!("cannot write `{}`: {e}", p.display());
    let config = root.join("charter.toml");
    std::fs::write(
        &config,
        "# The benchmark's workspace: default lint levels.\n",
    )
    .map_err(|e| fail(&config, e))?;
    let mut files = Vec::with_capacity(count);
    let (mut lines, mut bytes) = (0, 0);
    for index in 0..count {
        let relative = workspace_gen::file_path(index);
        let path = root.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(parent, e))?;
        }
        let text = workspace_gen::spec_file(index, &shape_of(index));
        std::fs::write(&path, &text).map_err(|e| fail(&path, e))?;
        lines += text.lines().count();
        bytes += text.len();
        files.push((path, relative, text.into_bytes()));
    }
    files.sort();
    Ok(Workspace {
        files,
        lines,
        bytes,
    })
}

struct BinaryRun {
    /// The median run.
    time: Duration,
    /// The fastest run: on a machine whose speed varies from run to run
    /// (a shared virtual machine), what the check costs when nothing else
    /// slows it, as a lower bound beside the median.
    fastest: Duration,
    summary: String,
    /// Whether the runs were pinned to one core with `taskset`.
    pinned: bool,
    /// The largest max RSS of the runs, in kilobytes.
    max_rss_kb: Option<u64>,
}

/// How many threads a timed `charter check` may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Threads {
    /// `--jobs 1`, pinned to one core with `taskset` when it is available.
    One,
    /// `--jobs` left to its default (every core), no `taskset` (the check
    /// pins its own threads, `check::placement`).
    All,
}

/// `charter check .` in the workspace on one core and on all: one untimed
/// run of each to warm the disk cache, then `runs` timed ones of each,
/// taken in turn so that other work on the machine weighs on both alike.
fn cold_binaries(opts: &Options, dir: &Path) -> Result<(BinaryRun, BinaryRun), String> {
    let pinned = taskset_available();
    let mut one = BinaryRun::new(pinned);
    let mut all = BinaryRun::new(false);
    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for run in 0..=opts.runs.max(1) {
        for (k, (threads, result)) in [(Threads::One, &mut one), (Threads::All, &mut all)]
            .into_iter()
            .enumerate()
        {
            let command = charter_command(opts, dir, threads, result.pinned);
            let done = run_check(command, &opts.charter)?;
            if run > 0 {
                times[k].push(done.wall);
                result.max_rss_kb = result.max_rss_kb.max(done.max_rss_kb);
            }
            result.summary = done.summary;
        }
    }
    (one.time, one.fastest) = (median(&mut times[0]), fastest(&times[0]));
    (all.time, all.fastest) = (median(&mut times[1]), fastest(&times[1]));
    Ok((one, all))
}

impl BinaryRun {
    fn new(pinned: bool) -> Self {
        Self {
            time: Duration::ZERO,
            fastest: Duration::ZERO,
            summary: String::new(),
            pinned,
            max_rss_kb: None,
        }
    }
}

/// `[taskset -c 0] charter check --color never [--jobs 1] .` in `dir`.
fn charter_command(opts: &Options, dir: &Path, threads: Threads, pinned: bool) -> Command {
    program_command(&opts.charter, dir, threads, pinned)
}

/// [`charter_command`] with `charter` as the binary.
fn program_command(charter: &Path, dir: &Path, threads: Threads, pinned: bool) -> Command {
    let mut args: Vec<std::ffi::OsString> = Vec::new();
    if pinned {
        args.extend(["taskset", "-c", "0"].map(Into::into));
    }
    args.push(charter.as_os_str().to_owned());
    args.extend(["check", "--color", "never"].map(Into::into));
    if threads == Threads::One {
        args.extend(["--jobs", "1"].map(Into::into));
    }
    args.push(".".into());
    let mut command = Command::new(&args[0]);
    command.args(&args[1..]).current_dir(dir);
    command
}

/// One finished `charter check`: wall time from spawn to exit, the exit
/// code and the last line of stderr, and the child's max RSS.
struct Finished {
    wall: Duration,
    summary: String,
    max_rss_kb: Option<u64>,
    /// Pages the child faulted in without reading a disk (`ru_minflt`).
    page_faults: Option<u64>,
}

/// Runs a `charter check` command to its end. A findings exit (1) is
/// fine; anything else is an error.
fn run_check(mut command: Command, charter: &Path) -> Result<Finished, String> {
    // stderr goes to a file: a pipe could fill up while the child is
    // waited for.
    let mut stderr =
        tempfile::tempfile().map_err(|e| format!("cannot create a temporary file: {e}"))?;
    let for_child = stderr
        .try_clone()
        .map_err(|e| format!("cannot share a temporary file: {e}"))?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(for_child));
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("cannot run `{}`: {e}", charter.display()))?;
    let Waited {
        code,
        max_rss_kb,
        page_faults,
    } = wait_measured(child)?;
    let wall = started.elapsed();
    let mut text = String::new();
    {
        use std::io::{Read, Seek};
        stderr
            .seek(std::io::SeekFrom::Start(0))
            .and_then(|_| stderr.read_to_string(&mut text))
            .map_err(|e| format!("cannot read the child's stderr: {e}"))?;
    }
    if code != 0 && code != 1 {
        return Err(format!("`charter check` exited with {code}: {text}"));
    }
    Ok(Finished {
        wall,
        summary: format!(
            "exit {code}, \"{}\"",
            text.lines().last().unwrap_or_default().trim()
        ),
        max_rss_kb,
        page_faults,
    })
}

/// What waiting for a child found.
struct Waited {
    /// The exit code, -1 for a signal.
    code: i32,
    max_rss_kb: Option<u64>,
    page_faults: Option<u64>,
}

/// Waits for the child with `wait4`, which also gives its resource usage:
/// the max RSS in kilobytes and the minor page faults.
#[cfg(unix)]
fn wait_measured(child: std::process::Child) -> Result<Waited, String> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain data, valid when zeroed; `wait4` writes it
    // and `status` for the child spawned above, which nothing else reaps.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: as above; both pointers are to live locals.
        let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if reaped == pid {
            break;
        }
        let error = std::io::Error::last_os_error();
        if error.kind() != std::io::ErrorKind::Interrupted {
            return Err(format!("wait4: {error}"));
        }
    }
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    // Linux counts kilobytes; macOS bytes.
    let rss = u64::try_from(usage.ru_maxrss).ok();
    let max_rss_kb = if cfg!(target_os = "macos") {
        rss.map(|b| b / 1024)
    } else {
        rss
    };
    Ok(Waited {
        code,
        max_rss_kb,
        page_faults: u64::try_from(usage.ru_minflt).ok(),
    })
}

#[cfg(not(unix))]
fn wait_measured(mut child: std::process::Child) -> Result<Waited, String> {
    let status = child
        .wait()
        .map_err(|e| format!("cannot wait for the child: {e}"))?;
    Ok(Waited {
        code: status.code().unwrap_or(-1),
        max_rss_kb: None,
        page_faults: None,
    })
}

fn megabytes(kb: Option<u64>) -> String {
    kb.map_or_else(
        || "unavailable".to_owned(),
        |kb| format!("{:.1} MB", kb as f64 / 1024.0),
    )
}

fn taskset_available() -> bool {
    Command::new("taskset")
        .args(["-c", "0", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

struct Small {
    files: usize,
    lines: usize,
    /// The median run, and the fastest (as [`BinaryRun`]'s).
    time: Duration,
    fastest: Duration,
    runs: usize,
    summary: String,
    /// The median of the runs' minor page faults, where the system counts them.
    page_faults: Option<u64>,
    /// The workspace's directory, removed when dropped unless `--keep` keeps it.
    dir: tempfile::TempDir,
}

/// `charter check .` on a small generated repository, process start
/// included, with the default number of threads, as a pre-commit hook
/// runs it: one untimed run, then the median of many (each is short).
fn small_workspace(opts: &Options) -> Result<Small, String> {
    let dir = tempfile::Builder::new()
        .prefix("charter-bench-small-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    // Specs of 2 agents are ~77 lines and of 3 ~100: two in five with 3
    // make the ~86 lines of a small repository's average spec.
    let small = opts.small;
    let ws = write_files(dir.path(), small.files, |index| Shape {
        agents: small.agents + usize::from(index % 5 < 2),
        ..small
    })?;
    let runs = (opts.runs * 4).max(1) + 1;
    let mut times = Vec::with_capacity(runs);
    let mut faults = Vec::with_capacity(runs);
    let mut summary = String::new();
    for run in 0..=runs {
        let done = run_check(
            charter_command(opts, dir.path(), Threads::All, false),
            &opts.charter,
        )?;
        if run > 0 {
            times.push(done.wall);
            faults.extend(done.page_faults);
        }
        summary = done.summary;
    }
    Ok(Small {
        files: ws.files.len(),
        lines: ws.lines,
        time: median(&mut times),
        fastest: fastest(&times),
        runs,
        summary,
        page_faults: (!faults.is_empty()).then(|| median(&mut faults)),
        dir,
    })
}

/// A program that starts and exits, doing nothing: its time is what the
/// operating system and the C library cost any process.
const EMPTY_PROCESS: &str = "/bin/true";

struct ProcessStart {
    /// Medians: `charter --version`, and the empty process where there is one.
    charter: Duration,
    empty: Option<Duration>,
    fastest: Duration,
    runs: usize,
}

/// How long the binary takes to start and exit doing nothing but print its
/// version, beside an empty process: the floor under the small workspace's
/// figure (a virtual machine can make it high: each `cpuid` instruction
/// the C library's start runs may trap to the hypervisor).
fn process_start(opts: &Options) -> Result<ProcessStart, String> {
    let runs = (opts.runs * 4).max(1);
    let empty_exists = Path::new(EMPTY_PROCESS).is_file();
    let time = |program: &Path, args: &[&str]| -> Result<Duration, String> {
        let started = Instant::now();
        let status = run_quietly(Command::new(program).args(args), program)?;
        let wall = started.elapsed();
        if status.success() {
            Ok(wall)
        } else {
            Err(format!("`{}` exited with {status}", program.display()))
        }
    };
    let (mut charter, mut empty) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        charter.push(time(&opts.charter, &["--version"])?);
        if empty_exists {
            empty.push(time(Path::new(EMPTY_PROCESS), &[])?);
        }
    }
    Ok(ProcessStart {
        fastest: fastest(&charter),
        charter: median(&mut charter),
        empty: (!empty.is_empty()).then(|| median(&mut empty)),
        runs,
    })
}

/// Runs `command` (of `program`) to its end with no input and its output
/// discarded: its exit status.
pub fn run_quietly(command: &mut Command, program: &Path) -> Result<ExitStatus, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run `{}`: {e}", program.display()))
}

/// The small workspace's check in `dir` again, each run after the machine
/// sat idle for `opts.idle`: the wall time of each.
fn small_after_idle(opts: &Options, dir: &Path) -> Result<Vec<Duration>, String> {
    (0..opts.idle_runs.max(1))
        .map(|_| {
            std::thread::sleep(opts.idle);
            run_check(
                charter_command(opts, dir, Threads::All, false),
                &opts.charter,
            )
            .map(|done| done.wall)
        })
        .collect()
}

/// The small workspace's check by the binary and by a copy of it made just
/// now, interleaved.
struct FreshCopy {
    /// Medians.
    binary: Duration,
    copy: Duration,
    binary_fastest: Duration,
    copy_fastest: Duration,
    /// Rounds in which the copy was the faster.
    copy_faster: usize,
    runs: usize,
}

/// Why a fresh copy: on this project's virtual machines a copy of the
/// binary made a while ago ran the small workspace up to 0.5 ms slower
/// than a copy of the same bytes made just now, and the binary cargo had
/// just linked 0.3 ms slower (docs/performance.md, stop 41), so a figure
/// of the built binary depends on how and when its file was written. The
/// two side by side say how much of the figure that is.
fn fresh_copy(opts: &Options, dir: &Path) -> Result<FreshCopy, String> {
    let place = tempfile::Builder::new()
        .prefix("charter-bench-binary-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let copy = place.path().join("charter");
    std::fs::copy(&opts.charter, &copy)
        .map_err(|e| format!("cannot copy `{}`: {e}", opts.charter.display()))?;
    let runs = (opts.runs * 4).max(1);
    let (mut binary, mut copied) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for round in 0..runs {
        // Alternating which runs first, so neither always follows the other.
        let order = if round % 2 == 0 {
            [&opts.charter, &copy]
        } else {
            [&copy, &opts.charter]
        };
        for program in order {
            let done = run_check(program_command(program, dir, Threads::All, false), program)?;
            if program == &copy {
                copied.push(done.wall);
            } else {
                binary.push(done.wall);
            }
        }
    }
    let copy_faster = binary.iter().zip(&copied).filter(|(b, c)| c < b).count();
    Ok(FreshCopy {
        binary_fastest: fastest(&binary),
        copy_fastest: fastest(&copied),
        binary: median(&mut binary),
        copy: median(&mut copied),
        copy_faster,
        runs,
    })
}

/// A fresh database, `open` + `check_file` on every file (bytes already in
/// memory: this is the pipeline without the directory walk and reads).
fn cold_in_process(ws: &Workspace) -> (Database, Vec<SourceFile>, Duration) {
    let memory = charter::db::MemorySystem::new();
    for (path, _, bytes) in &ws.files {
        memory.write(path.clone(), bytes.clone());
    }
    let db = Database::with_system(std::sync::Arc::new(memory));
    let mut files = Vec::with_capacity(ws.files.len());
    let started = Instant::now();
    for (path, _, _) in &ws.files {
        let file = db.file(path);
        std::hint::black_box(check_file(&db, file).len());
        files.push(file);
    }
    let elapsed = started.elapsed();
    (db, files, elapsed)
}

struct Incremental {
    time: Duration,
    parses: usize,
    queries: usize,
}

/// After the full check in `db`: `set_text` one file with one line changed,
/// then `check_file` on every file, as the language server drives it.
/// `parses` is the largest number of `parse` executions over the edits.
fn incremental(
    db: &mut Database,
    files: &[SourceFile],
    ws: &Workspace,
    runs: usize,
) -> Incremental {
    let target = files.len() / 2;
    let original = String::from_utf8_lossy(&ws.files[target].2).into_owned();
    let mut times = Vec::with_capacity(runs);
    let (mut parses, mut queries) = (0, 0);
    for generation in 0..runs {
        let edited = workspace_gen::edit_one_line(&original, generation);
        db.start_query_log();
        let started = Instant::now();
        db.set_text(files[target], edited);
        for file in files {
            std::hint::black_box(check_file(db, *file).len());
        }
        times.push(started.elapsed());
        let log = db.take_query_log();
        parses = parses.max(log.iter().filter(|q| is_query(q, "parse")).count());
        queries = queries.max(log.len());
    }
    Incremental {
        time: median(&mut times),
        parses,
        queries,
    }
}

/// Whether a query-log entry names query `name` (`parse(Id(4c00))`).
fn is_query(entry: &str, name: &str) -> bool {
    entry
        .strip_prefix(name)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('('))
}

struct Conflict {
    time: Duration,
    lines: usize,
    conflicts: usize,
    lints: String,
}

/// `check_file` on one spec of many concurrent agents, each run in a fresh
/// database so nothing is memoised.
fn conflict_check(opts: &Options) -> Conflict {
    let text = workspace_gen::wide_spec(opts.wide_agents, opts.wide_globs, opts.overlaps);
    let mut times = Vec::new();
    let mut conflicts = 0;
    for _ in 0..opts.runs.max(1) {
        let db = Database::new();
        let file = db.add_file("wide_fanout.charter", text.as_bytes(), Origin::User);
        let started = Instant::now();
        let diagnostics = check_file(&db, file);
        times.push(started.elapsed());
        conflicts = diagnostics
            .iter()
            .filter(|d| d.rule.code.starts_with('C'))
            .count();
    }
    let codes: Vec<&str> = charter::lints::LINTS
        .iter()
        .map(|l| l.rule.code)
        .filter(|c| c.starts_with('C'))
        .collect();
    let lints = if codes.is_empty() {
        "no C lint registered in this build".to_owned()
    } else {
        format!("lints {}", codes.join(" "))
    };
    Conflict {
        time: median(&mut times),
        lines: text.lines().count(),
        conflicts,
        lints,
    }
}

struct Build {
    name: String,
    lines: usize,
    tasks: usize,
    json_bytes: usize,
    time: Duration,
}

/// The largest example of `stdlib-specs/examples/` (by lines), built
/// in-process from a fresh database each time, as `charter build` would.
fn build_largest_example(runs: usize) -> Result<Build, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("stdlib-specs/examples");
    let mut largest: Option<(usize, PathBuf)> = None;
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "charter") {
            continue;
        }
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let lines = bytes.iter().filter(|b| **b == b'\n').count();
        let larger = largest
            .as_ref()
            .is_none_or(|(l, p)| (lines, &path) > (*l, p));
        if larger {
            largest = Some((lines, path));
        }
    }
    let (lines, path) = largest.ok_or("no example in stdlib-specs/examples")?;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let display = format!("stdlib-specs/examples/{name}");
    let mut times = Vec::with_capacity(runs);
    let (mut tasks, mut json_bytes) = (0, 0);
    for _ in 0..runs {
        let db = Database::new();
        let started = Instant::now();
        let file = db.file(&path);
        let analysis = charter::semantic::analyse(&db, file);
        let mut sources = PlanSources::new();
        let mut seen = Vec::new();
        let mut stack = vec![file];
        while let Some(f) = stack.pop() {
            if seen.contains(&f) {
                continue;
            }
            seen.push(f);
            sources.add(
                f.id(&db),
                charter::semantic::modules::display_name(&db, f),
                f.text(&db).as_str(),
            );
            stack.extend(
                modules::module(&db, f)
                    .imports
                    .iter()
                    .filter_map(|i| i.file),
            );
        }
        json_bytes = 0;
        tasks = 0;
        for spec in &analysis.specs {
            let schedule = Schedule::of(spec);
            let plan = plan::compile(spec, &schedule, &sources);
            tasks += plan.tasks.len();
            json_bytes += plan::to_json(&plan).len();
        }
        times.push(started.elapsed());
    }
    if tasks == 0 {
        return Err(format!("`{display}` compiled to no task"));
    }
    Ok(Build {
        name: display,
        lines,
        tasks,
        json_bytes,
        time: median(&mut times),
    })
}

/// The line of the two probes around the small workspace's runs.
fn fresh_memory(before: &FreshMemory, after: &FreshMemory) -> String {
    let slowest = before.faults.iter().chain(&after.faults).max();
    format!(
        "fresh memory: a 2 MB page faults in {:.3} ms before the small workspace's runs and {:.3} ms after (medians of {}; slowest {:.3} ms; transparent huge pages: {})",
        ms(median(&mut before.faults.clone())),
        ms(median(&mut after.faults.clone())),
        memory_probe::PAGES,
        slowest.map_or(0.0, |d| ms(*d)),
        before.huge_pages
    )
}

fn median<T: Ord + Copy + Default>(values: &mut [T]) -> T {
    values.sort_unstable();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn fastest(times: &[Duration]) -> Duration {
    times.iter().min().copied().unwrap_or_default()
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `1.23M` / `456k` lines per second.
fn rate(lines: usize, d: Duration) -> String {
    let per_s = lines as f64 / d.as_secs_f64().max(1e-9);
    if per_s >= 1e6 {
        format!("{:.2}M", per_s / 1e6)
    } else {
        format!("{:.0}k", per_s / 1e3)
    }
}
