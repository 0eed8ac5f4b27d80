//! The VS Code snippets expand, with their default placeholder values, to
//! Charter that checks: the new-spec snippet without any error, and the
//! agent, task and check snippets without a syntax or type error when put
//! where they belong.

use std::path::Path;

use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::diagnostics::Severity;

/// The snippet body with every `${N:default}` / `${N|a,b|}` replaced by its
/// default (the first choice) and every bare `$N` removed.
fn expand(body: &[serde_json::Value]) -> String {
    let mut text: String = body
        .iter()
        .map(|l| l.as_str().expect("a body line"))
        .collect::<Vec<_>>()
        .join("\n");
    while let Some(start) = text.find("${") {
        let end = start + text[start..].find('}').expect("closed placeholder");
        let inner = &text[start + 2..end];
        let rest = inner.trim_start_matches(|c: char| c.is_ascii_digit());
        let value = if let Some(default) = rest.strip_prefix(':') {
            default.to_owned()
        } else if let Some(choices) = rest.strip_prefix('|') {
            choices.split([',', '|']).next().unwrap_or("").to_owned()
        } else {
            String::new()
        };
        text.replace_range(start..=end, &value);
    }
    for n in 0..10 {
        text = text.replace(&format!("${n}"), "");
    }
    text
}

fn snippets() -> serde_json::Map<String, serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/snippets/charter.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("snippets file")).expect("JSON")
}

fn findings(text: &str) -> Vec<(String, Severity)> {
    let db = Database::new();
    let file = db.add_file("snippet.charter", text.as_bytes(), Origin::User);
    check_file(&db, file)
        .iter()
        .map(|d| (d.rule.code.to_owned(), d.severity))
        .collect()
}

#[test]
fn the_spec_snippet_checks_without_errors() {
    let all = snippets();
    let spec = expand(all["New spec"]["body"].as_array().expect("body"));
    let errors: Vec<_> = findings(&spec)
        .into_iter()
        .filter(|(_, s)| *s == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?} in\n{spec}");
}

#[test]
fn fragment_snippets_parse_and_type_check_in_place() {
    let all = snippets();
    let body = |name: &str| expand(all[name]["body"].as_array().expect("body"));
    let spec = expand(all["New spec"]["body"].as_array().expect("body"));
    // Puts a fragment on the line after `at`.
    let wrap = |inner: &str, at: &str| spec.replacen(at, &format!("{at}\n{inner}\n"), 1);
    let cases = [
        // An agent goes in the spec, beside the snippet's own.
        spec.replacen(
            "    governance {",
            &format!(
                "{}\n    governance {{",
                body("Agent").replace("name", "second")
            ),
            1,
        ),
        wrap(&body("Task"), "    agent worker {"),
        wrap(
            &body("Check: test").replace("name", "extra"),
            "    verify {",
        ),
        wrap(&body("Check: coverage"), "    verify {"),
        wrap(&body("Check: bench"), "    verify {"),
        wrap(&body("Check: scan"), "    verify {"),
    ];
    for text in cases {
        let bad: Vec<_> = findings(&text)
            .into_iter()
            .filter(|(code, _)| code.starts_with('S') || code.starts_with('E'))
            .collect();
        assert!(bad.is_empty(), "{bad:?} in\n{text}");
    }
}
