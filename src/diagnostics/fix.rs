//! Fix edits: the one mechanism behind `charter check --fix` and the
//! language server's quick fixes. A diagnostic may carry [`Fix`]es; a fix
//! is a set of text replacements, marked safe when applying it cannot
//! change what a valid spec means (it only repairs what was an error).
//! `check --fix` applies the safe ones; an editor offers them all.

use crate::text::{FileId, Span};

/// Replace `span` of `file` with `replacement`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Fix {
    /// What the fix does, as a quick-fix title: "replace `writ` with `write`".
    pub title: String,
    pub edits: Vec<Edit>,
    /// Applied by `charter check --fix`; otherwise only offered in editors.
    pub safe: bool,
}

impl Fix {
    pub fn replace(title: impl Into<String>, file: FileId, span: Span, replacement: &str) -> Self {
        Self {
            title: title.into(),
            edits: vec![Edit {
                file,
                span,
                replacement: replacement.to_owned(),
            }],
            safe: true,
        }
    }
}

/// Applies `edits` (all to one file) to `text`. Edits that overlap an
/// earlier one, or fall outside the text or inside a character, are
/// skipped and returned, so a second round can try them on the new text.
pub fn apply<'e>(text: &str, edits: &[&'e Edit]) -> (String, Vec<&'e Edit>) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start(), e.span.end()));
    let mut out = String::with_capacity(text.len());
    let mut skipped = Vec::new();
    let mut at = 0usize;
    for edit in sorted {
        let (start, end) = (edit.span.start(), edit.span.end());
        let valid = start >= at
            && start <= end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end);
        if !valid {
            skipped.push(edit);
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(&edit.replacement);
        at = end;
    }
    out.push_str(&text[at..]);
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, with: &str) -> Edit {
        Edit {
            file: FileId::default(),
            span: Span::new(start, end),
            replacement: with.into(),
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let (a, b, c) = (edit(6, 9, "Z"), edit(0, 1, "x"), edit(7, 8, "overlaps"));
        let (out, skipped) = apply("abcdefghij", &[&a, &b, &c]);
        assert_eq!(out, "xbcdefZj");
        assert_eq!(skipped, vec![&c]);
        let outside = edit(5, 99, "");
        assert_eq!(apply("é", &[&edit(1, 1, "x"), &outside]).1.len(), 2);
    }
}
