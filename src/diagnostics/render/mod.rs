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
pub use path_text::{os_bytes, path_bytes, path_text, uri};
pub use sarif::sarif;

/// The fingerprint of a finding that survives line moves and does not depend
/// on the working directory (SARIF's `partialFingerprints`, the baseline).
pub fn fingerprint(d: &super::Diagnostic, sources: &Sources) -> String {
    let (start, _) = sources.range(d.file, d.span);
    sarif::fingerprint(
        d,
        &sources.uri(d.file),
        sources.line_text(d.file, start.line),
    )
}

use std::collections::HashMap;

use crate::text::{FileId, LineCol, LineIndex, Span};

/// What a renderer knows of the files diagnostics point into: each file's
/// name as this front door shows it (a path relative to the working
/// directory, `std/NAME.charter`), its URI relative to its workspace root
/// where it has one, and its text.
#[derive(Default)]
pub struct Sources {
    files: HashMap<FileId, SourceText>,
}

struct SourceText {
    name: String,
    uri: Option<String>,
    text: String,
    index: LineIndex,
}

impl Sources {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, file: FileId, name: impl Into<String>, text: impl Into<String>) {
        let text = text.into();
        let index = LineIndex::new(&text);
        let source = SourceText {
            name: name.into(),
            uri: None,
            text,
            index,
        };
        self.files.insert(file, source);
    }

    /// Records the URI a file has relative to its workspace root.
    pub fn set_uri(&mut self, file: FileId, uri: impl Into<String>) {
        if let Some(source) = self.files.get_mut(&file) {
            source.uri = Some(uri.into());
        }
    }

    pub fn contains(&self, file: FileId) -> bool {
        self.files.contains_key(&file)
    }

    /// The name shown for `file`; empty when it is unknown.
    pub fn name(&self, file: FileId) -> &str {
        self.files.get(&file).map_or("", |f| f.name.as_str())
    }

    /// The URI machine formats name a file by: relative to the workspace
    /// root when known (so it does not depend on the directory charter ran
    /// in), else the name itself, percent-encoded.
    pub fn uri(&self, file: FileId) -> String {
        match self.files.get(&file) {
            Some(SourceText { uri: Some(uri), .. }) => uri.clone(),
            _ => path_text::uri(self.name(file)),
        }
    }

    pub fn text(&self, file: FileId) -> Option<&str> {
        self.files.get(&file).map(|f| f.text.as_str())
    }

    /// Start and end of `span` in `file`; (1, 1) for both when the file is unknown.
    pub fn range(&self, file: FileId, span: Span) -> (LineCol, LineCol) {
        match self.files.get(&file) {
            Some(f) => (
                f.index.line_col(&f.text, span.start()),
                f.index.line_col(&f.text, span.end()),
            ),
            None => {
                let origin = LineCol { line: 1, column: 1 };
                (origin, origin)
            }
        }
    }

    /// The text of the line a position is on, for fingerprints.
    pub fn line_text(&self, file: FileId, line: usize) -> &str {
        self.files
            .get(&file)
            .map_or("", |f| f.index.line_text(&f.text, line))
    }

    /// Sorts diagnostics from several files into the documented order: by
    /// the name each file is shown under, then position and code, so output
    /// never depends on the order files were loaded in.
    pub fn sort(&self, diagnostics: &mut [super::Diagnostic]) {
        diagnostics.sort_by(|a, b| {
            (self.name(a.file), a.sort_key()).cmp(&(self.name(b.file), b.sort_key()))
        });
    }
}

/// The message with its help appended, for formats that have one text field.
fn message_with_help(d: &super::Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    }
}
