"""Document and workspace symbols."""

from lsprotocol import types

from support import open_doc


async def test_document_symbols_are_the_outline(client):
    path = client.workspace_root / "orm_migration.charter"
    uri = await open_doc(client, path)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    [spec] = symbols
    assert spec.name == "typeorm_to_prisma"
    children = {c.name: c for c in spec.children}
    assert {"intent", "boundaries", "verify", "models", "queries", "migrations", "governance"} <= set(children)
    assert [t.name for t in children["queries"].children if t.kind == types.SymbolKind.Function] == [
        "port_repositories",
        "drop_typeorm",
    ]
    assert {c.name for c in children["verify"].children} >= {"repo_parity", "schema_diff"}


async def test_workspace_symbols_search_every_spec(client):
    path = client.workspace_root / "orm_migration.charter"
    await open_doc(client, path)
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="port_repo"))
    names = {s.name for s in found}
    assert "queries.port_repositories" in names
    # A spec the client never opened is found too.
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    files = {s.location.uri.rsplit("/", 1)[-1] for s in found}
    assert "analytics_pipeline.charter" in files
