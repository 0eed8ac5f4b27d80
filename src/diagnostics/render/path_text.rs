//! File names as diagnostics carry them, and as URIs.
//!
//! A file name need not be UTF-8 (Unix allows any byte but `/` and NUL),
//! yet `Diagnostic.path` is text. [`path_text`] writes such a name without
//! losing a byte: each byte that is not part of valid UTF-8 as `\xNN`, and a
//! backslash as `\\` so the escapes are unambiguous. [`uri`] reverses the
//! escapes and percent-encodes the bytes, so a SARIF or JSON URI names the
//! exact file (`caf\xE9.md` → `caf%E9.md`).

/// The lossless text of a file name's bytes (valid UTF-8 passes unchanged,
/// except that `\` is doubled).
pub fn path_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// The bytes [`path_text`] was given back (a `\` not starting an escape is
/// kept as it is).
pub fn path_bytes(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if bytes.get(i + 1) == Some(&b'x')
                && let Some(hex) = text.get(i + 2..i + 4)
                && let Ok(byte) = u8::from_str_radix(hex, 16)
            {
                out.push(byte);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// A relative URI reference for a diagnostic's path: `/` separators, every
/// byte a URI path segment cannot hold percent-encoded (RFC 3986).
pub fn uri(path: &str) -> String {
    let path = path.strip_prefix("./").unwrap_or(path);
    let mut out = String::with_capacity(path.len());
    for byte in path_bytes(path) {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_utf8_bytes_round_trip_and_become_percent_escapes() {
        for name in [
            &b"docs/caf\xe9.md"[..],
            b"a\\b",
            b"a\\x41",
            "plain ü/€.charter".as_bytes(),
            b"\xff\xfe",
        ] {
            assert_eq!(path_bytes(&path_text(name)), name, "{name:?}");
        }
        assert_eq!(path_text(b"docs/caf\xe9.md"), "docs/caf\\xE9.md");
        assert_eq!(uri(&path_text(b"docs/caf\xe9.md")), "docs/caf%E9.md");
        assert_eq!(uri(&path_text(b"a\\x41")), "a%5Cx41");
    }

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("./specs/a b.charter"), "specs/a%20b.charter");
        assert_eq!(uri("dir/x%.charter"), "dir/x%25.charter");
        assert_eq!(uri("ü.charter"), "%C3%BC.charter");
    }
}
