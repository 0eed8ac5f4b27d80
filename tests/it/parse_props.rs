//! No input makes the front end panic, and every span it reports fits the text.

use charter::check::check_file;
use charter::db::{Database, Origin};
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../fixtures/language-example/specs/orm_migration.charter");

/// Fragments that are likely to confuse a parser when spliced anywhere.
const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "\"",
    "\"\"\"",
    "/*",
    "*/",
    "//",
    "///",
    ",",
    ";",
    "\n",
    ".",
    "::",
    "<=",
    ">=",
    "==",
    "\\",
    "\\u{",
    "by",
    "from",
    "spec",
    "agent x {",
    "120ms",
    "85%",
    "1.2.3",
    "\u{0}",
    "é",
    "\r\n",
];

fn check_spans(text: &str) {
    let parsed = charter::syntax::parse_source(charter::text::FileId::default(), text);
    for d in &parsed.diagnostics {
        assert!(
            d.span.start() <= d.span.end() && d.span.end() <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start()) && text.is_char_boundary(d.span.end()),
            "{d:?}"
        );
    }
}

/// Applies each edit (position as a fraction of the length, fragment index,
/// whether to delete instead of insert) to the example.
fn mutate(edits: &[(f64, usize, bool)]) -> String {
    let mut text = EXAMPLE.to_owned();
    for &(at, fragment, delete) in edits {
        let mut pos = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(pos) {
            pos -= 1;
        }
        if delete {
            let mut end = (pos + 1 + fragment % 7).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            text.replace_range(pos..end, "");
        } else {
            text.insert_str(pos, FRAGMENTS[fragment % FRAGMENTS.len()]);
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let db = Database::new();
        let file = db.add_file("random.charter", &bytes, Origin::User);
        let _ = check_file(&db, file);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            check_spans(text);
        }
    }

    #[test]
    fn random_text_never_panics(text in "[a-z{}\";,.:<=>/*\\n %0-9\\\\]{0,300}") {
        check_spans(&text);
    }

    #[test]
    fn mutated_valid_sources_never_panic(edits in proptest::collection::vec((0.0f64..1.0, 0usize..64, any::<bool>()), 1..8)) {
        let text = mutate(&edits);
        check_spans(&text);
        // The whole pipeline, not only the parser: model, lints, plan, drawings.
        let db = Database::new();
        let file = db.add_file("mutated.charter", text.as_bytes(), Origin::User);
        let _ = check_file(&db, file);
        for spec in &charter::semantic::analyse(&db, file).specs {
            let schedule = charter::semantic::schedule::Schedule::of(spec);
            let plan = charter::plan::compile(spec, &schedule, &charter::plan::PlanSources::new());
            let _ = charter::plan::to_json(&plan);
            let _ = charter::plan::mermaid(spec, &schedule, &[]);
        }
        // Parsing is a pure function of the text.
        let again = charter::syntax::parse_source(charter::text::FileId::default(), &text);
        prop_assert_eq!(charter::syntax::parse_source(charter::text::FileId::default(), &text), again);
    }
}
