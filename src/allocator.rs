//! The binary's memory allocator: mimalloc, committing memory on demand.
//!
//! Why not the system allocator: checking files on two threads with glibc's
//! malloc, the threads waited on each other's arena locks inside `malloc`
//! and `realloc` (about 3,000 futex waits in a 1,000-file check, and
//! `--jobs 2` no faster than one thread): memory one thread frees can be
//! reused by the other, and growing it then locks the arena it came from.
//! mimalloc frees across threads without a lock (120 context switches in
//! the same check), and it allocates in fewer instructions, which a tool
//! that builds many small trees feels on one core too (figures in the
//! README, "Performance").
//!
//! Why the option: by default mimalloc commits a whole arena up front where
//! the system overcommits, in transparent huge pages, which raised the peak
//! resident memory of the 100k-line check by 20 MB (45 MB to 67 MB, before
//! the check dropped each file's model) for 10 % of speed; committing on
//! demand costs no memory over glibc's. Returning freed pages at once
//! (`purge_delay` 0) saved nothing more and cost 5 %, so that stays as it is.

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

use libmimalloc_sys::{mi_free, mi_malloc, mi_realloc, mi_zalloc};

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

/// `mi_option_arena_eager_commit`: its index in the `mi_option_e` enum of
/// `mimalloc.h`, the same in mimalloc 2 and 3 (the sys crate's named
/// constants predate this option).
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Sets mimalloc's options before the Rust runtime allocates anything (it
/// does before `main`, and mimalloc reserves its first arena then): the
/// loader runs the functions of `.init_array` before the runtime starts.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static CONFIGURE: extern "C" fn() = configure;

#[cfg(target_os = "linux")]
extern "C" fn configure() {
    // SAFETY: `mi_option_set` only stores an integer in mimalloc's option
    // table; any option index and value are accepted.
    unsafe { libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0) };
}
