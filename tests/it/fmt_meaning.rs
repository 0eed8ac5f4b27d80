//! `charter fmt` preserves meaning as users see it: over a copy of every
//! `.charter` file of `tests/` and `stdlib-specs/`, formatted in place with
//! the binary, each file reports the same diagnostic codes as before, and
//! each spec that builds compiles to the same plan — once source positions
//! and file hashes, which formatting changes by design, are set aside.

use crate::support;

use std::path::{Path, PathBuf};

fn copy_tree(from: &Path, to: &Path, files: &mut Vec<PathBuf>) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &target, files);
        } else {
            std::fs::copy(&path, &target).unwrap();
            if target.extension().is_some_and(|e| e == "charter") {
                files.push(target);
            }
        }
    }
}

fn codes(dir: &Path, file: &Path) -> Vec<String> {
    let out = support::charter(&["check", "--format", "json", &file.to_string_lossy()], dir);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let mut codes: Vec<String> = json["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| {
                    d["path"]
                        .as_str()
                        .is_some_and(|p| dir.join(p) == *file || Path::new(p) == file)
                })
                .map(|d| d["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default();
    codes.sort();
    codes
}

/// The plan without what formatting legitimately moves: source positions and hashes.
fn plan_meaning(dir: &Path, file: &Path) -> Option<serde_json::Value> {
    let out = support::charter(&["build", &file.to_string_lossy()], dir);
    if out.status.code() != Some(0) {
        return None;
    }
    let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    strip(&mut json);
    Some(json)
}

fn strip(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.remove("source");
            map.remove("sha256");
            map.values_mut().for_each(strip);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

#[test]
fn formatting_keeps_diagnostics_and_plans() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let before = tempfile::tempdir().unwrap();
    let after = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (dir, tree) in [(before.path(), &mut Vec::new()), (after.path(), &mut files)] {
        std::fs::write(dir.join("charter.toml"), "").unwrap();
        copy_tree(
            &root.join("tests/fixtures"),
            &dir.join("tests/fixtures"),
            tree,
        );
        copy_tree(&root.join("stdlib-specs"), &dir.join("stdlib-specs"), tree);
    }
    // Format the second copy in place; files with syntax errors are left alone.
    support::charter(&["fmt", "tests", "stdlib-specs"], after.path());
    let mut compared = 0;
    let mut plans = 0;
    let mut changed = 0;
    for formatted in &files {
        let relative = formatted.strip_prefix(after.path()).unwrap();
        let original = before.path().join(relative);
        changed +=
            usize::from(std::fs::read(&original).unwrap() != std::fs::read(formatted).unwrap());
        assert_eq!(
            codes(before.path(), &original),
            codes(after.path(), formatted),
            "{}: diagnostics changed",
            relative.display()
        );
        let (a, b) = (
            plan_meaning(before.path(), &original),
            plan_meaning(after.path(), formatted),
        );
        assert_eq!(a, b, "{}: plan changed", relative.display());
        plans += usize::from(a.is_some());
        compared += 1;
    }
    assert!(
        compared > 50 && plans >= 9,
        "compared {compared} files, {plans} plans"
    );
    assert!(
        changed >= 10,
        "formatting must have changed files for this test to mean anything: {changed}"
    );
}
