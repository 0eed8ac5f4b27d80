"""Go to definition, find references and rename."""

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from support import create_files, line_of, open_doc, position_of


def pos(uri, position):
    return dict(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position
    )


async def definition(client, uri, position):
    result = await client.text_document_definition_async(
        types.DefinitionParams(**pos(uri, position))
    )
    if isinstance(result, list):
        assert len(result) == 1
        result = result[0]
    return result


async def test_definition_of_tasks_checks_agents_and_templates(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)

    # `after models.define_models` → `task define_models`.
    found = await definition(client, uri, position_of(text, "models.define_models", offset=8))
    assert found.uri == uri
    assert found.range.start == position_of(text, "task define_models", offset=5)

    # The agent half of the same path → `agent models`.
    found = await definition(client, uri, position_of(text, "models.define_models", offset=1))
    assert found.range.start == position_of(text, "agent models", offset=6)

    # `by test.repo_parity` → the check in `verify`.
    found = await definition(client, uri, position_of(text, "by test.repo_parity", offset=9))
    assert found.range.start.line == line_of(text, "test  repo_parity")

    # `from models` in a contract → the agent.
    found = await definition(client, uri, position_of(text, "from   models", offset=8))
    assert found.range.start == position_of(text, "agent models", offset=6)

    # `extends migration` → the template in the standard library, opened read-only.
    found = await definition(client, uri, position_of(text, "extends migration", offset=9))
    assert found.uri.endswith("/migration.charter")
    assert found.uri != uri

    # `use std::migration` → the module's file.
    found = await definition(client, uri, position_of(text, "use std::migration", offset=10))
    assert found.uri.endswith("/migration.charter")


async def test_definition_into_an_imported_file(client):
    root = client.workspace_root
    main = root / "main.charter"
    text = 'use "lib.charter" as lib\n\nspec s extends lib.base {\n    title "s"\n}\n'
    create_files(client, {root / "lib.charter": 'template base {\n    title "base"\n}\n', main: text})
    uri = await open_doc(client, main)
    found = await definition(client, uri, position_of(text, "lib.base", offset=5))
    assert found.uri == (root / "lib.charter").as_uri()
    assert found.range.start == types.Position(line=0, character=9)
    found = await definition(client, uri, position_of(text, '"lib.charter"', offset=3))
    assert found.uri == (root / "lib.charter").as_uri()


async def test_references_of_a_task(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            **pos(uri, position_of(text, "task define_models", offset=6)),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    lines = sorted(loc.range.start.line for loc in found)
    assert lines == sorted(
        [
            line_of(text, "task define_models"),
            line_of(text, "after  models.define_models", 0),
            line_of(text, "after  models.define_models", 1),
        ]
    )


async def test_references_of_a_check(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    found = await client.text_document_references_async(
        types.ReferenceParams(
            **pos(uri, position_of(text, "test  repo_parity", offset=7)),
            context=types.ReferenceContext(include_declaration=False),
        )
    )
    # `by test.repo_parity` and three `verify` lists.
    assert len(found) == text.count("test.repo_parity")


async def test_rename_a_task_edits_every_reference(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    edit = await client.text_document_rename_async(
        types.RenameParams(
            **pos(uri, position_of(text, "models.define_models", offset=10)),
            new_name="shape_models",
        )
    )
    edits = edit.changes[uri]
    assert len(edits) == 3
    renamed = apply(text, edits)
    assert "task shape_models" in renamed
    assert renamed.count("models.shape_models") == 2
    assert "define_models" not in renamed


async def test_rename_an_agent_renames_task_paths(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    edit = await client.text_document_rename_async(
        types.RenameParams(**pos(uri, position_of(text, "agent models", offset=7)), new_name="schema")
    )
    renamed = apply(text, edit.changes[uri])
    assert "agent schema" in renamed
    assert "after  schema.define_models" in renamed
    assert "from   schema" in renamed
    assert renamed.count("schema.define_models") == 2
    assert renamed.count("from   schema") == 2
    assert len(edit.changes[uri]) == 5


async def test_prepare_rename(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    result = await client.text_document_prepare_rename_async(
        types.PrepareRenameParams(**pos(uri, position_of(text, "task baseline", offset=6)))
    )
    assert result.placeholder == "baseline"
    with pytest.raises(JsonRpcException):
        await client.text_document_prepare_rename_async(
            types.PrepareRenameParams(**pos(uri, position_of(text, "extends migration", offset=9)))
        )


@pytest.mark.parametrize("name", ["1st", "has space", "by", "a-b"])
async def test_rename_refuses_a_non_identifier(client, name):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    with pytest.raises(JsonRpcException, match="not a name"):
        await client.text_document_rename_async(
            types.RenameParams(**pos(uri, position_of(text, "task baseline", offset=6)), new_name=name)
        )


async def test_rename_refuses_a_collision(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    with pytest.raises(JsonRpcException, match="already exists"):
        await client.text_document_rename_async(
            types.RenameParams(
                **pos(uri, position_of(text, "task drop_typeorm", offset=6)),
                new_name="port_repositories",
            )
        )
    with pytest.raises(JsonRpcException, match="already exists"):
        await client.text_document_rename_async(
            types.RenameParams(**pos(uri, position_of(text, "agent queries", offset=7)), new_name="models")
        )


def apply(text, edits):
    """Applies non-overlapping text edits (UTF-16 positions; the examples are ASCII)."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(p):
        return offsets[p.line] + p.character

    for edit in sorted(edits, key=lambda e: at(e.range.start), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


async def test_std_modules_open_read_only_and_navigate(client):
    import os
    import urllib.parse

    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    found = await definition(client, uri, position_of(text, "extends migration", offset=9))
    std_path = urllib.parse.unquote(urllib.parse.urlparse(found.uri).path)
    # No write permission for anyone (root ignores it, so check the mode).
    assert not (os.stat(std_path).st_mode & 0o222)
    # Opened in the editor, the module is the bundled one: clean, and its
    # names resolve inside it.
    import pathlib

    std_text = pathlib.Path(std_path).read_text()
    std_uri = await open_doc(client, pathlib.Path(std_path))
    assert [d for d in client.diagnostics[std_uri] if d.severity == 1] == []
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=std_uri))
    )
    assert symbols[0].name == "migration"
    assert "template migration" in std_text
