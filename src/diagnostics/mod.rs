//! The one diagnostic type every layer returns, the rule registry it points
//! into, and the renderers (people, JSON, SARIF, GitHub annotations).
//!
//! Diagnostics are plain values: salsa queries return them, so an editor and
//! `charter check` see exactly the same ones.

pub mod cap;
mod line_index;
pub mod render;
pub mod rules;

pub use line_index::{LineCol, LineIndex};
pub use rules::{Rule, Severity};

use crate::syntax::Span;

/// A place in a file with a message: the secondary labels of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub path: String,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(path: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            span,
            message: message.into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    /// The rule's default level unless the configuration changed it.
    pub severity: Severity,
    pub message: String,
    /// Where the problem is: the file (as shown to the user) and the span.
    pub path: String,
    pub span: Span,
    /// What the primary span's label says; empty to show the message alone.
    pub primary_label: String,
    /// Other places involved: the other definition, the other glob, …
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    /// How to fix it, where a fix is known.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        rule: &'static Rule,
        path: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            path: path.into(),
            span,
            primary_label: String::new(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn with_primary_label(mut self, label: impl Into<String>) -> Self {
        self.primary_label = label.into();
        self
    }

    pub fn with_label(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are shown in: by file, then position, then code,
    /// so every output format is deterministic.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.path,
            self.span.start,
            self.span.end,
            self.rule.code,
            &self.message,
        )
    }
}

/// Sorts into the documented order and drops exact duplicates.
pub fn normalise(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}
