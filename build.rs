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
//! The binary also takes GCC's unwinder from its static archive
//! (`libgcc_eh.a`) instead of loading `libgcc_s.so.1` at every start. That
//! library's constructor asks the processor what it supports with twelve
//! `cpuid` instructions, which a virtual machine answers in the hypervisor:
//! 9 µs each on the machines this was measured on, with the library's own
//! loading 0.16 ms of a 1.3 ms start (README, Performance, step 80). Rust's
//! standard library names `gcc_s` itself, so the binary's link looks in a
//! directory of ours first, where `libgcc_s.a` is a linker script that
//! reads the static archive: the linker then takes the archive's members
//! the program calls, as `-static-libgcc` does for C++ programs. Where the
//! linker driver has no `libgcc_eh.a` (a toolchain built without it), the
//! binary links `libgcc_s.so.1` as before.
//!
//! Only the binaries are linked so (`rustc-link-arg-bins`): the library, the
//! tests, the examples and the fuzz targets keep the target's default.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CHARTER_PIE");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" {
        return;
    }
    if std::env::var_os("CHARTER_PIE").is_none() {
        // The linker driver's flag (gcc and clang both take it); the
        // code is still compiled position-independent, which links into a
        // fixed-address executable with every relocation settled at link
        // time.
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    if let Some(directory) = static_unwinder_directory() {
        // GNU ld and lld search every `-L` directory, in order, for every
        // `-l`, wherever the options stand; ours comes before the linker
        // driver's own directories, which hold `libgcc_s.so`.
        println!("cargo::rustc-link-arg-bins=-L{}", directory.display());
    }
}

/// A directory whose `libgcc_s.a` links GCC's static unwinder, or `None`
/// when the linker driver does not have one.
fn static_unwinder_directory() -> Option<PathBuf> {
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_owned());
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let output = Command::new(linker)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()?;
    // A driver without the file prints its name back, not a path.
    let archive = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    if !output.status.success() || !archive.is_absolute() || !archive.is_file() {
        return None;
    }
    let directory = Path::new(&std::env::var_os("OUT_DIR")?).join("static-unwinder");
    std::fs::create_dir_all(&directory).ok()?;
    // A linker script: the path is quoted, so spaces in it are safe.
    let script = format!("INPUT(\"{}\")\n", archive.display());
    std::fs::write(directory.join("libgcc_s.a"), script).ok()?;
    Some(directory)
}
