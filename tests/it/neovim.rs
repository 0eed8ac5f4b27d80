//! Neovim itself (Debian's `neovim`, installed by `.ci/run`), headless, with
//! only `editors/neovim` added to its runtime path: the filetype is detected,
//! the filetype plugin sets its options and starts `charter lsp`, which
//! attaches. See tests/neovim/check.lua.

use std::path::Path;
use std::process::{Command, Output};

fn run_neovim(expect_lsp: bool) -> Output {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(work.path().join(".git")).expect("a workspace root");
    let spec = work.path().join("orm_migration.charter");
    std::fs::copy(
        repo.join("stdlib-specs/examples/orm_migration.charter"),
        &spec,
    )
    .expect("copy an example");
    let runtime = repo.join("editors/neovim");
    let charter = env!("CARGO_BIN_EXE_charter");
    let mut command = Command::new("nvim");
    command
        .args(["--headless", "--clean"])
        .arg("--cmd")
        .arg(format!("set runtimepath^={}", runtime.display()))
        .arg("--cmd")
        .arg(format!("let g:charter_lsp_cmd = ['{charter}', 'lsp']"));
    if !expect_lsp {
        command.arg("--cmd").arg("let g:charter_lsp_disable = 1");
    }
    command
        .arg("-c")
        .arg(format!(
            "luafile {}",
            repo.join("tests/neovim/check.lua").display()
        ))
        .env("CHARTER_SPEC", &spec)
        .env("CHARTER_EXPECT_LSP", if expect_lsp { "1" } else { "" })
        .env("HOME", work.path())
        .current_dir(work.path())
        .output()
        .expect("nvim runs (install Debian's `neovim`)")
}

fn assert_passed(output: &Output, steps: &[&str]) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "Neovim failed:\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for step in steps {
        assert!(stdout.contains(step), "step `{step}` missing:\n{stdout}");
    }
}

#[test]
fn neovim_detects_charter_files_and_sets_their_options() {
    let output = run_neovim(false);
    assert_passed(
        &output,
        &[
            "ok: filetype charter",
            "ok: ftplugin options",
            "ok: no client when disabled",
        ],
    );
}

#[test]
fn neovim_attaches_charter_lsp() {
    let output = run_neovim(true);
    assert_passed(
        &output,
        &[
            "ok: filetype charter",
            "ok: charter lsp attached",
            "ok: one server per workspace",
        ],
    );
}
