//! Memoized values whose memory another thread may free: what lets a
//! parallel check free the syntax trees and models of a round on every
//! thread rather than on the one that starts the next revision.
//!
//! Why: salsa evicts the values its LRU no longer keeps when a revision
//! starts, and drops them there and then, on the thread that holds the
//! database alone. In a check on several threads that is the calling
//! thread, between two rounds, while every other thread waits: on the
//! 1,000-file benchmark with two threads, 6-9 ms of a 55-70 ms check
//! (README, Performance, step 76). A value kept in [`Evictable`] is not
//! dropped while the thread is inside [`collect`]: it is handed over, and
//! the threads of the next round drop their shares of what was handed over
//! before they take files.
//!
//! Outside [`collect`] (the language server, one thread alone, any other
//! thread) an [`Evictable`] value is dropped where it is dropped.

use std::cell::RefCell;
use std::mem::ManuallyDrop;
use std::ops::Deref;

/// A value handed over by [`collect`], to be dropped wherever the holder
/// of the list drops it.
pub type HandedOver = Box<dyn Send>;

thread_local! {
    /// The values this thread's [`Evictable`]s handed over while
    /// [`collect`] runs on it; `None` outside it.
    static HANDED_OVER: RefCell<Option<Vec<HandedOver>>> = const { RefCell::new(None) };
}

/// A query's value that, dropped inside [`collect`], is handed over
/// instead of freed. Reads as the value it holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Evictable<T: Send + 'static>(ManuallyDrop<T>);

impl<T: Send + 'static> Evictable<T> {
    pub fn new(value: T) -> Self {
        Evictable(ManuallyDrop::new(value))
    }
}

impl<T: Send + 'static> Deref for Evictable<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Send + 'static> Drop for Evictable<T> {
    fn drop(&mut self) {
        // SAFETY: the value is taken once, here, as the wrapper goes, and
        // nothing reads it after.
        let value = unsafe { ManuallyDrop::take(&mut self.0) };
        // Handed over inside `collect`; otherwise (and on a thread whose
        // locals are already gone) dropped here, after the list is let go,
        // so a value holding more `Evictable`s never finds it borrowed.
        let kept = HANDED_OVER
            .try_with(|list| match list.borrow_mut().as_mut() {
                Some(list) => {
                    list.push(Box::new(value));
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
/// over, for the caller to drop where it pleases. Nested calls hand over
/// to the outermost.
pub fn collect(release: impl FnOnce()) -> Vec<HandedOver> {
    let outermost = HANDED_OVER.with_borrow_mut(|list| {
        let outermost = list.is_none();
        if outermost {
            *list = Some(Vec::new());
        }
        outermost
    });
    release();
    if !outermost {
        return Vec::new();
    }
    HANDED_OVER
        .with_borrow_mut(Option::take)
        .unwrap_or_default()
}

/// `values` split into `parts` lists (at least one) whose lengths differ
/// by one at most, in order.
pub fn shares(mut values: Vec<HandedOver>, parts: usize) -> Vec<Vec<HandedOver>> {
    let parts = parts.max(1);
    let (base, longer) = (values.len() / parts, values.len() % parts);
    let mut out = Vec::with_capacity(parts);
    // Split from the end, the shorter lists first, so no value moves twice.
    for part in (0..parts).rev() {
        let length = base + usize::from(part < longer);
        out.push(values.split_off(values.len() - length));
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{Evictable, HandedOver, collect, shares};

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
        let mut inner = Vec::new();
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
    fn shares_split_every_value_into_lists_one_apart_at_most() {
        let list =
            |n: usize| -> Vec<HandedOver> { (0..n).map(|k| Box::new(k) as HandedOver).collect() };
        for (values, parts) in [
            (0, 2),
            (1, 2),
            (5, 2),
            (6, 3),
            (7, 3),
            (64, 1),
            (3, 8),
            (9, 0),
        ] {
            let split = shares(list(values), parts);
            let lengths: Vec<usize> = split.iter().map(Vec::len).collect();
            assert_eq!(
                split.len(),
                parts.max(1),
                "{values} in {parts}: {lengths:?}"
            );
            assert_eq!(lengths.iter().sum::<usize>(), values, "{lengths:?}");
            let (most, least) = (lengths.iter().max(), lengths.iter().min());
            assert!(
                most.zip(least).is_some_and(|(m, l)| m - l <= 1),
                "{lengths:?}"
            );
        }
    }
}
