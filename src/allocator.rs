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

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
