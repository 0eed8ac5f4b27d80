//! The exact scope-conflict check at scale (quality.md: one spec with 1,000
//! concurrent agents × 4 globs in ≤ 1 s). The spec is generated, checked
//! through the whole pipeline (`Database::add_file` + `check_file`), and the
//! C001 findings must be exactly the deliberate overlaps: no false positive
//! among the 500,000 concurrent pairs, no missed overlap.
//!
//! The bound asserted here is generous so the test holds in debug builds on
//! a loaded machine; the real figure is measured in release with
//! `cargo test --release --test it conflicts_scale -- --nocapture`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::Instant;

use charter::check::check_file;
use charter::db::{Database, Origin};

const AGENTS: usize = 1000;

fn spec_text() -> String {
    let mut text = String::from("spec monorepo {\n");
    for n in 0..AGENTS {
        // Writing to a String cannot fail.
        let _ = write!(
            text,
            "    agent a{n} {{\n        write \"svc/a{n}/src/**\", \"svc/a{n}/tests/**\", \"svc/a{n}/docs/*.md\", \"svc/a{n}/Cargo.toml\"\n        task work {{ goal \"Service a{n} is ported\" }}\n    }}\n"
        );
    }
    text.push_str(
        r#"    // Overlaps a7's docs.
    agent docs {
        write "svc/a7/docs/**"
        task work { goal "The docs of a7 are rewritten" }
    }
    // Overlaps every agent's manifest: a glob with a wildcard segment.
    agent manifests {
        write "svc/*/Cargo.toml"
        task work { goal "Every manifest uses the workspace lints" }
    }
    // Overlaps a3's sources, but waits for a3: not concurrent.
    agent late {
        write "svc/a3/src/**"
        task work {
            after a3.work
            goal  "a3 is tidied after its port"
        }
    }
}
"#,
    );
    text
}

#[test]
fn a_thousand_concurrent_agents_are_checked_exactly_and_fast() {
    let text = spec_text();
    let _no_compiler_beside = crate::support::timed();
    let started = Instant::now();
    let db = Database::new();
    let file = db.add_file("monorepo.charter", text.as_bytes(), Origin::User);
    let diagnostics = check_file(&db, file);
    let elapsed = started.elapsed();

    let found: BTreeSet<String> = diagnostics
        .iter()
        .filter(|d| d.code() == "C001")
        .map(|d| d.message.clone())
        .collect();
    let mut expected = BTreeSet::new();
    expected.insert("`a7.work` and `docs.work` may both write `svc/a7/docs/x.md`".to_owned());
    for n in 0..AGENTS {
        expected.insert(format!(
            "`a{n}.work` and `manifests.work` may both write `svc/a{n}/Cargo.toml`"
        ));
    }
    let missing: Vec<_> = expected.difference(&found).take(5).collect();
    let unexpected: Vec<_> = found.difference(&expected).take(5).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing {missing:?}, unexpected {unexpected:?}"
    );
    assert_eq!(
        diagnostics.iter().filter(|d| d.code() == "C001").count(),
        AGENTS + 1,
        "each task pair is reported once"
    );
    println!(
        "{AGENTS} concurrent agents x 4 globs ({} lines): full check in {:.1} ms",
        text.lines().count(),
        elapsed.as_secs_f64() * 1000.0
    );
    assert!(elapsed.as_secs() < 10, "took {elapsed:?}");
}
