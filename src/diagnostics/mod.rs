//! The one diagnostic type every layer returns, the rule registry it points
//! into, and the renderers (people, JSON, SARIF, GitHub annotations).
//!
//! Diagnostics are plain values: salsa queries return them, so an editor and
//! `charter check` see exactly the same ones.

pub mod cap;
pub mod fix;
pub mod render;
pub mod rules;

pub use rules::{Rule, Severity};

use crate::text::{FileId, Span};

/// A place in a file with a message: the secondary labels of a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl Label {
    pub fn new(file: FileId, span: Span, message: impl Into<String>) -> Self {
        Self {
            file,
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
    /// Where the problem is: the file and the bytes in it.
    pub file: FileId,
    pub span: Span,
    /// What the primary span's label says; empty to show the message alone.
    pub primary_label: String,
    /// Other places involved: the other definition, the other glob, …
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    /// How to fix it, where a fix is known.
    pub help: Option<String>,
    /// Edits that fix it, for `charter check --fix` and editors' quick fixes.
    pub fixes: Vec<crate::diagnostics::fix::Fix>,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, file: FileId, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.severity,
            message: message.into(),
            file,
            span,
            primary_label: String::new(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fixes: Vec::new(),
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

    pub fn with_fix(mut self, fix: crate::diagnostics::fix::Fix) -> Self {
        self.fixes.push(fix);
        self
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The order diagnostics are shown in within one file's list: by file,
    /// then position, then code. Front doors that show several files sort
    /// by the name they show (see [`render::Sources`]), so output does not
    /// depend on the order files were loaded in.
    pub fn sort_key(&self) -> (FileId, usize, usize, &str, &str) {
        (
            self.file,
            self.span.start(),
            self.span.end(),
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
