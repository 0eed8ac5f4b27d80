//! The binary's memory allocator: mimalloc 2, with its default options,
//! medium pages as small as its small ones, and huge pages past the heap's
//! first megabytes.
//!
//! Why not the system allocator: checking files on two threads with glibc's
//! malloc, the threads waited on each other's arena locks inside `malloc`
//! and `realloc` (about 3,000 futex waits in a 1,000-file check, and
//! `--jobs 2` no faster than one thread): memory one thread frees can be
//! reused by the other, and growing it then locks the arena it came from.
//! mimalloc frees across threads without a lock (120 context switches in
//! the same check), and it allocates in fewer instructions, which a tool
//! that builds many small trees feels on one core too (figures in
//! docs/performance.md, step 6).
//!
//! Why mimalloc 2 (the `v2` feature) rather than 3: the same check runs
//! 3 % faster on it (the 1,000-file benchmark on one core, interleaved
//! runs, medians of 15).
//!
//! Huge pages, past each thread's first 4 MB of heap ([`SMALL_HEAP`]): mimalloc
//! commits a whole arena up front, and in transparent huge pages the heap
//! grows by a page fault per 2 MB instead of per 4 KB. That is 10 % of a
//! cold check (4,700 page faults to 220 on the 1,000-file benchmark) for
//! 7 MB more peak memory (27 to 34 MB, where the target is 50). An earlier
//! build, whose check kept 45 MB, committed on demand instead: the huge
//! pages then took it to 67 MB. mimalloc's own advice covers the whole
//! arena from its first byte (its `no_thp` feature turns that off); this
//! module gives it past the first [`SMALL_HEAP`] of each thread's heap
//! ([`huge_pages_past_small_heap`], at the start of `main`) and a command
//! that knows its run is large gives it for the rest
//! ([`huge_pages_throughout`]). Why: a small run touches little of its
//! first 4 MB (the 58-file check 1.7 MB, `--version` 0.3 MB,
//! spread over them by size class), and a huge page is zeroed and, on a
//! virtual machine whose host took freed memory back while the machine sat
//! idle, backed again whole (`cli::check::HUGE_PAGES_FROM`): after a 3 s
//! pause the 58 files took 15.28 → 11.36 ms (12.88 → 10.98 and 11.08 →
//! 10.41 in two earlier series) and `--version` 3.84 → 2.90 ms (medians of
//! 12–15 interleaved runs), for up to 0.4 ms more back to back (10.41
//! against 10.74, 9.36 against 9.76, 7.29 against 7.28 ms; 100 runs each);
//! the 1,000 files, whose check turns the huge pages on for the rest once
//! it has found its files, took the same within the noise (five series of
//! 41, one core), with about 390 more 4 KB page faults (331 → 725).
//!
//! Its medium pages, 64 KiB instead of 512 KiB (`MI_MEDIUM_PAGE_SHIFT`,
//! set for every build by `.cargo/config.toml`): mimalloc keeps blocks of
//! 8 to 64 KiB in 512 KiB pages, one page per size class, and a check
//! makes only a few such blocks of each size (15 in all for the 58-file
//! workspace: a file's tokens, a growing list), so each page was touched a
//! few KB deep and the pages together spread the heap over one more 2 MB
//! huge page than its 1.7 MB needs. With medium pages as small as the
//! small ones, such a block gets a page of its own, returned when it is
//! freed: huge pages 3 → 2 for the 58-file check and 2 → 1 for
//! `charter --version` (before their first 4 MB went to 4 KB pages), peak
//! memory of the 1,000 files 28.2 → 24.3 MB on one thread, and no more
//! instructions (640.02 M → 640.33 M). Each fresh
//! huge page is a page fault that zeroes 2 MB, and after an idle pause one
//! the host backs again (up to 8 ms here; see `check::parallel`).
//!
//! Why the adapter: the `mimalloc` crate asks for every block through
//! `mi_malloc_aligned`, whose fast path covers only small blocks that happen
//! to be free at the right alignment; the rest take its generic path, and
//! every `realloc` of a growing `Vec` takes `mi_realloc_aligned`'s. Nearly
//! every Rust allocation needs a word's alignment or less, which every
//! mimalloc block has (block sizes are whole words), so those go to plain
//! `mi_malloc` and `mi_realloc`: 3 % fewer instructions for the whole check.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{mi_free, mi_malloc, mi_option_set, mi_option_t, mi_realloc, mi_zalloc};

#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc, through its plain entry points where the alignment allows.
struct Mimalloc;

/// The alignment every mimalloc block has.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method hands the request to mimalloc, whose blocks meet the
// layout: `mi_malloc`'s are word-aligned (used only when `align <= WORD`),
// and any stricter alignment goes to the `mimalloc` crate's aligned calls.
// A block is freed by `mi_free` whichever call made it.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: `mi_malloc` takes any size.
            unsafe { mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: the caller's contract is `GlobalAlloc::alloc`'s.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: `mi_zalloc` takes any size.
            unsafe { mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: the caller's contract is `GlobalAlloc::alloc_zeroed`'s.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: `ptr` came from mimalloc; the new block keeps a word's alignment.
            unsafe { mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            // SAFETY: the caller's contract is `GlobalAlloc::realloc`'s.
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

/// The start of each thread's heap kept in 4 KB pages until a run is
/// known to be large ([`huge_pages_throughout`]): two 2 MB huge pages,
/// what a small check's heap spans.
pub const SMALL_HEAP: usize = 4 << 20;

/// The id of the arena mimalloc reserves at the first allocation (ids
/// count from 1 in mimalloc 2), which holds the heap of every thread
/// until it outgrows its 1 GiB.
#[cfg(any(target_os = "linux", target_os = "android"))]
const FIRST_ARENA: std::ffi::c_int = 1;

#[cfg(any(target_os = "linux", target_os = "android"))]
unsafe extern "C" {
    /// mimalloc's `mi_arena_area` (mimalloc.h), which `libmimalloc-sys`
    /// does not declare: the start and size of an arena, null if none.
    fn mi_arena_area(arena_id: std::ffi::c_int, size: *mut usize) -> *mut c_void;
}

/// Huge pages for the heap past the first [`SMALL_HEAP`] bytes of each
/// small run's thread ([`SMALL_RUN_THREADS`]): what `main` asks for first.
pub fn huge_pages_past_small_heap() {
    advise_huge_pages(SMALL_HEAP);
}

/// Huge pages for all the heap not yet touched: what a run asks for once
/// it knows it is large (a workspace of many files). Memory already
/// touched in 4 KB pages stays so.
pub fn huge_pages_throughout() {
    advise_huge_pages(0);
}

/// The size of a mimalloc segment (`MI_SEGMENT_SIZE` in version 2: 32 MiB,
/// 4 MiB on 32-bit targets). mimalloc gives each thread's heap segments of
/// its own, claimed from the arena first-fit (`mi_arena_try_claim`), so the
/// first thread of a run starts at the arena's first segment, the second
/// thread at its second, and so on.
const SEGMENT: usize = if cfg!(target_pointer_width = "64") {
    32 << 20
} else {
    4 << 20
};

/// The threads whose heaps keep their first [`SMALL_HEAP`] in 4 KB pages
/// until a run is known to be large: those of a small run (`--jobs` up to
/// 4). A second thread's heap in huge pages cost a small check more than
/// the thread saved: after a 3 s pause the 58 files took 36.9 ms with
/// `--jobs 2` against 14.8 ms so (docs/performance.md, step 66).
const SMALL_RUN_THREADS: usize = 4;

/// `madvise(MADV_HUGEPAGE)` on the first arena, past the first `skip`
/// bytes of each of the first [`SMALL_RUN_THREADS`] segments (all of it
/// when `skip` is 0). Only advice: without an arena (mimalloc could not
/// reserve one), or where the kernel has no transparent huge pages,
/// nothing changes.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn advise_huge_pages(skip: usize) {
    let mut size = 0;
    // SAFETY: `mi_arena_area` only reads mimalloc's table of arenas.
    let start = unsafe { mi_arena_area(FIRST_ARENA, &mut size) };
    if start.is_null() {
        return;
    }
    let advise = |from: usize, to: usize| {
        let to = to.min(size);
        if from < to {
            // SAFETY: the range lies inside the arena mimalloc mapped, and
            // the advice changes how its pages are backed, not what they hold.
            unsafe {
                libc::madvise(
                    start.cast::<u8>().add(from).cast(),
                    to - from,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    };
    for segment in 0..SMALL_RUN_THREADS {
        advise(segment * SEGMENT + skip, (segment + 1) * SEGMENT);
    }
    advise(SMALL_RUN_THREADS * SEGMENT, size);
}

/// Transparent huge pages are Linux's: elsewhere the heap's pages are the
/// system's to choose.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn advise_huge_pages(_skip: usize) {}

/// mimalloc's option `destroy_on_exit`, by its place in `mi_option_t`
/// (mimalloc.h, version 2), which the `libmimalloc-sys` crate does not name.
const MI_OPTION_DESTROY_ON_EXIT: mi_option_t = 22;

/// Leaves the heap to the operating system when the process exits.
///
/// At exit mimalloc frees what it holds, page by page, and hands the pages
/// back to the kernel (a 26 MB `madvise` after a 58-file check, splitting
/// the huge pages it covers), only for the kernel to drop the whole address
/// space a moment later: the 58-file check ran 0.15-0.3 ms faster without
/// it (medians of 200 interleaved runs, one thread and two). Its value 2
/// skips mimalloc's exit handler altogether, and with it the statistics
/// `MIMALLOC_SHOW_STATS` would print.
pub fn leave_memory_at_exit() {
    // SAFETY: setting an option is allowed at any time; this one is read
    // only by mimalloc's exit handler.
    unsafe { mi_option_set(MI_OPTION_DESTROY_ON_EXIT, 2) }
}

#[cfg(test)]
mod tests {
    use libmimalloc_sys::{mi_good_size, mi_option_get};

    /// mimalloc was built with the medium pages `CFLAGS` asked for: with
    /// `.cargo/config.toml`'s 64 KiB, a 9,000-byte block is rounded up to
    /// whole 4 KiB pages, as a block of a page of its own is; with
    /// mimalloc's own 512 KiB (a `CFLAGS` of the environment replaced the
    /// project's, as a packager's does), to a medium size class (10,240
    /// bytes). The build's `CFLAGS` is the one rustc saw for this crate.
    #[test]
    fn blocks_above_8_kib_get_pages_of_their_own() {
        let asked = option_env!("CFLAGS").is_some_and(|f| f.contains("-DMI_MEDIUM_PAGE_SHIFT=16"));
        // SAFETY: `mi_good_size` only computes a size.
        let size = unsafe { mi_good_size(9_000) };
        if asked {
            assert_eq!(
                size, 12_288,
                "CFLAGS asks for 64 KiB medium pages, mimalloc has not got them"
            );
        } else {
            assert_ne!(
                size, 12_288,
                "mimalloc has 64 KiB medium pages that CFLAGS did not ask for"
            );
        }
    }

    /// `main`'s advice leaves the first [`SMALL_HEAP`] bytes of each small
    /// run's thread's heap in 4 KB pages and gives huge pages past them; a
    /// large run's gives them to the rest. Read from the kernel's own
    /// account of the arena's mappings (`VmFlags` `hg`: advised huge pages).
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    #[test]
    fn huge_pages_start_past_the_small_heap_until_a_run_is_large() {
        use super::{FIRST_ARENA, SEGMENT, SMALL_HEAP, SMALL_RUN_THREADS, mi_arena_area};
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists() {
            eprintln!("skipped: this kernel has no transparent huge pages");
            return;
        }
        let mut size = 0;
        // SAFETY: `mi_arena_area` only reads mimalloc's table of arenas.
        let start = unsafe { mi_arena_area(FIRST_ARENA, &mut size) } as usize;
        assert!(
            start != 0 && size > SMALL_RUN_THREADS * SEGMENT,
            "no arena: {start:#x}, {size}"
        );

        super::huge_pages_past_small_heap();
        // The first segment of each thread of a small run: 4 KB pages for
        // its first SMALL_HEAP bytes, huge pages past them.
        for segment in (0..SMALL_RUN_THREADS).map(|k| start + k * SEGMENT) {
            assert_eq!(advised(segment), Some(false), "{segment:#x}");
            assert_eq!(advised(segment + SMALL_HEAP - 1), Some(false));
            assert_eq!(advised(segment + SMALL_HEAP), Some(true));
            assert_eq!(advised(segment + SEGMENT - 1), Some(true));
        }
        assert_eq!(advised(start + SMALL_RUN_THREADS * SEGMENT), Some(true));
        assert_eq!(advised(start + size - 1), Some(true));

        super::huge_pages_throughout();
        assert_eq!(advised(start), Some(true));
    }

    /// Whether the mapping holding `address` is advised huge pages, from
    /// `/proc/self/smaps`; `None` when no mapping holds it.
    #[cfg(target_os = "linux")]
    fn advised(address: usize) -> Option<bool> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("/proc/self/smaps");
        let mut holds = false;
        for line in smaps.lines() {
            if let Some(flags) = line.strip_prefix("VmFlags:") {
                if holds {
                    return Some(flags.split_whitespace().any(|f| f == "hg"));
                }
            } else if let Some((range, _)) = line.split_once(' ')
                && let Some((from, to)) = range.split_once('-')
                && let (Ok(from), Ok(to)) = (
                    usize::from_str_radix(from, 16),
                    usize::from_str_radix(to, 16),
                )
            {
                holds = (from..to).contains(&address);
            }
        }
        None
    }

    /// The option's index is still `destroy_on_exit`'s: its neighbour
    /// `arena_reserve` has a default no other option has (1 GiB, in KiB).
    #[test]
    fn the_exit_option_is_the_one_before_the_arena_size() {
        // SAFETY: reading an option is allowed at any time.
        let arena_reserve = unsafe { mi_option_get(super::MI_OPTION_DESTROY_ON_EXIT + 1) };
        assert_eq!(arena_reserve, 1024 * 1024);
    }
}
