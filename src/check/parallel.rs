//! Checking many files on several threads, with the same output as one.
//!
//! Each worker thread holds a clone of the database (a salsa handle on the
//! same storage: what one thread computed, another reuses; two threads
//! asking for the same query wait for one answer) and takes the next file
//! from a shared counter, so a slow file does not hold up the others. Every
//! result is put back at its file's index, so the caller sees the results
//! in the order of the files it gave, whatever thread finished first.
//!
//! Memory stays bounded as in a one-thread run: salsa evicts the syntax
//! trees its LRU no longer keeps only when a new revision starts, and a new
//! revision needs every clone dropped. So the files are taken in rounds of
//! [`ROUND`] (the LRU's capacity): the workers check one round, end, and
//! the database starts a revision before the next.

use std::num::NonZeroUsize;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::db::{Database, SourceFile};

/// Files checked between two new revisions: the window within which a
/// one-pass check keeps syntax trees and position-free specs
/// ([`crate::semantic::bound_memory_for_one_pass`]).
pub const ROUND: usize = crate::semantic::ONE_PASS_WINDOW;

/// The stack of a worker thread: what the main thread has on Linux, so a
/// deep chain of imports or templates that one thread checks in the main
/// thread is checked the same way in a worker.
const WORKER_STACK: usize = 8 * 1024 * 1024;

/// How many threads check files (`--jobs`): at least one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jobs(NonZeroUsize);

impl Jobs {
    /// One thread: the files one after another, in the calling thread.
    pub const ONE: Jobs = Jobs(NonZeroUsize::MIN);

    /// As many threads as the process may run at once (its CPU affinity
    /// and quota included), one if that is unknown.
    pub fn all_cores() -> Self {
        Jobs(std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }

    pub fn new(threads: NonZeroUsize) -> Self {
        Jobs(threads)
    }

    pub fn get(self) -> usize {
        self.0.get()
    }
}

impl Default for Jobs {
    fn default() -> Self {
        Self::all_cores()
    }
}

impl FromStr for Jobs {
    type Err = String;

    /// A whole number of threads, 1 or more.
    fn from_str(text: &str) -> Result<Self, String> {
        match text.trim().parse::<usize>() {
            Ok(0) => Err("the number of threads must be 1 or more".to_owned()),
            Ok(n) => Ok(Jobs(NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN))),
            Err(_) => Err(format!(
                "`{text}` is not a number of threads (a whole number, 1 or more)"
            )),
        }
    }
}

impl std::fmt::Display for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// `work` on every file, on up to `jobs` threads (the calling one among
/// them), with the results in the order of `files`. A new revision starts
/// after every [`ROUND`] files, so salsa's LRU bounds memory however many
/// files there are. `work` must not depend on which thread runs it or in
/// what order (a query does not).
pub fn map_files<T, F>(db: &mut Database, files: &[SourceFile], jobs: Jobs, work: F) -> Vec<T>
where
    T: Send,
    F: Fn(&Database, SourceFile) -> T + Sync,
{
    let mut results = Vec::with_capacity(files.len());
    let rounds = files.chunks(ROUND);
    let count = rounds.len();
    for (index, round) in rounds.enumerate() {
        let threads = jobs.get().min(round.len());
        if threads == 1 {
            results.extend(round.iter().map(|&file| work(db, file)));
        } else {
            results.extend(in_parallel(db, round, threads, &work));
        }
        // After every full round but the last: the one-thread check has
        // always done so every window, and nothing runs after the last.
        if index + 1 < count {
            db.release_memory();
        }
    }
    results
}

/// One round on `threads` threads: `threads - 1` workers with a clone of
/// the database each, and the calling thread.
fn in_parallel<T, F>(db: &Database, files: &[SourceFile], threads: usize, work: &F) -> Vec<T>
where
    T: Send,
    F: Fn(&Database, SourceFile) -> T + Sync,
{
    let next = AtomicUsize::new(0);
    let run = |db: &Database| {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(&file) = files.get(index) else {
                return done;
            };
            done.push((index, work(db, file)));
        }
    };
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(files.len()).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .map(|_| {
                let clone = db.clone();
                let run = &run;
                std::thread::Builder::new()
                    .name("charter-check".to_owned())
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || run(&clone))
            })
            .collect();
        // The calling thread works until no file is left, so a worker the
        // system would not start leaves nothing undone.
        let mut finished = vec![run(db)];
        for worker in workers.into_iter().flatten() {
            match worker.join() {
                Ok(done) => finished.push(done),
                // A panic in a worker is a bug, as it would be in the
                // calling thread: let it end the program the same way.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (index, result) in finished.into_iter().flatten() {
            slots[index] = Some(result);
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.expect("every file of the round was checked by one thread"))
        .collect()
}
