//! The four ways a list of diagnostics is shown: to people (ariadne), as
//! JSON, as SARIF 2.1.0 and as GitHub workflow annotations.

mod github;
mod human;
mod json;
mod sarif;

pub use github::github;
pub use human::human;
pub use json::json;
pub use sarif::sarif;

use std::collections::HashMap;

use crate::text::{FileId, LineCol, LineIndex, Span};

/// What a renderer knows of the files diagnostics point into: each file's
/// name as this front door shows it (a path relative to the working
/// directory, a workspace-relative path, `std::NAME`) and its text.
#[derive(Default)]
pub struct Sources {
    files: HashMap<FileId, SourceText>,
}

struct SourceText {
    name: String,
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
        let name = name.into();
        self.files.insert(file, SourceText { name, text, index });
    }

    pub fn contains(&self, file: FileId) -> bool {
        self.files.contains_key(&file)
    }

    /// The name shown for `file`; empty when it is unknown.
    pub fn name(&self, file: FileId) -> &str {
        self.files.get(&file).map_or("", |f| f.name.as_str())
    }

    pub fn text(&self, file: FileId) -> Option<&str> {
        self.files.get(&file).map(|f| f.text.as_str())
    }

    /// Start and end of `span` in `file`; (1, 1) for both when the file is unknown.
    pub fn range(&self, file: FileId, span: Span) -> (LineCol, LineCol) {
        match self.files.get(&file) {
            Some(f) => (
                f.index.line_col(&f.text, span.start),
                f.index.line_col(&f.text, span.end),
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
