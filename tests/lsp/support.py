"""Helpers shared by the LSP tests."""

import asyncio
import pathlib

from lsprotocol import types
from pytest_lsp import LanguageClient


def create_files(client: LanguageClient, files: dict[pathlib.Path, str]):
    """Writes `files` on disk and reports them created, as an editor whose
    file watcher saw them would.

    The server scans the workspace right after `initialize`, while the test
    goes on: a file written then may be read half-written (empty) by the
    scan, and only the watcher's event makes the server read it again.
    """
    for path, text in files.items():
        path.write_text(text)
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[
                types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Created)
                for path in files
            ]
        )
    )


async def open_doc(client: LanguageClient, path: pathlib.Path, text: str | None = None):
    """Opens `path` (with `text`, else its contents) and waits for its diagnostics."""
    uri = path.as_uri()
    if text is None:
        text = path.read_text()
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="charter", version=1, text=text
            )
        )
    )
    await wait_diagnostics(client, uri)
    return uri


async def wait_diagnostics(client: LanguageClient, uri: str, timeout: float = 10.0):
    """Waits until diagnostics for `uri` have arrived."""
    deadline = asyncio.get_event_loop().time() + timeout
    while uri not in client.diagnostics:
        if asyncio.get_event_loop().time() > deadline:
            raise AssertionError(f"no diagnostics for {uri}")
        await asyncio.sleep(0.02)
    return client.diagnostics[uri]


async def change_doc(client: LanguageClient, uri: str, text: str, version: int):
    """Replaces the whole text and waits for the new diagnostics."""
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    return await wait_diagnostics(client, uri)


def position_of(text: str, needle: str, nth: int = 0, offset: int = 0) -> types.Position:
    """The position (UTF-16 columns) of the `nth` occurrence of `needle`, plus `offset` characters."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    at += offset
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    column = len(text[start:at].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column)


def line_of(text: str, needle: str, nth: int = 0) -> int:
    return position_of(text, needle, nth).line


def codes(diagnostics) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)
