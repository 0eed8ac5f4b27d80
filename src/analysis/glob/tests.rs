//! Unit tests for the public glob API: matching edge cases and the exact set
//! questions the lints ask (C001 overlap, C003 escape, O002 redundancy).

use super::*;

fn g(p: &str) -> Glob {
    Glob::parse(p).unwrap_or_else(|e| panic!("{p:?}: {e}"))
}

fn wit(all: &[&str], none: &[&str]) -> Option<String> {
    let all: Vec<Glob> = all.iter().map(|p| g(p)).collect();
    let none: Vec<Glob> = none.iter().map(|p| g(p)).collect();
    let all: Vec<&Glob> = all.iter().collect();
    let none: Vec<&Glob> = none.iter().collect();
    let found = witness(&all, &none);
    if let Some(w) = &found {
        for glob in &all {
            assert!(glob.matches(w), "{w:?} should match {glob:?}");
        }
        for glob in &none {
            assert!(!glob.matches(w), "{w:?} should not match {glob:?}");
        }
    }
    found
}

fn sub(a: &str, b: &str) -> bool {
    is_subset(&g(a), &g(b))
}

#[test]
fn api_basics() {
    let glob = g("src/db/**");
    assert_eq!(glob.as_str(), "src/db/**");
    assert_eq!(glob.literal_prefix(), "src/db/");
    assert_eq!(g("**/x").literal_prefix(), "");
    assert_eq!(g("a\\*b*").literal_prefix(), "a*b");
    assert_eq!(g("src/*.rs").literal_prefix(), "src/");
    assert_eq!(glob, g("src/db/**"));
    assert_ne!(glob, g("src/db/*"));
    assert_eq!(format!("{glob:?}"), "Glob(\"src/db/**\")");
}

#[test]
fn parse_errors() {
    let e = Glob::parse("src/[ab").unwrap_err();
    assert_eq!(e.offset, 4);
    assert_eq!(e.message, "unclosed `[` character class");
    assert_eq!(e.to_string(), "unclosed `[` character class (at byte 4)");
    assert!(Glob::parse("a\\").is_err());
    assert!(Glob::parse("[[:nope:]]").is_err());
    assert!(Glob::parse("[[:alpha:]]").is_ok());
}

#[test]
fn matching_double_star() {
    assert!(g("src/**").matches("src/a/b.rs"));
    assert!(!g("src/**").matches("src"));
    assert!(!g("src/**").matches("srcx/a"));
    assert!(g("**/lib.rs").matches("lib.rs"));
    assert!(g("**/lib.rs").matches("a/b/lib.rs"));
    assert!(g("a/**/b").matches("a/b"));
    assert!(g("a/**/b").matches("a/x/y/b"));
    assert!(!g("a/**/b").matches("ab"));
    assert!(g("a**b").matches("axxb"));
    assert!(!g("a**b").matches("a/b"));
    assert!(g("**").matches("a/b/c"));
    // Before an escaped slash git lets `**` cross slashes but skips its
    // zero-directory shortcut.
    assert!(g("**\\/a").matches("x/y/a"));
    assert!(!g("**\\/a").matches("a"));
    assert!(g("x/**\\/a").matches("x/y/z/a"));
}

#[test]
fn disjoint_prefixes() {
    assert_eq!(wit(&["src/api/**", "src/api_v2/**"], &[]), None);
    assert_eq!(
        wit(&["src/api/*", "src/api*/*"], &[]),
        Some("src/api/x".into())
    );
}

#[test]
fn overlap_is_shortest_and_legible() {
    assert_eq!(
        wit(&["src/**/*.rs", "**/lib.rs"], &[]),
        Some("src/lib.rs".into())
    );
    assert_eq!(wit(&["*"], &[]), Some("x".into()));
    assert_eq!(wit(&["src/db/**", "src/**"], &[]), Some("src/db/x".into()));
    assert_eq!(wit(&["**/*.rs", "**/*.py"], &[]), None);
    assert_eq!(wit(&["*/*", "**/b"], &[]), Some("x/b".into()));
}

#[test]
fn only_valid_paths() {
    // `a/**` matches the text "a/" for git, but that is not a path.
    assert_eq!(wit(&["a/**"], &["a/*/**", "a/*"]), None);
    assert_eq!(wit(&["a/"], &[]), None);
    assert_eq!(wit(&["/a"], &[]), None);
    assert_eq!(wit(&["a//b"], &[]), None);
    assert_eq!(wit(&[""], &[]), None);
    assert_eq!(wit(&["**"], &[]), Some("x".into()));
    assert_eq!(wit(&["**/"], &[]), None);
    assert!(!sub("a/**", "a/*/**"));
    assert!(!sub("a/**", "a/*"));
}

#[test]
fn deny_carve_outs() {
    assert_eq!(wit(&["src/**"], &["src/secret/**"]), Some("src/x".into()));
    assert_eq!(wit(&["src/**", "src/secret/**"], &["src/secret/**"]), None);
    // Two writers on `src/**`, one denied `src/*.rs`: they still meet deeper.
    // (`*` may be empty and wildmatch gives dot-files no special treatment.)
    assert_eq!(
        wit(&["src/**", "src/**/*.rs"], &["src/*.rs"]),
        Some("src/x/.rs".into())
    );
    assert_eq!(
        wit(&["src/**", "src/**/?*.rs"], &["src/*.rs"]),
        Some("src/x/x.rs".into())
    );
    assert_eq!(wit(&["**"], &["**"]), None);
    assert_eq!(wit(&["a/*"], &["a/?", "a/??*"]), None);
    assert_eq!(wit(&["a/*"], &["a/?", "a/???*"]), Some("a/xx".into()));
}

#[test]
fn escapes_and_classes() {
    assert_eq!(wit(&["a\\*"], &[]), Some("a*".into()));
    assert_eq!(wit(&["a\\*", "a?"], &[]), Some("a*".into()));
    assert_eq!(wit(&["a\\*", "a[!*]"], &[]), None);
    assert_eq!(wit(&["[a-c]", "[b-d]"], &[]), Some("b".into()));
    assert_eq!(wit(&["[a-c]"], &["[b-d]"]), Some("a".into()));
    assert_eq!(wit(&["[[:digit:]]", "[[:alpha:]]"], &[]), None);
    assert_eq!(wit(&["[[:upper:]]x", "[!A-Y]?"], &[]), Some("Zx".into()));
    // A class never yields `/`, even negated.
    assert_eq!(wit(&["a[!b]c"], &["a?c"]), None);
    assert_eq!(wit(&["a[/]c"], &[]), None);
}

#[test]
fn subsets() {
    assert!(sub("src/db/**", "src/**"));
    assert!(!sub("src/**", "src/db/**"));
    assert!(sub("src/*.rs", "src/**"));
    assert!(sub("src/*.rs", "**/*.rs"));
    assert!(!sub("**/*.rs", "src/**"));
    assert!(sub("a/**/b", "a/**"));
    assert!(sub("a/b", "a/**/b"));
    assert!(!sub("a/**", "a/*/**"));
    assert!(sub("**/a/**", "**"));
    assert!(sub("a/*/b", "a/**/b"));
    assert!(!sub("a/**/b", "a/*/b"));
    assert_eq!(
        escape_witness(&g("a/**/b"), &[&g("a/*/b"), &g("a/b")]),
        Some("a/x/x/b".into())
    );
    assert!(escape_witness(&g("src/**"), &[&g("src/*"), &g("src/*/**")]).is_none());
}

#[test]
fn unicode_and_unusual_literals() {
    assert_eq!(wit(&["é*", "*ß"], &[]), Some("éß".into()));
    assert!(g("?").matches("é"));
    assert_eq!(wit(&["[!x]"], &[]), Some("a".into()));
}
