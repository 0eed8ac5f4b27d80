//! Diagnostics for people, drawn by ariadne with the source around them.
//!
//! ariadne is handed an *excerpt* per diagnostic, not the file: only the
//! lines its labels touch, each cut to a window of at most
//! [`MAX_LINE_BYTES`] around the labels (with `…` where text was cut). So
//! the cost of one report is linear in what it shows, whatever the file:
//! 8,000 `[` on one line used to print that line 8,000 times (129 MB), and
//! a 64 KB line of bad escapes took minutes and gigabytes.
//!
//! Each run of labels ariadne would draw as one snippet gets its own
//! excerpt (its own source id), so a secondary snippet's header names its
//! own first label, not the primary location (issue 12, defect 7). Line
//! numbers and header columns come from the same [`Sources`] line index the
//! machine formats use, so every format agrees on where a finding is.

use ariadne::{Cache, Color, Config, IndexType, Label as AriadneLabel, Report, ReportKind, Source};

use super::Sources;
use crate::diagnostics::{Diagnostic, Severity};
use crate::text::{FileId, Span};

/// The widest excerpt of one line, in bytes (plus the `…` markers).
const MAX_LINE_BYTES: usize = 160;
/// Bytes of context kept before a label on a cut line.
const CONTEXT_BYTES: usize = 40;

/// Renders every diagnostic, then a summary line. `color` is off for pipes,
/// `NO_COLOR`, `--color never` and snapshots.
pub fn human(diagnostics: &[Diagnostic], sources: &Sources, color: bool) -> String {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&render_one(d, sources, color));
    }
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

/// One label of a diagnostic, located in its file.
struct Place<'d> {
    file: FileId,
    /// Byte span, clamped to the text and to character boundaries.
    start: usize,
    end: usize,
    /// 1-based lines of the first and the last byte.
    first_line: usize,
    last_line: usize,
    /// `None` draws the underline alone.
    message: Option<&'d str>,
    primary: bool,
}

fn place<'d>(
    sources: &Sources,
    file: FileId,
    span: Span,
    message: Option<&'d str>,
    primary: bool,
) -> Place<'d> {
    let text = sources.text(file).unwrap_or("");
    // The end of a file that ends its last line is drawn at the end of
    // that line ("expected `}` before the end of the file"), not on an
    // empty line of its own.
    let eof = |offset: usize| {
        let offset = floor_boundary(text, offset);
        if offset == text.len() && text.ends_with('\n') {
            offset - 1
        } else {
            offset
        }
    };
    let start = eof(span.start());
    let end = eof(span.end()).max(start);
    let first_line = sources.range(file, Span::at(start)).0.line;
    let last_line = if end > start {
        sources.range(file, Span::at(end - 1)).0.line
    } else {
        first_line
    };
    Place {
        file,
        start,
        end,
        first_line,
        last_line,
        message,
        primary,
    }
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Splits the places (primary first, then in order) into the runs ariadne
/// draws as one snippet: same file, and lines never going back up.
fn regions(places: Vec<Place<'_>>) -> Vec<Vec<Place<'_>>> {
    let mut regions: Vec<Vec<Place<'_>>> = Vec::new();
    for p in places {
        match regions.last_mut() {
            Some(region)
                if region[0].file == p.file
                    && region
                        .last()
                        .is_some_and(|last| last.last_line <= p.last_line) =>
            {
                region.push(p)
            }
            _ => regions.push(vec![p]),
        }
    }
    regions
}

/// One shown line of an excerpt: which part of the original line it holds
/// and where it sits in the excerpt.
struct Shown {
    line: usize,
    /// The original bytes shown, `lo..hi`, and the line's own bounds.
    lo: usize,
    hi: usize,
    /// Offset of the shown text in the excerpt (after any leading `…`).
    at: usize,
}

/// The text ariadne draws for one region: blank lines where nothing is
/// shown, the labelled lines (windowed), and the bookkeeping to map byte
/// offsets of the file into it.
struct Excerpt {
    source: Source<String>,
    shown: Vec<Shown>,
}

impl Excerpt {
    fn new(text: &str, region: &[Place<'_>]) -> Excerpt {
        let first = region.iter().map(|p| p.first_line).min().unwrap_or(1);
        let last = region.iter().map(|p| p.last_line).max().unwrap_or(first);
        // The lines ariadne draws text for: where a label starts or ends,
        // and the first line inside a multi-line label (drawn once, then
        // elided). Every other line of the region is left blank.
        let mut wanted: Vec<(usize, usize)> = Vec::new();
        for p in region {
            wanted.push((p.first_line, p.start));
            if p.last_line > p.first_line {
                let after_first = line_bounds(text, p.start).1 + 1;
                wanted.push((p.first_line + 1, after_first.min(text.len())));
                wanted.push((p.last_line, p.end - 1));
            }
        }
        wanted.sort_unstable();
        wanted.dedup_by_key(|w| w.0);
        // ariadne numbers an excerpt's lines itself (its display offset
        // reaches only the header), so the region sits at its real line:
        // blank lines before it cost a byte each, not a line of text.
        let mut body = "\n".repeat(first - 1);
        let mut shown = Vec::with_capacity(wanted.len());
        let mut wanted = wanted.into_iter().peekable();
        for line in first..=last {
            if let Some(&(_, pos)) = wanted.peek().filter(|w| w.0 == line) {
                wanted.next();
                let (line_start, line_end) = line_bounds(text, pos);
                let (lo, hi) = window(text, region, line_start, line_end);
                if lo > line_start {
                    body.push('…');
                }
                let at = body.len();
                body.extend(text[lo..hi].chars().map(visible));
                if hi < line_end {
                    body.push('…');
                }
                shown.push(Shown { line, lo, hi, at });
            }
            body.push('\n');
        }
        Excerpt {
            source: Source::from(body),
            shown,
        }
    }

    /// Where byte `pos` of line `line` lands in the excerpt (clamped into
    /// the shown window).
    fn map(&self, line: usize, pos: usize) -> usize {
        let Some(s) = self.shown.iter().find(|s| s.line == line) else {
            return 0;
        };
        s.at + pos.clamp(s.lo, s.hi) - s.lo
    }

    fn span(&self, p: &Place<'_>) -> std::ops::Range<usize> {
        let start = self.map(p.first_line, p.start);
        let end = if p.end > p.start {
            self.map(p.last_line, p.end).max(start)
        } else {
            start
        };
        start..end
    }
}

/// Bounds of the line holding `pos`, without its line break. Lines end
/// where the line index ends them: `\n`, `\r\n` or a lone `\r`.
fn line_bounds(text: &str, pos: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let pos = pos.min(text.len());
    let ends_line =
        |i: usize| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
    let start = (0..pos).rev().find(|&i| ends_line(i)).map_or(0, |i| i + 1);
    let end = (pos..bytes.len())
        .find(|&i| bytes[i] == b'\n' || bytes[i] == b'\r')
        .unwrap_or(bytes.len());
    (start, end)
}

/// The part of the line `line_start..line_end` to show: all of it when
/// short, else at most [`MAX_LINE_BYTES`] starting a little before the
/// first label on it.
fn window(text: &str, region: &[Place<'_>], line_start: usize, line_end: usize) -> (usize, usize) {
    if line_end - line_start <= MAX_LINE_BYTES {
        return (line_start, line_end);
    }
    let first_label = region
        .iter()
        .map(|p| p.start.max(line_start))
        .filter(|&s| s <= line_end)
        .min()
        .unwrap_or(line_start);
    let lo = floor_boundary(
        text,
        first_label.saturating_sub(CONTEXT_BYTES).max(line_start),
    );
    let hi = floor_boundary(text, (lo + MAX_LINE_BYTES).min(line_end)).max(lo);
    (lo, hi)
}

/// Characters ariadne would take for line breaks (it splits on more than
/// `\n`, the line index does not) are shown as same-width stand-ins, so
/// both count lines alike and byte offsets stay put.
fn visible(c: char) -> char {
    match c {
        '\r' | '\u{b}' | '\u{c}' => ' ',
        '\u{85}' => '·',
        '\u{2028}' | '\u{2029}' => '␤',
        other => other,
    }
}

/// The excerpts of one report, indexed by region.
struct Excerpts {
    sources: Vec<Source<String>>,
}

impl Cache<usize> for Excerpts {
    type Storage = String;

    fn fetch(&mut self, id: &usize) -> Result<&Source<String>, impl std::fmt::Debug> {
        self.sources.get(*id).ok_or("no such excerpt")
    }

    fn display<'a>(&self, id: &'a usize) -> Option<impl std::fmt::Display + 'a> {
        Some(header_token(*id))
    }
}

/// What ariadne prints for region `k` before `:LINE:COL` in a snippet
/// header; replaced by the file name and the real position afterwards.
fn header_token(k: usize) -> String {
    format!("\u{1}{k}\u{1}")
}

/// Replaces `token:L:C` (ariadne's excerpt-relative position) with `real`.
fn replace_header(text: &str, token: &str, real: &str) -> String {
    let Some(at) = text.find(token) else {
        return text.to_owned();
    };
    let rest = &text[at + token.len()..];
    // `:LINE:COL`, digits or `?`.
    let mut colons = 0;
    let tail = rest
        .char_indices()
        .find(|&(_, c)| {
            if c == ':' {
                colons += 1;
            }
            !(c == ':' || c.is_ascii_digit() || c == '?') || colons > 2
        })
        .map_or(rest.len(), |(i, _)| i);
    format!("{}{real}{}", &text[..at], &rest[tail..])
}

fn render_one(d: &Diagnostic, sources: &Sources, color: bool) -> String {
    let kind = match d.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
        Severity::Info => ReportKind::Advice,
    };
    // A diagnostic without a primary label marks its span and says nothing
    // more: repeating the message there said it twice (issue 12, defect 8).
    let primary_message = (!d.primary_label.is_empty()).then_some(d.primary_label.as_str());
    let mut places = vec![place(sources, d.file, d.span, primary_message, true)];
    places.extend(
        d.labels
            .iter()
            .map(|l| place(sources, l.file, l.span, Some(l.message.as_str()), false)),
    );
    let mut excerpts = Excerpts {
        sources: Vec::new(),
    };
    let mut headers = Vec::new();
    let mut labels = Vec::new();
    let mut report_span = (0usize, 0..0);
    for (k, region) in regions(places).iter().enumerate() {
        let text = sources.text(region[0].file).unwrap_or("");
        let excerpt = Excerpt::new(text, region);
        for p in region {
            let span = excerpt.span(p);
            if p.primary {
                report_span = (k, span.clone());
            }
            let mut label = AriadneLabel::new((k, span)).with_order(labels.len() as i32);
            // Without a message ariadne draws no underline at all, and an
            // empty one leaves a dangling arrow: "here" marks the place.
            label = label.with_message(p.message.unwrap_or("here"));
            labels.push(label.with_color(match (color, p.primary) {
                (false, _) => Color::Primary,
                (true, true) => Color::Red,
                (true, false) => Color::Blue,
            }));
        }
        let first = &region[0];
        let at = sources.range(first.file, Span::at(first.start)).0;
        headers.push(format!(
            "{}:{}:{}",
            sources.name(first.file),
            at.line,
            at.column
        ));
        excerpts.sources.push(excerpt.source);
    }
    let mut report = Report::build(kind, report_span)
        .with_config(
            Config::default()
                .with_index_type(IndexType::Byte)
                .with_color(color),
        )
        .with_code(format!("{} {}", d.rule.code, d.rule.name))
        .with_message(&d.message)
        .with_labels(labels);
    for note in &d.notes {
        report = report.with_note(note);
    }
    if let Some(help) = &d.help {
        report = report.with_help(help);
    }
    let mut out = Vec::new();
    // Writing into a Vec cannot fail; a failure would only lose this report's text.
    let _ = report.finish().write(&mut excerpts, &mut out);
    let mut text = String::from_utf8_lossy(&out).into_owned();
    for (k, header) in headers.iter().enumerate() {
        text = replace_header(&text, &header_token(k), header);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Label;
    use crate::diagnostics::rules::DUPLICATE_DEFINITION;

    fn sources(path: &str, text: &str) -> Sources {
        let mut sources = Sources::new();
        sources.insert(FileId::default(), path, text);
        sources
    }

    /// Issue 12, defect 7: a label above the primary starts a second
    /// snippet, whose header named the primary's place (`f:3:1` above
    /// line 1).
    #[test]
    fn a_secondary_snippet_header_names_its_own_place() {
        let text = "agent a {}\n\nagent a {}\n";
        let d = Diagnostic::new(
            &DUPLICATE_DEFINITION,
            FileId::default(),
            Span::new(12, 19),
            "`a` is defined twice",
        )
        .with_primary_label("second definition")
        .with_label(Label::new(FileId::default(), Span::new(0, 7), "first one"));
        let out = human(&[d], &sources("f.charter", text), false);
        assert!(out.contains("╭─[ f.charter:3:1 ]"), "{out}");
        assert!(out.contains("├─[ f.charter:1:1 ]"), "{out}");
        assert_eq!(out.matches("f.charter:3:1").count(), 1, "{out}");
    }

    /// Issue 12, defect 8: without a primary label the message was drawn
    /// twice, once as the label.
    #[test]
    fn a_diagnostic_without_a_label_says_its_message_once() {
        let d = Diagnostic::new(
            &DUPLICATE_DEFINITION,
            FileId::default(),
            Span::new(0, 5),
            "a message worth reading once",
        );
        let out = human(&[d], &sources("f.charter", "agent a {}\n"), false);
        assert_eq!(
            out.matches("a message worth reading once").count(),
            1,
            "{out}"
        );
        assert!(out.contains("here"), "{out}");
    }

    /// Issue 16 item 6: a report shows a window of a long line, not the
    /// line, so N reports on one line cost O(N), not O(N × line).
    #[test]
    fn long_lines_are_windowed_around_the_label() {
        let line = format!("{}needle{}", "a".repeat(50_000), "b".repeat(50_000));
        let at = 50_000;
        let d = Diagnostic::new(
            &DUPLICATE_DEFINITION,
            FileId::default(),
            Span::new(at, at + 6),
            "found it",
        )
        .with_primary_label("the needle");
        let text = format!("first\n{line}\n");
        let shifted = Diagnostic {
            span: Span::new(at + 6, at + 12),
            ..d
        };
        let out = human(&[shifted], &sources("f.charter", &text), false);
        assert!(out.len() < 2_000, "{} bytes:\n{out}", out.len());
        assert!(
            out.contains("…aaaa") && out.contains("needlebbb") && out.contains("b…"),
            "{out}"
        );
        // The header keeps the real column, counted in characters.
        assert!(out.contains("╭─[ f.charter:2:50001 ]"), "{out}");
        assert!(out.contains(" 2 │ …"), "{out}");
    }

    /// A lone CR ends a line for the line index, the lexer and the human
    /// renderer alike, so human and JSON output agree on line numbers; line
    /// breaks only ariadne knows (U+2028) are drawn as stand-ins.
    #[test]
    fn a_lone_carriage_return_counts_as_a_line_break_everywhere() {
        let text = "spec a {\rbad\u{2028}x\r}\nsecond line\n";
        let d = Diagnostic::new(
            &DUPLICATE_DEFINITION,
            FileId::default(),
            Span::new(9, 12),
            "bad",
        )
        .with_primary_label("this");
        let sources = sources("f.charter", text);
        let out = human(&[d], &sources, false);
        let (start, _) = sources.range(FileId::default(), Span::new(9, 12));
        assert_eq!((start.line, start.column), (2, 1));
        assert!(out.contains("╭─[ f.charter:2:1 ]"), "{out}");
        assert!(out.contains(" 2 │ bad␤x"), "{out}");
    }
}
