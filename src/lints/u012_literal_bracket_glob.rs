//! U012 literal-bracket-glob: a `[...]` class that reads like a name.
//!
//! Frameworks with file-system routing name folders `[id]`, `[slug]`,
//! `[...params]` or `[[...slug]]`; in a glob each of these is a class that
//! matches one character. A class is taken for such a name when it is a
//! whole path segment (or a whole file stem) and holds an identifier of two
//! characters or more, or starts with `...`: a class meant as one, such as
//! `[abc]` inside a name or `[0-9]`, does not read that way.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::GlobAt;

pub use crate::diagnostics::rules::LITERAL_BRACKET_GLOB as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let mut globs: Vec<&GlobAt> = Vec::new();
    globs.extend(&spec.boundaries.write);
    globs.extend(&spec.boundaries.deny);
    for agent in &spec.agents {
        globs.extend(agent.write.iter().chain(&agent.read).chain(&agent.deny));
    }
    for task in &spec.tasks {
        globs.extend(task.write.iter().chain(&task.read).chain(&task.deny));
    }
    for approval in &spec.governance.approvals {
        globs.extend(&approval.touches);
    }
    // A glob inherited by many tasks is one place: report it once. Most
    // globs have no route segment, and looking costs less than hashing
    // their place (710 places hashed for the 58-file workspace's none).
    let mut seen = foldhash::HashSet::default();
    for glob in globs {
        let Some(name) = route_segment(&glob.pattern) else {
            continue;
        };
        if !seen.insert(glob.loc) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                glob.loc.file,
                glob.loc.span,
                format!(
                    "`{name}` in `{}` is a character class that matches one character, not a folder named `{name}`",
                    glob.pattern
                ),
            )
            .with_primary_label("a glob class, not a name")
            .with_help(format!(
                "escape the brackets to match the name itself: `write \"{}\"`",
                escaped(&glob.pattern).replace('\\', "\\\\")
            )),
        );
    }
}

/// The first bracketed segment of `pattern` that reads like a route name.
pub fn route_segment(pattern: &str) -> Option<&str> {
    // Every route segment has a bracket: most globs have none.
    crate::text::bytes::find(b'[', pattern.as_bytes())?;
    for segment in pattern.split('/') {
        // `[id].tsx`: the part up to the last `]`, before the extension.
        let stem = stem_of(segment);
        for candidate in [segment, stem] {
            if let Some(inner) = candidate
                .strip_prefix('[')
                .and_then(|c| c.strip_suffix(']'))
            {
                let inner = inner.trim_start_matches('[').trim_end_matches(']');
                let name = inner.trim_start_matches("...");
                let identifier = name.len() >= 2
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    && name.chars().any(char::is_alphabetic)
                    && !is_range(name);
                if identifier || (inner.starts_with("...") && !name.is_empty()) {
                    return Some(candidate);
                }
            }
        }
    }
    None
}

/// `[id].tsx` → `[id]`: the segment without an extension after its last `]`.
fn stem_of(segment: &str) -> &str {
    match segment.rfind(']') {
        Some(i) if segment[i + 1..].starts_with('.') => &segment[..=i],
        _ => segment,
    }
}

/// `a-z`, `0-9`, `A-Za-z`: a class of ranges.
fn is_range(inner: &str) -> bool {
    let chars: Vec<char> = inner.chars().collect();
    chars.len() >= 3 && chars.len().is_multiple_of(3) && chars.chunks(3).all(|c| c[1] == '-')
}

/// `pattern` with every `[` and `]` of a route segment escaped.
fn escaped(pattern: &str) -> String {
    pattern
        .split('/')
        .map(|segment| {
            let stem = stem_of(segment);
            if route_segment(segment).is_some() || route_segment(stem).is_some() {
                segment.replace('[', "\\[").replace(']', "\\]")
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_names_are_recognised() {
        for (glob, name) in [
            ("app/tasks/[taskId]/**", "[taskId]"),
            ("src/routes/blog/[slug]/+page.svelte", "[slug]"),
            ("pages/[...params].vue", "[...params]"),
            ("app/docs/[[...slug]]/page.tsx", "[[...slug]]"),
            ("pages/users/[id].tsx", "[id]"),
        ] {
            assert_eq!(route_segment(glob), Some(name), "{glob}");
        }
        for glob in [
            "src/[abc]x/**",
            "logs/[0-9]/*.log",
            "src/[a-z]/**",
            "src/**",
            "a/[!x]/b",
            "v[12]/**",
            "x/[ab]y",
        ] {
            assert_eq!(route_segment(glob), None, "{glob}");
        }
        assert_eq!(
            escaped("app/tasks/[taskId]/**"),
            "app/tasks/\\[taskId\\]/**"
        );
        assert_eq!(escaped("pages/[id].tsx"), "pages/\\[id\\].tsx");
    }
}
