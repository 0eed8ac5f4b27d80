//! Byte searches that do not ask the processor what it supports.
//!
//! `memchr`'s entry points choose their code (SSE2 or AVX2) on first use,
//! through the standard library's feature detection, whose first call runs
//! seven `cpuid` instructions. A virtual machine may answer each in its
//! hypervisor: 9 µs apiece on this project's machines, 0.06 ms a process,
//! 1 % of a small workspace's check (docs/performance.md, step 81). SSE2 is
//! part of x86-64 itself, so its searchers need no detection, and what is
//! searched here (a string literal, a line, a glob) is a few dozen bytes,
//! where AVX2's wider steps gain nothing. Other targets use the entry points.

/// The first `needle` in `haystack`.
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = sse2::One::new(needle) {
        return searcher.find(haystack);
    }
    memchr::memchr(needle, haystack)
}

/// The first `a` or `b` in `haystack`.
pub fn find2(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = sse2::Two::new(a, b) {
        return searcher.find(haystack);
    }
    memchr::memchr2(a, b, haystack)
}

/// The first `a`, `b` or `c` in `haystack`.
pub fn find3(a: u8, b: u8, c: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if let Some(searcher) = sse2::Three::new(a, b, c) {
        return searcher.find(haystack);
    }
    memchr::memchr3(a, b, c, haystack)
}

/// Every `needle` in `haystack`, in order.
pub fn find_all(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let found = at + find(needle, haystack.get(at..)?)?;
        at = found + 1;
        Some(found)
    })
}

#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::sse2::memchr as sse2;

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Each search finds what a plain scan finds.
        #[test]
        fn the_searches_agree_with_a_scan(
            haystack in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'/'), Just(b'"'), Just(b'\n'), any::<u8>()], 0..80),
            a in prop_oneof![Just(b'/'), any::<u8>()],
            b in prop_oneof![Just(b'"'), any::<u8>()],
            c in prop_oneof![Just(b'\n'), any::<u8>()],
        ) {
            let scan = |set: &[u8]| haystack.iter().position(|x| set.contains(x));
            prop_assert_eq!(super::find(a, &haystack), scan(&[a]));
            prop_assert_eq!(super::find2(a, b, &haystack), scan(&[a, b]));
            prop_assert_eq!(super::find3(a, b, c, &haystack), scan(&[a, b, c]));
            let all: Vec<usize> = (0..haystack.len()).filter(|&i| haystack[i] == a).collect();
            prop_assert_eq!(super::find_all(a, &haystack).collect::<Vec<_>>(), all);
        }
    }
}
