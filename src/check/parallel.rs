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
//! [`SHARED_ROUND`] files: each worker gets a clone for one round, drops it
//! when the round's files are taken, and the database starts a revision
//! before the next. The threads themselves live for the whole run.

use std::num::NonZeroUsize;
use std::panic::AssertUnwindSafe;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};

use crate::db::{Database, SourceFile};

/// Files one thread checks between two new revisions: the window within
/// which a one-pass check keeps syntax trees and models
/// ([`crate::semantic::bound_memory_for_one_pass`]).
pub const ROUND: usize = crate::semantic::ONE_PASS_WINDOW;

/// Files several threads check between two new revisions. Every round ends
/// with the threads waiting for the slowest file, for the evicted trees to
/// be dropped and for one another to wake, so a shared round is longer than
/// one thread's: on the 1,000-file benchmark with two threads, rounds of 64
/// files took 10 % less time than rounds of 16, for 6 MB more memory (the
/// files of a round stay in memory until it ends; the LRU keeps [`ROUND`]
/// after it). A workspace of up to 64 files is one round.
pub const SHARED_ROUND: usize = 4 * ROUND;

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
/// after every round ([`ROUND`] files on one thread, [`SHARED_ROUND`] on
/// several), so salsa's LRU bounds memory however many files there are.
/// `work` must not depend on which thread runs it or in what order (a
/// query does not).
pub fn map_files<T, F>(db: &mut Database, files: &[SourceFile], jobs: Jobs, work: F) -> Vec<T>
where
    T: Send,
    F: Fn(&Database, SourceFile) -> T + Sync,
{
    let threads = jobs.get().min(files.len().min(SHARED_ROUND));
    if threads <= 1 {
        return one_thread(db, files, &work);
    }
    let mut results = Vec::with_capacity(files.len());
    // The workers live for the whole run rather than a round each: a
    // thread costs a stack and a start, and a new one starts with an empty
    // allocator cache.
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = mpsc::channel::<Finished<T>>();
        let workers: Vec<mpsc::Sender<Round<'_>>> = (1..threads)
            .filter_map(|_| {
                let (round_tx, round_rx) = mpsc::channel::<Round<'_>>();
                let done_tx = done_tx.clone();
                let work = &work;
                std::thread::Builder::new()
                    .name("charter-check".to_owned())
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || {
                        for round in round_rx {
                            let done = std::panic::catch_unwind(AssertUnwindSafe(|| {
                                take_files(&round.db, round.files, &round.next, work)
                            }));
                            // The clone is dropped before the result is sent,
                            // so the next revision never waits for it.
                            drop(round);
                            if done_tx.send(done).is_err() {
                                return;
                            }
                        }
                    })
                    .ok()
                    .map(|_| round_tx)
            })
            .collect();
        drop(done_tx);

        let rounds = files.chunks(SHARED_ROUND);
        let count = rounds.len();
        for (index, round) in rounds.enumerate() {
            let next = Arc::new(AtomicUsize::new(0));
            let sent = workers
                .iter()
                .filter(|worker| {
                    let round = Round {
                        db: db.clone(),
                        files: round,
                        next: Arc::clone(&next),
                    };
                    worker.send(round).is_ok()
                })
                .count();
            // The calling thread works until no file is left, so a worker
            // that could not start leaves nothing undone.
            let mut finished = take_files(db, round, &next, &work);
            for _ in 0..sent {
                match done_rx.recv() {
                    Ok(Ok(done)) => finished.extend(done),
                    // A panic in a worker is a bug, as it would be in the
                    // calling thread: it ends the program the same way
                    // (the workers see their channels close and return).
                    Ok(Err(panic)) => std::panic::resume_unwind(panic),
                    // Every worker holds a sender until it returns, and
                    // each returns only when its channel closes.
                    Err(_) => unreachable!("a worker hung up in the middle of a round"),
                }
            }
            results.extend(in_file_order(round.len(), finished));
            if index + 1 < count {
                db.release_memory();
            }
        }
    });
    results
}

/// `work` on every item, on up to `jobs` threads (each with its own
/// handle on the database), with the results in the order of `items`: for
/// work that is not a query per file (reading the files), so each thread
/// takes one contiguous share and no revision starts in between.
pub fn map_in_order<I, T, F>(db: &Database, items: &[I], jobs: Jobs, work: F) -> Vec<T>
where
    I: Sync,
    T: Send,
    F: Fn(&Database, &I) -> T + Sync,
{
    let threads = jobs.get().min(items.len());
    if threads <= 1 {
        return items.iter().map(|item| work(db, item)).collect();
    }
    let share = items.len().div_ceil(threads);
    let work = &work;
    std::thread::scope(|scope| {
        let mut shares = items.chunks(share);
        // The calling thread takes the first share itself.
        let first = shares.next().unwrap_or_default();
        let others: Vec<_> = shares
            .map(|share| {
                let handle = db.clone();
                let spawned = std::thread::Builder::new()
                    .name("charter-read".to_owned())
                    .spawn_scoped(scope, move || {
                        share
                            .iter()
                            .map(|item| work(&handle, item))
                            .collect::<Vec<T>>()
                    });
                (share, spawned)
            })
            .collect();
        let mut results: Vec<T> = first.iter().map(|item| work(db, item)).collect();
        for (share, spawned) in others {
            match spawned.map(|thread| thread.join()) {
                Ok(Ok(done)) => results.extend(done),
                // As in `map_files`: a panic is a bug, and ends the program.
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                // No thread: its share is done here.
                Err(_) => results.extend(share.iter().map(|item| work(db, item))),
            }
        }
        results
    })
}

/// What a worker sends back after a round: the results with their files'
/// indices, or the payload of its panic.
type Finished<T> = std::thread::Result<Vec<(usize, T)>>;

/// One round's share of the database and its files, for a worker.
struct Round<'files> {
    db: Database,
    files: &'files [SourceFile],
    next: Arc<AtomicUsize>,
}

/// Every file in the calling thread, a new revision after each round.
fn one_thread<T>(
    db: &mut Database,
    files: &[SourceFile],
    work: &impl Fn(&Database, SourceFile) -> T,
) -> Vec<T> {
    let mut results = Vec::with_capacity(files.len());
    let rounds = files.chunks(ROUND);
    let count = rounds.len();
    for (index, round) in rounds.enumerate() {
        results.extend(round.iter().map(|&file| work(db, file)));
        // After every full round but the last: nothing runs after it.
        if index + 1 < count {
            db.release_memory();
        }
    }
    results
}

/// Takes the round's next file from the shared counter until none is left.
fn take_files<T>(
    db: &Database,
    files: &[SourceFile],
    next: &AtomicUsize,
    work: &impl Fn(&Database, SourceFile) -> T,
) -> Vec<(usize, T)> {
    let mut done = Vec::new();
    loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(&file) = files.get(index) else {
            return done;
        };
        done.push((index, work(db, file)));
    }
}

/// The results of one round, each at its file's index.
fn in_file_order<T>(len: usize, finished: Vec<(usize, T)>) -> Vec<T> {
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(len).collect();
    for (index, result) in finished {
        slots[index] = Some(result);
    }
    slots
        .into_iter()
        .map(|slot| slot.expect("every file of the round was checked by one thread"))
        .collect()
}
