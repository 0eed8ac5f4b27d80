"""Unknown methods, invalid parameters and documents the server never saw
are errors in replies, never a crash: the server keeps answering."""

import pytest
from lsprotocol import types
from pygls.exceptions import JsonRpcException

from support import open_doc


async def test_unknown_method_invalid_params_and_unknown_document(client):
    with pytest.raises(JsonRpcException):
        await client.protocol.send_request_async("charter/noSuchMethod", {})
    with pytest.raises(JsonRpcException, match="not open"):
        await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri="file:///nowhere.charter"),
                position=types.Position(line=0, character=0),
            )
        )
    # Positions past the end are clamped.
    path = client.workspace_root / "orm_migration.charter"
    uri = await open_doc(client, path)
    await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=10_000, character=10_000),
        )
    )
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert symbols


async def test_garbage_text_never_crashes(client):
    path = client.workspace_root / "garbage.charter"
    uri = await open_doc(client, path, 'spec { agent "\x00 }}} /* \n task . . :: <= {{{')
    for line in range(2):
        for character in range(0, 30, 3):
            position = types.Position(line=line, character=character)
            doc = types.TextDocumentIdentifier(uri=uri)
            await client.text_document_hover_async(types.HoverParams(text_document=doc, position=position))
            await client.text_document_completion_async(
                types.CompletionParams(text_document=doc, position=position)
            )
            await client.text_document_definition_async(
                types.DefinitionParams(text_document=doc, position=position)
            )
    await client.text_document_semantic_tokens_full_async(
        types.SemanticTokensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
