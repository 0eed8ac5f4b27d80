//! The brief handed to an agent: the task, its agent's role, the intent, its
//! write and read scope, the contracts it provides and consumes, its
//! dependencies, the budgets and its checks. As JSON (`CHARTER_BRIEF`) and
//! as Markdown (`CHARTER_BRIEF_MD`, ready to be a coding agent's prompt).
//! Built from the plan's JSON, so fields added to the plan reach the agent.

use serde_json::{Value, json};

use crate::plan::input::LoadedPlan;

fn find<'a>(list: &'a Value, key: &str, id: &str) -> Option<&'a Value> {
    list.as_array()?.iter().find(|v| v[key] == id)
}

pub fn json_brief(plan: &LoadedPlan, task_id: &str) -> Value {
    let raw = &plan.raw;
    let task = find(&raw["tasks"], "id", task_id)
        .cloned()
        .unwrap_or(Value::Null);
    let agent = find(&raw["agents"], "id", task["agent"].as_str().unwrap_or(""));
    let contracts = |side: &str| -> Vec<Value> {
        task[side]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c.as_str())
            .filter_map(|c| find(&raw["contracts"], "id", c).cloned())
            .collect()
    };
    let checks: Vec<Value> = task["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str())
        .filter_map(|c| find(&raw["checks"], "id", c).cloned())
        .collect();
    json!({
        "spec": raw["spec"]["name"],
        "task": task_id,
        "goal": task["goal"],
        "agent": task["agent"],
        "role": agent.map_or(Value::Null, |a| a["role"].clone()),
        "intent": raw["intent"],
        "write": task["write"],
        "read": task["read"],
        "provides": contracts("provides"),
        "consumes": contracts("consumes"),
        "depends_on": task["depends_on"],
        "dependencies": raw["boundaries"]["dependencies"],
        "budgets": raw["boundaries"]["budgets"],
        "checks": checks,
        "locks": task["locks"],
    })
}

fn list(out: &mut String, title: &str, items: impl IntoIterator<Item = String>) {
    let items: Vec<String> = items.into_iter().collect();
    if items.is_empty() {
        return;
    }
    out.push_str(&format!("\n## {title}\n\n"));
    for i in items {
        out.push_str(&format!("- {i}\n"));
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_string))
        .collect()
}

pub fn markdown_brief(brief: &Value) -> String {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let mut out = format!(
        "# Task `{}` of spec `{}`\n\n",
        s(&brief["task"]),
        s(&brief["spec"])
    );
    out.push_str(&format!("**Goal:** {}\n", s(&brief["goal"])));
    if let Some(role) = brief["role"].as_str() {
        out.push_str(&format!(
            "\n**Your role** (agent `{}`): {role}\n",
            s(&brief["agent"])
        ));
    }
    if let Some(outcome) = brief["intent"]["outcome"].as_str() {
        out.push_str(&format!(
            "\n## Intent\n\nThe whole spec's outcome: {outcome}\n"
        ));
    }
    list(
        &mut out,
        "Success criteria of the spec",
        brief["intent"]["success"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| format!("{} (`{}`)", s(&c["text"]), s(&c["id"]))),
    );
    list(
        &mut out,
        "Non-goals",
        strings(&brief["intent"]["non_goals"]),
    );
    list(
        &mut out,
        "You may change only these paths",
        strings(&brief["write"]["allow"])
            .into_iter()
            .map(|g| format!("`{g}`")),
    );
    list(
        &mut out,
        "You must not change these paths",
        strings(&brief["write"]["deny"])
            .into_iter()
            .map(|g| format!("`{g}`")),
    );
    list(
        &mut out,
        "Read",
        strings(&brief["read"])
            .into_iter()
            .map(|g| format!("`{g}`")),
    );
    let contract = |c: &Value| format!("`{}`: schema `{}`", s(&c["id"]), s(&c["schema"]));
    list(
        &mut out,
        "Contracts you provide (honour them)",
        brief["provides"]
            .as_array()
            .into_iter()
            .flatten()
            .map(contract),
    );
    list(
        &mut out,
        "Contracts you consume (rely on them, do not change them)",
        brief["consumes"]
            .as_array()
            .into_iter()
            .flatten()
            .map(contract),
    );
    list(
        &mut out,
        "Dependencies",
        brief["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                format!(
                    "{} `{}` {}",
                    s(&d["rule"]),
                    s(&d["name"]),
                    d["req"].as_str().unwrap_or("")
                )
            }),
    );
    list(
        &mut out,
        "Budgets",
        brief["budgets"].as_array().into_iter().flatten().map(|b| {
            format!(
                "`{}` {} {} {}{}",
                s(&b["metric"]),
                b["target"].as_str().unwrap_or(""),
                s(&b["op"]),
                b["value"],
                s(&b["unit"])
            )
        }),
    );
    list(
        &mut out,
        "Checks that decide whether you succeeded",
        brief["checks"].as_array().into_iter().flatten().map(|c| {
            let before = match c["before"].as_str() {
                Some("fail") => " (it fails before your work: make it pass)",
                Some("pass") => " (it passes before your work: keep it passing)",
                _ => "",
            };
            format!(
                "`{}` ({}): `{}`{before}",
                s(&c["id"]),
                s(&c["kind"]),
                s(&c["run"])
            )
        }),
    );
    list(
        &mut out,
        "Shared resources you hold while you work (no other task uses them meanwhile)",
        strings(&brief["locks"])
            .into_iter()
            .map(|l| format!("`{l}`")),
    );
    out
}
