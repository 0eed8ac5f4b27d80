//! `charter mcp` driven by a real MCP client: the official Python SDK (PyPI
//! `mcp`, installed by `.ci/run`) runs tests/mcp/client.py against the binary.

use std::path::Path;
use std::process::Command;

#[test]
fn a_real_mcp_client_lists_checks_formats_and_builds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("temp dir");
    let output = Command::new("python3")
        .arg(repo.join("tests/mcp/client.py"))
        .arg(env!("CARGO_BIN_EXE_charter"))
        .arg(repo)
        .arg(work.path())
        .output()
        .expect("python3 runs (the MCP client needs `python3 -m pip install mcp`)");
    assert!(
        output.status.success(),
        "the MCP client failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("all expectations met"));
}
