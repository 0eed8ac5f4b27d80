//! O003 pinned-implementation.

use std::ops::Range;

use super::LintContext;
use super::text::{WordLengths, span_in_literal, tokens};
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::PINNED_IMPLEMENTATION as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let limit = cx.config.pinned_implementation_limit;
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        let Some(goal) = &task.goal else { continue };
        let details = details(&goal.value);
        // Nearly every goal is within the limit before any file is excused.
        if details.len() <= limit {
            continue;
        }
        // Files the task's own, its agent's or the spec's `write` names
        // exactly: listing them is the scope, not pinning.
        let agent_write = spec.agents.get(task.agent).map(|a| a.write.as_slice());
        let scope: Vec<&str> = task
            .write
            .iter()
            .chain(agent_write.into_iter().flatten())
            .chain(&spec.boundaries.write)
            .map(|g| g.pattern.trim_start_matches("./"))
            .filter(|p| !p.contains(['*', '?', '[', '{']))
            .collect();
        let details: Vec<_> = details
            .into_iter()
            .filter(|(range, kind)| {
                *kind != Detail::File || !named_by_write(&goal.value[range.clone()], &scope)
            })
            .collect();
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
                "the goal of `{}` dictates {} code-level detail{} (the limit is {limit}): {}",
                spec.task_id(i),
                details.len(),
                if details.len() == 1 { "" } else { "s" },
                summary(&goal.value, &details)
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

/// Whether a file named in a goal is one a `write` names exactly: the same
/// path, or a bare file name that is the last component of such a path.
fn named_by_write(token: &str, scope: &[&str]) -> bool {
    let token = token.trim_matches('`').trim_start_matches("./");
    scope.iter().any(|path| {
        *path == token || (!token.contains('/') && path.rsplit('/').next() == Some(token))
    })
}

/// Which details are pinned, by kind: "named functions `a()`, `b()`; line
/// numbers `line 12`", at most four of each shown.
fn summary(text: &str, details: &[(Range<usize>, Detail)]) -> String {
    let mut parts = Vec::new();
    for kind in [Detail::Function, Detail::Line, Detail::File] {
        let written: Vec<String> = details
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(r, _)| {
                let written = text[r.clone()].trim_matches('`');
                match written.split_once('(') {
                    Some((name, _)) => format!("`{name}()`"),
                    None => format!("`{written}`"),
                }
            })
            .collect();
        if written.is_empty() {
            continue;
        }
        let mut shown = written
            .iter()
            .take(4)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if written.len() > 4 {
            shown.push_str(&format!(" and {} more", written.len() - 4));
        }
        parts.push(format!("{} {shown}", kind.plural()));
    }
    parts.join("; ")
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

    fn plural(self) -> &'static str {
        match self {
            Detail::Function => "named functions",
            Detail::Line => "line numbers",
            Detail::File => "exact files",
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

/// Verbs whose objects are what the task delivers.
const DELIVER: &[&str] = &[
    "create",
    "creates",
    "write",
    "writes",
    "generate",
    "generates",
    "add",
    "adds",
    "implement",
    "implements",
    "implementing",
    "define",
    "defines",
    "produce",
    "produces",
    "build",
    "builds",
    "expose",
    "exposes",
    "provide",
    "provides",
];

/// [`DELIVER`]'s lengths by first two letters: most words of a goal are passed
/// over by one look-up rather than compared with every verb.
const DELIVER_LENGTHS: WordLengths = WordLengths::of(DELIVER);

/// Whether `token` is one of [`DELIVER`], in any case.
fn is_delivery_verb(token: &str) -> bool {
    // A word of plain ASCII is turned away by the table; any other is
    // lowercased and compared in full.
    if token.is_ascii() && !DELIVER_LENGTHS.may_hold(token.as_bytes()) {
        return false;
    }
    lower_in(token, DELIVER)
}

/// The code-level details of a goal, in order.
fn details(text: &str) -> Vec<(Range<usize>, Detail)> {
    let mut found = Vec::new();
    // Read as they come, with the next one in view (for `line 12`).
    let mut tokens = tokens(text).peekable();
    // Inside a run of deliverables ("Create a.sh, b.sh and c.sh",
    // "implementing getAlbum() and listAlbums()"): what the task is asked to
    // produce is its outcome, not a way of producing it.
    let mut delivering = false;
    while let Some(range) = tokens.next() {
        let token = text[range.clone()].trim_matches('`');
        if token.is_empty() {
            continue;
        }
        let before = found.len();
        if lower_in(token.trim_start_matches('~'), &["line", "lines", "l."])
            && let Some(next) = tokens.peek()
            && text[next.clone()]
                .trim_start_matches('~')
                .starts_with(|c: char| c.is_ascii_digit())
        {
            found.push((range.start..next.end, Detail::Line));
        } else if is_plain_word(token) {
            // A plain word, as most are: no line, call, path or symbol
            // (each needs a digit, `(`, `.`, `::` or `_`).
        } else if is_line_reference(token) {
            found.push((range.clone(), Detail::Line));
        } else if is_call(token) || is_qualified(token) || is_symbol(token) {
            found.push((range.clone(), Detail::Function));
        } else if let Some(line) = file_with_line(token) {
            found.push((
                range.clone(),
                if line { Detail::Line } else { Detail::File },
            ));
        }
        if found.len() > before {
            if delivering && found.last().is_some_and(|(_, d)| *d != Detail::Line) {
                found.pop();
            }
        } else {
            delivering = is_delivery_verb(token)
                || (delivering && lower_in(token, &["and", "or", "a", "an", "the", "new"]));
        }
    }
    // A detail written twice is pinned once.
    let mut seen = foldhash::HashSet::default();
    found.retain(|(r, _)| seen.insert(text[r.clone()].trim_matches('`').to_owned()));
    found
}

/// Whether `token` is letters only, as most words of a goal are (tested a
/// byte at a time when it is ASCII, as nearly every one is).
fn is_plain_word(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.is_ascii() {
        bytes.iter().all(u8::is_ascii_alphabetic)
    } else {
        token.chars().all(char::is_alphabetic)
    }
}

/// Whether `token`, lowercased, is one of `words` (written in lower case);
/// an ASCII token, nearly every one, is compared without lowercasing a copy.
fn lower_in(token: &str, words: &[&str]) -> bool {
    if let Some(&first) = token.as_bytes().first()
        && token.is_ascii()
    {
        // Length and first letter first, inline: most listed words differ
        // from the token in one of them.
        let first = first.to_ascii_lowercase();
        words.iter().any(|w| {
            w.len() == token.len()
                && w.as_bytes().first() == Some(&first)
                && w.eq_ignore_ascii_case(token)
        })
    } else {
        let lower = token.to_lowercase();
        words.contains(&lower.as_str())
    }
}

/// A line reference in one token: `L10`, `L10-20`, `L10–L20`, `~L174`,
/// `#L42`, `:88` after a file is handled by [`file_with_line`].
fn is_line_reference(token: &str) -> bool {
    let t = token.trim_start_matches(['~', '#']);
    let Some(rest) = t.strip_prefix('L') else {
        return false;
    };
    let mut parts = rest.split(['-', '–', '—']);
    let number = |p: &str| !p.is_empty() && p.len() <= 6 && p.chars().all(|c| c.is_ascii_digit());
    parts.next().is_some_and(number) && parts.all(|p| number(p.trim_start_matches('L')))
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

/// A symbol of the implementation written bare: a private name
/// (`_build_v2_essentials`) or a qualified path with a part in snake or
/// camel case (`asyncio.to_thread`, `SpawnContext.steering_dirs`). A plain
/// field or column name (`display_date`, `rawInput`) is the interface, not
/// the implementation, and is not counted; nor is a file name or a version.
fn is_symbol(token: &str) -> bool {
    let token = token.trim_end_matches([':', '=']);
    let ident = |p: &str| {
        p.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let codeish = |p: &str| p.contains('_') || camel(p);
    // Split twice rather than into a list: most tokens tested are words
    // with a digit or `_` (`iface_1`), and this ran once per such token.
    if !token.split('.').all(ident) || file_with_line(token).is_some() {
        return false;
    }
    if token.contains('.') {
        token.split('.').any(codeish)
    } else {
        token.starts_with('_') && token.chars().any(char::is_alphabetic)
    }
}

/// `sessionKey`, `approveChatSlot`: a lowercase run of two or more, then an
/// uppercase letter followed by lowercase; not `iOS`, `macOS` or `eBay`.
fn camel(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let lead = chars.iter().take_while(|c| c.is_ascii_lowercase()).count();
    lead >= 2
        && chars
            .windows(2)
            .skip(lead - 1)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase())
}

/// `Foo::bar`: identifiers on both sides of `::`.
fn is_qualified(token: &str) -> bool {
    // Most tokens tested have no `:`: settled without setting up a
    // substring search, which cost more than the rest of the test.
    if !token.bytes().any(|b| b == b':') {
        return false;
    }
    token.match_indices("::").any(|(i, _)| {
        let ident = |c: char| c.is_alphanumeric() || c == '_';
        token[..i].chars().next_back().is_some_and(ident)
            && token[i + 2..].chars().next().is_some_and(ident)
    })
}

/// A file path (`Some(false)`), or a file path with a line (`Some(true)`:
/// `src/db.rs:42`), or neither.
fn file_with_line(token: &str) -> Option<bool> {
    // A file name has an extension: most words are settled by this alone.
    if !token.contains('.') {
        return None;
    }
    if token.contains(['*', '?', '[', '{']) || (token.contains(':') && token.contains("://")) {
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
    use proptest::prelude::*;

    proptest! {
        /// The table of first two letters and lengths turns away no verb, in
        /// any case, and accepts nothing else.
        #[test]
        fn the_verb_table_agrees_with_the_list(
            token in "[a-zA-Z0-9_.()é]{0,10}|(?i)(create|writes|implementing|exposes|add|build)",
        ) {
            prop_assert_eq!(is_delivery_verb(&token), lower_in(&token, DELIVER));
        }

        /// `details` skips a word of letters alone: none of the detail
        /// tests can hold for one.
        #[test]
        fn a_plain_word_is_no_detail(word in "[a-zA-ZL\\p{L}]{1,12}") {
            prop_assert!(!is_line_reference(&word));
            prop_assert!(!is_call(&word));
            prop_assert!(!is_qualified(&word));
            prop_assert!(!is_symbol(&word));
            prop_assert!(file_with_line(&word).is_none());
        }

        /// The ASCII shortcut of `is_plain_word` says what the test of
        /// every character says, for ASCII and for any other text.
        #[test]
        fn a_plain_word_is_letters_only(token in "[a-zA-Z0-9_.()`~]{0,8}|[a-zé\\p{L}\\p{N}_-]{0,8}") {
            prop_assert_eq!(is_plain_word(&token), token.chars().all(char::is_alphabetic));
        }
    }

    #[test]
    fn files_the_write_names_are_the_scope() {
        let scope = ["src/models/Album.js", "package.json"];
        assert!(named_by_write("src/models/Album.js", &scope));
        assert!(named_by_write("Album.js", &scope));
        assert!(named_by_write("`./package.json`", &scope));
        assert!(!named_by_write("src/models/Photo.js", &scope));
        assert!(!named_by_write("lib/package.json", &scope));
    }

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
        assert_eq!(
            kinds("see ~line 174, L10-20, lines 510–539, line ~12, #L42 and L7–L9"),
            [Line, Line, Line, Line, Line, Line]
        );
        assert_eq!(kinds("Level 3, LTS, L-shaped and Lines of code"), []);
        assert_eq!(
            kinds(
                "call _resolve_dirs via asyncio.to_thread on state.sessionKey, twice _resolve_dirs, display_date and rawInput"
            ),
            [Function, Function, Function]
        );
        assert_eq!(
            kinds("Runs on iOS 17.2, macOS and eBay with mod.rs"),
            [File]
        );
        // Deliverables named after a verb that asks for them are the outcome.
        assert_eq!(kinds("Create a.sh, b.sh and c.sh, then edit d.sh"), [File]);
        assert_eq!(
            kinds("Implement getAlbum(id) and listAlbums() in src/AlbumService.js"),
            [File]
        );
        assert_eq!(
            kinds("Route it through onApprove(d) to approveChatSlot(s)"),
            [Function, Function]
        );
    }
}
