//! Where the threads of a parallel check wait for one another between
//! rounds ([`super::parallel::map_files`]).
//!
//! A wait here is short: a helper that has taken the round's last files
//! waits for the calling thread to finish its own and to start the next
//! revision (well under a millisecond), and the calling thread waits for a
//! helper's last batch. So a waiting thread first keeps its CPU, yielding
//! it to anything else that wants it, and only sleeps when the wait runs
//! long. Why not sleep at once, as a channel or a rayon job would: on the
//! virtual machines this project measures on, a thread woken from sleep
//! often sat 1-5 ms ready to run before its virtual CPU ran it (in half
//! of the back-to-back runs of the 58-file check with two threads; in a
//! tenth after a 0.3 s pause), while the guest was otherwise idle: its
//! kernel puts a woken thread on the waker's CPU ([`super::placement`],
//! which now pins each thread to a CPU of its own). A thread that does
//! not sleep is not woken.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long a waiting thread keeps its CPU before it sleeps: longer than
/// the waits between rounds take, short enough that a thread with nothing
/// coming (the helpers after the last round, a run on fewer CPUs than
/// threads) costs little.
const KEEP_CPU_FOR: Duration = Duration::from_millis(2);

/// The rounds the calling thread opens, and the helpers at work on the
/// open one.
///
/// A helper enters the open round whenever it comes, until the calling
/// thread has taken the round's last file and seals it; from then on the
/// calling thread waits for the helpers that entered, and one that comes
/// later waits for the next round. So a helper whose thread starts late
/// still takes files, and the calling thread never waits for one that has
/// not started.
#[derive(Default)]
pub struct Meeting {
    /// Rounds opened so far; the open round is `opened - 1`. Changed under
    /// `state`, read without it by the waits.
    opened: AtomicUsize,
    /// No round will open again: the helpers leave.
    closed: AtomicBool,
    /// Helpers that entered the open round and have not finished it.
    working: AtomicUsize,
    /// A helper stopped without finishing its round (it panicked): the
    /// calling thread opens no other.
    failed: AtomicBool,
    /// Whether the open round is sealed; the lock of entering and sealing,
    /// and of the waits that run long enough to sleep.
    state: Mutex<Sealed>,
    changed: Condvar,
}

#[derive(Default)]
struct Sealed(bool);

impl Meeting {
    /// The calling thread: opens the next round.
    pub fn open(&self) {
        {
            let mut sealed = self.lock();
            sealed.0 = false;
            self.opened.fetch_add(1, Ordering::AcqRel);
        }
        self.wake();
    }

    /// The calling thread, once it has taken the round's last file: no
    /// helper enters the round any more; waits until every helper that
    /// entered has finished it. `false` when one stopped without finishing.
    pub fn seal_and_wait(&self) -> bool {
        self.lock().0 = true;
        self.wait_until(|| self.working.load(Ordering::Acquire) == 0);
        !self.failed.load(Ordering::Acquire)
    }

    /// The calling thread: no round opens again.
    pub fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.wake();
    }

    /// A helper: waits for a round numbered `from` or later (counting from
    /// 0) that it can enter and enters it; the round's number, or `None`
    /// when the meeting closed instead.
    pub fn enter(&self, from: usize) -> Option<usize> {
        let mut round = from;
        loop {
            self.wait_until(|| {
                self.opened.load(Ordering::Acquire) > round || self.closed.load(Ordering::Acquire)
            });
            let sealed = self.lock();
            if self.closed.load(Ordering::Acquire) {
                return None;
            }
            let open = self.opened.load(Ordering::Acquire) - 1;
            if !sealed.0 {
                self.working.fetch_add(1, Ordering::AcqRel);
                return Some(open);
            }
            round = open + 1;
        }
    }

    /// A helper: it has finished the round it entered (or stopped, `failed`).
    pub fn finished(&self, failed: bool) {
        if failed {
            self.failed.store(true, Ordering::Release);
        }
        if self.working.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.wake();
        }
    }

    fn lock(&self) -> MutexGuard<'_, Sealed> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait_until(&self, ready: impl Fn() -> bool) {
        let start = Instant::now();
        while !ready() {
            if start.elapsed() >= KEEP_CPU_FOR {
                // The state changes before `wake` takes the lock, and it is
                // read again under the lock before each sleep: no wake is lost.
                let mut guard = self.lock();
                while !ready() {
                    guard = self
                        .changed
                        .wait(guard)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                return;
            }
            std::thread::yield_now();
        }
    }

    fn wake(&self) {
        let _guard = self.lock();
        self.changed.notify_all();
    }
}

/// Closes the meeting when dropped, however the calling thread leaves
/// (a panic included), so no helper waits for a round that never opens.
pub struct Closing<'a>(pub &'a Meeting);

impl Drop for Closing<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Tells the meeting a helper finished its round when dropped; as failed
/// if it is dropped by a panic, so the calling thread does not wait for it.
pub struct Finishing<'a>(pub &'a Meeting);

impl Drop for Finishing<'_> {
    fn drop(&mut self) {
        self.0.finished(std::thread::panicking());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every helper enters each round once, in order, as long as it comes
    /// before the round is sealed, and the calling thread waits for all
    /// that entered before the next.
    #[test]
    fn rounds_open_in_turn_and_wait_for_every_helper_that_entered() {
        let meeting = Meeting::default();
        let (entered, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let (helpers, rounds) = (3, 50);
        std::thread::scope(|scope| {
            for _ in 0..helpers {
                scope.spawn(|| {
                    let mut next = 0;
                    while let Some(round) = meeting.enter(next) {
                        let _finishing = Finishing(&meeting);
                        assert!(round >= next);
                        entered.fetch_add(1, Ordering::AcqRel);
                        std::thread::yield_now();
                        done.fetch_add(1, Ordering::AcqRel);
                        next = round + 1;
                    }
                });
            }
            let _closing = Closing(&meeting);
            for _ in 0..rounds {
                meeting.open();
                // The calling thread's own share of the round.
                std::thread::sleep(Duration::from_micros(200));
                assert!(meeting.seal_and_wait());
                assert_eq!(
                    done.load(Ordering::Acquire),
                    entered.load(Ordering::Acquire)
                );
            }
        });
        // With 200 µs to come, the helpers entered most rounds.
        assert!(entered.into_inner() > rounds);
    }

    /// A helper that comes after the round was sealed enters the next one.
    #[test]
    fn a_helper_that_comes_late_enters_the_next_round() {
        let meeting = Meeting::default();
        let _closing = Closing(&meeting);
        meeting.open();
        assert!(meeting.seal_and_wait());
        meeting.open();
        assert_eq!(meeting.enter(0), Some(1));
        meeting.finished(false);
        assert!(meeting.seal_and_wait());
    }

    /// A wait longer than the time a thread keeps its CPU sleeps and is woken.
    #[test]
    fn a_long_wait_sleeps_and_is_woken() {
        let meeting = Meeting::default();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                assert_eq!(meeting.enter(0), Some(0));
                std::thread::sleep(KEEP_CPU_FOR * 3);
                meeting.finished(false);
                assert_eq!(meeting.enter(1), None);
            });
            let _closing = Closing(&meeting);
            std::thread::sleep(KEEP_CPU_FOR * 3);
            meeting.open();
            while meeting.working.load(Ordering::Acquire) == 0 {
                std::thread::yield_now();
            }
            assert!(meeting.seal_and_wait());
        });
    }

    /// A helper that panics does not leave the calling thread waiting, and
    /// the calling thread's leaving releases the helpers.
    #[test]
    fn a_helper_that_panics_is_counted_as_failed() {
        let meeting = Meeting::default();
        let outcome = std::thread::scope(|scope| {
            let helper = scope.spawn(|| {
                assert_eq!(meeting.enter(0), Some(0));
                let _finishing = Finishing(&meeting);
                panic!("a bug in a helper");
            });
            let _closing = Closing(&meeting);
            meeting.open();
            while meeting.working.load(Ordering::Acquire) == 0 && !helper.is_finished() {
                std::thread::yield_now();
            }
            let finished = meeting.seal_and_wait();
            (finished, helper.join().is_err())
        });
        assert_eq!(outcome, (false, true));
    }
}
