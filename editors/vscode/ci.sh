#!/usr/bin/env bash
# Builds and tests the VS Code extension as CI does: install, compile, the
# TextMate grammar's scope assertions, the client's restart policy, then
# package a .vsix and check that it holds what VS Code loads (the grammar,
# the client, the language configuration).
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error
npm run --silent compile
npm run --silent test:grammar
npm run --silent test:unit
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx vsce package --allow-missing-repository --skip-license --out "$out/charter.vsix" >/dev/null
python3 - "$out/charter.vsix" <<'PY'
import json, sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
required = [
    "extension/package.json",
    "extension/syntaxes/charter.tmLanguage.json",
    "extension/language-configuration.json",
    "extension/snippets/charter.json",
    "extension/out/extension.js",
    "extension/out/restart.js",
    "extension/node_modules/vscode-languageclient/package.json",
]
missing = [n for n in required if n not in names]
manifest = json.loads(zipfile.ZipFile(sys.argv[1]).read("extension/package.json"))
for path in [manifest["main"]] + [g["path"] for g in manifest["contributes"]["grammars"]] \
        + [l["configuration"] for l in manifest["contributes"]["languages"]]:
    entry = "extension/" + path.removeprefix("./")
    if entry not in names:
        missing.append(entry)
leaked = sorted(n for n in names if n.startswith(("extension/src/", "extension/test/")))
if missing or leaked:
    sys.exit(f"vsix: missing {missing}, should not ship {leaked}")
print(f"vsix ok: {len(names)} files, grammar, client and language configuration present")
PY
