//! C001's literal-prefix index loses nothing and invents nothing: on random
//! small specs (globs over a tiny alphabet, random denies, random `after`
//! edges), the lint reports exactly the task pairs that a brute-force
//! all-pairs `witness` finds, with the same first glob pair and witness.

use std::collections::BTreeSet;

use charter::analysis::glob::Glob;
use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::lints::scopes::legible_witness;
use proptest::prelude::*;

/// One agent: its write globs, its deny globs, and the earlier agents its
/// single task waits for.
#[derive(Clone, Debug)]
struct Agent {
    write: Vec<String>,
    deny: Vec<String>,
    after: Vec<usize>,
}

fn segment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "a", "b", "ab", "*", "**", "?", "a*", "*b", "[ab]", "a?", ".a",
    ])
}

fn glob() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 1..4).prop_map(|s| s.join("/"))
}

fn agents() -> impl Strategy<Value = Vec<Agent>> {
    prop::collection::vec(
        (
            prop::collection::vec(glob(), 1..4),
            prop::collection::vec(glob(), 0..3),
            prop::collection::vec(any::<prop::sample::Index>(), 0..2),
        ),
        2..6,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(|(i, (write, deny, after))| Agent {
                write: unique(write),
                deny: unique(deny),
                // Only earlier agents, so the graph has no cycle.
                after: if i == 0 {
                    Vec::new()
                } else {
                    unique(after.iter().map(|x| x.index(i)).collect())
                },
            })
            .collect()
    })
}

/// Keeps the first of each repeated item, as template merging does for globs.
fn unique<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn quoted(globs: &[String]) -> String {
    globs
        .iter()
        .map(|g| format!("\"{g}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn spec_text(agents: &[Agent]) -> String {
    let mut text = String::from("spec random {\n");
    for (i, a) in agents.iter().enumerate() {
        text.push_str(&format!("    agent g{i} {{\n"));
        text.push_str(&format!("        write {}\n", quoted(&a.write)));
        if !a.deny.is_empty() {
            text.push_str(&format!("        deny  {}\n", quoted(&a.deny)));
        }
        text.push_str("        task t {\n");
        if !a.after.is_empty() {
            let refs: Vec<String> = a.after.iter().map(|j| format!("g{j}.t")).collect();
            text.push_str(&format!("            after {}\n", refs.join(", ")));
        }
        text.push_str("            goal \"Some work\"\n        }\n    }\n");
    }
    text.push_str("}\n");
    text
}

/// The C001 messages brute force expects: every concurrent pair of agents,
/// every pair of their globs in order, decided by `witness` directly.
fn brute_force(agents: &[Agent]) -> BTreeSet<String> {
    let n = agents.len();
    // reach[i][j]: agent j's task waits (transitively) for agent i's.
    let mut reach = vec![vec![false; n]; n];
    for (j, a) in agents.iter().enumerate() {
        for &i in &a.after {
            reach[i][j] = true;
        }
    }
    for k in 0..n {
        for i in 0..n {
            for j in 0..n {
                if reach[i][k] && reach[k][j] {
                    reach[i][j] = true;
                }
            }
        }
    }
    let parse = |g: &String| Glob::parse(g).expect("generated globs are valid");
    let mut expected = BTreeSet::new();
    for i in 0..n {
        for j in i + 1..n {
            if reach[i][j] || reach[j][i] {
                continue;
            }
            let denies: Vec<Glob> = agents[i]
                .deny
                .iter()
                .chain(&agents[j].deny)
                .map(parse)
                .collect();
            let none: Vec<&Glob> = denies.iter().collect();
            let found = agents[i].write.iter().find_map(|ga| {
                agents[j].write.iter().find_map(|gb| {
                    let (a, b) = (parse(ga), parse(gb));
                    legible_witness(&[&a, &b], &none).expect("decided")
                })
            });
            if let Some(path) = found {
                expected.insert(format!("`g{i}.t` and `g{j}.t` may both write `{path}`"));
            }
        }
    }
    expected
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn indexed_c001_equals_all_pairs_witness(agents in agents()) {
        let text = spec_text(&agents);
        let db = Database::new();
        let file = db.add_file("random.charter", text.as_bytes(), Origin::User);
        let diagnostics = check_file(&db, file);
        let errors: Vec<&String> = diagnostics
            .iter()
            .filter(|d| d.code().starts_with(['S', 'E']))
            .map(|d| &d.message)
            .collect();
        prop_assert!(errors.is_empty(), "generated spec is invalid: {errors:?}\n{text}");
        let found: BTreeSet<String> = diagnostics
            .iter()
            .filter(|d| d.code() == "C001")
            .map(|d| d.message.clone())
            .collect();
        prop_assert_eq!(found, brute_force(&agents), "{}", text);
    }
}
