//! `--format sarif` validates against the official SARIF 2.1.0 schema (with
//! an independent validator, Python's `jsonschema`) and carries the fields
//! GitHub code scanning requires beyond the schema.

mod support;

use std::path::Path;

fn sarif_output() -> serde_json::Value {
    let fixtures = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let out = support::charter(&["check", "--format", "sarif", "syntax"], fixtures);
    assert_eq!(out.status.code(), Some(1));
    serde_json::from_slice(&out.stdout).expect("SARIF output is JSON")
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/testdata/sarif-schema-2.1.0.json"
    ));
    assert!(
        schema.exists(),
        "the shared test data must sit beside the checkout: {}",
        schema.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let document = dir.path().join("out.sarif");
    std::fs::write(&document, serde_json::to_vec(&sarif_output()).unwrap()).unwrap();
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  doc = json.load(open(sys.argv[2]))\n\
                  jsonschema.Draft4Validator.check_schema(schema)\n\
                  errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(doc), key=str)\n\
                  [print(e.message, list(e.path)) for e in errors]\n\
                  sys.exit(1 if errors else 0)\n";
    support::python_check(script, &[schema, &document], "schema validation failed");
}

#[test]
fn sarif_carries_the_fields_github_requires() {
    let sarif = sarif_output();
    assert!(sarif["$schema"].is_string());
    let run = &sarif["runs"][0];
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        {
            let field = "id";
            assert!(rule[field].is_string(), "rule without {field}: {rule}");
        }
        for field in ["shortDescription", "fullDescription", "help"] {
            assert!(
                rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "rule without {field}: {rule}"
            );
        }
    }
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 30);
    for result in results {
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
        let region = &result["locations"][0]["physicalLocation"]["region"];
        for field in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(
                region[field].as_u64().is_some_and(|n| n >= 1),
                "{field} missing in {result}"
            );
        }
        if region["startLine"] == region["endLine"] {
            assert!(
                region["endColumn"].as_u64() > region["startColumn"].as_u64(),
                "{result}"
            );
        }
        assert!(
            result["partialFingerprints"]
                .as_object()
                .is_some_and(|f| !f.is_empty())
        );
    }
    let fingerprints: std::collections::BTreeSet<String> = results
        .iter()
        .map(|r| r["partialFingerprints"].to_string())
        .collect();
    assert_eq!(fingerprints.len(), results.len(), "fingerprints are unique");
}
