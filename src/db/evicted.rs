//! Memoized values whose memory the thread that made them frees: what lets
//! a parallel check free the syntax trees and models of a round on every
//! thread rather than on the one that starts the next revision.
//!
//! Why: salsa evicts the values its LRU no longer keeps when a revision
//! starts, and drops them there and then, on the thread that holds the
//! database alone. In a check on several threads that is the calling
//! thread, between two rounds, while every other thread waits: on the
//! 1,000-file benchmark with two threads, 6-9 ms of a 55-70 ms check
//! (docs/performance.md, step 76). A value kept in [`Evictable`] is not
//! dropped while the thread is inside [`collect`]: it is handed over, and
//! as the next round starts each thread frees the values it made itself
//! ([`HandedOver::free_own`]). The thread that made a value allocated its
//! memory, and a block freed by its own thread goes straight back to that
//! thread's free list, where one freed by another thread is queued for its
//! owner with atomic operations (mimalloc's `mi_free_block_mt`).
//!
//! Outside [`collect`] (the language server, one thread alone, any other
//! thread) an [`Evictable`] value is dropped where it is dropped.

use std::cell::RefCell;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// A value handed over, of any type.
type Owned = Box<dyn Send>;

/// A value handed over, with the number of the thread that made it
/// ([`this_thread`]).
type Value = (usize, Owned);

/// The values one thread made.
struct ThreadValues {
    thread: usize,
    values: Vec<Owned>,
}

thread_local! {
    /// The values this thread's [`Evictable`]s handed over while
    /// [`collect`] runs on it; `None` outside it.
    static HANDED_OVER: RefCell<Option<Vec<Value>>> = const { RefCell::new(None) };
}

/// A number for the calling thread, the same for the thread's whole life:
/// threads are numbered in the order they first ask. `usize::MAX` on a
/// thread whose locals are already gone (a value made or handed over while
/// it exits is then nobody's, and freed wherever it ends). Not std's
/// `ThreadId`: stable Rust reaches it only through `thread::current()`,
/// which takes and releases a counted handle at every call
/// (`thread::current_id` is not stable).
fn this_thread() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static NUMBER: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    NUMBER.try_with(|number| *number).unwrap_or(usize::MAX)
}

/// A query's value that, dropped inside [`collect`], is handed over
/// instead of freed. Reads as the value it holds, and compares and hashes
/// as it: which thread made it is not part of the value (salsa compares a
/// value with the one it replaces to know whether dependents must rerun).
pub struct Evictable<T: Send + 'static> {
    value: ManuallyDrop<T>,
    /// The thread that made the value ([`this_thread`]).
    made_on: usize,
}

impl<T: Send + 'static> Evictable<T> {
    pub fn new(value: T) -> Self {
        Evictable {
            value: ManuallyDrop::new(value),
            made_on: this_thread(),
        }
    }
}

impl<T: Send + 'static> Deref for Evictable<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A copy is made, and its memory allocated, by the thread that clones.
impl<T: Send + Clone + 'static> Clone for Evictable<T> {
    fn clone(&self) -> Self {
        Evictable::new((*self.value).clone())
    }
}

/// Printed as the value alone.
impl<T: Send + std::fmt::Debug + 'static> std::fmt::Debug for Evictable<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (*self.value).fmt(f)
    }
}

impl<T: Send + PartialEq + 'static> PartialEq for Evictable<T> {
    fn eq(&self, other: &Self) -> bool {
        *self.value == *other.value
    }
}

impl<T: Send + Eq + 'static> Eq for Evictable<T> {}

impl<T: Send + std::hash::Hash + 'static> std::hash::Hash for Evictable<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl<T: Send + 'static> Drop for Evictable<T> {
    fn drop(&mut self) {
        // SAFETY: the value is taken once, here, as the wrapper goes, and
        // nothing reads it after.
        let value = unsafe { ManuallyDrop::take(&mut self.value) };
        let made_on = self.made_on;
        // Handed over inside `collect`; otherwise (and on a thread whose
        // locals are already gone) dropped here, after the list is let go,
        // so a value holding more `Evictable`s never finds it borrowed.
        let kept = HANDED_OVER
            .try_with(|list| match list.borrow_mut().as_mut() {
                Some(list) => {
                    list.push((made_on, Box::new(value)));
                    None
                }
                None => Some(value),
            })
            .unwrap_or(None);
        drop(kept);
    }
}

/// Runs `release` (a new revision, which evicts) with this thread handing
/// over every [`Evictable`] value it drops, and returns what was handed
/// over. Nested calls hand over to the outermost.
pub fn collect(release: impl FnOnce()) -> HandedOver {
    let outermost = HANDED_OVER.with_borrow_mut(|list| {
        let outermost = list.is_none();
        if outermost {
            *list = Some(Vec::new());
        }
        outermost
    });
    release();
    if !outermost {
        return HandedOver::default();
    }
    let mut values = HANDED_OVER
        .with_borrow_mut(Option::take)
        .unwrap_or_default();
    // One list per thread that made any, for that thread to take at once.
    values.sort_by_key(|(made_on, _)| *made_on);
    let mut by_thread: Vec<ThreadValues> = Vec::new();
    for (made_on, value) in values {
        match by_thread.last_mut() {
            Some(own) if own.thread == made_on => own.values.push(value),
            _ => by_thread.push(ThreadValues {
                thread: made_on,
                values: vec![value],
            }),
        }
    }
    HandedOver {
        by_thread: Mutex::new(by_thread),
    }
}

/// What [`collect`] handed over, by the thread that made each value. Each
/// thread frees its own ([`HandedOver::free_own`]); dropping the list frees
/// what no thread took, where it is dropped.
#[derive(Default)]
pub struct HandedOver {
    by_thread: Mutex<Vec<ThreadValues>>,
}

impl HandedOver {
    /// Frees the values the calling thread made, if any are left.
    pub fn free_own(&self) {
        let me = this_thread();
        let own = {
            let mut by_thread = self
                .by_thread
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let at = by_thread.iter().position(|own| own.thread == me);
            at.map(|at| by_thread.swap_remove(at).values)
        };
        drop(own);
    }

    /// How many values are left to free.
    #[cfg(test)]
    fn len(&self) -> usize {
        let by_thread = self
            .by_thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        by_thread.iter().map(|own| own.values.len()).sum()
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Evictable, HandedOver, collect};

    /// A value whose holders can be counted: the `Arc`'s other handles.
    fn counted(probe: &Arc<()>) -> Evictable<Arc<()>> {
        Evictable::new(Arc::clone(probe))
    }

    #[test]
    fn reads_as_the_value_it_holds() {
        let value = Evictable::new(vec![1, 2, 3]);
        assert_eq!(value.len(), 3);
        assert_eq!(*value, vec![1, 2, 3]);
    }

    #[test]
    fn outside_collect_a_value_is_dropped_where_it_is_dropped() {
        let probe = Arc::new(());
        drop(counted(&probe));
        assert_eq!(Arc::strong_count(&probe), 1);
    }

    #[test]
    fn inside_collect_a_value_is_handed_over_and_dropped_with_the_list() {
        let probe = Arc::new(());
        let value = counted(&probe);
        let handed = collect(|| drop(value));
        assert_eq!(handed.len(), 1);
        assert_eq!(Arc::strong_count(&probe), 2, "freed before the list was");
        drop(handed);
        assert_eq!(Arc::strong_count(&probe), 1);
        // Collecting is over: the next value goes at once.
        drop(counted(&probe));
        assert_eq!(Arc::strong_count(&probe), 1);
    }

    #[test]
    fn a_handed_over_value_holding_others_drops_them_when_it_goes() {
        let probe = Arc::new(());
        let outer = Evictable::new(vec![counted(&probe), counted(&probe)]);
        let handed = collect(|| drop(outer));
        // The outer value is handed over whole; the inner ones go with it.
        assert_eq!(handed.len(), 1);
        assert_eq!(Arc::strong_count(&probe), 3);
        drop(handed);
        assert_eq!(Arc::strong_count(&probe), 1);
    }

    #[test]
    fn nested_collects_hand_over_to_the_outermost() {
        let probe = Arc::new(());
        let (a, b) = (counted(&probe), counted(&probe));
        let mut inner = HandedOver::default();
        let outer = collect(|| {
            drop(a);
            inner = collect(|| drop(b));
        });
        assert!(inner.is_empty());
        assert_eq!(outer.len(), 2);
    }

    #[test]
    fn another_thread_drops_its_values_itself_while_one_collects() {
        let probe = Arc::new(());
        let value = counted(&probe);
        let handed = collect(|| {
            std::thread::scope(|s| {
                s.spawn(move || drop(value));
            });
        });
        assert!(handed.is_empty());
        assert_eq!(Arc::strong_count(&probe), 1);
    }

    #[test]
    fn each_thread_frees_the_values_it_made_and_the_list_the_rest() {
        let probe = Arc::new(());
        let here = counted(&probe);
        let (there, elsewhere) = std::thread::scope(|s| {
            let one = s.spawn(|| counted(&probe)).join().expect("a thread");
            let two = s.spawn(|| counted(&probe)).join().expect("a thread");
            (one, two)
        });
        let handed = collect(|| drop((here, there, elsewhere)));
        assert_eq!(handed.len(), 3);
        // This thread's value, and only it.
        handed.free_own();
        assert_eq!((handed.len(), Arc::strong_count(&probe)), (2, 3));
        handed.free_own();
        assert_eq!(handed.len(), 2);
        // The two other threads' values, left by no thread, go with the list.
        drop(handed);
        assert_eq!(Arc::strong_count(&probe), 1);
    }

    #[test]
    fn a_copy_belongs_to_the_thread_that_made_it_and_prints_as_its_value() {
        let here = Evictable::new(vec![1, 2]);
        let copy = std::thread::scope(|s| s.spawn(|| here.clone()).join().expect("a thread"));
        assert_eq!(copy, here);
        assert_ne!(copy.made_on, here.made_on);
        assert_eq!(format!("{copy:?}"), "[1, 2]");
    }

    #[test]
    fn a_value_compares_equal_whichever_thread_made_it() {
        let here = Evictable::new(vec![1, 2]);
        let there = std::thread::spawn(|| Evictable::new(vec![1, 2]))
            .join()
            .expect("a thread");
        assert_eq!(here, there);
        assert_ne!(here, Evictable::new(vec![1]));
    }
}
