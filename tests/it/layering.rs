//! The layers of the library in `src/` depend one way only (see
//! `src/lib.rs`): a module may use modules of lower layers, never one of its
//! own layer or above. The command line, the binary crate on top, is not in
//! the library at all.
//! This test reads every source file and fails on an import that goes up
//! or sideways, naming the file, the line and the two layers.

use std::path::{Path, PathBuf};

/// The layers from the ground up; modules on one line are peers that must
/// not use each other.
const LAYERS: &[&[&str]] = &[
    &["analysis"],
    &["text"],
    &["diagnostics"],
    &["syntax"],
    &["config"],
    &["db"],
    &["semantic"],
    &["lints"],
    &["check"],
    &["plan", "fmt", "baseline"],
    &["guard", "export"],
    &["run"],
    &["workspace"],
    &["lsp", "mcp"],
    // The command line is not a layer of the library: it is the binary
    // crate (`src/main.rs`, `src/cli/`), which uses the library as
    // `charter::...` and dispatches to the servers, which never use it.
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::NAME` a line of code (not a comment) mentions.
fn crate_paths(line: &str) -> Vec<&str> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    code.match_indices("crate::")
        .map(|(i, m)| {
            let rest = &code[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn no_module_imports_one_of_its_own_layer_or_above() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut unlayered = Vec::new();
    let mut violations = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs");
        // The crate root, and the binary crate on top of everything (its
        // root, the command line, and the allocator it runs with).
        if matches!(top, "lib" | "main" | "cli" | "allocator") {
            continue;
        }
        let Some(own) = layer_of(top) else {
            unlayered.push(top.to_owned());
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for used in crate_paths(line) {
                if used == top || used.is_empty() || used.chars().next().unwrap().is_uppercase() {
                    continue;
                }
                match layer_of(used) {
                    Some(layer) if layer < own => {}
                    Some(layer) => violations.push(format!(
                        "src/{}:{}: `{top}` (layer {own}) uses `crate::{used}` (layer {layer})",
                        relative.display(),
                        n + 1
                    )),
                    // Macros exported at the crate root (`crate::some_macro!`).
                    None if line.contains(&format!("crate::{used}!")) => {}
                    None => unlayered.push(used.to_owned()),
                }
            }
        }
    }
    unlayered.sort();
    unlayered.dedup();
    assert!(
        unlayered.is_empty(),
        "modules missing from LAYERS in tests/it/layering.rs: {unlayered:?}"
    );
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// The command line lives in the binary crate, not in the library: no
/// library file names clap (or `clap_complete`), so neither the library nor
/// the test and fuzz binaries that link it carry the command line.
#[test]
fn the_library_leaves_the_command_line_to_the_binary() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut offending = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative.starts_with("cli") || relative == Path::new("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            let names_cli = code.starts_with("pub mod cli") || code.starts_with("mod cli");
            if !code.starts_with("//") && (code.contains("clap") || names_cli) {
                offending.push(format!("src/{}:{}: {code}", relative.display(), n + 1));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "the command line belongs to the binary crate (src/main.rs, src/cli/):\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(crate_paths("use crate::lints::LINTS;"), ["lints"]);
    assert_eq!(
        crate_paths("    // crate::lints in a comment"),
        Vec::<&str>::new()
    );
    assert!(layer_of("semantic") > layer_of("db"));
}
