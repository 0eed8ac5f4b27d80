//! Every malformed input under `fixtures/syntax/` reports at least one
//! diagnostic, and the rendered diagnostics are snapshotted so a change in
//! wording or position is reviewed.

use charter::diagnostics::render::{Sources, human};
use charter::syntax::parse_source;
use charter::text::FileId;

#[test]
fn malformed_inputs_render_their_diagnostics() {
    let mut count = 0;
    insta::glob!("..", "fixtures/syntax/*.charter", |path| {
        let bytes = std::fs::read(path).expect("fixture is readable");
        let text = String::from_utf8(bytes).expect("syntax fixtures are UTF-8");
        let name = format!(
            "syntax/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
        );
        let file = FileId::default();
        let parsed = parse_source(file, &text);
        assert!(
            !parsed.diagnostics.is_empty(),
            "{name}: a malformed input must report something"
        );
        let mut sources = Sources::new();
        sources.insert(file, name.clone(), text);
        insta::assert_snapshot!(human(&parsed.diagnostics, &sources, false));
        count += 1;
    });
    assert!(
        count >= 30,
        "at least 30 malformed inputs are snapshotted, found {count}"
    );
}

#[test]
fn three_independent_errors_on_three_lines_are_all_reported() {
    let text = "spec a {\n    title \"x\" .\n    owner @o\n    version \"1.0.0\" \"2\" ,,\n}\n";
    let parsed = parse_source(FileId::default(), text);
    let lines: Vec<usize> = parsed
        .diagnostics
        .iter()
        .map(|d| text[..d.span.start()].matches('\n').count() + 1)
        .collect();
    assert_eq!(lines, vec![2, 3, 4], "{:#?}", parsed.diagnostics);
}

#[test]
fn the_language_reference_example_parses_cleanly() {
    let path = "tests/fixtures/language-example/specs/orm_migration.charter";
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let parsed = parse_source(FileId::default(), &text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let heads: Vec<&str> = parsed
        .tree
        .statements
        .iter()
        .map(|s| s.head.text.as_str())
        .collect();
    assert_eq!(heads, ["use", "use", "spec"]);
    let spec = &parsed.tree.statements[2];
    assert_eq!(
        spec.doc.as_deref(),
        Some("Move persistence from Diesel to SeaORM without changing behaviour.")
    );
    let extends = spec.modifier("extends").expect("extends modifier");
    assert_eq!(extends.args[0].values.len(), 1);
    let blocks: Vec<&str> = spec
        .children()
        .iter()
        .map(|s| s.head.text.as_str())
        .collect();
    assert_eq!(
        blocks,
        [
            "title",
            "version",
            "owner",
            "autonomy",
            "intent",
            "boundaries",
            "verify",
            "contract",
            "agent",
            "agent",
            "governance"
        ]
    );
    // `write` continues over two lines after a trailing comma: one list of four globs.
    let boundaries = &spec.children()[5];
    assert_eq!(boundaries.children()[0].args[0].values.len(), 4);
    // A modifier collects the comparison after it.
    let verify = &spec.children()[6];
    let bench = &verify.children()[3];
    assert_eq!(bench.modifier("regress").map(|m| m.args.len()), Some(2));
    assert!(
        !parsed.tree.comments.is_empty(),
        "comments are kept for the formatter"
    );
}

#[test]
fn nesting_is_bounded_before_parsing() {
    let text = "a {".repeat(100_000);
    let parsed = parse_source(FileId::default(), &text);
    assert_eq!(parsed.diagnostics.len(), 1, "one clear error");
    assert_eq!(parsed.diagnostics[0].code(), "S008");

    // The deepest allowed nesting parses, even on a test thread's small stack.
    let depth = charter::syntax::MAX_DEPTH;
    let text = format!("{}{}", "a {\n".repeat(depth), "}\n".repeat(depth));
    let parsed = parse_source(FileId::default(), &text);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
}

#[test]
fn a_half_typed_statement_keeps_the_block_it_opens() {
    let text = "spec s {\n    agent x . {\n        write \"src/**\"\n        task t { goal \"Port\" }\n    }\n    agent y {\n        task u { goal . }\n        task v { goal \"Go\" }\n    }\n}\n";
    let parsed = parse_source(FileId::default(), text);
    assert_eq!(parsed.diagnostics.len(), 2, "{:#?}", parsed.diagnostics);
    let spec = &parsed.tree.statements[0];
    let agents: Vec<&charter::syntax::Statement> = spec.children().iter().collect();
    assert_eq!(agents.len(), 2);
    assert!(agents[0].partial, "`agent x . {{` did not parse");
    let names = |s: &charter::syntax::Statement| -> Vec<String> {
        s.children()
            .iter()
            .map(|c| c.head.text.to_string())
            .collect()
    };
    assert_eq!(names(agents[0]), ["write", "task"], "its block is kept");
    assert_eq!(names(agents[1]), ["task", "task"]);
    assert!(
        agents[1].children()[0].children()[0].partial,
        "`goal .` is kept in part"
    );
}
