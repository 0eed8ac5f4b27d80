"""Drives `charter mcp` with the official MCP Python SDK (PyPI `mcp`), as a
coding agent would: lists the tools, checks a spec with a C001 conflict and
reads the witness, formats, builds a plan, draws the graph, creates a spec,
and sends bad arguments, which must come back as tool errors while the
server keeps answering.

Usage: python3 client.py CHARTER_BINARY REPOSITORY WORK_DIR
Run by tests/it/mcp_server.rs; exits non-zero on the first failed expectation.
"""

import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

CHARTER, REPO, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
TOOLS = {"check", "explain", "format", "build", "graph", "init"}


def structured(result):
    """The structured answer; the text content mirrors it as JSON."""
    assert result.structured_content is not None, result
    mirrored = json.loads(result.content[0].text)
    assert mirrored == result.structured_content, (mirrored, result.structured_content)
    return result.structured_content


def text(result):
    return "\n".join(c.text for c in result.content if c.type == "text")


async def call(session, name, arguments, *, error=False):
    result = await session.call_tool(name, arguments)
    assert bool(result.is_error) == error, f"{name}({arguments}): isError={result.is_error}: {text(result)}"
    return result


async def main():
    params = StdioServerParameters(command=CHARTER, args=["mcp"], cwd=WORK)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            info = await session.initialize()
            assert info.server_info.name == "charter", info.server_info

            # The tools, each with an object input schema.
            listed = (await session.list_tools()).tools
            assert {t.name for t in listed} == TOOLS, [t.name for t in listed]
            for tool in listed:
                assert tool.input_schema["type"] == "object", tool
                assert tool.description, tool
            build_schema = next(t for t in listed if t.name == "build").input_schema
            assert build_schema["required"] == ["path"], build_schema

            # A C001 conflict, by path and by text: the witness path is in the answer.
            fixture = os.path.join(REPO, "tests/fixtures/diagnostics/C001_fires.charter")
            answer = structured(await call(session, "check", {"paths": [fixture]}))
            conflicts = [d for d in answer["diagnostics"] if d["code"] == "C001"]
            assert conflicts, answer
            first = conflicts[0]
            assert first["name"] == "concurrent-write-overlap", first
            assert first["severity"] == "error", first
            assert "may both write `src/db/models/x`" in first["message"], first
            assert any("src/db/models/x" in label["message"] for label in first["labels"]), first
            assert first["labels"][0]["primary"] is True, first
            assert set(first["range"]) == {"start", "end"}, first
            assert answer["errors"] >= len(conflicts) and answer["files_checked"] == 1, answer

            with open(fixture, encoding="utf-8") as f:
                source = f.read()
            by_text = structured(await call(session, "check", {"source": source, "filename": "orm.charter"}))
            witnesses = {d["message"] for d in by_text["diagnostics"] if d["code"] == "C001"}
            assert witnesses == {d["message"] for d in conflicts}, (witnesses, conflicts)
            assert all(d["path"] == "orm.charter" for d in by_text["diagnostics"]), by_text
            # Positions are real ones, not a placeholder.
            assert any(d["range"]["start"]["line"] > 1 for d in by_text["diagnostics"]), by_text

            # The same JSON as `charter check --format json`.
            explained = await call(session, "explain", {"code": "C001"})
            assert "concurrent-write-overlap" in text(explained), text(explained)

            # Format: the canonical layout, comments kept.
            messy = 'spec   s{\ntitle "x" // kept\n  boundaries{write "a";deny "b"}}\n'
            formatted = structured(await call(session, "format", {"source": messy}))
            assert formatted["changed"] is True, formatted
            assert formatted["formatted"].startswith('spec s {\n    title "x"  // kept\n'), formatted
            again = structured(await call(session, "format", {"source": formatted["formatted"]}))
            assert again["changed"] is False, again
            broken = await call(session, "format", {"source": "spec s {\n"}, error=True)
            assert structured(broken)["diagnostics"][0]["code"].startswith("S"), text(broken)

            # Build: a plan for a clean spec, diagnostics instead for one with errors.
            example = os.path.join(REPO, "stdlib-specs/examples/orm_migration.charter")
            plan = structured(await call(session, "build", {"path": example}))["plan"]
            assert plan["format"] == "charter.plan/v1", plan.keys()
            assert plan["stages"] and plan["tasks"], plan.keys()
            refused = structured(await call(session, "build", {"path": fixture}, error=True))
            assert any(d["code"] == "C001" for d in refused["diagnostics"]), refused
            assert "not built" in refused["error"], refused

            graph = structured(await call(session, "graph", {"path": fixture}))
            assert graph["format"] == "mermaid" and "flowchart" in graph["graph"], graph
            dot = structured(await call(session, "graph", {"path": example, "format": "dot"}))
            assert dot["graph"].startswith("digraph"), dot

            # Init: the text, and the file when asked; never overwrites.
            made = structured(await call(session, "init", {"template": "refactor", "path": "new_spec.charter"}))
            assert "spec new_spec extends refactor" in made["text"], made
            with open(os.path.join(WORK, "new_spec.charter"), encoding="utf-8") as f:
                assert f.read() == made["text"]
            await call(session, "init", {"path": "new_spec.charter"}, error=True)
            placeholders = structured(await call(session, "check", {"paths": ["new_spec.charter"]}))
            assert any(d["code"] == "U010" for d in placeholders["diagnostics"]), placeholders

            # Bad arguments are tool errors, and the server keeps answering.
            bad = [
                ("check", {}),
                ("check", {"paths": 5}),
                ("check", {"paths": ["a.charter"], "source": "spec x {}"}),
                ("check", {"paths": ["does/not/exist.charter"]}),
                ("check", {"pathz": ["x"]}),
                ("explain", {"code": "Z999"}),
                ("explain", {"code": ["C001"]}),
                ("format", {}),
                ("build", {}),
                ("build", {"path": "missing.charter"}),
                ("graph", {"path": example, "format": "svg"}),
                ("init", {"template": "no_such_template"}),
            ]
            for name, arguments in bad:
                result = await call(session, name, arguments, error=True)
                assert text(result), (name, arguments)
            listed_again = await call(session, "explain", {})
            assert "C001 concurrent-write-overlap" in text(listed_again)
    print("mcp client: all expectations met")


asyncio.run(main())
