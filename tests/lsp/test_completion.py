"""Completion: heads legal in the block, modifiers, references in scope,
units, templates and standard modules."""

from lsprotocol import types

from support import change_doc, open_doc


async def complete(client, uri, text, marker="|"):
    before = text[: text.index(marker)]
    line = before.count("\n")
    column = len(before.split("\n")[-1])
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=column),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    return [item.label for item in items]


async def edit_and_complete(client, path, text):
    uri = await open_doc(client, path, text.replace("|", ""))
    return await complete(client, uri, text)


async def test_heads_legal_in_the_block(client):
    path = client.workspace_root / "c.charter"
    labels = await edit_and_complete(
        client, path, "spec s {\n    agent a {\n        task t {\n            |\n        }\n    }\n}\n"
    )
    assert {"goal", "after", "verify", "write"} <= set(labels)
    assert "agent" not in labels and "title" not in labels
    labels = await edit_and_complete(client, path, "spec s {\n    |\n}\n")
    assert {"title", "intent", "agent", "governance", "waive"} <= set(labels)
    assert "goal" not in labels


async def test_references_in_scope_after_a_dot(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text().replace(
        "verify check.schema_diff\n", "verify check.schema_diff, test.|\n", 1
    )
    labels = await edit_and_complete(client, path, text)
    assert {"repo_parity", "api_snapshots", "model_shapes"} <= set(labels)
    assert "schema_diff" not in labels  # a check, not a test


async def test_task_and_agent_references(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text().replace("after  models.define_models", "after  |", 1)
    labels = await edit_and_complete(client, path, text)
    assert "models.define_models" in labels
    assert "queries.drop_typeorm" in labels


async def test_modifiers_and_enum_words(client):
    path = client.workspace_root / "c.charter"
    labels = await edit_and_complete(client, path, "spec s {\n    autonomy |\n}\n")
    assert labels == ["paired", "supervised", "autonomous"]
    labels = await edit_and_complete(
        client, path, 'spec s {\n    verify {\n        test a "x" |\n    }\n}\n'
    )
    assert "timeout" in labels


async def test_units_after_a_number(client):
    path = client.workspace_root / "c.charter"
    labels = await edit_and_complete(
        client, path, 'spec s {\n    verify {\n        test a "x" timeout 15|\n    }\n}\n'
    )
    assert {"15ms", "15s", "15m", "15h"} <= set(labels)
    assert "15MB" not in labels


async def test_templates_and_std_modules(client):
    path = client.workspace_root / "c.charter"
    labels = await edit_and_complete(client, path, "use std::|\n")
    assert {"migration", "refactor", "subsystem"} <= set(labels)
    labels = await edit_and_complete(client, path, "use std::refactor\n\nspec s extends |\n")
    assert "refactor" in labels
