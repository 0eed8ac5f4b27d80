//! Diagnostics for people, drawn by ariadne with the source around them.

use ariadne::{Color, Config, IndexType, Label as AriadneLabel, Report, ReportKind};

use super::Sources;
use crate::diagnostics::{Diagnostic, Severity};
use crate::text::FileId;

/// Renders every diagnostic, then a summary line. `color` is off for pipes,
/// `NO_COLOR`, `--color never` and snapshots.
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut out = Vec::new();
    for d in diagnostics {
        render_one(d, sources, color, &mut out);
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    if errors + warnings > 0 {
        text.push_str(&format!(
            "{}, {}\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    text
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn render_one(d: &Diagnostic, sources: &Sources, color: bool, out: &mut Vec<u8>) {
    let kind = match d.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Info => ReportKind::Advice,
    };
    let clamp = |file: FileId, span: crate::text::Span| {
        let len = sources.text(file).map_or(0, str::len);
        span.start.min(len)..span.end.min(len)
    };
    let name = |file: FileId| sources.name(file).to_owned();
    let primary = (name(d.file), clamp(d.file, d.span));
    let mut report = Report::build(kind, primary.clone())
        .with_config(
            Config::default()
                .with_index_type(IndexType::Byte)
                .with_color(color),
        )
        .with_code(format!("{} {}", d.rule.code, d.rule.name))
        .with_message(&d.message);
    let primary_message = if d.primary_label.is_empty() {
        &d.message
    } else {
        &d.primary_label
    };
    report = report.with_label(
        AriadneLabel::new(primary)
            .with_message(primary_message)
            .with_color(if color { Color::Red } else { Color::Primary })
            .with_order(0),
    );
    for (i, label) in d.labels.iter().enumerate() {
        report = report.with_label(
            AriadneLabel::new((name(label.file), clamp(label.file, label.span)))
                .with_message(&label.message)
                .with_color(if color { Color::Blue } else { Color::Primary })
                .with_order(i as i32 + 1),
        );
    }
    for note in &d.notes {
        report = report.with_note(note);
    }
    if let Some(help) = &d.help {
        report = report.with_help(help);
    }
    let mut files: Vec<(String, String)> = std::iter::once(d.file)
        .chain(d.labels.iter().map(|l| l.file))
        .map(|f| (name(f), sources.text(f).unwrap_or("").to_owned()))
        .collect();
    files.dedup_by(|a, b| a.0 == b.0);
    // Writing into a Vec cannot fail; a failure would only lose this report's text.
    let _ = report.finish().write(ariadne::sources(files), &mut *out);
}
