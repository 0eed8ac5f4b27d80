//! Keeping each thread of a parallel check on a CPU of its own
//! ([`super::parallel`]).
//!
//! Why: a kernel may keep the threads of a process on the CPU they started
//! from even while another CPU sits idle. This project's virtual machines
//! run such a kernel: it packs runnable threads onto as few virtual CPUs as
//! it can (its `sched_vcpu_pack` option), so a helper thread starts on its
//! parent's CPU, and a thread woken by another is placed on the waker's.
//! Traced with `perf sched` (the 58-file check with two threads, 30 runs),
//! the helper ran beside the calling thread in 13 to 17 runs of 30: in the
//! others it waited behind the calling thread on one CPU for the whole
//! check while the second CPU was idle; moved away, it woke the calling
//! thread, which was then moved onto its CPU. Pinned, the two ran side by
//! side in every run (docs/performance.md, step 88). An ordinary kernel
//! spreads the threads itself, and CPUs of their own are what it would
//! have given them.
//!
//! A pool's thread is pinned as it is spawned, before it first runs (so it
//! never waits for its parent's CPU), for its life, which is the pool's:
//! a check's. The calling thread is pinned only while the helpers work
//! beside it, and gets back the CPUs it could run on before when they
//! finish: a long-lived process (the MCP server) is not left pinned
//! between its checks. A run with more threads than the process has CPUs
//! is not pinned at all: its threads must share CPUs, and the kernel is
//! the one to share them.

/// The CPU each thread of a parallel check keeps to: the calling thread's
/// first (slot 0, the CPU it is on, so it does not move), then the helpers'
/// (slot `1 + k` for the pool's thread `k`), each a different CPU.
#[derive(Debug, PartialEq, Eq)]
pub struct Placement {
    cpus: Vec<usize>,
}

impl Placement {
    /// A CPU each for `threads` threads, the calling thread's the one it
    /// runs on and the others those the process may run on that follow it
    /// (wrapping around); `None` for one thread, where the process may run
    /// on fewer CPUs than `threads`, or where the system does not say.
    pub fn plan(threads: usize) -> Option<Placement> {
        if threads < 2 {
            return None;
        }
        let allowed = os::allowed_cpus()?;
        let current = os::current_cpu()?;
        Self::among(threads, current, &allowed)
    }

    /// [`Placement::plan`] for a process that may run on `allowed` (in
    /// ascending order) and whose calling thread runs on `current`.
    fn among(threads: usize, current: usize, allowed: &[usize]) -> Option<Placement> {
        if allowed.len() < threads {
            return None;
        }
        let at = allowed.iter().position(|&cpu| cpu == current)?;
        let cpus = allowed[at..]
            .iter()
            .chain(&allowed[..at])
            .copied()
            .take(threads)
            .collect();
        Some(Placement { cpus })
    }

    /// Keeps the calling thread on the CPU of `slot` until the guard is
    /// dropped. Only advice: where the system refuses (a slot past the
    /// plan, a CPU taken away since), the thread runs where it would have.
    fn pin(&self, slot: usize) -> Pinned {
        Pinned(self.cpus.get(slot).and_then(|&cpu| os::pin_to(cpu)))
    }

    /// [`Placement::pin`] for the thread that planned it, while the helpers
    /// work: back on the CPU it was on when it planned, if it has moved.
    pub fn pin_calling_thread(&self) -> Pinned {
        self.pin(CALLING_THREAD)
    }

    /// Keeps a thread just spawned on the CPU of `slot` for the rest of its
    /// life: a pool's thread, pinned before it first runs, so that it never
    /// waits for the CPU of the thread that spawned it. Only advice, as
    /// [`Placement::pin`] is.
    pub fn pin_thread<T>(&self, thread: &std::thread::JoinHandle<T>, slot: usize) {
        if let Some(&cpu) = self.cpus.get(slot) {
            os::pin_thread(thread, cpu);
        }
    }

    /// The CPU of `slot`, if the plan has one.
    #[cfg(test)]
    pub fn cpu(&self, slot: usize) -> Option<usize> {
        self.cpus.get(slot).copied()
    }

    /// The slot of a helper, the pool's thread `index`.
    pub fn helper_slot(index: usize) -> usize {
        CALLING_THREAD + 1 + index
    }
}

/// The slot of the thread that plans a placement.
const CALLING_THREAD: usize = 0;

/// The CPUs the calling thread may run on, in ascending order.
#[cfg(test)]
pub fn allowed_cpus() -> Option<Vec<usize>> {
    os::allowed_cpus()
}

/// A thread pinned by [`Placement::pin`]: dropped, it may run again on
/// every CPU it could before.
#[must_use = "the thread is pinned only while the guard lives"]
pub struct Pinned(Option<os::Affinity>);

impl Drop for Pinned {
    fn drop(&mut self) {
        if let Some(previous) = self.0.take() {
            os::restore(&previous);
        }
    }
}

#[cfg(target_os = "linux")]
mod os {
    use std::mem::{size_of, zeroed};

    /// The CPUs a thread may run on, as the kernel keeps them.
    pub type Affinity = libc::cpu_set_t;

    /// The calling thread's affinity, `None` if the kernel does not give it
    /// (a machine with more CPUs than a `cpu_set_t` holds).
    fn affinity() -> Option<Affinity> {
        // SAFETY: a `cpu_set_t` is plain bits, valid all zero.
        let mut set: Affinity = unsafe { zeroed() };
        // SAFETY: the kernel writes at most `size_of::<Affinity>()` bytes
        // into `set`; pid 0 is the calling thread.
        let done = unsafe { libc::sched_getaffinity(0, size_of::<Affinity>(), &mut set) };
        (done == 0).then_some(set)
    }

    fn set_affinity(set: &Affinity) -> bool {
        // SAFETY: `set` is a whole `cpu_set_t`; pid 0 is the calling thread.
        unsafe { libc::sched_setaffinity(0, size_of::<Affinity>(), set) == 0 }
    }

    /// The CPUs the calling thread may run on, in ascending order.
    pub fn allowed_cpus() -> Option<Vec<usize>> {
        let set = affinity()?;
        // SAFETY: `CPU_ISSET` reads a bit of a whole set, for indices below
        // `CPU_SETSIZE`.
        let allowed = (0..libc::CPU_SETSIZE as usize)
            .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
            .collect();
        Some(allowed)
    }

    /// The CPU the calling thread is running on.
    pub fn current_cpu() -> Option<usize> {
        // SAFETY: `sched_getcpu` takes nothing and returns -1 on failure.
        usize::try_from(unsafe { libc::sched_getcpu() }).ok()
    }

    /// The set of the one CPU `cpu`, `None` past what a set holds.
    fn only(cpu: usize) -> Option<Affinity> {
        if cpu >= libc::CPU_SETSIZE as usize {
            return None;
        }
        // SAFETY: a `cpu_set_t` is plain bits, valid all zero.
        let mut only: Affinity = unsafe { zeroed() };
        // SAFETY: `cpu` is below `CPU_SETSIZE` (checked above).
        unsafe { libc::CPU_SET(cpu, &mut only) };
        Some(only)
    }

    /// Pins the calling thread to `cpu`; its affinity before, or `None` if
    /// the kernel refused.
    pub fn pin_to(cpu: usize) -> Option<Affinity> {
        let only = only(cpu)?;
        let previous = affinity()?;
        set_affinity(&only).then_some(previous)
    }

    /// Pins `thread` to `cpu`, if the kernel lets it.
    pub fn pin_thread<T>(thread: &std::thread::JoinHandle<T>, cpu: usize) {
        use std::os::unix::thread::JoinHandleExt;
        if let Some(only) = only(cpu) {
            // SAFETY: the handle keeps the thread joinable, so its
            // `pthread_t` is valid; `only` is a whole `cpu_set_t`.
            unsafe {
                libc::pthread_setaffinity_np(thread.as_pthread_t(), size_of::<Affinity>(), &only);
            }
        }
    }

    /// Gives the calling thread back the affinity it had.
    pub fn restore(previous: &Affinity) {
        // Nothing to do if the kernel refuses: the thread stays pinned,
        // which changes where it runs, not what it computes.
        set_affinity(previous);
    }
}

/// Elsewhere the threads are left where the system puts them.
#[cfg(not(target_os = "linux"))]
mod os {
    pub type Affinity = ();

    pub fn allowed_cpus() -> Option<Vec<usize>> {
        None
    }

    pub fn current_cpu() -> Option<usize> {
        None
    }

    pub fn pin_to(_cpu: usize) -> Option<Affinity> {
        None
    }

    pub fn pin_thread<T>(_thread: &std::thread::JoinHandle<T>, _cpu: usize) {}

    pub fn restore(_previous: &Affinity) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cpus(plan: Option<Placement>) -> Option<Vec<usize>> {
        plan.map(|p| p.cpus)
    }

    /// The calling thread keeps its CPU and the helpers take the ones after
    /// it, wrapping around, each a different one.
    #[test]
    fn the_calling_thread_keeps_its_cpu_and_the_helpers_take_the_next() {
        let allowed = [0, 1, 2, 3];
        assert_eq!(cpus(Placement::among(2, 0, &allowed)), Some(vec![0, 1]));
        assert_eq!(cpus(Placement::among(2, 3, &allowed)), Some(vec![3, 0]));
        assert_eq!(
            cpus(Placement::among(4, 2, &allowed)),
            Some(vec![2, 3, 0, 1])
        );
        // A process allowed a few CPUs of many (taskset, a container's cpuset).
        assert_eq!(
            cpus(Placement::among(3, 9, &[4, 9, 17])),
            Some(vec![9, 17, 4])
        );
    }

    /// More threads than CPUs, or a calling thread on a CPU the process
    /// may not use (its affinity changed under it): no plan.
    #[test]
    fn threads_that_must_share_cpus_are_not_pinned() {
        assert_eq!(Placement::among(3, 0, &[0, 1]), None);
        assert_eq!(Placement::among(2, 5, &[0, 1]), None);
        assert_eq!(Placement::plan(1), None);
    }

    /// Pinned, the thread runs on its slot's CPU and may run nowhere else;
    /// once the guard drops, it may run where it could before.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_pinned_thread_runs_on_its_cpu_until_the_guard_drops() {
        let thread = std::thread::spawn(|| {
            let before = os::allowed_cpus().expect("the thread's CPUs");
            let Some(plan) = Placement::plan(2) else {
                eprintln!("skipped: this process may run on one CPU only");
                return;
            };
            let helper = plan.cpus[Placement::helper_slot(0)];
            {
                let _pinned = plan.pin(Placement::helper_slot(0));
                assert_eq!(os::allowed_cpus(), Some(vec![helper]));
                assert_eq!(os::current_cpu(), Some(helper));
            }
            assert_eq!(os::allowed_cpus(), Some(before));
        });
        thread.join().expect("the pinning thread");
    }
}
