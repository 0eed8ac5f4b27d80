"""Hover: statement docs from the statement table, a task's resolved write
scope, stage and the tasks beside it, a quantity normalised, a
diagnostic's page from the rule registry."""

from lsprotocol import types

from support import change_doc, open_doc, position_of


async def hover(client, uri, position):
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    assert result is not None
    return result.contents.value


async def test_hover_on_a_statement_head(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    shown = await hover(client, uri, position_of(text, "rollback \"scripts", offset=2))
    assert "rollback" in shown
    shown = await hover(client, uri, position_of(text, "autonomy supervised", offset=1))
    assert "How much a person reviews" in shown


async def test_hover_on_a_task_shows_scope_stage_and_neighbours(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    shown = await hover(client, uri, position_of(text, "task baseline", offset=6))
    assert "`migrations.baseline`" in shown
    assert "`prisma/migrations/**`" in shown
    assert "**stage** 2" in shown
    assert "`queries.port_repositories`" in shown
    # On a reference too.
    shown = await hover(client, uri, position_of(text, "models.define_models", offset=9))
    assert "**stage** 1" in shown


async def test_hover_on_a_quantity_normalises_it(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    shown = await hover(client, uri, position_of(text, "timeout 15m", offset=9))
    assert "900000 ms" in shown
    assert "duration" in shown


async def test_hover_on_a_diagnostic_shows_the_rule_page(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    broken = text.replace('outcome "Every database', 'outcome "Fast: every database', 1)
    await change_doc(client, uri, broken, 2)
    shown = await hover(client, uri, position_of(broken, "Fast", offset=1))
    assert "U002" in shown and "vague-term" in shown


async def test_hover_on_an_agent_and_a_check(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    shown = await hover(client, uri, position_of(text, "agent queries", offset=7))
    assert "Ports the repositories" in shown
    shown = await hover(client, uri, position_of(text, "by test.repo_parity", offset=9))
    assert "npm run test:parity" in shown
