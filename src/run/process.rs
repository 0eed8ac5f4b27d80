//! Child processes in their own process group, killed as a group on a
//! timeout or when the run is interrupted, so nothing is left behind.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// Set by Ctrl-C: every wait stops and kills its group.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The process groups alive now, so an interrupt can kill them all.
fn groups() -> &'static Mutex<Vec<i32>> {
    static GROUPS: OnceLock<Mutex<Vec<i32>>> = OnceLock::new();
    GROUPS.get_or_init(|| Mutex::new(Vec::new()))
}

/// Installs the Ctrl-C handler once: flag the run, kill every child group.
pub fn install_interrupt_handler() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let _ = ctrlc::set_handler(|| {
            INTERRUPTED.store(true, Ordering::SeqCst);
            if let Ok(list) = groups().lock() {
                for &g in list.iter() {
                    kill_group(g);
                }
            }
        });
    });
}

/// Kills a whole process group (ignoring one that is already gone).
pub fn kill_group(pgid: i32) {
    if pgid > 1 {
        let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
    }
}

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Exited(i32),
    /// Killed by a signal it did not expect (a crash).
    Signalled,
    TimedOut,
    Interrupted,
}

impl Ended {
    pub fn success(self) -> bool {
        self == Ended::Exited(0)
    }

    pub fn describe(self) -> String {
        match self {
            Ended::Exited(code) => format!("exit status {code}"),
            Ended::Signalled => "killed by a signal".into(),
            Ended::TimedOut => "timed out (its process group was killed)".into(),
            Ended::Interrupted => "interrupted".into(),
        }
    }
}

fn ended(status: ExitStatus) -> Ended {
    match status.code() {
        Some(code) => Ended::Exited(code),
        None => Ended::Signalled,
    }
}

/// Runs `sh -c SCRIPT` in `dir` in a new process group, stdout and stderr
/// to `output` (a file, so no pipe can fill up), with `env` added. Waits at
/// most `timeout`; `on_start` receives the group id (to persist it, so a
/// resumed run can kill what a crashed one left running).
pub fn run_shell(
    script: &str,
    dir: &Path,
    env: &[(&str, String)],
    output: &Path,
    timeout: Duration,
    on_start: &mut dyn FnMut(i32),
) -> Result<Ended, String> {
    let out =
        File::create(output).map_err(|e| format!("cannot create {}: {e}", output.display()))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("cannot open {}: {e}", output.display()))?;
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0);
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start `sh -c {script}`: {e}"))?;
    let pgid = i32::try_from(child.id()).unwrap_or(0);
    if let Ok(mut list) = groups().lock() {
        list.push(pgid);
    }
    on_start(pgid);
    let deadline = Instant::now() + timeout;
    let result = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(ended(status)),
            Ok(None) => {}
            Err(e) => break Err(format!("cannot wait for `{script}`: {e}")),
        }
        if INTERRUPTED.load(Ordering::SeqCst) {
            kill_group(pgid);
            let _ = child.wait();
            break Ok(Ended::Interrupted);
        }
        if Instant::now() >= deadline {
            kill_group(pgid);
            let _ = child.wait();
            break Ok(Ended::TimedOut);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // The leader has exited; anything it left in its group goes too.
    kill_group(pgid);
    if let Ok(mut list) = groups().lock() {
        list.retain(|&g| g != pgid);
    }
    // The interrupt handler may have killed the group before this loop saw
    // the flag: the command did not fail, it was stopped.
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Ok(Ended::Interrupted);
    }
    result
}
