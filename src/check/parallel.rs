//! Checking many files on several threads, with the same output as one.
//!
//! Each worker thread holds a clone of the database (a salsa handle on the
//! same storage: what one thread computed, another reuses; two threads
//! asking for the same query wait for one answer) and takes the next few
//! files ([`ROUND`]) from a shared counter, so a slow file does not hold up
//! the others. It runs the files it takes through the front end together,
//! phase by phase ([`crate::semantic::front_end`]), then works on each.
//! Every result is put back at its file's index, so the caller sees the
//! results in the order of the files it gave, whatever thread finished
//! first.
//!
//! Memory stays bounded as in a one-thread run: salsa evicts the syntax
//! trees its LRU no longer keeps only when a new revision starts, and a new
//! revision needs every clone dropped. So the files are taken in rounds of
//! [`ROUND`] files a thread ([`shared_round`]): each worker gets a clone
//! for one round, drops it when the round's files are taken, and the
//! database starts a revision before the next. What that revision evicts
//! is not freed by the thread that starts it, while the others wait, but
//! handed over ([`crate::db::evicted`]): as the next round starts, each
//! thread frees the trees and models it made. The threads themselves
//! ([`Workers`]) live for the whole run, and between rounds they wait for
//! one another without sleeping, as long as the wait is short
//! ([`super::meeting`]).

use std::num::NonZeroUsize;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, RwLock};

use super::meeting::{Closing, Finishing, Meeting};
use super::placement::Placement;
use crate::db::evicted::{self, HandedOver};
use crate::db::{Database, SourceFile};

/// Files one thread checks between two new revisions: the window within
/// which a one-pass check keeps syntax trees and models
/// ([`crate::semantic::bound_memory_for_one_pass`]). Also the files a thread
/// takes at once in a shared round, and runs through the front end together.
pub const ROUND: usize = crate::semantic::ONE_PASS_WINDOW;

/// Files `threads` threads check between two new revisions: [`ROUND`]
/// files each, the window one thread keeps, so the trees and models of a
/// small workspace are evicted and their memory reused as one thread's
/// are. On this project's 2-vCPU machine, rounds of 8 files (two threads)
/// against the 64 they were: page faults of the 58-file check with two
/// threads 1,025 → 645, and the 1,000 files with two threads took the same
/// time (47.0 against 47.1 ms, medians of 15 interleaved runs). Stop 38
/// found longer rounds faster, when each round woke its helpers from sleep;
/// since the threads meet without sleeping ([`super::meeting`]) the round
/// costs little (docs/performance.md, step 87).
pub fn shared_round(threads: usize) -> usize {
    ROUND * threads.max(1)
}

/// The most threads a check runs on, whatever `--jobs` says: a bound on
/// what a mistyped `--jobs 5000` starts, far above the cores of the
/// machines the figures come from.
pub const MAX_THREADS: usize = 64;

/// The fewest files a run checks on more than one thread when `--jobs` is
/// not given ([`Jobs::for_files`]); below it, every file is checked in the
/// calling thread. An explicit `--jobs` is followed whatever the size.
///
/// Why 32: a second thread costs the run about 0.3 ms (its start, a heap
/// of its own whose pages are touched for the first time, the meetings
/// between rounds), which a run of few files does not win back. On this
/// project's 2-vCPU machine (docs/performance.md, step 87; interleaved
/// medians of 60 runs, two threads against one): 4 files 1.86 against
/// 1.59 ms, 8 files 2.10 against 2.00, 16 files 2.70 against 2.59, 32 files
/// 3.18 against 3.54, 58 files 5.34 against 5.84 (200 runs; faster in 149),
/// and after 3 s idle, as `pre-commit` runs it, 5.88 against 6.66 ms for
/// the 58 files (medians of 10) and 3.99 against 4.75 ms for 32 (medians
/// of 8). It was 128 while a shared round was 64 files, so that
/// a small workspace's trees stayed in memory to its end, and while a
/// thread's heap started in huge pages (before `allocator::SMALL_HEAP`).
pub const PARALLEL_FROM: usize = 32;

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

    /// The threads `--jobs` means when it is not given, for a run over
    /// `files` files: every core from [`PARALLEL_FROM`] files up, one below.
    pub fn for_files(files: usize) -> Self {
        if files < PARALLEL_FROM {
            Self::ONE
        } else {
            Self::all_cores()
        }
    }

    pub fn new(threads: NonZeroUsize) -> Self {
        Jobs(threads)
    }

    pub fn get(self) -> usize {
        self.0.get()
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

/// The threads that work beside the calling one: started when first
/// there is work for them, and kept for the run, so the files are read and
/// checked by the same threads, with the same allocator caches.
///
/// Why kept: on a virtual machine, a thread spawned just as work is handed
/// out tends to start on its parent's core and share it until the
/// scheduler moves it, often for milliseconds (a probe on this project's
/// 2-vCPU machine: two threads spawned for 3 ms of work each took 2.2
/// times one thread's time, median of 30 runs). So each thread is pinned
/// to a CPU of its own as it is spawned, and the calling thread to the one
/// it was on while they work ([`Placement`], which says why a woken thread
/// needs it too). Started at the first work rather than with the run:
/// before the threads were pinned, a thread starting beside the calling
/// one slowed the files' discovery more than the earlier start gained (the
/// 58-file workspace: median 7.90 ms started lazily, 9.09 ms started first,
/// 8.45 ms with a thread spawned per phase; 200 runs each); pinned, an
/// earlier start gains nothing (3.90 against 3.91 ms, 150 interleaved
/// runs; docs/performance.md, stop 45), and a lazy one spares a run of
/// few files the thread altogether.
pub struct Workers {
    /// Threads beside the calling one: `jobs - 1`.
    helpers: usize,
    /// Started when first there is work: `None` inside when no thread
    /// could start, and the calling thread works alone.
    pool: std::sync::OnceLock<Option<Pool>>,
}

/// The threads beside the calling one, and the CPUs they and the calling
/// thread keep to.
struct Pool {
    threads: rayon::ThreadPool,
    placement: Option<Placement>,
}

impl Workers {
    /// `jobs - 1` threads beside the calling one (none for one job), none
    /// of them started yet.
    pub fn new(jobs: Jobs) -> Self {
        Self {
            helpers: jobs.get() - 1,
            pool: std::sync::OnceLock::new(),
        }
    }

    /// The pool and how many of its threads to use, for work that could
    /// keep `wanted` threads besides the calling one busy. The pool is as
    /// large as the first work needs (the files read, the most any later
    /// work wants) and never larger than [`MAX_THREADS`] allows, whatever
    /// `--jobs` says.
    fn helpers(&self, wanted: usize) -> Option<Crew<'_>> {
        let helpers = self.helpers.min(wanted).min(MAX_THREADS - 1);
        if helpers == 0 {
            return None;
        }
        let pool = self.pool.get_or_init(|| Pool::start(helpers)).as_ref()?;
        Some(Crew {
            pool: &pool.threads,
            helpers: pool.threads.current_num_threads().min(helpers),
            placement: pool.placement.as_ref(),
        })
    }
}

impl Pool {
    /// `helpers` threads, each pinned to a CPU of its own before it first
    /// runs, where the process has a CPU for each of them and the calling
    /// thread ([`Placement::plan`]); `None` if no thread could start.
    fn start(helpers: usize) -> Option<Pool> {
        let placement = Placement::plan(helpers + 1);
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(helpers)
            .spawn_handler(|thread| {
                let slot = Placement::helper_slot(thread.index());
                let spawned = std::thread::Builder::new()
                    .name("charter-worker".to_owned())
                    .stack_size(WORKER_STACK)
                    .spawn(|| thread.run())?;
                if let Some(placement) = &placement {
                    placement.pin_thread(&spawned, slot);
                }
                Ok(())
            })
            .build()
            .ok()?;
        Some(Pool { threads, placement })
    }
}

/// The threads one piece of parallel work gets ([`Workers::helpers`]).
struct Crew<'a> {
    pool: &'a rayon::ThreadPool,
    /// How many of the pool's threads to give work to.
    helpers: usize,
    /// Where each thread runs, if anywhere in particular.
    placement: Option<&'a Placement>,
}

impl Crew<'_> {
    /// `work` with the pool's threads, as rayon's `in_place_scope`, the
    /// calling thread pinned to its CPU meanwhile (the helpers are pinned
    /// for their life): the one way parallel work here is run, so none
    /// runs with the calling thread free to be stacked onto a helper's CPU.
    fn in_place_scope<'scope, R>(&self, work: impl FnOnce(&rayon::Scope<'scope>) -> R) -> R {
        let _pinned = self.placement.map(Placement::pin_calling_thread);
        self.pool.in_place_scope(work)
    }
}

/// `work` on every file, on the calling thread and the `workers`, with the
/// results in the order of `files`. A new revision starts after every round
/// ([`ROUND`] files a thread, [`shared_round`]), so salsa's
/// LRU bounds memory however many files there are. `work` must not depend
/// on which thread runs it or in what order (a query does not).
pub fn map_files<T, F>(
    db: &mut Database,
    files: &[SourceFile],
    workers: &Workers,
    work: F,
) -> Vec<T>
where
    T: Send,
    F: Fn(&Database, SourceFile) -> T + Sync,
{
    let wanted = files.len().saturating_sub(1);
    let Some(crew) = workers.helpers(wanted) else {
        return one_thread(db, files, &work);
    };
    let helpers = crew.helpers;
    let threads = helpers + 1;
    let round_size = shared_round(threads);
    let rounds = files.len().div_ceil(round_size);
    let round_files = |round: usize| {
        let start = round * round_size;
        &files[start..files.len().min(start + round_size)]
    };
    let shared = Shared {
        meeting: Meeting::default(),
        handles: Mutex::new(Vec::with_capacity(helpers)),
        next: AtomicUsize::new(0),
        finished: Mutex::new(Vec::new()),
        handed: RwLock::new(HandedOver::default()),
    };
    let mut results = Vec::with_capacity(files.len());
    // The helpers stay in the scope for every round and meet the calling
    // thread between rounds ([`Meeting`]) rather than being handed a job
    // per round: a thread given a job wakes from sleep, and on a virtual
    // machine often late. A panic in a helper is a bug, as it would be in
    // the calling thread: no round opens after it, and the scope raises it
    // again once every helper has stopped.
    crew.in_place_scope(|scope| {
        for _ in 0..helpers {
            let (shared, work) = (&shared, &work);
            scope.spawn(move |_| {
                let mut next = 0;
                while let Some(round) = shared.meeting.enter(next) {
                    let _finishing = Finishing(&shared.meeting);
                    // Each helper takes a handle of its own on the database
                    // and drops it before the round ends, so the next
                    // revision never waits for one.
                    let Some(handle) = lock(&shared.handles).pop() else {
                        return;
                    };
                    shared.free_own();
                    let done = take_files(&handle, round_files(round), &shared.next, threads, work);
                    drop(handle);
                    lock(&shared.finished).extend(done);
                    next = round + 1;
                }
            });
        }
        let _closing = Closing(&shared.meeting);
        for round in 0..rounds {
            shared.next.store(0, Ordering::Relaxed);
            lock(&shared.handles).extend((0..helpers).map(|_| db.clone()));
            shared.meeting.open();
            shared.free_own();
            // The calling thread works until no file is left, so a helper
            // that starts late leaves nothing undone.
            let done = take_files(db, round_files(round), &shared.next, threads, &work);
            lock(&shared.finished).extend(done);
            if !shared.meeting.seal_and_wait() {
                return;
            }
            // The handles no helper took, before the revision waits for them.
            lock(&shared.handles).clear();
            let finished = std::mem::take(&mut *lock(&shared.finished));
            results.extend(in_file_order(round_files(round).len(), finished));
            if round + 1 < rounds {
                // What this revision evicts, each thread frees what it made
                // of it before it takes files: freeing a round's trees and
                // models is then shared by every thread instead of holding
                // all but one idle. What no thread took goes when the next
                // revision's list replaces it.
                let handed = evicted::collect(|| db.release_memory());
                *shared
                    .handed
                    .write()
                    .unwrap_or_else(PoisonError::into_inner) = handed;
            }
        }
    });
    results
}

/// What the threads of a parallel check share across its rounds.
struct Shared<T> {
    meeting: Meeting,
    /// A handle on the database for each helper, put here as a round
    /// opens; those no helper took are dropped as it ends.
    handles: Mutex<Vec<Database>>,
    /// The index of the open round's next file to take.
    next: AtomicUsize,
    /// The open round's results, with each file's index in the round.
    finished: Mutex<Vec<(usize, T)>>,
    /// What the last revision evicted ([`evicted::collect`]).
    handed: RwLock<HandedOver>,
}

impl<T> Shared<T> {
    /// Frees the calling thread's share of what the last revision evicted.
    fn free_own(&self) {
        self.handed
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .free_own();
    }
}

/// The results gathered so far, even if a thread panicked while holding
/// the lock (the scope raises that panic again when it ends).
fn lock<T>(finished: &Mutex<T>) -> MutexGuard<'_, T> {
    finished.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `work` on every item, on the calling thread and the `workers` (each
/// with its own handle on the database), with the results in the order of
/// `items`: for work that is not a query per file (reading the files), so
/// each thread takes one contiguous share and no revision starts in between.
pub fn map_in_order<I, T, F>(db: &Database, items: &[I], workers: &Workers, work: F) -> Vec<T>
where
    I: Sync,
    T: Send,
    F: Fn(&Database, &I) -> T + Sync,
{
    let Some(crew) = workers.helpers(items.len().saturating_sub(1)) else {
        return items.iter().map(|item| work(db, item)).collect();
    };
    let share = items.len().div_ceil(crew.helpers + 1);
    let mut shares = items.chunks(share);
    // The calling thread takes the first share itself.
    let first = shares.next().unwrap_or_default();
    let mut others: Vec<(&[I], Vec<T>)> = shares.map(|share| (share, Vec::new())).collect();
    let work = &work;
    let mut results = Vec::with_capacity(items.len());
    crew.in_place_scope(|scope| {
        for (share, done) in &mut others {
            let handle = db.clone();
            scope.spawn(move |_| *done = share.iter().map(|item| work(&handle, item)).collect());
        }
        results.extend(first.iter().map(|item| work(db, item)));
    });
    for (_, done) in others {
        results.extend(done);
    }
    results
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
        results.extend(work_on_batch(db, round, work));
        // After every full round but the last: nothing runs after it.
        if index + 1 < count {
            db.release_memory();
        }
    }
    results
}

/// Takes the round's next files, [`batch_size`] at a time, and works on
/// them ([`work_on_batch`]) until no file is left.
fn take_files<T>(
    db: &Database,
    files: &[SourceFile],
    next: &AtomicUsize,
    threads: usize,
    work: &impl Fn(&Database, SourceFile) -> T,
) -> Vec<(usize, T)> {
    let batch = batch_size(files.len(), threads);
    let mut done = Vec::new();
    loop {
        let start = next.fetch_add(batch, Ordering::Relaxed);
        let Some(rest) = files.get(start..).filter(|rest| !rest.is_empty()) else {
            return done;
        };
        let taken = &rest[..rest.len().min(batch)];
        done.extend((start..).zip(work_on_batch(db, taken, work)));
    }
}

/// The files a thread takes at once in a round of `files` files shared by
/// `threads` threads: [`ROUND`], or an even share of a shorter round, so
/// that a workspace's short last round (58 files on two threads: 7 rounds
/// of 8, then 2) is not one thread's work while the others wait. With the
/// 2 files taken one a thread, the 58-file check was faster in 1,272 of
/// 2,000 interleaved runs (medians 0.04-0.06 ms lower; docs/performance.md,
/// stop 48).
fn batch_size(files: usize, threads: usize) -> usize {
    ROUND.min(files.div_ceil(threads.max(1))).max(1)
}

/// `work` on each file of `batch`, once the batch has gone through the
/// front end together ([`crate::semantic::front_end`]): the one way both
/// a thread alone and the threads of a shared round take their files.
fn work_on_batch<'a, T>(
    db: &'a Database,
    batch: &'a [SourceFile],
    work: &'a impl Fn(&Database, SourceFile) -> T,
) -> impl Iterator<Item = T> + 'a {
    crate::semantic::front_end(db, batch);
    batch.iter().map(move |&file| work(db, file))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn jobs(n: usize) -> Jobs {
        Jobs::new(NonZeroUsize::new(n).expect("a positive count"))
    }

    /// Without `--jobs`, a small workspace is checked on one thread and a
    /// large one on every core.
    #[test]
    fn the_default_threads_follow_the_size_of_the_run() {
        assert_eq!(Jobs::for_files(0), Jobs::ONE);
        assert_eq!(Jobs::for_files(PARALLEL_FROM - 1), Jobs::ONE);
        assert_eq!(Jobs::for_files(PARALLEL_FROM), Jobs::all_cores());
        assert_eq!(Jobs::for_files(10 * PARALLEL_FROM), Jobs::all_cores());
    }

    #[test]
    fn one_job_starts_no_thread() {
        assert!(Workers::new(Jobs::ONE).helpers(100).is_none());
    }

    #[test]
    fn work_for_the_calling_thread_alone_starts_no_pool() {
        let workers = Workers::new(jobs(4));
        assert!(workers.helpers(0).is_none());
        assert!(workers.pool.get().is_none());
    }

    /// `--jobs 5000` on ten files starts nine threads, and later work that
    /// could use more gets the nine.
    #[test]
    fn the_pool_is_as_large_as_its_first_work_needs() {
        let workers = Workers::new(jobs(5000));
        let crew = workers.helpers(9).expect("a pool");
        assert_eq!((crew.pool.current_num_threads(), crew.helpers), (9, 9));
        let crew = workers.helpers(1000).expect("the same pool");
        assert_eq!((crew.pool.current_num_threads(), crew.helpers), (9, 9));
        assert_eq!(workers.helpers(2).expect("the same pool").helpers, 2);
    }

    /// A pool's thread runs on the CPU its placement gives it from its
    /// start, and only there.
    #[test]
    fn the_pools_threads_are_pinned_from_their_start() {
        let workers = Workers::new(jobs(2));
        let crew = workers.helpers(1).expect("a pool");
        let Some(placement) = crew.placement else {
            eprintln!("skipped: this process may run on one CPU only");
            return;
        };
        let helper = placement.cpu(Placement::helper_slot(0));
        assert!(helper.is_some());
        let runs_on = crew.pool.install(crate::check::placement::allowed_cpus);
        assert_eq!(runs_on, helper.map(|cpu| vec![cpu]));
    }

    #[test]
    fn the_pool_never_outgrows_the_most_threads() {
        let workers = Workers::new(jobs(5000));
        let crew = workers.helpers(10_000).expect("a pool");
        assert_eq!(crew.pool.current_num_threads(), MAX_THREADS - 1);
    }

    /// Every file is worked on once and comes back in its place, whether
    /// the batches a thread takes and the rounds divide the files evenly
    /// or not.
    #[test]
    fn map_files_works_on_every_file_once_in_order() {
        use crate::db::Origin;
        for count in [0, 1, ROUND - 1, ROUND + 1, shared_round(3) + ROUND + 1] {
            for threads in [1, 3] {
                let mut db = Database::new();
                let files: Vec<SourceFile> = (0..count)
                    .map(|i| {
                        let text = format!("spec s{i} {{\n  title \"{i}\"\n}}\n");
                        db.add_file(format!("f{i}.charter"), text.as_bytes(), Origin::User)
                    })
                    .collect();
                let workers = Workers::new(jobs(threads));
                let names = map_files(&mut db, &files, &workers, |db, file| {
                    let specs = &crate::semantic::analyse(db, file).specs;
                    specs.iter().map(|s| s.name.clone()).collect::<Vec<_>>()
                });
                let expected: Vec<Vec<String>> =
                    (0..count).map(|i| vec![format!("s{i}")]).collect();
                assert_eq!(names, expected, "{count} files on {threads} thread(s)");
            }
        }
    }

    #[test]
    fn a_full_round_is_taken_a_window_at_a_time_and_a_short_one_shared() {
        assert_eq!(batch_size(shared_round(2), 2), ROUND);
        assert_eq!(batch_size(shared_round(8), 8), ROUND);
        assert_eq!(batch_size(shared_round(2) - 1, 2), ROUND);
        // The 58 files' last round on two threads: one file each.
        assert_eq!(batch_size(2, 2), 1);
        assert_eq!(batch_size(3, 8), 1);
        assert_eq!(batch_size(0, 2), 1, "a batch is never empty");
    }

    /// Items come back in their order whichever thread read them.
    #[test]
    fn map_in_order_keeps_the_order_of_the_items() {
        let db = Database::new();
        let items: Vec<usize> = (0..1000).collect();
        let doubled = map_in_order(&db, &items, &Workers::new(jobs(3)), |_, i| i * 2);
        assert_eq!(doubled, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }
}
