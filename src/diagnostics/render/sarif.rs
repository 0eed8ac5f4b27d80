//! `--format sarif`: SARIF 2.1.0, with what GitHub code scanning requires
//! beyond the schema (`$schema`; per rule `id`, `shortDescription`,
//! `fullDescription`, `help`; per result a full region and
//! `partialFingerprints`).

use std::collections::HashMap;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{Sources, message_with_help};
use crate::diagnostics::{Diagnostic, Rule, Severity};
use crate::registry;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn sarif(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let rules: Vec<&Rule> = registry::all().collect();
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.doc },
                "help": { "text": rule.doc, "markdown": rule.doc },
                "defaultConfiguration": { "level": level(rule.severity) },
                "helpUri": format!("https://github.com/charter-lang/charter/blob/main/docs/rules.md#{}", rule.code.to_lowercase()),
            })
        })
        .collect();

    // Identical findings on identical lines get distinct fingerprints by occurrence.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let rule_index = rules.iter().position(|r| std::ptr::eq(*r, d.rule));
            let (start, _) = sources.range(&d.path, d.span);
            let base = fingerprint(
                d,
                &sources.uri(&d.path),
                sources.line_text(&d.path, start.line),
            );
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let related: Vec<Value> = d
                .labels
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let mut location = location(sources, &label.path, label.span);
                    location["id"] = json!(i + 1);
                    location["message"] = json!({ "text": label.message });
                    location
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule.code,
                "level": level(d.severity),
                "message": { "text": message_with_help(d) },
                "locations": [location(sources, &d.path, d.span)],
                "partialFingerprints": { "charter/v1": format!("{base}:{n}") },
            });
            if let Some(index) = rule_index {
                result["ruleIndex"] = json!(index);
            }
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();

    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "charter",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/charter-lang/charter",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the workspace root: the directory holding charter.toml or .git" } } },
            "results": results,
        }],
    });
    let mut text =
        serde_json::to_string_pretty(&document).expect("a serde_json::Value always serialises");
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location(sources: &Sources, path: &str, span: crate::syntax::Span) -> Value {
    let (start, end) = sources.range(path, span);
    // Regions must not be empty for GitHub: an insertion point gets one column.
    let end_column = if end.line == start.line {
        end.column.max(start.column + 1)
    } else {
        end.column
    };
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": sources.uri(path), "uriBaseId": "%SRCROOT%" },
            "region": {
                "startLine": start.line,
                "startColumn": start.column,
                "endLine": end.line,
                "endColumn": end_column,
            }
        }
    })
}

/// Stable across runs, unrelated edits and the directory charter ran in:
/// the rule, the file's URI from the workspace root, the trimmed text of
/// the line and the message, hashed.
pub fn fingerprint(d: &Diagnostic, uri: &str, line: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [d.rule.code, uri, line.trim(), &d.message] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}
