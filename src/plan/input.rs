//! Reading a plan back, as any runner does: `charter run` and
//! `charter export` consume the JSON file, never the spec.
//!
//! Unknown keys are ignored and keys added within `v1` after the first
//! release (`locks`, `before`, `status`, `embedded`) default when absent, so
//! a plan from an older or a newer compiler of the same format is read. Only
//! the format tag is refused when it is not `charter.plan/v1`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use super::compile::sha256_hex;
use super::types::FORMAT;

/// Plans larger than this are refused: a real plan is a few hundred KiB.
pub const MAX_PLAN_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone, Debug, Deserialize)]
pub struct PlanDoc {
    pub format: String,
    pub spec: SpecInfo,
    #[serde(default)]
    pub checks: Vec<Check>,
    #[serde(default)]
    pub agents: Vec<Agent>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub stages: Vec<Vec<String>>,
    pub governance: Governance,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SpecInfo {
    pub name: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub sources: Vec<SourceRef>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct SourceRef {
    pub path: String,
    pub sha256: String,
    /// Inside the compiler (the standard library), not on disk.
    #[serde(default)]
    pub embedded: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Check {
    pub id: String,
    pub kind: String,
    pub run: String,
    pub timeout_s: f64,
    #[serde(default)]
    pub min_percent: Option<f64>,
    #[serde(default)]
    pub of: Option<String>,
    #[serde(default)]
    pub max_regress_percent: Option<f64>,
    #[serde(default)]
    pub max_severity: Option<String>,
    #[serde(default)]
    pub before: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Agent {
    pub id: String,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Task {
    pub id: String,
    pub agent: String,
    #[serde(default)]
    pub goal: Option<String>,
    #[serde(default)]
    pub depends_on: Vec<String>,
    pub write: TaskWrite,
    #[serde(default)]
    pub read: Vec<String>,
    #[serde(default)]
    pub checks: Vec<String>,
    #[serde(default)]
    pub approvals: Vec<Approval>,
    #[serde(default)]
    pub locks: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct TaskWrite {
    pub allow: Vec<String>,
    #[serde(default)]
    pub deny: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Approval {
    pub by: String,
    #[serde(default)]
    pub when_touches: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Governance {
    pub autonomy: String,
    #[serde(default)]
    pub audit_log: Option<String>,
    #[serde(default)]
    pub rollback: Option<Rollback>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Rollback {
    pub run: String,
}

/// A plan as read from disk: the typed view, the whole document (for the
/// brief, which passes on everything the task's agent may need), and the
/// SHA-256 of the file's bytes, which names the plan in commits and logs.
#[derive(Clone, Debug)]
pub struct LoadedPlan {
    pub doc: PlanDoc,
    pub raw: serde_json::Value,
    pub sha256: String,
}

impl LoadedPlan {
    pub fn read(path: &Path) -> Result<LoadedPlan, String> {
        let shown = path.display();
        let size = std::fs::metadata(path)
            .map_err(|e| format!("cannot read `{shown}`: {e}"))?
            .len();
        if size > MAX_PLAN_BYTES {
            return Err(format!("`{shown}` is larger than 64 MiB: not a plan"));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{shown}`: {e}"))?;
        Self::parse(&bytes).map_err(|e| format!("`{shown}`: {e}"))
    }

    pub fn parse(bytes: &[u8]) -> Result<LoadedPlan, String> {
        let raw: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
        if raw.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(format!(
                "not a `{FORMAT}` plan (its `format` is {})",
                raw.get("format")
                    .map_or("missing".into(), |f| f.to_string())
            ));
        }
        let doc: PlanDoc =
            serde_json::from_value(raw.clone()).map_err(|e| format!("not a valid plan: {e}"))?;
        doc.validate()?;
        Ok(LoadedPlan {
            doc,
            raw,
            sha256: sha256_hex(bytes),
        })
    }
}

impl PlanDoc {
    /// What a runner relies on beyond the schema: ids are unique, every
    /// reference names something, and `depends_on` has no cycle.
    fn validate(&self) -> Result<(), String> {
        let mut ids = BTreeSet::new();
        for t in &self.tasks {
            if !ids.insert(t.id.as_str()) {
                return Err(format!("task `{}` appears twice", t.id));
            }
            if !is_safe_id(&t.id) {
                return Err(format!("task id `{}` is not `agent.task`", t.id));
            }
        }
        let checks: BTreeSet<&str> = self.checks.iter().map(|c| c.id.as_str()).collect();
        for t in &self.tasks {
            for d in &t.depends_on {
                if !ids.contains(d.as_str()) {
                    return Err(format!("task `{}` depends on unknown task `{d}`", t.id));
                }
            }
            for c in &t.checks {
                if !checks.contains(c.as_str()) {
                    return Err(format!("task `{}` names unknown check `{c}`", t.id));
                }
            }
        }
        if !is_safe_id(&self.spec.name) {
            return Err(format!("spec name `{}` is not a name", self.spec.name));
        }
        self.topological_order().map(|_| ())
    }

    pub fn task(&self, id: &str) -> Option<&Task> {
        self.tasks.iter().find(|t| t.id == id)
    }

    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// Task ids, every task after its `depends_on`, ties in plan order
    /// (Kahn's algorithm, O((tasks + edges) log tasks); an error names a
    /// task on a cycle).
    pub fn topological_order(&self) -> Result<Vec<String>, String> {
        let index: BTreeMap<&str, usize> = self
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.as_str(), i))
            .collect();
        let mut waiting: Vec<usize> = vec![0; self.tasks.len()];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); self.tasks.len()];
        for (i, t) in self.tasks.iter().enumerate() {
            for d in &t.depends_on {
                if let Some(&j) = index.get(d.as_str()) {
                    waiting[i] += 1;
                    dependents[j].push(i);
                }
            }
        }
        let mut ready: BTreeSet<usize> =
            (0..self.tasks.len()).filter(|&i| waiting[i] == 0).collect();
        let mut order = Vec::with_capacity(self.tasks.len());
        while let Some(i) = ready.pop_first() {
            order.push(self.tasks[i].id.clone());
            for &k in &dependents[i] {
                waiting[k] -= 1;
                if waiting[k] == 0 {
                    ready.insert(k);
                }
            }
        }
        if order.len() < self.tasks.len() {
            let stuck = (0..self.tasks.len())
                .find(|&i| waiting[i] > 0)
                .map_or("?", |i| self.tasks[i].id.as_str());
            return Err(format!("`depends_on` has a cycle through `{stuck}`"));
        }
        Ok(order)
    }
}

/// `[A-Za-z0-9_.]`, not empty: ids go into branch names, file names and
/// shell scripts, so anything else is refused rather than escaped.
fn is_safe_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && !id.contains("..")
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(tasks: &str) -> Vec<u8> {
        format!(
            r#"{{"format":"charter.plan/v1","spec":{{"name":"s","future":1}},"checks":[],
               "tasks":{tasks},"stages":[],"governance":{{"autonomy":"autonomous"}}}}"#
        )
        .into_bytes()
    }

    #[test]
    fn unknown_keys_are_ignored_and_added_fields_default() {
        let p = LoadedPlan::parse(&plan(
            r#"[{"id":"a.x","agent":"a","write":{"allow":["**"]},"new_key":[1]}]"#,
        ))
        .unwrap();
        assert!(p.doc.tasks[0].locks.is_empty());
        assert_eq!(p.sha256.len(), 64);
    }

    #[test]
    fn another_format_cycles_and_dangling_references_are_refused() {
        assert!(LoadedPlan::parse(br#"{"format":"charter.plan/v2"}"#).is_err());
        let cycle = r#"[{"id":"a.x","agent":"a","write":{"allow":[]},"depends_on":["a.y"]},
                        {"id":"a.y","agent":"a","write":{"allow":[]},"depends_on":["a.x"]}]"#;
        assert!(
            LoadedPlan::parse(&plan(cycle))
                .unwrap_err()
                .contains("cycle")
        );
        let dangling = r#"[{"id":"a.x","agent":"a","write":{"allow":[]},"depends_on":["b.z"]}]"#;
        assert!(
            LoadedPlan::parse(&plan(dangling))
                .unwrap_err()
                .contains("unknown task")
        );
        let unsafe_id = r#"[{"id":"a.x; rm -rf /","agent":"a","write":{"allow":[]}}]"#;
        assert!(LoadedPlan::parse(&plan(unsafe_id)).is_err());
    }

    #[test]
    fn topological_order_puts_dependencies_first() {
        let p = LoadedPlan::parse(&plan(
            r#"[{"id":"b.y","agent":"b","write":{"allow":[]},"depends_on":["a.x"]},
                {"id":"a.x","agent":"a","write":{"allow":[]}}]"#,
        ))
        .unwrap();
        assert_eq!(p.doc.topological_order().unwrap(), ["a.x", "b.y"]);
    }
}
