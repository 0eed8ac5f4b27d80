//! Globs written in a form git does not mean literally: `./src/**`,
//! `src//db`, `src/./db/**`, `docs/`. Git's pathspecs resolve `.` and
//! repeated slashes and read a trailing `/` as "this directory", so
//! `./src/**` and `src/a.rs` overlap for git; matched literally, the glob
//! matches no path at all and every scope judgement built on it is wrong.
//! The type checker refuses such a glob (E008) showing [`canonical`]'s form,
//! and the model holds that form, so no lint ever judges the literal one.

/// The form git means, when `pattern` is not already written that way.
pub fn canonical(pattern: &str) -> Option<String> {
    // Nearly every glob is plain, and so already the form git means:
    // answered without building it.
    if plain(pattern) {
        return None;
    }
    let form = git_form(pattern);
    (form != pattern).then_some(form)
}

/// Only non-empty segments, none of them `.`.
fn plain(pattern: &str) -> bool {
    // This runs for every glob of every file: it looks only at the bytes
    // around each `/` (a glob has a few), not at every byte.
    let bytes = pattern.as_bytes();
    let dot_segment = |rest: &[u8]| matches!(rest, [b'.'] | [b'.', b'/', ..]);
    if bytes.is_empty() || bytes[0] == b'/' || dot_segment(bytes) {
        return false;
    }
    crate::text::bytes::find_all(b'/', bytes).all(|slash| {
        let rest = &bytes[slash + 1..];
        !rest.is_empty() && rest[0] != b'/' && !dot_segment(rest)
    })
}

/// The form git means: `./` and `.` segments and repeated slashes dropped,
/// a trailing `/` read as the directory's contents.
fn git_form(pattern: &str) -> String {
    let mut p = pattern;
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let mut parts: Vec<&str> = Vec::new();
    let trailing = p.ends_with('/') || p.ends_with("/.");
    for part in p.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        parts.push(part);
    }
    let mut form = parts.join("/");
    if trailing || p == "." || (form.is_empty() && !pattern.is_empty()) {
        form = if form.is_empty() {
            "**".to_owned()
        } else {
            format!("{form}/**")
        };
    }
    form
}

#[cfg(test)]
mod tests {
    use super::{canonical, git_form, plain};
    use proptest::prelude::*;

    proptest! {
        /// The shortcut is sound: a plain pattern is its own git form.
        #[test]
        fn a_plain_pattern_is_its_own_form(pattern in "[a./*]{0,12}") {
            if plain(&pattern) {
                prop_assert_eq!(git_form(&pattern), pattern);
            }
        }

        /// The byte scan says what its definition says.
        #[test]
        fn plain_means_no_empty_or_dot_segment(pattern in "[a./*]{0,12}") {
            let by_segments = pattern.split('/').all(|s| !s.is_empty() && s != ".");
            prop_assert_eq!(plain(&pattern), by_segments);
        }
    }

    #[test]
    fn git_forms() {
        for (written, meant) in [
            ("./src/**", "src/**"),
            ("././src/a.rs", "src/a.rs"),
            ("src//db/**", "src/db/**"),
            ("src/./db/x.rs", "src/db/x.rs"),
            ("docs/", "docs/**"),
            ("./", "**"),
            (".", "**"),
            ("src/.", "src/**"),
        ] {
            assert_eq!(canonical(written).as_deref(), Some(meant), "{written}");
        }
        for fine in [
            "src/**",
            "a.rs",
            ".github/**",
            "src/.env",
            "**/*.rs",
            "..x/y",
        ] {
            assert_eq!(canonical(fine), None, "{fine}");
        }
    }
}
