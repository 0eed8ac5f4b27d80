//! `--to argo`: an Argo `Workflow` with one DAG template.
//!
//! Each task is a container template running the same script as a GitHub
//! job; `dependencies` come from `depends_on`; each lock is a mutex of the
//! task's template (`synchronization.mutexes`, one per lock, so a task
//! holding two locks waits for both); each approval gate is a `suspend`
//! node between the task and its dependents (resumed with `argo resume`);
//! `activeDeadlineSeconds` bounds a task by its checks' timeouts plus the
//! agent's time. DAG task names are the task ids in lowercase with `.` and
//! `_` as `-` (Argo names are DNS-like), with the task's index appended when
//! two ids would collide.

use std::collections::BTreeMap;

use serde_norway::{Mapping, Value};

use super::{ExportContext, gates, script};
use crate::plan::input::{PlanDoc, Task};

/// Seconds an agent may work on one task, as far as the deadline goes.
pub const AGENT_SECONDS: u64 = 3600;

macro_rules! yaml {
    ($($k:expr => $v:expr),* $(,)?) => {{
        let mut m = Mapping::new();
        $( m.insert(Value::from($k), Value::from($v)); )*
        Value::Mapping(m)
    }};
}

fn seq(items: impl IntoIterator<Item = Value>) -> Value {
    Value::Sequence(items.into_iter().collect())
}

/// DAG node names for every task, one to one.
fn node_names(plan: &PlanDoc) -> BTreeMap<String, String> {
    let base = |id: &str| -> String {
        id.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for t in &plan.tasks {
        *count.entry(base(&t.id)).or_default() += 1;
    }
    plan.tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let b = base(&t.id);
            let name = if count.get(&b) == Some(&1) {
                b
            } else {
                format!("{b}-{i}")
            };
            (t.id.clone(), name)
        })
        .collect()
}

fn gate_name(node: &str, n: usize) -> String {
    format!("{node}-approval-{}", n + 1)
}

fn exit_node(plan: &PlanDoc, task: &Task, names: &BTreeMap<String, String>) -> String {
    let node = names.get(&task.id).cloned().unwrap_or_default();
    match gates(plan, task).len() {
        0 => node,
        n => gate_name(&node, n - 1),
    }
}

fn param(name: &str) -> Value {
    yaml! { "name" => name }
}

fn task_script(plan: &PlanDoc, task: &Task) -> String {
    let mut s = String::from(
        "set -eu\ngit clone \"$CHARTER_REPO\" work\ncd work\ngit checkout \"$CHARTER_BASE\"\n",
    );
    s.push_str(&script::start(plan, task));
    for c in task.checks.iter().filter_map(|c| plan.check(c)) {
        if let Some(b) = script::before(c) {
            s.push_str(&b);
        }
    }
    s.push_str(script::AGENT);
    s.push_str(&script::guard(task));
    s.push_str(&script::commit_and_push(plan, task));
    for c in task.checks.iter().filter_map(|c| plan.check(c)) {
        s.push_str(&format!(
            "timeout {} sh -c {}\n",
            c.timeout_s.max(1.0).ceil() as u64,
            script::quote(&c.run)
        ));
    }
    s
}

fn deadline(plan: &PlanDoc, task: &Task) -> u64 {
    let checks: f64 = task
        .checks
        .iter()
        .filter_map(|c| plan.check(c))
        .map(|c| {
            let runs = if c.before.is_some() { 2.0 } else { 1.0 };
            c.timeout_s.max(0.0) * runs
        })
        .sum();
    AGENT_SECONDS + checks.min(1e12).ceil() as u64
}

fn env(task: Option<&Task>) -> Value {
    let mut vars = vec![
        ("CHARTER_REPO", "{{workflow.parameters.repo}}".to_string()),
        ("CHARTER_BASE", "{{workflow.parameters.base}}".to_string()),
        ("CHARTER_AGENT", "{{workflow.parameters.agent}}".to_string()),
        ("CHARTER_PLAN", "{{workflow.parameters.plan}}".to_string()),
        (
            "CHARTER_PLAN_SHA256",
            "{{workflow.parameters.plan-sha256}}".to_string(),
        ),
    ];
    if let Some(t) = task {
        vars.push(("CHARTER_TASK", t.id.clone()));
    }
    seq(vars
        .into_iter()
        .map(|(n, v)| yaml! { "name" => n, "value" => v }))
}

pub fn argo(ctx: &ExportContext<'_>) -> Result<String, String> {
    let plan = ctx.plan;
    let order = plan.topological_order()?;
    let names = node_names(plan);
    let mut dag = Vec::new();
    let mut templates = Vec::new();
    for id in &order {
        let Some(task) = plan.task(id) else { continue };
        let node = names.get(id).cloned().unwrap_or_default();
        let deps: Vec<Value> = task
            .depends_on
            .iter()
            .filter_map(|d| plan.task(d))
            .map(|d| Value::from(exit_node(plan, d, &names)))
            .collect();
        let mut entry = Mapping::new();
        entry.insert("name".into(), node.clone().into());
        entry.insert("template".into(), node.clone().into());
        if !deps.is_empty() {
            entry.insert("dependencies".into(), seq(deps));
        }
        dag.push(Value::Mapping(entry));
        for (n, by) in gates(plan, task).iter().enumerate() {
            let previous = if n == 0 {
                node.clone()
            } else {
                gate_name(&node, n - 1)
            };
            dag.push(yaml! {
                "name" => gate_name(&node, n),
                "template" => "approval",
                "dependencies" => seq([Value::from(previous)]),
                "arguments" => yaml! {
                    "parameters" => seq([yaml! { "name" => "message", "value" => format!("{by} approves {id}") }]),
                },
            });
        }

        let mut template = Mapping::new();
        template.insert("name".into(), node.clone().into());
        if !task.locks.is_empty() {
            template.insert(
                "synchronization".into(),
                yaml! {
                    "mutexes" => seq(task.locks.iter().map(|l| yaml! { "name" => format!("charter-{l}") })),
                },
            );
        }
        template.insert(
            // Argo's schema types this IntOrString as a string.
            "activeDeadlineSeconds".into(),
            Value::from(deadline(plan, task).to_string()),
        );
        template.insert(
            "container".into(),
            yaml! {
                "image" => "{{workflow.parameters.image}}",
                "command" => seq([Value::from("sh"), Value::from("-c")]),
                "args" => seq([Value::from(task_script(plan, task))]),
                "env" => env(Some(task)),
            },
        );
        templates.push(Value::Mapping(template));
    }
    let exits: Vec<Value> = order
        .iter()
        .filter_map(|id| plan.task(id))
        .map(|t| Value::from(exit_node(plan, t, &names)))
        .collect();
    let mut integrate = Mapping::new();
    integrate.insert("name".into(), "integrate".into());
    integrate.insert("template".into(), "integrate".into());
    if !exits.is_empty() {
        integrate.insert("dependencies".into(), seq(exits));
    }
    dag.push(Value::Mapping(integrate));

    let mut integrate_script = String::from("set -eu\ngit clone \"$CHARTER_REPO\" work\ncd work\n");
    integrate_script.push_str(&script::integrate(plan, &order));
    let mut integrate_env = match env(None) {
        Value::Sequence(s) => s,
        _ => Vec::new(),
    };
    integrate_env
        .push(yaml! { "name" => "CHARTER_INTO", "value" => "{{workflow.parameters.into}}" });

    let mut all_templates = vec![yaml! {
        "name" => "plan",
        "dag" => yaml! { "tasks" => seq(dag) },
    }];
    all_templates.extend(templates);
    all_templates.push(yaml! {
        "name" => "approval",
        "inputs" => yaml! { "parameters" => seq([param("message")]) },
        "suspend" => Value::Mapping(Mapping::new()),
    });
    all_templates.push(yaml! {
        "name" => "integrate",
        "container" => yaml! {
            "image" => "{{workflow.parameters.image}}",
            "command" => seq([Value::from("sh"), Value::from("-c")]),
            "args" => seq([Value::from(integrate_script)]),
            "env" => Value::Sequence(integrate_env),
        },
    });

    let generate = format!(
        "charter-{}-",
        plan.spec
            .name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            })
            .collect::<String>()
    );
    let workflow = yaml! {
        "apiVersion" => "argoproj.io/v1alpha1",
        "kind" => "Workflow",
        "metadata" => yaml! {
            "generateName" => generate,
            "annotations" => yaml! {
                "charter.dev/plan" => ctx.plan_path.clone(),
                "charter.dev/plan-sha256" => ctx.plan_sha256.clone(),
            },
        },
        "spec" => yaml! {
            "entrypoint" => "plan",
            "arguments" => yaml! {
                "parameters" => seq([
                    param("repo"),
                    param("agent"),
                    yaml! { "name" => "image", "value" => "charter-runner:latest" },
                    yaml! { "name" => "base", "value" => "main" },
                    yaml! { "name" => "into", "value" => "main" },
                    yaml! { "name" => "plan", "value" => ctx.plan_path.clone() },
                    yaml! { "name" => "plan-sha256", "value" => ctx.plan_sha256.clone() },
                ]),
            },
            "templates" => seq(all_templates),
        },
    };
    let body = serde_norway::to_string(&workflow).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Generated by `charter export --to argo` from {}.\n# Submit with: argo submit FILE -p repo=URL -p agent='COMMAND'\n{body}",
        ctx.plan_path
    ))
}
