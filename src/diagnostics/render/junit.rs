//! `--format junit`: JUnit XML for CI test-report viewers (GitLab, Jenkins,
//! Azure, the JUnit GitHub actions).
//!
//! One `<testsuite>` per file, one failing `<testcase>` per finding (named
//! by its code and rule, classname the file, with the position in `line`
//! and in the text). A clean run is one passing test case, so a viewer shows
//! that charter ran rather than an empty report.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Sources, message_with_help};
use crate::diagnostics::Diagnostic;

pub fn junit(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diagnostics {
        by_file.entry(&d.path).or_default().push(d);
    }
    let total = diagnostics.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"charter\" tests=\"{}\" failures=\"{total}\" errors=\"0\">",
        total.max(1)
    );
    if diagnostics.is_empty() {
        out.push_str(
            "  <testsuite name=\"charter\" tests=\"1\" failures=\"0\" errors=\"0\">\n    <testcase name=\"no findings\" classname=\"charter\"/>\n  </testsuite>\n",
        );
    }
    for (path, found) in &by_file {
        let path = escape(path);
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">",
            n = found.len()
        );
        for d in found {
            let (start, _) = sources.range(&d.path, d.span);
            let _ = writeln!(
                out,
                "    <testcase name=\"{} {}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">",
                d.rule.code, d.rule.name, start.line
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{path}:{}:{}: {}</failure>",
                escape(&d.message),
                d.severity.as_str(),
                start.line,
                start.column,
                escape(&message_with_help(d)),
            );
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for an attribute or element. Characters XML 1.0 cannot hold
/// at all (most C0 controls) become U+FFFD, so the document stays well-formed
/// whatever a message quotes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_and_controls_are_escaped() {
        assert_eq!(
            escape("a<b>&\"c'\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&apos;&#10;\u{FFFD}"
        );
    }
}
