//! How the `charter` binary is linked (`build.rs`): on Linux with glibc, a
//! fixed-address executable, so the dynamic loader has no relocations to
//! apply at each start (unless the build asked for PIE), with GCC's
//! unwinder linked in rather than loaded, and the C library too where the
//! toolchain has its archives: no dynamic loader at all.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_is_position_dependent_unless_the_build_asked_for_pie() {
    use std::io::Read;
    // `e_type` of an ELF header: a fixed-address executable, or a
    // position-independent one (which ELF calls a shared object).
    const ET_EXEC: u16 = 2;
    const ET_DYN: u16 = 3;
    let mut header = [0u8; 18];
    std::fs::File::open(env!("CARGO_BIN_EXE_charter"))
        .and_then(|mut binary| binary.read_exact(&mut header))
        .expect("the binary's ELF header is readable");
    assert_eq!(&header[..4], b"\x7fELF", "an ELF file");
    let e_type = u16::from_le_bytes([header[16], header[17]]);
    let expected = match option_env!("CHARTER_PIE") {
        Some(_) => ET_DYN,
        None => ET_EXEC,
    };
    assert_eq!(e_type, expected, "ELF e_type of the charter binary");
}

/// Whether the linker driver has `file` (a static archive), as `build.rs`
/// judges it: a driver without the file prints its name back, not a path
/// to a file.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cc_has(file: &str) -> bool {
    let linker = std::process::Command::new("cc")
        .arg(format!("-print-file-name={file}"))
        .output();
    linker.is_ok_and(|output| {
        let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let path = std::path::Path::new(&path);
        output.status.success() && path.is_absolute() && path.is_file()
    })
}

/// `build.rs` links GCC's unwinder from its static archive when the linker
/// driver has one, so the binary does not load `libgcc_s.so.1` (whose
/// constructor runs a dozen `cpuid` instructions, dear in a virtual
/// machine) at each start. A binary that needs the library names it in its
/// dynamic string table.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_does_not_load_libgcc_s_when_the_static_unwinder_is_there() {
    let binary = std::fs::read(env!("CARGO_BIN_EXE_charter")).expect("the binary is readable");
    let names_libgcc_s = binary
        .windows(b"libgcc_s.so".len())
        .any(|window| window == b"libgcc_s.so");
    assert_eq!(
        names_libgcc_s,
        !cc_has("libgcc_eh.a"),
        "the binary names libgcc_s.so exactly when cc has no libgcc_eh.a"
    );
}

/// `build.rs` links glibc statically when the driver has its archives and
/// the build did not ask for it shared (`CHARTER_DYNAMIC_GLIBC`, or
/// `CHARTER_PIE`): the binary then has no program header naming a dynamic
/// loader (`PT_INTERP`), so none runs at its start.
#[cfg(all(target_os = "linux", target_env = "gnu", target_pointer_width = "64"))]
#[test]
fn the_binary_needs_no_dynamic_loader_when_glibc_s_archives_are_there() {
    const PT_DYNAMIC: u32 = 2;
    const PT_INTERP: u32 = 3;
    let binary = std::fs::read(env!("CARGO_BIN_EXE_charter")).expect("the binary is readable");
    let u16_at = |at: usize| u16::from_le_bytes([binary[at], binary[at + 1]]) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(binary[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(binary[at..at + 8].try_into().unwrap()) as usize;
    assert_eq!(&binary[..5], b"\x7fELF\x02", "a 64-bit ELF file");
    // ELF64's header: the program headers' offset, entry size and count.
    let (offset, size, count) = (u64_at(32), u16_at(54), u16_at(56));
    let has = |kind: u32| (0..count).any(|i| u32_at(offset + i * size) == kind);
    let (has_interpreter, has_dynamic) = (has(PT_INTERP), has(PT_DYNAMIC));
    // A loader named with no libraries for it to load is a binary that
    // crashes at start (a static C library linked into a dynamic link).
    assert_eq!(
        has_interpreter, has_dynamic,
        "the binary names a dynamic loader exactly when it has a dynamic section"
    );
    let archives = [
        "libc.a",
        "libm.a",
        "libpthread.a",
        "libdl.a",
        "librt.a",
        "libutil.a",
    ];
    // As `build.rs` judges it: the unwinder, and GCC's runtime that `c` is
    // grouped with, besides glibc's archives.
    let static_glibc = cc_has("libgcc_eh.a")
        && cc_has("libgcc.a")
        && archives.iter().all(|archive| cc_has(archive))
        && option_env!("CHARTER_PIE").is_none()
        && option_env!("CHARTER_DYNAMIC_GLIBC").is_none();
    assert_eq!(
        has_interpreter, !static_glibc,
        "the binary names a dynamic loader exactly when glibc is not linked in"
    );
}
