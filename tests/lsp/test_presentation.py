"""Semantic tokens, inlay hints (the stage of each task), folding ranges."""

from lsprotocol import types

from support import line_of, open_doc, position_of


async def test_semantic_tokens_mark_heads_names_strings_and_comments(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    result = await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    types_ = client.initialize_result.capabilities.semantic_tokens_provider.legend.token_types
    decoded = {}
    line = column = 0
    data = result.data
    assert len(data) % 5 == 0 and data
    for i in range(0, len(data), 5):
        dl, dc, length, ty, mods = data[i : i + 5]
        line += dl
        column = column + dc if dl == 0 else dc
        decoded[(line, column)] = (length, types_[ty], mods)
    comment = decoded[(0, 0)]
    assert comment[1] == "comment"
    use = position_of(text, "use std::migration")
    assert decoded[(use.line, use.character)][1] == "keyword"
    task = position_of(text, "task define_models", offset=5)
    assert decoded[(task.line, task.character)][1] == "function"
    assert decoded[(task.line, task.character)][2] & 1  # declaration
    title = position_of(text, '"Move the order')
    assert decoded[(title.line, title.character)][1] == "string"


async def test_inlay_hints_show_each_tasks_stage(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(
                start=types.Position(line=0, character=0),
                end=types.Position(line=text.count("\n") + 1, character=0),
            ),
        )
    )
    by_line = {h.position.line: h.label for h in hints}
    assert by_line[line_of(text, "task define_models")] == "stage 1"
    assert by_line[line_of(text, "task port_repositories")] == "stage 2"
    assert by_line[line_of(text, "task drop_typeorm")] == "stage 3"
    assert by_line[line_of(text, "task baseline")] == "stage 2"


async def test_folding_ranges_cover_blocks_and_comment_runs(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    ranges = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    starts = {(r.start_line, r.kind) for r in ranges}
    assert (line_of(text, "spec typeorm_to_prisma"), "region") in starts
    assert (line_of(text, "    intent {"), "region") in starts
    assert (0, "comment") in starts
