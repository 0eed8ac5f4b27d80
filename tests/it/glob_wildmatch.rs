//! Conformance with git's wildmatch: the 190 cases of git's
//! `t/t3070-wildmatch.sh`, read at run time from the shared test data beside
//! the checkout (`../shared/testdata/wildmatch-cases.json`).
//!
//! We use the `wildmatch` column (`WM_PATHNAME`: `*`, `?`, `[...]` never match
//! `/`). In that column every case is `1` (match) or `0` (no match); the
//! format also allows `E` (pattern error). Git signals malformed patterns
//! (unclosed `[`, trailing `\`, unknown `[:class:]`) by aborting, i.e. they
//! match nothing — the data has them as `0`. `Glob::parse` rejects exactly
//! those patterns, so a parse error is scored as "no match"; an `E` would be
//! satisfied by a parse error or by a non-match. Any other outcome fails.

use std::path::PathBuf;

use charter::analysis::glob::Glob;
use serde_json::Value;

fn cases() -> Vec<Value> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata/wildmatch-cases.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let json: Value = serde_json::from_str(&text).expect("wildmatch cases are JSON");
    json.as_array().expect("a JSON array of cases").clone()
}

#[test]
fn git_wildmatch_cases() {
    let cases = cases();
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let field = |name: &str| {
            case[name]
                .as_str()
                .unwrap_or_else(|| panic!("case {i}: missing string field `{name}`"))
                .to_owned()
        };
        let (text, pattern, expected) = (field("text"), field("pattern"), field("wildmatch"));
        let outcome = match Glob::parse(&pattern) {
            Ok(glob) => {
                if glob.matches(&text) {
                    "1".to_owned()
                } else {
                    "0".to_owned()
                }
            }
            Err(e) => format!("parse error: {e}"),
        };
        let ok = match expected.as_str() {
            "1" => outcome == "1",
            "0" => outcome != "1",
            "E" => outcome != "1",
            other => panic!("case {i}: unknown expectation {other:?}"),
        };
        if !ok {
            failures.push(format!(
                "case {i}: pattern {pattern:?} text {text:?}: expected {expected}, got {outcome}"
            ));
        }
    }
    let passed = cases.len() - failures.len();
    println!("wildmatch: {passed}/{} cases pass", cases.len());
    for f in &failures {
        eprintln!("{f}");
    }
    assert_eq!(cases.len(), 190, "expected git's 190 cases");
    assert!(
        failures.is_empty(),
        "{} wildmatch cases fail",
        failures.len()
    );
}
