//! `--format sarif` validates against the official SARIF 2.1.0 schema (with
//! an independent validator, Python's `jsonschema`) and carries the fields
//! GitHub code scanning requires beyond the schema.

use crate::support;

use std::path::{Path, PathBuf};

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

/// The native Sarif.Multitool the npm package `@microsoft/sarif-multitool`
/// ships (its `bin.js` wrapper runs it through a shell, which would split
/// `Gh;Sarif` at the semicolon, so the binary is called directly).
fn sarif_multitool() -> PathBuf {
    let out = std::process::Command::new("node")
        .args(["-e", "console.log(require('@microsoft/sarif-multitool'))"])
        .env("NODE_PATH", npm_root())
        .output()
        .expect("node is installed");
    assert!(
        out.status.success(),
        "@microsoft/sarif-multitool is not installed (.ci/run installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

fn npm_root() -> String {
    let out = std::process::Command::new("npm")
        .args(["root", "-g"])
        .output()
        .expect("npm is installed");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The same finding run from an absolute path and from three working
/// directories gives byte-identical SARIF: URIs relative to the workspace
/// root, fingerprints that do not depend on where charter ran. It is valid
/// against the schema and clean under the SARIF multitool's GitHub rules.
#[test]
fn sarif_is_the_same_from_every_directory_and_clean_for_github() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().canonicalize().unwrap().join("ws");
    let sub = root.join("specs/sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(root.join("charter.toml"), "").unwrap();
    std::fs::write(
        sub.join("über plan.charter"),
        r#"spec clash {
    intent {
        outcome "Both services speak the new protocol, fast"
        success parity "Old and new clients both work" by test.all
    }
    verify { test all "cargo test" }
    agent a { write "src/**"; task one { goal "Port the server side"; verify test.all } }
    agent b { write "src/net/**"; task two { goal "Port the client side"; verify test.all } }
}
"#,
    )
    .unwrap();
    let file = sub.join("über plan.charter");
    let runs = [
        (root.clone(), "specs/sub/über plan.charter".to_owned()),
        (root.join("specs"), "sub/über plan.charter".to_owned()),
        (sub.clone(), "über plan.charter".to_owned()),
        (PathBuf::from("/"), file.display().to_string()),
    ];
    let mut outputs = Vec::new();
    for (dir, path) in &runs {
        let out = support::charter(&["check", "--format", "sarif", path], dir);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        outputs.push(out.stdout);
    }
    for (output, (dir, _)) in outputs.iter().zip(&runs) {
        assert_eq!(
            String::from_utf8_lossy(output),
            String::from_utf8_lossy(&outputs[0]),
            "from {}",
            dir.display()
        );
    }
    let sarif: serde_json::Value = serde_json::from_slice(&outputs[0]).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "C001 and U002");
    for result in results {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "specs/sub/%C3%BCber%20plan.charter"
        );
    }

    let document = temp.path().join("out.sarif");
    std::fs::write(&document, &outputs[0]).unwrap();
    let schema = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/testdata/sarif-schema-2.1.0.json"
    ));
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1]))\n\
                  errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(json.load(open(sys.argv[2]))), key=str)\n\
                  [print(e.message, list(e.path)) for e in errors]\n\
                  sys.exit(1 if errors else 0)\n";
    support::python_check(script, &[schema, &document], "schema validation failed");

    // The multitool exits 0 whatever it finds: its log is read instead.
    let log = temp.path().join("validation.sarif");
    let out = std::process::Command::new(sarif_multitool())
        .arg("validate")
        .args(["--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite", "-o"])
        .arg(&log)
        .arg(&document)
        .output()
        .expect("Sarif.Multitool runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let validation: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&log).expect("the multitool wrote its log")).unwrap();
    let problems: Vec<String> = validation["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| matches!(r["level"].as_str(), Some("error") | Some("warning") | None))
        .map(|r| format!("{} {}", r["ruleId"], r["message"]))
        .collect();
    assert!(
        problems.is_empty(),
        "the multitool found problems:\n{}\n{}",
        problems.join("\n"),
        String::from_utf8_lossy(&out.stdout)
    );
    // It does check: an absolute URI under %SRCROOT% is reported.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        serde_json::json!("file:///abs/x.charter");
    std::fs::write(&document, serde_json::to_vec(&broken).unwrap()).unwrap();
    std::process::Command::new(sarif_multitool())
        .arg("validate")
        .args(["--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite", "-o"])
        .arg(&log)
        .arg(&document)
        .output()
        .unwrap();
    let validation = std::fs::read_to_string(&log).unwrap();
    assert!(validation.contains("SARIF1004"), "{validation}");
}
