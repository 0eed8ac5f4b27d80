"""Formatting (the same result as `charter fmt`) and code actions."""

from lsprotocol import types

from conftest import charter_fmt
from support import open_doc, position_of
from test_navigation import apply


async def test_formatting_matches_charter_fmt(client):
    path = client.workspace_root / "messy.charter"
    text = 'spec s {\n  title "t"; autonomy   paired\n      intent {  outcome "o" }\n}\n'
    uri = await open_doc(client, path, text)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert apply(text, edits) == charter_fmt(text)
    assert charter_fmt(text) != text


async def test_formatting_an_example_matches_charter_fmt(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert apply(text, edits) == charter_fmt(text)
    # Formatting the result again changes nothing.
    uri = await open_doc(client, client.workspace_root / "formatted.charter", charter_fmt(text))
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            options=types.FormattingOptions(tab_size=4, insert_spaces=True),
        )
    )
    assert list(edits) == []


async def actions_at(client, uri, range_):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=range_,
            context=types.CodeActionContext(diagnostics=[]),
        )
    )


async def test_waive_action_inserts_a_waiver_with_a_reason_placeholder(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text().replace('outcome "Every database', 'outcome "Fast: every database', 1)
    uri = await open_doc(client, path, text)
    at = position_of(text, "Fast", offset=1)
    actions = await actions_at(client, uri, types.Range(start=at, end=at))
    waive = next(a for a in actions if a.title.startswith("Waive U002"))
    fixed = apply(text, waive.edit.changes[uri])
    assert 'waive U002 "<reason>"' in fixed
    # The waiver sits in a block that takes one, and silences the finding.
    diagnostics = await change(client, uri, fixed)
    codes = {d.code for d in diagnostics}
    assert "U002" not in codes


async def test_c001_action_adds_the_missing_after(client):
    path = client.workspace_root / "overlap.charter"
    text = (
        'spec s {\n'
        '    intent {\n        outcome "o"\n        success ok "the suite passes" by test.all\n    }\n'
        '    verify {\n        test all "make test"\n    }\n'
        '    agent a {\n        write "src/**"\n        task one {\n            goal "write the code"\n        }\n    }\n'
        '    agent b {\n        write "src/lib/**"\n        task two {\n            goal "write the library"\n        }\n    }\n'
        '}\n'
    )
    uri = await open_doc(client, path, text)
    c001 = [d for d in client.diagnostics[uri] if d.code == "C001"]
    assert c001, client.diagnostics[uri]
    actions = await actions_at(client, uri, c001[0].range)
    add = next(a for a in actions if a.title.startswith("Add `after"))
    fixed = apply(text, add.edit.changes[uri])
    assert "after a.one" in fixed
    diagnostics = await change(client, uri, fixed)
    assert "C001" not in {d.code for d in diagnostics}


VERSION = [10]


async def change(client, uri, text):
    from support import change_doc

    VERSION[0] += 1
    return await change_doc(client, uri, text, VERSION[0])


async def test_a_diagnostics_fix_is_a_preferred_quick_fix(client):
    path = client.workspace_root / "typo.charter"
    text = 'spec s {\n    titel "t"\n}\n'
    uri = await open_doc(client, path, text)
    e004 = next(d for d in client.diagnostics[uri] if d.code == "E004")
    actions = await actions_at(client, uri, e004.range)
    fix = next(a for a in actions if a.title == "replace `titel` with `title`")
    assert fix.is_preferred
    assert apply(text, fix.edit.changes[uri]) == text.replace("titel", "title")
