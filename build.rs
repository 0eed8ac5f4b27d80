//! Links the `charter` binary as a position-dependent executable on
//! Linux (glibc), unless `CHARTER_PIE` is set, and with glibc and GCC's
//! unwinder linked in where the toolchain has their static archives.
//!
//! A position-independent executable is relocated by the dynamic loader at
//! every start: 13,000 relative relocations, which write to every page of
//! the binary's tables of pointers (`.data.rel.ro`: vtables, the statement
//! table's and the lint registry's strings), so each of those 60-odd pages
//! is copied on a page fault before `main` runs. `charter` starts once per
//! commit and per editor save, and its small checks last a few
//! milliseconds, so that is 0.5 ms of `charter --version`'s 2.9 ms and of
//! a 58-file check's 12 ms here (docs/performance.md, step 65). What is given
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
//! loading 0.16 ms of a 1.3 ms start (docs/performance.md, step 80).
//!
//! And it links the C library statically too, where the toolchain has its
//! archives (`libc.a` and the rest, which Debian's `libc6-dev` ships): no
//! dynamic loader then runs at start, to map `libc.so.6` and `libm.so.6`
//! and bind the 150-odd functions the binary calls from them, which was a
//! third of `charter --version`'s time, 0.4 ms of every command
//! (docs/performance.md, step 84). A packager who wants glibc shared, to
//! update it apart from the binary, sets `CHARTER_DYNAMIC_GLIBC=1` (or
//! `CHARTER_PIE=1`, which also keeps it shared). Of the functions that may
//! load libraries at run time (NSS look-ups) the binary calls one, for the
//! home directory when `HOME` is unset: a user of `/etc/passwd` is found
//! by the static glibc's own `files` source, one of LDAP or SSSD only
//! where the machine's glibc matches.
//!
//! How, without `-C target-feature=+crt-static` (which cargo would pass to
//! the procedural macros too, which must stay shared libraries, unless
//! every build named `--target`): Rust's standard library asks for
//! `gcc_s`, `util`, `rt`, `pthread`, `m`, `dl` and `c`, so the binary's
//! link looks in a directory of ours first, where each such name is a
//! linker script that reads the static archive, and the linker driver is
//! told `-static`: the linker takes from each archive the members the
//! program calls. Where the driver has no `libgcc_eh.a`, the binary loads
//! `libgcc_s.so.1` as before; where it has no archive of the C library, it
//! loads glibc as before.
//!
//! Only the binaries are linked so (`rustc-link-arg-bins`): the library, the
//! tests, the examples and the fuzz targets keep the target's default.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CHARTER_PIE");
    println!("cargo::rerun-if-env-changed=CHARTER_DYNAMIC_GLIBC");
    println!("cargo::rerun-if-env-changed=RUSTC_LINKER");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "linux" || env != "gnu" {
        return;
    }
    let pie = std::env::var_os("CHARTER_PIE").is_some();
    if !pie {
        // The linker driver's flag (gcc and clang both take it); the
        // code is still compiled position-independent, which links into a
        // fixed-address executable with every relocation settled at link
        // time.
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
    let Some(unwinder) = archive("libgcc_eh.a") else {
        return;
    };
    let shared_glibc = pie || std::env::var_os("CHARTER_DYNAMIC_GLIBC").is_some();
    let glibc = if shared_glibc {
        None
    } else {
        static_glibc(&unwinder)
    };
    let mut libraries = vec![("gcc_s", vec![unwinder])];
    libraries.extend(glibc.iter().flatten().cloned());
    let Some(directory) = write_library_scripts(&libraries) else {
        return;
    };
    // GNU ld and lld search every `-L` directory, in order, for every
    // `-l`, wherever the options stand; ours comes before the linker
    // driver's own directories, which hold `libgcc_s.so` and `libc.so`.
    println!("cargo::rustc-link-arg-bins=-L{}", directory.display());
    if glibc.is_some() {
        // The driver's flag: the static start files, no dynamic loader.
        println!("cargo::rustc-link-arg-bins=-static");
    }
}

/// The names the standard library links besides `gcc_s` (GCC's unwinder)
/// and `c` (read with GCC's runtime, [`static_glibc`]), each read from
/// its own archive: in glibc 2.34 and later all but `m` are empty, kept for
/// programs that name them.
const GLIBC_PARTS: [&str; 5] = ["util", "rt", "pthread", "m", "dl"];

/// Each glibc library name the standard library links, with the static
/// archives that stand for it; `None` when the linker driver lacks one.
fn static_glibc(unwinder: &Path) -> Option<Vec<(&'static str, Vec<PathBuf>)>> {
    let mut parts = Vec::new();
    for name in GLIBC_PARTS {
        parts.push((name, vec![archive(&format!("lib{name}.a"))?]));
    }
    // The static C library calls into GCC's runtime (and that back into
    // it), so `c` reads the three as a group, as the driver would link them
    // without `-nodefaultlibs`.
    parts.push((
        "c",
        vec![
            archive("libc.a")?,
            unwinder.to_path_buf(),
            archive("libgcc.a")?,
        ],
    ));
    Some(parts)
}

/// The path of the linker driver's `file`, `None` when it has none.
fn archive(file: &str) -> Option<PathBuf> {
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_owned());
    let output = Command::new(linker)
        .arg(format!("-print-file-name={file}"))
        .output()
        .ok()?;
    // A driver without the file prints its name back, not a path.
    let path = PathBuf::from(String::from_utf8(output.stdout).ok()?.trim());
    (output.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

/// A directory with a linker script `lib<name>.a` for each library, which
/// reads its archives (as a group when there are several).
fn write_library_scripts(libraries: &[(&str, Vec<PathBuf>)]) -> Option<PathBuf> {
    let directory = Path::new(&std::env::var_os("OUT_DIR")?).join("static-libraries");
    // Emptied first: a script an earlier build wrote for a library now
    // linked shared would otherwise still be found.
    match std::fs::remove_dir_all(&directory) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => return None,
        _ => {}
    }
    std::fs::create_dir_all(&directory).ok()?;
    for (name, archives) in libraries {
        // The paths are quoted, so spaces in them are safe.
        let quoted: Vec<String> = archives
            .iter()
            .map(|path| format!("\"{}\"", path.display()))
            .collect();
        let command = if archives.len() == 1 {
            "INPUT"
        } else {
            "GROUP"
        };
        let script = format!("{command}({})\n", quoted.join(" "));
        std::fs::write(directory.join(format!("lib{name}.a")), script).ok()?;
    }
    Some(directory)
}
