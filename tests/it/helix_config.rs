//! The Helix configuration in editors/helix: its languages.toml entries parse
//! and name what the rest of the repository defines (the `charter` file type,
//! `charter lsp`, the tree-sitter grammar), and its indents query compiles
//! against the grammar with the real `tree-sitter` CLI.

use std::path::Path;

use crate::support;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn languages_toml_describes_charter() {
    let text = std::fs::read_to_string(repo().join("editors/helix/languages.toml"))
        .expect("editors/helix/languages.toml");
    let config: toml::Table = toml::from_str(&text).expect("valid TOML");

    let languages = config["language"].as_array().expect("[[language]]");
    let charter = languages
        .iter()
        .find(|l| l["name"].as_str() == Some("charter"))
        .expect("a `charter` language");
    assert_eq!(charter["scope"].as_str(), Some("source.charter"));
    assert_eq!(
        charter["file-types"].as_array().map(|a| a.len()),
        Some(1),
        "{charter:?}"
    );
    assert_eq!(charter["file-types"][0].as_str(), Some("charter"));
    assert_eq!(charter["comment-token"].as_str(), Some("//"));
    let servers = charter["language-servers"]
        .as_array()
        .expect("language-servers");
    let server_name = servers[0].as_str().expect("a server name");

    let server = &config["language-server"][server_name];
    assert_eq!(server["command"].as_str(), Some("charter"));
    assert_eq!(
        server["args"]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>()),
        Some(vec!["lsp"])
    );

    let grammars = config["grammar"].as_array().expect("[[grammar]]");
    let grammar = grammars
        .iter()
        .find(|g| g["name"].as_str() == Some("charter"))
        .expect("a `charter` grammar");
    let path = grammar["source"]["path"].as_str().expect("source.path");
    assert!(path.ends_with("grammar/tree-sitter-charter"), "{path}");
    // The grammar the entry points at names itself `charter`, with that scope.
    let ts: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("grammar/tree-sitter-charter/tree-sitter.json"))
            .expect("tree-sitter.json"),
    )
    .expect("JSON");
    assert_eq!(ts["grammars"][0]["name"], "charter");
    assert_eq!(ts["grammars"][0]["scope"], "source.charter");
}

#[test]
fn helix_indents_query_compiles() {
    let grammar = repo().join("grammar/tree-sitter-charter");
    let output = support::tree_sitter(
        &grammar,
        [
            std::ffi::OsStr::new("query"),
            repo()
                .join("editors/helix/queries/charter/indents.scm")
                .as_os_str(),
            repo()
                .join("stdlib-specs/examples/orm_migration.charter")
                .as_os_str(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("indent") && stdout.contains("outdent"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
