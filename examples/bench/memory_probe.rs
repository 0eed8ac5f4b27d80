//! What fresh memory costs on this machine when the bench runs: the time to
//! fault in a 2 MB transparent huge page, the kind mimalloc asks for and
//! every check's first touches of its heap pay for.
//!
//! Why the bench prints it: on a virtual machine whose host takes freed
//! guest memory back (`virtio_balloon` with free page reporting), a fresh
//! huge page is zeroed by the guest and faulted in again by the host, and
//! costs anywhere from 0.2 ms to several milliseconds from one minute to
//! the next. The 58-file check faults in three to seven of them, so its
//! figure moves with this one; printed side by side, a slow small-workspace
//! figure can be told from a slow host.

use std::time::Duration;

/// How many huge pages the probe touches.
pub const PAGES: usize = 16;

/// The probe's result.
pub struct FreshMemory {
    /// The time each page took to fault in, in the order touched.
    pub faults: Vec<Duration>,
    /// `/sys/kernel/mm/transparent_hugepage/enabled`'s choice (`always`,
    /// `madvise`, `never`), or `unknown`.
    pub huge_pages: String,
}

/// Faults in [`PAGES`] fresh 2 MB pages of a new anonymous mapping (asked
/// for as huge pages, as mimalloc asks) and times each first write; `None`
/// where there is no such mapping to make (not Linux, or `mmap` refused).
pub fn probe() -> Option<FreshMemory> {
    let faults = fault_in(PAGES)?;
    let huge_pages = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
        .ok()
        .and_then(|text| {
            // The chosen mode is the one in brackets: `always [madvise] never`.
            let start = text.find('[')? + 1;
            let end = start + text[start..].find(']')?;
            Some(text[start..end].to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    Some(FreshMemory { faults, huge_pages })
}

#[cfg(target_os = "linux")]
fn fault_in(pages: usize) -> Option<Vec<Duration>> {
    use std::time::Instant;

    const HUGE: usize = 2 << 20;
    // One page more than touched, so the first touched page can start on
    // a 2 MB boundary, as a huge page must.
    let length = (pages + 1) * HUGE;
    // SAFETY: a new private anonymous mapping; nothing else refers to it.
    let base = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            length,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if base == libc::MAP_FAILED {
        return None;
    }
    let start = (base as usize).next_multiple_of(HUGE);
    // SAFETY: `start .. start + pages * HUGE` lies inside the mapping. The
    // advice may be refused (huge pages off): the probe then times 4 KB
    // faults, and says so through `huge_pages`.
    unsafe {
        libc::madvise(
            start as *mut libc::c_void,
            pages * HUGE,
            libc::MADV_HUGEPAGE,
        )
    };
    let faults = (0..pages)
        .map(|page| {
            let byte = (start + page * HUGE) as *mut u8;
            let started = Instant::now();
            // SAFETY: `byte` is inside the mapping, which is writable; a
            // volatile write so the first touch is not optimised away.
            unsafe { byte.write_volatile(1) };
            started.elapsed()
        })
        .collect();
    // SAFETY: the whole mapping made above, no longer used.
    unsafe { libc::munmap(base, length) };
    Some(faults)
}

#[cfg(not(target_os = "linux"))]
fn fault_in(_pages: usize) -> Option<Vec<Duration>> {
    None
}
