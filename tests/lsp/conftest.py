"""pytest-lsp fixtures: `charter lsp` driven by a real LSP client that
announces the capabilities of VS Code, then of Neovim.

The binary is `$CHARTER_BIN` (the runner builds it once and passes it).
"""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "stdlib-specs" / "examples"
CHARTER = os.environ.get("CHARTER_BIN") or str(REPO / "target" / "debug" / "charter")

CLIENTS = ["visual-studio-code", "neovim"]


@pytest.fixture
def workspace(tmp_path):
    """A writable copy of the bundled examples (a workspace root: it has `.git`)."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLES, root)
    (root / ".git").mkdir()
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[CHARTER, "lsp"]),
    params=CLIENTS,
)
async def client(request, lsp_client: LanguageClient, workspace):
    # Real clients accept the server's file watchers; record them as they would.
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    params = types.InitializeParams(
        capabilities=client_capabilities(request.param),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="ws")],
    )
    lsp_client.initialize_result = await lsp_client.initialize_session(params)
    lsp_client.workspace_root = workspace
    yield
    await lsp_client.shutdown_session()


def charter_fmt(text: str) -> str:
    """What `charter fmt -` prints for `text`."""
    done = subprocess.run(
        [CHARTER, "fmt", "-"], input=text, capture_output=True, text=True, check=True
    )
    return done.stdout
