//! The task graph of a spec: who waits for whom, what may run at once.

use super::model::Spec;
use crate::analysis::graph::{EdgeId, Reachability, TaskGraph};

/// Why one task waits for another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdgeReason {
    /// Tasks of one agent run in the order written (an agent is one worker).
    AgentOrder,
    /// `after` in the later task: `spec.tasks[task].after[index]`.
    After { task: usize, index: usize },
}

/// The graph over `spec.tasks` (node `i` is task `i`), with why each edge exists.
pub struct Schedule {
    pub graph: TaskGraph,
    pub reasons: Vec<EdgeReason>,
    pub reach: Reachability,
    /// Each task's direct predecessors (the tasks its edges come from),
    /// ascending and without repeats: the DAG a runner schedules by.
    pub predecessors: Vec<Vec<usize>>,
    /// Topological layers (task indices), or the cycles that prevent them.
    pub stages: Result<Vec<Vec<usize>>, Vec<Vec<EdgeId>>>,
}

/// The edges of a spec's task graph and why each exists: what a
/// [`Schedule`] is computed from, and all E005 needs to find the cycles and
/// explain them, without the reachability a schedule adds (a bit for every
/// pair of tasks).
pub struct Dependencies {
    pub graph: TaskGraph,
    pub reasons: Vec<EdgeReason>,
}

impl Dependencies {
    pub fn of(spec: &Spec) -> Dependencies {
        let mut graph = TaskGraph::new(spec.tasks.len());
        let mut reasons = Vec::new();
        for agent in &spec.agents {
            for pair in agent.tasks.windows(2) {
                graph.add_edge(pair[0], pair[1]);
                reasons.push(EdgeReason::AgentOrder);
            }
        }
        for (task, t) in spec.tasks.iter().enumerate() {
            for (index, after) in t.after.iter().enumerate() {
                graph.add_edge(after.task, task);
                reasons.push(EdgeReason::After { task, index });
            }
        }
        Dependencies { graph, reasons }
    }
}

impl Schedule {
    pub fn of(spec: &Spec) -> Schedule {
        let Dependencies { graph, reasons } = Dependencies::of(spec);
        let mut predecessors = vec![Vec::new(); spec.tasks.len()];
        for edge in 0..graph.edge_count() {
            if let Some((from, to)) = graph.try_edge(EdgeId(edge))
                && let Some(list) = predecessors.get_mut(to)
            {
                list.push(from);
            }
        }
        for list in &mut predecessors {
            list.sort_unstable();
            list.dedup();
        }
        let reach = graph.reachability();
        let stages = graph.stages();
        Schedule {
            graph,
            reasons,
            reach,
            stages,
            predecessors,
        }
    }

    /// True when neither task waits (directly or not) for the other.
    pub fn concurrent(&self, a: usize, b: usize) -> bool {
        self.reach.concurrent(a, b)
    }
}
