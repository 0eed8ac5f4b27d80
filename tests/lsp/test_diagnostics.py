"""Diagnostics pushed on open, change and save; importers re-checked;
`charter.toml` changes re-check everything; a created import clears E001."""

from lsprotocol import types

from support import change_doc, codes, create_files, open_doc, position_of, wait_diagnostics


async def test_bundled_examples_open_clean(client):
    root = client.workspace_root
    for path in sorted(root.glob("*.charter")):
        uri = await open_doc(client, path)
        errors = [d for d in client.diagnostics[uri] if d.severity == types.DiagnosticSeverity.Error]
        assert errors == [], (path.name, errors)


async def test_an_edit_reports_and_a_fix_clears(client):
    path = client.workspace_root / "orm_migration.charter"
    text = path.read_text()
    uri = await open_doc(client, path)
    broken = text.replace("after  models.define_models", "after  models.define_modls", 1)
    diagnostics = await change_doc(client, uri, broken, 2)
    assert "E001" in codes(diagnostics)
    e001 = next(d for d in diagnostics if d.code == "E001")
    assert e001.source == "charter"
    assert e001.range.start.line == broken[: broken.index("define_modls")].count("\n")
    diagnostics = await change_doc(client, uri, text, 3)
    assert "E001" not in codes(diagnostics)


async def test_incremental_change_applies_ranges(client):
    path = client.workspace_root / "orm_migration.charter"
    uri = await open_doc(client, path)
    text = path.read_text()
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=position_of(text, "autonomy supervised", offset=9),
                        end=position_of(text, "autonomy supervised", offset=19),
                    ),
                    text="reckless",
                )
            ],
        )
    )
    diagnostics = await wait_diagnostics(client, uri)
    assert "E003" in codes(diagnostics), diagnostics


async def test_importers_are_rechecked_when_an_import_changes(client):
    root = client.workspace_root
    lib = root / "lib.charter"
    main = root / "main.charter"
    create_files(
        client,
        {
            lib: 'template base {\n    title "base"\n}\n',
            main: 'use "lib.charter"\n\nspec s extends base {\n    title "s"\n}\n',
        },
    )
    main_uri = await open_doc(client, main)
    assert "E001" not in codes(client.diagnostics[main_uri])
    lib_uri = await open_doc(client, lib)
    client.diagnostics.pop(main_uri, None)
    await change_doc(client, lib_uri, 'template renamed {\n    title "base"\n}\n', 2)
    diagnostics = await wait_diagnostics(client, main_uri)
    assert "E001" in codes(diagnostics)


async def test_creating_a_missing_import_clears_e001(client):
    root = client.workspace_root
    main = root / "needs.charter"
    main.write_text('use "later.charter"\n\nspec s extends later_t {\n    title "s"\n}\n')
    uri = await open_doc(client, main)
    assert "E001" in codes(client.diagnostics[uri])
    client.diagnostics.pop(uri, None)
    create_files(client, {root / "later.charter": 'template later_t {\n    title "t"\n}\n'})
    diagnostics = await wait_diagnostics(client, uri)
    assert "E001" not in codes(diagnostics), diagnostics


async def test_charter_toml_changes_recheck_everything(client):
    root = client.workspace_root
    path = root / "orm_migration.charter"
    text = path.read_text().replace('outcome "Every database', 'outcome "Fast: every database', 1)
    uri = await open_doc(client, path, text)
    assert "U002" in codes(client.diagnostics[uri])
    client.diagnostics.pop(uri, None)
    create_files(client, {root / "charter.toml": '[levels]\nvague-term = "allow"\n'})
    diagnostics = await wait_diagnostics(client, uri)
    assert "U002" not in codes(diagnostics)


async def test_save_republishes(client):
    path = client.workspace_root / "orm_migration.charter"
    uri = await open_doc(client, path)
    client.diagnostics.pop(uri, None)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await wait_diagnostics(client, uri)


async def test_ranges_count_utf16_columns(client):
    # `é` is one UTF-16 unit (two bytes), `𝄞` two units (four bytes): the
    # misspelled head after them starts at UTF-16 column 23 of its line.
    path = client.workspace_root / "unicode.charter"
    text = 'spec s {\n    title "é𝄞"; writ "x"\n}\n'
    uri = await open_doc(client, path, text)
    e004 = next(d for d in client.diagnostics[uri] if d.code == "E004")
    line = text.split("\n")[1]
    prefix = line[: line.index("writ")]
    assert len(prefix.encode("utf-16-le")) // 2 == 17
    assert e004.range.start == types.Position(line=1, character=17)
    assert e004.range.end == types.Position(line=1, character=21)
