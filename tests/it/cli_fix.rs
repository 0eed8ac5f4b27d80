//! `charter check --fix` applies the safe fixes diagnostics carry (the
//! mechanism the language server offers as quick fixes) and says what it
//! changed.

use std::process::Command;

#[test]
fn check_fix_repairs_a_misspelled_head_and_reports_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let spec = dir.path().join("s.charter");
    let text = "spec s {\n    titel \"t\"\n    autonomy paired\n}\n";
    std::fs::write(&spec, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["check", "--fix", "s.charter"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("fixed s.charter:2:5 E004: replace `titel` with `title`"),
        "{stderr}"
    );
    let fixed = std::fs::read_to_string(&spec).unwrap();
    assert_eq!(fixed, text.replace("titel", "title"));
    // The report is about the fixed file: no E004 left.
    assert!(!stderr.contains("[E004"), "{stderr}");

    // Without --fix, nothing is written.
    std::fs::write(&spec, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["check", "s.charter"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("[E004"));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), text);
}
