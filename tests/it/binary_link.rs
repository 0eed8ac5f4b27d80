//! How the `charter` binary is linked (`build.rs`): a fixed-address
//! executable on Linux with glibc, so the dynamic loader has no relocations
//! to apply at each start, unless the build asked for PIE.

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
