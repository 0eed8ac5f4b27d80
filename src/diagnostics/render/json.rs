//! `--format json`: `{"version": 1, "diagnostics": [...]}`, one object per
//! diagnostic; `schema/diagnostics.schema.json` documents it.

use serde::Serialize;

use super::Sources;
use crate::diagnostics::{Diagnostic, LineCol};

/// The version of this output's shape (`charter schema diagnostics`).
/// Bumped only for an incompatible change; adding fields keeps it.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    path: &'a str,
    /// The file relative to the workspace root, percent-encoded.
    uri: String,
    range: Range,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct Range {
    start: LineCol,
    end: LineCol,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    path: &'a str,
    range: Range,
    message: &'a str,
    primary: bool,
}

/// Pretty-printed JSON with a trailing newline. Labels list the primary
/// span first (`"primary": true`), then the secondary ones in order.
pub fn json(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let range = |path: &str, span| {
        let (start, end) = sources.range(path, span);
        Range { start, end }
    };
    let items = diagnostics
        .iter()
        .map(|d| Item {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity.as_str(),
            message: &d.message,
            path: &d.path,
            uri: sources.uri(&d.path),
            range: range(&d.path, d.span),
            labels: std::iter::once(JsonLabel {
                path: &d.path,
                range: range(&d.path, d.span),
                message: if d.primary_label.is_empty() {
                    &d.message
                } else {
                    &d.primary_label
                },
                primary: true,
            })
            .chain(d.labels.iter().map(|l| JsonLabel {
                path: &l.path,
                range: range(&l.path, l.span),
                message: &l.message,
                primary: false,
            }))
            .collect(),
            help: d.help.as_deref(),
            notes: &d.notes,
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&Document {
        version: VERSION,
        diagnostics: items,
    })
    .expect("serialising plain structs of strings and numbers cannot fail");
    text.push('\n');
    text
}
