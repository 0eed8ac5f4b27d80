//! Links the `charter` binary as a position-dependent executable on
//! Linux (glibc), unless `CHARTER_PIE` is set.
//!
//! A position-independent executable is relocated by the dynamic loader at
//! every start: 13,000 relative relocations, which write to every page of
//! the binary's tables of pointers (`.data.rel.ro`: vtables, the statement
//! table's and the lint registry's strings), so each of those 60-odd pages
//! is copied on a page fault before `main` runs. `charter` starts once per
//! commit and per editor save, and its small checks last a few
//! milliseconds, so that is 0.5 ms of `charter --version`'s 2.9 ms and of
//! a 58-file check's 12 ms here (README, Performance, step 65). What is given
//! up is the address randomisation of the binary's own code and data (the
//! libraries, the heap and the stacks are still randomised), as Go's
//! default executables do. A packager whose policy asks for PIE sets
//! `CHARTER_PIE=1` when building.
//!
//! Only the binaries are linked so (`rustc-link-arg-bins`): the library, the
//! tests, the examples and the fuzz targets keep the target's default.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CHARTER_PIE");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" && std::env::var_os("CHARTER_PIE").is_none() {
        // The linker driver's flag (gcc and clang both take it); the
        // code is still compiled position-independent, which links into a
        // fixed-address executable with every relocation settled at link
        // time.
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
