//! The ways a list of diagnostics is shown: to people (ariadne), as JSON,
//! as SARIF 2.1.0, as GitHub workflow annotations and as JUnit XML.

mod github;
mod human;
mod json;
mod junit;
mod path_text;
mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use junit::junit;
pub use path_text::{path_bytes, path_text, uri};
pub use sarif::sarif;

/// The fingerprint of a finding that survives line moves and does not depend
/// on the working directory (SARIF's `partialFingerprints`, the baseline).
pub fn fingerprint(d: &super::Diagnostic, sources: &Sources) -> String {
    let (start, _) = sources.range(&d.path, d.span);
    sarif::fingerprint(
        d,
        &sources.uri(&d.path),
        sources.line_text(&d.path, start.line),
    )
}

use std::collections::BTreeMap;

use super::{LineCol, LineIndex};
use crate::syntax::Span;

/// The text of every file a diagnostic may point into, by the path the
/// diagnostics use.
#[derive(Default)]
pub struct Sources {
    files: BTreeMap<String, (String, LineIndex)>,
    /// URIs relative to the workspace root, where known (see [`Sources::uri`]).
    uris: BTreeMap<String, String>,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) {
        let text = text.into();
        let index = LineIndex::new(&text);
        self.files.insert(path.into(), (text, index));
    }

    /// Records the URI a path has relative to its workspace root.
    pub fn set_uri(&mut self, path: impl Into<String>, uri: impl Into<String>) {
        self.uris.insert(path.into(), uri.into());
    }

    /// The URI machine formats name a file by: relative to the workspace
    /// root when known (so it does not depend on the directory charter ran
    /// in), else the path itself, percent-encoded.
    pub fn uri(&self, path: &str) -> String {
        self.uris
            .get(path)
            .cloned()
            .unwrap_or_else(|| path_text::uri(path))
    }

    pub fn text(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|(text, _)| text.as_str())
    }

    /// Start and end of `span` in `path`; (1, 1) for both when the file is unknown.
    pub fn range(&self, path: &str, span: Span) -> (LineCol, LineCol) {
        match self.files.get(path) {
            Some((text, index)) => (
                index.line_col(text, span.start),
                index.line_col(text, span.end),
            ),
            None => {
                let origin = LineCol { line: 1, column: 1 };
                (origin, origin)
            }
        }
    }

    /// The text of the line a position is on, for fingerprints.
    pub fn line_text(&self, path: &str, line: usize) -> &str {
        self.files
            .get(path)
            .map_or("", |(text, index)| index.line_text(text, line))
    }
}

/// The message with its help appended, for formats that have one text field.
fn message_with_help(d: &super::Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}
