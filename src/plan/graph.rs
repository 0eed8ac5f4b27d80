//! The task graph drawn for people: Mermaid (renders in GitHub Markdown)
//! and Graphviz DOT (`dot -Tsvg`).
//!
//! Both drawings show the same things, in the same order, so they can be
//! compared line by line:
//! - one box (subgraph / cluster) per agent, holding its tasks in order;
//! - each task labelled with its name and its stage, counted from 1 (stage
//!   `N` is `stages[N - 1]` of the plan);
//! - agent-order edges (an agent is one worker) thin, `after` edges thick
//!   and labelled `after`;
//! - contracts as dashed edges from the providing agent's box to the
//!   consuming one's, labelled with the contract's name;
//! - conflicting task pairs (from the C lints) joined by a red undirected
//!   edge labelled `conflict`, and both tasks outlined in red.
//!
//! Node ids are derived from indices (`t0`, `a1`), never from names, so no
//! name can break the syntax; labels are escaped for each language.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::analysis::graph::EdgeId;
use crate::semantic::model::Spec;
use crate::semantic::schedule::{EdgeReason, Schedule};

/// A task as drawn: its index (the node id), name and 1-based stage.
type TaskNode = (usize, String, Option<usize>);

/// What both renderers draw, collected once in a fixed order.
struct Drawing {
    /// Per agent: its name and its tasks.
    agents: Vec<(String, Vec<TaskNode>)>,
    /// `(from, to, is_after)`, in edge-id order.
    edges: Vec<(usize, usize, bool)>,
    /// `(from agent, to agent, contract name)`, in spec order.
    contracts: Vec<(usize, usize, String)>,
    /// Task pairs, smaller index first, sorted, each once.
    conflicts: Vec<(usize, usize)>,
}

impl Drawing {
    fn of(spec: &Spec, schedule: &Schedule, conflicts: &[(usize, usize)]) -> Drawing {
        let mut stage_of = vec![None; spec.tasks.len()];
        if let Ok(stages) = &schedule.stages {
            for (k, layer) in stages.iter().enumerate() {
                for &t in layer {
                    if let Some(slot) = stage_of.get_mut(t) {
                        *slot = Some(k + 1);
                    }
                }
            }
        }
        let agents = spec
            .agents
            .iter()
            .map(|a| {
                let tasks = a
                    .tasks
                    .iter()
                    .filter_map(|&t| {
                        let task = spec.tasks.get(t)?;
                        Some((t, task.name.clone(), stage_of.get(t).copied().flatten()))
                    })
                    .collect();
                (a.name.clone(), tasks)
            })
            .collect();
        let n = spec.tasks.len();
        let edges = schedule
            .reasons
            .iter()
            .enumerate()
            .filter_map(|(id, reason)| {
                let (from, to) = schedule.graph.try_edge(EdgeId(id))?;
                (from < n && to < n).then_some((
                    from,
                    to,
                    matches!(reason, EdgeReason::After { .. }),
                ))
            })
            .collect();
        let contracts = spec
            .contracts
            .iter()
            .filter_map(|c| {
                let (from, to) = (c.from?, c.to?);
                (from < spec.agents.len() && to < spec.agents.len())
                    .then(|| (from, to, c.name.clone()))
            })
            .collect();
        let conflicts: BTreeSet<(usize, usize)> = conflicts
            .iter()
            .filter(|&&(a, b)| a != b && a < n && b < n)
            .map(|&(a, b)| (a.min(b), a.max(b)))
            .collect();
        Drawing {
            agents,
            edges,
            contracts,
            conflicts: conflicts.into_iter().collect(),
        }
    }

    fn in_conflict(&self) -> BTreeSet<usize> {
        self.conflicts.iter().flat_map(|&(a, b)| [a, b]).collect()
    }
}

fn task_label(name: &str, stage: Option<usize>) -> (String, String) {
    match stage {
        Some(k) => (name.to_string(), format!("stage {k}")),
        None => (name.to_string(), String::new()),
    }
}

/// The task graph as a Mermaid flowchart, ending with a newline.
///
/// `conflicts` are pairs of task indices (as in [`Spec::tasks`]) that the
/// conflict lints reported; out-of-range or self pairs are ignored.
pub fn mermaid(spec: &Spec, schedule: &Schedule, conflicts: &[(usize, usize)]) -> String {
    let d = Drawing::of(spec, schedule, conflicts);
    let mut out = String::from("flowchart TD\n");
    for (i, (name, tasks)) in d.agents.iter().enumerate() {
        let _ = writeln!(out, "    subgraph a{i}[\"agent {}\"]", mermaid_text(name));
        for (t, name, stage) in tasks {
            let (name, stage) = task_label(name, *stage);
            let label = if stage.is_empty() {
                mermaid_text(&name)
            } else {
                format!("{}<br/>{stage}", mermaid_text(&name))
            };
            let _ = writeln!(out, "        t{t}[\"{label}\"]");
        }
        if tasks.is_empty() {
            // Mermaid draws an empty subgraph inconsistently across
            // versions; a placeholder keeps the box and says why.
            let _ = writeln!(out, "        a{i}_empty[\"(no tasks)\"]");
        }
        out.push_str("    end\n");
    }
    // Mermaid styles links by their position among all links, so count them.
    let mut link = 0usize;
    let mut conflict_links = Vec::new();
    for &(from, to, after) in &d.edges {
        if after {
            let _ = writeln!(out, "    t{from} ==>|after| t{to}");
        } else {
            let _ = writeln!(out, "    t{from} --> t{to}");
        }
        link += 1;
    }
    for (from, to, name) in &d.contracts {
        let _ = writeln!(out, "    a{from} -.->|\"{}\"| a{to}", mermaid_text(name));
        link += 1;
    }
    for &(a, b) in &d.conflicts {
        let _ = writeln!(out, "    t{a} ---|conflict| t{b}");
        conflict_links.push(link);
        link += 1;
    }
    if !conflict_links.is_empty() {
        let links: Vec<String> = conflict_links.iter().map(usize::to_string).collect();
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:#d00,stroke-width:2px,color:#d00",
            links.join(",")
        );
        out.push_str("    classDef conflict stroke:#d00,stroke-width:2px\n");
        let nodes: Vec<String> = d.in_conflict().iter().map(|t| format!("t{t}")).collect();
        let _ = writeln!(out, "    class {} conflict", nodes.join(","));
    }
    out
}

/// The task graph as a Graphviz digraph, ending with a newline.
///
/// Contract edges join clusters (`compound=true` with `ltail`/`lhead`);
/// an agent without tasks gets a `(no tasks)` anchor node so its contracts
/// still have somewhere to start or end.
pub fn dot(spec: &Spec, schedule: &Schedule, conflicts: &[(usize, usize)]) -> String {
    let d = Drawing::of(spec, schedule, conflicts);
    let in_conflict = d.in_conflict();
    let mut out = String::new();
    let _ = writeln!(out, "digraph {} {{", dot_string(&spec.name));
    out.push_str("    compound=true;\n    rankdir=TB;\n    node [shape=box];\n");
    // The node each cluster's contract edges attach to.
    let mut anchor = Vec::with_capacity(d.agents.len());
    for (i, (name, tasks)) in d.agents.iter().enumerate() {
        let _ = writeln!(out, "    subgraph cluster_a{i} {{");
        let _ = writeln!(
            out,
            "        label={};",
            dot_string(&format!("agent {name}"))
        );
        for (t, name, stage) in tasks {
            let (name, stage) = task_label(name, *stage);
            let label = if stage.is_empty() {
                name
            } else {
                format!("{name}\n{stage}")
            };
            let style = if in_conflict.contains(t) {
                ", color=red, penwidth=2"
            } else {
                ""
            };
            let _ = writeln!(out, "        t{t} [label={}{style}];", dot_string(&label));
        }
        match tasks.first() {
            Some((t, _, _)) => anchor.push(format!("t{t}")),
            None => {
                let _ = writeln!(out, "        a{i} [label=\"(no tasks)\", shape=plaintext];");
                anchor.push(format!("a{i}"));
            }
        }
        out.push_str("    }\n");
    }
    for &(from, to, after) in &d.edges {
        if after {
            let _ = writeln!(out, "    t{from} -> t{to} [label=\"after\", style=bold];");
        } else {
            let _ = writeln!(out, "    t{from} -> t{to} [color=gray40];");
        }
    }
    for (from, to, name) in &d.contracts {
        let (Some(tail), Some(head)) = (anchor.get(*from), anchor.get(*to)) else {
            continue;
        };
        // A contract within one agent has no cluster to cross: Graphviz
        // drops ltail/lhead then, so omit them.
        let clip = if from == to {
            String::new()
        } else {
            format!(", ltail=cluster_a{from}, lhead=cluster_a{to}")
        };
        let _ = writeln!(
            out,
            "    {tail} -> {head} [label={}, style=dashed{clip}];",
            dot_string(name)
        );
    }
    for &(a, b) in &d.conflicts {
        let _ = writeln!(
            out,
            "    t{a} -> t{b} [label=\"conflict\", dir=none, color=red, fontcolor=red, penwidth=2, constraint=false];"
        );
    }
    out.push_str("}\n");
    out
}

/// A DOT quoted string: `"` and `\` escaped, newlines as `\n`.
fn dot_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Text safe inside a Mermaid `"…"` label: Mermaid has no backslash
/// escapes, only HTML entities.
fn mermaid_text(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => s.push_str("#quot;"),
            '<' => s.push_str("#lt;"),
            '>' => s.push_str("#gt;"),
            '\n' => s.push_str("<br/>"),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        assert_eq!(dot_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(mermaid_text("a\"<b>"), "a#quot;#lt;b#gt;");
    }
}
