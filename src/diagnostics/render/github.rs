//! `--format github`: GitHub Actions workflow commands, one line each.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::MESSAGE`,
//! escaped as the Actions toolkit does: in the message `%`, CR and LF; in
//! property values also `:` and `,`.

use super::{Sources, message_with_help};
use crate::diagnostics::{Diagnostic, Severity};

pub fn github(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (start, end) = sources.range(d.file, d.span);
        // GitHub draws an annotation one past its end column; keep at least one column.
        let end_column = if end.line == start.line {
            end.column.max(start.column + 1)
        } else {
            end.column
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(sources.name(d.file)),
            start.line,
            start.column,
            end.line,
            end_column,
            escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape_data(&message_with_help(d)),
        ));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_actions_toolkit() {
        assert_eq!(escape_data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
