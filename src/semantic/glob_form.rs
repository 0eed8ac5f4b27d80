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
    // One pass over the bytes: this runs for every glob of every file.
    let bytes = pattern.as_bytes();
    let mut segment_start = 0;
    for end in 0..=bytes.len() {
        if end == bytes.len() || bytes[end] == b'/' {
            if matches!(&bytes[segment_start..end], b"" | b".") {
                return false;
            }
            segment_start = end + 1;
        }
    }
    true
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
