//! Charter diagnostics as LSP diagnostics, and pushing them to the client.

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    PublishDiagnosticsParams, Url,
};

use super::convert::LineMap;
use super::session::Snapshot;
use crate::check::check_file;
use crate::db::SourceFile;
use crate::diagnostics::{Diagnostic, Severity};

/// Every diagnostic of one file, as the client shows them.
pub fn of_file(snapshot: &Snapshot, file: SourceFile) -> Vec<lsp_types::Diagnostic> {
    let text = snapshot.text(file);
    let map = LineMap::new(text);
    check_file(&snapshot.db, file)
        .iter()
        .filter(|d| d.file == file.id(&snapshot.db))
        .map(|d| to_lsp(snapshot, &map, d))
        .collect()
}

pub fn to_lsp(snapshot: &Snapshot, map: &LineMap<'_>, d: &Diagnostic) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if !d.primary_label.is_empty() && d.primary_label != d.message {
        message.push_str(&format!("\n{}", d.primary_label));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnote: {note}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|label| {
            let (uri, text) = snapshot.file_of(label.file)?;
            let range = LineMap::new(&text).range(label.span);
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: label.message.clone(),
            })
        })
        .collect();
    lsp_types::Diagnostic {
        range: map.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.rule.code.to_owned())),
        code_description: None,
        source: Some("charter".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The notification for one document.
pub fn publish(
    snapshot: &Snapshot,
    uri: Url,
    file: SourceFile,
    version: Option<i32>,
) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams {
        uri,
        diagnostics: of_file(snapshot, file),
        version,
    }
}
