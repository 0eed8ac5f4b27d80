"""Neovim itself (headless) as the client; see nvim/e2e.lua."""

import os
import pathlib
import shutil
import subprocess

from conftest import CHARTER, EXAMPLES

SCRIPT = pathlib.Path(__file__).parent / "nvim" / "e2e.lua"


def test_neovim_opens_a_spec_follows_a_definition_and_renames_a_task(tmp_path):
    nvim = shutil.which("nvim")
    assert nvim, "Neovim is not installed (.ci/run installs Debian's `neovim`)"
    (tmp_path / ".git").mkdir()
    spec = tmp_path / "orm_migration.charter"
    text = (EXAMPLES / "orm_migration.charter").read_text()
    spec.write_text(text.replace('outcome "Every database', 'outcome "Fast: every database', 1))
    env = dict(os.environ, CHARTER_BIN=CHARTER, CHARTER_SPEC=str(spec), HOME=str(tmp_path))
    done = subprocess.run(
        [nvim, "--headless", "--clean", "-u", "NONE", "-c", f"luafile {SCRIPT}"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
