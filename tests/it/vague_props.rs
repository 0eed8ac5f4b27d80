//! Property tests for U002 (vague-term): any built-in term inserted into a
//! clean goal fires exactly once, with its span on exactly that term, and
//! prose built only from words that occur in no term never fires.

use std::sync::LazyLock;

use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::lints::vague;
use proptest::prelude::*;

/// Candidate prose words; those that occur in any term are dropped, so no
/// combination of them, or of them and an inserted term, can form a term.
const CANDIDATES: &[&str] = &[
    "the", "service", "returns", "rows", "orders", "within", "each", "table", "column", "value",
    "exactly", "once", "per", "request", "schema", "every", "row", "is", "stored", "in",
    "postgres", "with", "its", "id", "page", "lists", "customer", "invoice", "total", "equals",
    "sum", "of", "lines", "a", "and", "to", "cursor", "limit", "returned", "header", "answers",
];

static SAFE: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let words: Vec<String> = vague::builtin()
        .iter()
        .flat_map(|t| {
            t.term
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    CANDIDATES
        .iter()
        .copied()
        .filter(|c| !words.iter().any(|w| w == c))
        .collect()
});

fn spec(outcome: &str, criterion: &str, goal: &str) -> String {
    format!(
        r#"spec s {{
    intent {{
        outcome "{outcome}"
        success rows "{criterion}" by test.unit
    }}
    boundaries {{ write "src/**" }}
    verify {{ test unit "cargo test" }}
    agent a {{
        task t {{ goal "{goal}" }}
    }}
}}
"#
    )
}

/// The U002 diagnostics of `text`, as byte spans.
fn u002(text: &str) -> Vec<(usize, usize)> {
    let db = Database::new();
    let file = db.add_file("props.charter", text.as_bytes(), Origin::User);
    check_file(&db, file)
        .iter()
        .filter(|d| d.code() == "U002")
        .map(|d| (d.span.start(), d.span.end()))
        .collect()
}

fn words(max: usize) -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(SAFE.clone()), 0..max)
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(SAFE.clone()),
            prop::sample::select(vec![" ", ", ", ". ", "; ", " - "]),
        ),
        1..12,
    )
    .prop_map(|parts| {
        parts
            .into_iter()
            .map(|(w, s)| format!("{w}{s}"))
            .collect::<String>()
            .trim()
            .to_owned()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_inserted_term_fires_on_exactly_its_span(
        term in prop::sample::select(vague::builtin().to_vec()),
        before in words(5),
        after in words(5),
        case in 0..3u8,
    ) {
        let written = match case {
            0 => term.term.to_string(),
            1 => term.term.to_uppercase(),
            _ => {
                let mut chars = term.term.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }
        };
        // A capitalised word inside a sentence is read as part of a name
        // ("the Secure Enclave"): it is only inserted capitalised at the start.
        let before = if case == 2 { Vec::new() } else { before };
        let mut goal = before.join(" ");
        if !goal.is_empty() {
            goal.push(' ');
        }
        let offset_in_goal = goal.len();
        goal.push_str(&written);
        if !after.is_empty() {
            goal.push(' ');
            goal.push_str(&after.join(" "));
        }
        let text = spec("The service returns rows", "Each row is stored", &goal);
        let literal = text.find(&format!("\"{goal}\"")).expect("the goal is in the spec");
        let start = literal + 1 + offset_in_goal;
        prop_assert_eq!(u002(&text), vec![(start, start + written.len())], "goal {:?}", goal);
    }

    #[test]
    fn safe_prose_never_fires(outcome in prose(), criterion in prose(), goal in prose()) {
        let text = spec(&outcome, &criterion, &goal);
        prop_assert_eq!(u002(&text), Vec::<(usize, usize)>::new());
    }
}

#[test]
fn the_safe_vocabulary_is_not_empty() {
    assert!(SAFE.len() >= 20, "{:?}", *SAFE);
}
