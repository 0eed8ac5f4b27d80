//! The formatter's oracle: whatever parses without errors formats to a
//! file that means the same (same tree, same comments) and that formats to
//! itself (idempotence). The formatter's own safety net is bypassed
//! (`format_unverified`) so a printer bug is a crash, not a silent no-op.
#![no_main]

use charter::fmt::{format_unverified, verify};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(once) = format_unverified(charter::text::FileId::default(), text) else {
        return;
    };
    assert!(
        verify::equivalent(text, &once),
        "meaning changed:\n--- input\n{text}\n--- formatted\n{once}"
    );
    let twice = format_unverified(charter::text::FileId::default(), &once).expect("formatted output parses");
    assert_eq!(once, twice, "not idempotent:\n--- input\n{text:?}");
});
