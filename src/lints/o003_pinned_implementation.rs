//! O003 pinned-implementation.

use std::ops::Range;

use super::LintContext;
use super::text::{span_in_literal, tokens};
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::PINNED_IMPLEMENTATION as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let limit = cx.config.pinned_implementation_limit;
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        let Some(goal) = &task.goal else { continue };
        let details = details(&goal.value);
        if details.len() <= limit {
            continue;
        }
        let places: Vec<_> = details
            .iter()
            .filter_map(|(range, kind)| {
                span_in_literal(&goal.loc, &goal.value, range).map(|s| (s, kind))
            })
            .collect();
        // The first detail carries the primary label; a literal with
        // escapes has no exact places, so the whole goal does.
        let (span, label) = match places.first() {
            Some((span, kind)) => (*span, kind.as_str()),
            None => (goal.loc.span, "the goal prescribes the implementation"),
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            goal.loc.file,
            span,
            format!(
                "the goal of `{}` dictates {} code-level detail{} (the limit is {limit})",
                spec.task_id(i),
                details.len(),
                if details.len() == 1 { "" } else { "s" }
            ),
        )
        .with_primary_label(label);
        for (span, kind) in places.iter().skip(1) {
            diagnostic = diagnostic.with_label(Label::new(goal.loc.file, *span, kind.as_str()));
        }
        out.push(diagnostic.with_help(
            "state the behaviour the code must have and put the files in a `write` glob; \
             raise `[limits] pinned-implementation` in charter.toml if this level of detail is intended",
        ));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Detail {
    Function,
    Line,
    File,
}

impl Detail {
    fn as_str(self) -> &'static str {
        match self {
            Detail::Function => "named function",
            Detail::Line => "line number",
            Detail::File => "exact file",
        }
    }
}

/// Extensions that name a file even without a `/` before them.
const EXTENSIONS: &[&str] = &[
    "rs", "py", "ts", "tsx", "js", "jsx", "mjs", "go", "java", "kt", "c", "h", "cc", "cpp", "hpp",
    "cs", "rb", "php", "swift", "scala", "sql", "json", "yaml", "yml", "toml", "lock", "xml",
    "html", "css", "scss", "sh", "proto", "avsc", "charter", "ini", "cfg", "lua", "ex", "exs",
    "erl", "hs", "ml", "vue", "svelte", "dart", "gradle", "tf", "md",
];

/// The code-level details of a goal, in order.
fn details(text: &str) -> Vec<(Range<usize>, Detail)> {
    let mut found = Vec::new();
    let tokens: Vec<Range<usize>> = tokens(text).collect();
    for (k, range) in tokens.iter().enumerate() {
        let token = text[range.clone()].trim_matches('`');
        if token.is_empty() {
            continue;
        }
        let lower = token.to_lowercase();
        if matches!(lower.as_str(), "line" | "lines")
            && let Some(next) = tokens.get(k + 1)
            && text[next.clone()].starts_with(|c: char| c.is_ascii_digit())
        {
            found.push((range.start..next.end, Detail::Line));
        } else if is_call(token) || is_qualified(token) {
            found.push((range.clone(), Detail::Function));
        } else if let Some(line) = file_with_line(token) {
            found.push((
                range.clone(),
                if line { Detail::Line } else { Detail::File },
            ));
        }
    }
    found
}

/// `name(` with an identifier before the parenthesis: `retry_loop()`, `a.b(x)`.
fn is_call(token: &str) -> bool {
    token.char_indices().any(|(i, c)| {
        c == '('
            && token[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || p == '_')
    })
}

/// `Foo::bar`: identifiers on both sides of `::`.
fn is_qualified(token: &str) -> bool {
    token.match_indices("::").any(|(i, _)| {
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        token[..i].chars().next_back().is_some_and(ident)
            && token[i + 2..].chars().next().is_some_and(ident)
    })
}

/// A file path (`Some(false)`), or a file path with a line (`Some(true)`:
/// `src/db.rs:42`), or neither.
fn file_with_line(token: &str) -> Option<bool> {
    if token.contains("://") || token.contains(['*', '?', '[', '{']) {
        return None;
    }
    let (path, line) = match token.rsplit_once(':') {
        Some((path, line)) if !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) => {
            (path, true)
        }
        _ => (token, false),
    };
    let name = path.rsplit('/').next()?;
    let (stem, ext) = name.rsplit_once('.')?;
    let known = EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str());
    let plausible = !ext.is_empty()
        && ext.len() <= 6
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
        && ext.chars().any(|c| c.is_ascii_alphabetic());
    (!stem.is_empty() && plausible && (known || path.contains('/'))).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Detail> {
        details(text).into_iter().map(|(_, d)| d).collect()
    }

    #[test]
    fn details_are_recognised() {
        use Detail::*;
        assert_eq!(
            kinds(
                "Wrap Client::send in retry_loop() at src/http/client.rs:88, edit `mod.rs` and line 12"
            ),
            [Function, Function, Line, File, Line]
        );
        assert_eq!(kinds("Runs on Tokio 1.40, e.g. with hyper 1.3"), []);
        assert_eq!(kinds("Edit src/**/*.rs and https://example.com/a.html"), []);
        assert_eq!(kinds("per contracts/analytics/metrics_api.yaml"), [File]);
    }
}
