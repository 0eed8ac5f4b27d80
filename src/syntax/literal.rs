//! Decoding string literals: escapes, and the indentation of `"""` blocks.

use crate::text::Span;

/// A bad escape inside a string literal, with its span in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscapeError {
    pub span: Span,
    pub message: String,
}

/// Decodes the string token `raw` that starts at byte `start` of its file.
///
/// `"…"` strings know `\" \\ \n \t \u{…}`. `"""…"""` blocks lose the line
/// break after the opening quotes, the indentation line before the closing
/// quotes, and the leading indentation common to their non-blank lines, so
/// prose can be indented with the code around it. A bad escape is reported
/// and kept literally, so the rest of the value stays usable.
pub fn decode_string(raw: &str, start: usize) -> (String, Vec<EscapeError>) {
    let (body, body_start) = if let Some(inner) = raw.strip_prefix("\"\"\"") {
        (inner.strip_suffix("\"\"\"").unwrap_or(inner), start + 3)
    } else {
        let inner = &raw[1..];
        (inner.strip_suffix('"').unwrap_or(inner), start + 1)
    };
    let mut errors = Vec::new();
    let unescaped = unescape(body, body_start, &mut errors);
    let value = if raw.starts_with("\"\"\"") {
        dedent(&unescaped)
    } else {
        unescaped
    };
    (value, errors)
}

fn unescape(body: &str, body_start: usize, errors: &mut Vec<EscapeError>) -> String {
    if crate::text::bytes::find(b'\\', body.as_bytes()).is_none() {
        // No escape, as in most strings: the text is the value.
        return body.to_owned();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escape_start = body_start + at;
        match chars.next() {
            Some((_, '"')) => out.push('"'),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((u_at, 'u')) => {
                let rest = &body[u_at + 1..];
                let decoded = rest
                    .strip_prefix('{')
                    .and_then(|r| r.find('}').map(|close| &r[..close]))
                    .filter(|hex| !hex.is_empty() && hex.len() <= 6)
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), n)));
                match decoded.map(|(len, n)| (len, char::from_u32(n))) {
                    Some((len, Some(ch))) => {
                        out.push(ch);
                        // Skip `{hex}`.
                        for _ in 0..len + 2 {
                            chars.next();
                        }
                    }
                    Some((len, None)) => {
                        errors.push(EscapeError {
                            span: Span::new(escape_start, body_start + u_at + len + 3),
                            message: "`\\u{…}` names no Unicode scalar value".into(),
                        });
                        for _ in 0..len + 2 {
                            chars.next();
                        }
                    }
                    None => errors.push(EscapeError {
                        span: Span::new(escape_start, body_start + u_at + 1),
                        message: "`\\u` must be followed by 1 to 6 hex digits in braces, as in `\\u{1F600}`".into(),
                    }),
                }
            }
            Some((other_at, other)) => {
                errors.push(EscapeError {
                    span: Span::new(escape_start, body_start + other_at + other.len_utf8()),
                    message: format!(
                        "unknown escape `\\{other}`; the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{{…}}`"
                    ),
                });
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn dedent(text: &str) -> String {
    let text = text
        .strip_prefix('\n')
        .or_else(|| text.strip_prefix("\r\n"))
        .unwrap_or(text);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.len() > 1 && lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            l.get(indent..)
                .unwrap_or_else(|| l.trim_start_matches([' ', '\t']))
                .trim_end_matches('\r')
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        let (v, e) = decode_string(r#""a\"b\\c\nd\te\u{41}""#, 0);
        assert_eq!(v, "a\"b\\c\nd\teA");
        assert!(e.is_empty());
    }

    #[test]
    fn bad_escapes_are_reported_with_spans() {
        let (v, e) = decode_string(r#""x\qy""#, 10);
        assert_eq!(v, "x\\qy");
        assert_eq!(e[0].span, Span::new(12, 14));
        let (_, e) = decode_string(r#""\u{110000}""#, 0);
        assert_eq!(e.len(), 1);
        let (_, e) = decode_string(r#""\u41""#, 0);
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn blocks_are_dedented() {
        let raw = "\"\"\"\n    First line.\n      indented\n\n    last\n    \"\"\"";
        let (v, _) = decode_string(raw, 0);
        assert_eq!(v, "First line.\n  indented\n\nlast");
    }
}
