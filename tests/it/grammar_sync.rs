//! One source of truth for the vocabulary: the statement heads of
//! `src/semantic/table.rs` and the modifier words of `syntax::MODIFIER_WORDS`
//! are what the editor grammars know. These tests fail, naming the word and
//! the file, when a head or modifier is added to (or removed from) the
//! compiler but not the grammars:
//! - grammar/tree-sitter-charter/grammar.js (modifier words; heads are plain
//!   identifiers there, as in the normative grammar),
//! - its generated src/grammar.json (so the committed parser is regenerated),
//! - queries/highlights.scm (the heads it highlights as keywords),
//! - editors/vscode/syntaxes/charter.tmLanguage.json (heads and modifiers).

use std::collections::BTreeSet;
use std::path::Path;

use charter::semantic::table;
use charter::syntax::MODIFIER_WORDS;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn table_heads() -> BTreeSet<String> {
    table::all().map(|s| s.head.to_owned()).collect()
}

fn modifier_words() -> BTreeSet<String> {
    MODIFIER_WORDS.iter().map(|w| (*w).to_owned()).collect()
}

/// What differs between the compiler's words and a grammar's, one line per word.
fn differences(
    what: &str,
    source: &str,
    expected: &BTreeSet<String>,
    file: &str,
    found: &BTreeSet<String>,
) -> Vec<String> {
    let missing = expected
        .difference(found)
        .map(|w| format!("{what} `{w}` ({source}) is missing from {file}"));
    let extra = found
        .difference(expected)
        .map(|w| format!("{what} `{w}` in {file} is not in {source}"));
    missing.chain(extra).collect()
}

fn assert_no_differences(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "the grammars and the compiler disagree:\n  {}",
        problems.join("\n  ")
    );
}

/// The double-quoted words between `start` and the next `end` in `text`.
fn quoted_words_after(text: &str, start: &str, end: &str) -> BTreeSet<String> {
    let at = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let rest = &text[at + start.len()..];
    let body = &rest[..rest.find(end).unwrap_or(rest.len())];
    quoted_words(body)
}

fn quoted_words(body: &str) -> BTreeSet<String> {
    body.split(['"', '\''])
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The words of the first `(a|b|c)` group that follows `\b` in a TextMate regex.
fn alternation(regex: &str) -> BTreeSet<String> {
    let open = regex
        .find("\\b(")
        .unwrap_or_else(|| panic!("no `\\b(` group in {regex}"));
    let rest = &regex[open + 3..];
    let group = &rest[..rest.find(')').expect("unclosed group")];
    group.split('|').map(str::to_owned).collect()
}

#[test]
fn tree_sitter_grammar_knows_the_modifier_words() {
    let grammar = read("grammar/tree-sitter-charter/grammar.js");
    let found = quoted_words_after(&grammar, "const MODIFIER_WORDS = [", "]");
    assert_no_differences(differences(
        "modifier word",
        "syntax::MODIFIER_WORDS",
        &modifier_words(),
        "grammar/tree-sitter-charter/grammar.js",
        &found,
    ));
}

#[test]
fn generated_parser_is_up_to_date_with_the_modifier_words() {
    let generated: serde_json::Value =
        serde_json::from_str(&read("grammar/tree-sitter-charter/src/grammar.json"))
            .expect("grammar.json is JSON");
    let choices = generated["rules"]["modifier_word"]["members"]
        .as_array()
        .expect("modifier_word is a choice");
    let found = choices
        .iter()
        .filter_map(|m| m["value"].as_str().map(str::to_owned))
        .collect();
    assert_no_differences(differences(
        "modifier word",
        "syntax::MODIFIER_WORDS",
        &modifier_words(),
        "grammar/tree-sitter-charter/src/grammar.json (run `tree-sitter generate`)",
        &found,
    ));
}

#[test]
fn highlight_query_knows_every_statement_head() {
    let query = read("grammar/tree-sitter-charter/queries/highlights.scm");
    let file = "grammar/tree-sitter-charter/queries/highlights.scm";
    let mut problems = Vec::new();
    for start in ["(#any-of? @keyword", "(#not-any-of? @function.call"] {
        let found = quoted_words_after(&query, start, ")");
        problems.extend(differences(
            "statement head",
            "src/semantic/table.rs",
            &table_heads(),
            &format!("{file} ({start} …)"),
            &found,
        ));
    }
    assert_no_differences(problems);
}

#[test]
fn textmate_grammar_knows_every_head_and_modifier() {
    let file = "editors/vscode/syntaxes/charter.tmLanguage.json";
    let grammar: serde_json::Value = serde_json::from_str(&read(file)).expect("JSON");
    let repository = &grammar["repository"];
    let regex = |rule: &str, key: &str| {
        repository[rule][key]
            .as_str()
            .unwrap_or_else(|| panic!("{file}: repository.{rule}.{key}"))
            .to_owned()
    };
    let mut problems = differences(
        "statement head",
        "src/semantic/table.rs",
        &table_heads(),
        &format!("{file} (repository.statement-head)"),
        &alternation(&regex("statement-head", "match")),
    );
    problems.extend(differences(
        "modifier word",
        "syntax::MODIFIER_WORDS",
        &modifier_words(),
        &format!("{file} (repository.modifier)"),
        &alternation(&regex("modifier", "match")),
    ));
    // `of … touches` globs end at the next modifier word.
    let end = regex("glob-modifier", "end");
    let after_lookahead = &end[end.rfind("\\b(?:").expect("a `\\b(?:` group")..];
    problems.extend(differences(
        "modifier word",
        "syntax::MODIFIER_WORDS",
        &modifier_words(),
        &format!("{file} (repository.glob-modifier.end)"),
        &alternation(&after_lookahead.replace("\\b(?:", "\\b(")),
    ));
    assert_no_differences(problems);
}

#[test]
fn a_head_missing_from_a_grammar_is_named() {
    let mut heads = table_heads();
    heads.insert("frobnicate".into());
    let found = table_heads();
    assert_eq!(
        differences("statement head", "the table", &heads, "grammar.x", &found),
        vec!["statement head `frobnicate` (the table) is missing from grammar.x"]
    );
    assert_eq!(
        differences("statement head", "the table", &found, "grammar.x", &heads),
        vec!["statement head `frobnicate` in grammar.x is not in the table"]
    );
}
