//! What fresh memory costs on this machine when the bench runs: the time to
//! fault in a 2 MB transparent huge page, the kind mimalloc asks for and
//! every check's first touches of its heap pay for, and a 4 KB page, the
//! kind a small check's heap is kept in (`allocator::SMALL_HEAP`).
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

/// A new private anonymous mapping, unmapped when dropped: the fresh
/// memory both probes touch.
#[cfg(target_os = "linux")]
struct Mapping {
    base: *mut libc::c_void,
    length: usize,
}

#[cfg(target_os = "linux")]
impl Mapping {
    /// `length` bytes, readable and writable; `None` if `mmap` refuses.
    fn new(length: usize) -> Option<Mapping> {
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
        (base != libc::MAP_FAILED).then_some(Mapping { base, length })
    }

    /// Writes a byte at `offset`, the first touch of its page.
    fn touch(&self, offset: usize) {
        assert!(offset < self.length, "a touch outside the mapping");
        // SAFETY: inside the writable mapping (asserted above); volatile,
        // so the first touch is not optimised away.
        unsafe { self.base.cast::<u8>().add(offset).write_volatile(1) };
    }

    /// Advice for `offset .. offset + length`, which may be refused; the
    /// probes time whatever faults the kernel then takes.
    fn advise(&self, offset: usize, length: usize, advice: libc::c_int) {
        assert!(offset + length <= self.length, "advice outside the mapping");
        // SAFETY: the range lies inside the mapping (asserted above); advice
        // does not change what the mapping holds.
        unsafe { libc::madvise(self.base.cast::<u8>().add(offset).cast(), length, advice) };
    }
}

#[cfg(target_os = "linux")]
impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: the whole mapping made in `new`, no longer used.
        unsafe { libc::munmap(self.base, self.length) };
    }
}

#[cfg(target_os = "linux")]
fn fault_in(pages: usize) -> Option<Vec<Duration>> {
    use std::time::Instant;

    const HUGE: usize = 2 << 20;
    // One page more than touched, so the first touched page can start on
    // a 2 MB boundary, as a huge page must.
    let mapping = Mapping::new((pages + 1) * HUGE)?;
    let start = (mapping.base as usize).next_multiple_of(HUGE) - mapping.base as usize;
    // The advice may be refused (huge pages off): the probe then times 4 KB
    // faults, and says so through `huge_pages`.
    mapping.advise(start, pages * HUGE, libc::MADV_HUGEPAGE);
    let faults = (0..pages)
        .map(|page| {
            let started = Instant::now();
            mapping.touch(start + page * HUGE);
            started.elapsed()
        })
        .collect();
    Some(faults)
}

#[cfg(not(target_os = "linux"))]
fn fault_in(_pages: usize) -> Option<Vec<Duration>> {
    None
}

/// How many 4 KB pages each probe of [`small_page_costs`] touches: about
/// what a small check's heap does.
pub const SMALL_PAGES: usize = 256;

/// How many probes [`small_page_costs`] takes.
pub const SMALL_PROBES: usize = 9;

/// What first touching a 4 KB page costs: each of [`SMALL_PROBES`] probes'
/// time per page, each probe touching [`SMALL_PAGES`] pages of a new
/// mapping kept out of huge pages. On a machine whose kernel pays a trap to
/// its hypervisor for every page table entry it writes (nested
/// virtualisation with shadow page tables), this is several times what it
/// is on bare metal; `None` where there is no such mapping to make.
pub fn small_page_costs() -> Option<Vec<Duration>> {
    (0..SMALL_PROBES)
        .map(|_| small_pages_in(SMALL_PAGES))
        .collect()
}

/// The time per page to first write to `pages` 4 KB pages of a new
/// anonymous mapping.
#[cfg(target_os = "linux")]
fn small_pages_in(pages: usize) -> Option<Duration> {
    use std::time::Instant;

    const PAGE: usize = 4096;
    let mapping = Mapping::new(pages * PAGE)?;
    // With huge pages it would time one 2 MB fault, which the other probe
    // does.
    mapping.advise(0, pages * PAGE, libc::MADV_NOHUGEPAGE);
    let started = Instant::now();
    for page in 0..pages {
        mapping.touch(page * PAGE);
    }
    Some(started.elapsed() / u32::try_from(pages).unwrap_or(u32::MAX).max(1))
}

#[cfg(not(target_os = "linux"))]
fn small_pages_in(_pages: usize) -> Option<Duration> {
    None
}
