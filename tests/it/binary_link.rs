//! How the `charter` binary is linked (`build.rs`): on Linux with glibc, a
//! fixed-address executable, so the dynamic loader has no relocations to
//! apply at each start (unless the build asked for PIE), with GCC's
//! unwinder linked in rather than loaded.

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

/// `build.rs` links GCC's unwinder from its static archive when the linker
/// driver has one, so the binary does not load `libgcc_s.so.1` (whose
/// constructor runs a dozen `cpuid` instructions, dear in a virtual
/// machine) at each start. A binary that needs the library names it in its
/// dynamic string table.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_does_not_load_libgcc_s_when_the_static_unwinder_is_there() {
    let linker = std::process::Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output();
    let static_unwinder = linker.is_ok_and(|output| {
        // As `build.rs` judges it: a driver without the archive prints its
        // name back, not a path to a file.
        let path = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        let path = std::path::Path::new(&path);
        output.status.success() && path.is_absolute() && path.is_file()
    });
    let binary = std::fs::read(env!("CARGO_BIN_EXE_charter")).expect("the binary is readable");
    let names_libgcc_s = binary
        .windows(b"libgcc_s.so".len())
        .any(|window| window == b"libgcc_s.so");
    assert_eq!(
        names_libgcc_s, !static_unwinder,
        "the binary names libgcc_s.so exactly when cc has no libgcc_eh.a"
    );
}
