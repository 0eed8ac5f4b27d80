//! The task graph: ordering edges between tasks, their cycles, reachability and
//! stages.
//!
//! Nodes are plain indices `0..n`; the caller maps them to tasks and keeps the
//! meaning of each edge (agent order, `after`, …) keyed by its [`EdgeId`]. The
//! module knows nothing of Charter's syntax, so it can be tested exhaustively on
//! its own.
//!
//! Everything here is iterative (no recursion), because specs are user input
//! and a 10,000-task chain must not overflow the stack.

use std::collections::VecDeque;

/// An edge, identified by its position in insertion order (the first edge
/// added is `EdgeId(0)`). Ids are stable, so callers can key labels on them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeId(pub usize);

/// A directed graph whose edge `from → to` means "`from` must finish before
/// `to` starts". Parallel edges and self-loops are allowed: each is its own
/// [`EdgeId`], because each comes from a different place in the source.
#[derive(Clone, Debug, Default)]
pub struct TaskGraph {
    /// `edges[id] = (from, to)`.
    edges: Vec<(usize, usize)>,
    /// Outgoing edge ids per node, in insertion order, hence ascending.
    out: Vec<Vec<EdgeId>>,
}

impl TaskGraph {
    /// A graph with nodes `0..node_count` and no edges.
    pub fn new(node_count: usize) -> Self {
        TaskGraph {
            edges: Vec::new(),
            out: vec![Vec::new(); node_count],
        }
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.out.len()
    }

    /// Number of edges; edge ids are `0..edge_count()`.
    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    /// Adds the edge `from → to` and returns its id.
    ///
    /// An endpoint at or beyond [`node_count`](Self::node_count) grows the
    /// graph to include it rather than panicking: the caller's numbering is
    /// trusted, and a grown graph is still a valid graph.
    pub fn add_edge(&mut self, from: usize, to: usize) -> EdgeId {
        let needed = from.max(to).saturating_add(1);
        if needed > self.out.len() {
            self.out.resize_with(needed, Vec::new);
        }
        let id = EdgeId(self.edges.len());
        self.edges.push((from, to));
        self.out[from].push(id);
        id
    }

    /// The endpoints `(from, to)` of an edge.
    ///
    /// # Panics
    /// When `id` was not returned by this graph's [`add_edge`](Self::add_edge)
    /// (like indexing a slice out of bounds). Use [`try_edge`](Self::try_edge)
    /// for ids of unknown origin.
    pub fn edge(&self, id: EdgeId) -> (usize, usize) {
        self.edges[id.0]
    }

    /// The endpoints of an edge, or `None` for an id this graph never issued.
    pub fn try_edge(&self, id: EdgeId) -> Option<(usize, usize)> {
        self.edges.get(id.0).copied()
    }

    /// One cycle per strongly connected component that contains a cycle
    /// (a component of two or more nodes, or one node with a self-loop), as
    /// the ordered list of its edges. Empty when the graph is acyclic.
    ///
    /// One cycle per component rather than every elementary cycle: the number
    /// of elementary cycles can be exponential, while each component is one
    /// problem for the user to fix, and fixing the reported cycle is progress
    /// on it.
    ///
    /// Deterministic: components are listed by their smallest node; each
    /// cycle starts at that smallest node and is a *shortest* cycle through
    /// it (breadth-first search inside the component), ties broken by taking
    /// the smallest edge id first. Shortest keeps the diagnostic small.
    pub fn cycles(&self) -> Vec<Vec<EdgeId>> {
        let (comp, comp_count) = self.components();
        // Smallest node of each component; nodes are visited ascending, so
        // the first one seen for a component is its smallest.
        let mut smallest = vec![usize::MAX; comp_count];
        for (node, &c) in comp.iter().enumerate() {
            if smallest[c] == usize::MAX {
                smallest[c] = node;
            }
        }
        let mut starts: Vec<usize> = smallest.into_iter().filter(|&s| s != usize::MAX).collect();
        starts.sort_unstable();

        let mut result = Vec::new();
        // Scratch buffers shared by every search: the edge that first reached
        // each node, and which nodes are already seen (stamped by start node).
        let mut parent: Vec<Option<EdgeId>> = vec![None; self.node_count()];
        let mut seen_by: Vec<usize> = vec![usize::MAX; self.node_count()];
        for start in starts {
            if let Some(cycle) =
                self.shortest_cycle_through(start, &comp, &mut parent, &mut seen_by)
            {
                result.push(cycle);
            }
        }
        result
    }

    /// Breadth-first search from `start` along edges that stay inside its
    /// component; the first edge found back into `start` closes a shortest
    /// cycle. `None` when the component is a single node without a self-loop.
    fn shortest_cycle_through(
        &self,
        start: usize,
        comp: &[usize],
        parent: &mut [Option<EdgeId>],
        seen_by: &mut [usize],
    ) -> Option<Vec<EdgeId>> {
        let c = comp[start];
        let mut queue = VecDeque::new();
        queue.push_back(start);
        seen_by[start] = start;
        parent[start] = None;
        while let Some(u) = queue.pop_front() {
            for &e in &self.out[u] {
                let (_, w) = self.edges[e.0];
                if comp[w] != c {
                    continue;
                }
                if w == start {
                    // Walk the parent edges back from `u` to `start`.
                    let mut path = vec![e];
                    let mut v = u;
                    while let Some(pe) = parent[v] {
                        path.push(pe);
                        v = self.edges[pe.0].0;
                    }
                    path.reverse();
                    return Some(path);
                }
                if seen_by[w] != start {
                    seen_by[w] = start;
                    parent[w] = Some(e);
                    queue.push_back(w);
                }
            }
        }
        None
    }

    /// Strongly connected components by Tarjan's algorithm, iteratively.
    /// Returns each node's component number and the component count.
    /// Components are numbered in reverse topological order of the
    /// condensation: every edge between components goes from a higher number
    /// to a lower one (a sink is finished first).
    fn components(&self) -> (Vec<usize>, usize) {
        const UNSEEN: usize = usize::MAX;
        let n = self.node_count();
        let mut index = vec![UNSEEN; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut comp = vec![UNSEEN; n];
        let mut stack: Vec<usize> = Vec::new();
        // Call stack of (node, position in its out list).
        let mut calls: Vec<(usize, usize)> = Vec::new();
        let mut next_index = 0usize;
        let mut comp_count = 0usize;

        for root in 0..n {
            if index[root] != UNSEEN {
                continue;
            }
            index[root] = next_index;
            low[root] = next_index;
            next_index += 1;
            stack.push(root);
            on_stack[root] = true;
            calls.push((root, 0));

            while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
                if let Some(&e) = self.out[v].get(*pos) {
                    *pos += 1;
                    let w = self.edges[e.0].1;
                    if index[w] == UNSEEN {
                        index[w] = next_index;
                        low[w] = next_index;
                        next_index += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        calls.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                // All successors of `v` done: return from the "call".
                calls.pop();
                if let Some(&(caller, _)) = calls.last() {
                    low[caller] = low[caller].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = comp_count;
                        if w == v {
                            break;
                        }
                    }
                    comp_count += 1;
                }
            }
        }
        (comp, comp_count)
    }

    /// Transitive reachability over paths of one or more edges, as one bitset
    /// row per strongly connected component (nodes of a component share their
    /// reach, which saves memory when cycles are large).
    ///
    /// Cost is O(edges × n / 64) time and O(components × n / 64) memory:
    /// for 10,000 nodes a row is 157 words, about 12.5 MB in the worst case.
    /// Works on cyclic graphs too (a node on a cycle reaches itself).
    pub fn reachability(&self) -> Reachability {
        let n = self.node_count();
        let (comp, comp_count) = self.components();
        // The condensation: edges between components, and which components
        // hold a cycle (more than one node, or a self-loop).
        let mut succ: Vec<Vec<u32>> = vec![Vec::new(); comp_count];
        let mut size = vec![0usize; comp_count];
        let mut cyclic = vec![false; comp_count];
        for u in 0..n {
            size[comp[u]] += 1;
            for &e in &self.out[u] {
                let (cu, cw) = (comp[u], comp[self.edges[e.0].1]);
                if cu == cw {
                    cyclic[cu] = true;
                } else {
                    succ[cu].push(cw as u32);
                }
            }
        }
        for (c, &k) in size.iter().enumerate() {
            cyclic[c] |= k > 1;
        }
        // Cover the condensation with chains that follow edges, greedily in
        // topological order (descending component numbers): a spec's tasks
        // are mostly agent chains and `after` chains, so there are few.
        let mut chain = vec![u32::MAX; comp_count];
        let mut pos = vec![0u32; comp_count];
        let mut chains = 0u32;
        for c in (0..comp_count).rev() {
            if chain[c] != u32::MAX {
                continue;
            }
            let mut cur = c;
            let mut at = 0u32;
            loop {
                chain[cur] = chains;
                pos[cur] = at;
                at += 1;
                match succ[cur].iter().find(|&&w| chain[w as usize] == u32::MAX) {
                    Some(&w) => cur = w as usize,
                    None => break,
                }
            }
            chains += 1;
        }
        // Per component, the first position of each chain it reaches by at
        // least one edge (every later position of that chain follows).
        // Component numbers are a reverse topological order, so successors
        // (lower numbers) are complete first.
        let mut reach: Vec<Vec<(u32, u32)>> = vec![Vec::new(); comp_count];
        let mut merged: Vec<(u32, u32)> = Vec::new();
        for c in 0..comp_count {
            merged.clear();
            for &w in &succ[c] {
                let w = w as usize;
                merged.push((chain[w], pos[w]));
                merged.extend_from_slice(&reach[w]);
            }
            merged.sort_unstable();
            merged.dedup_by_key(|entry| entry.0);
            reach[c] = merged.clone();
        }
        Reachability {
            node_count: n,
            comp,
            cyclic,
            chain,
            pos,
            reach,
        }
    }

    /// Topological layers by Kahn's algorithm: layer `k` holds the nodes whose
    /// longest path from a source has `k` edges, each layer ascending. Nodes
    /// of one layer never depend on each other, so a layer is a set of tasks
    /// that may run together. `Err` with [`cycles`](Self::cycles) when the
    /// graph is cyclic.
    pub fn stages(&self) -> Result<Vec<Vec<usize>>, Vec<Vec<EdgeId>>> {
        let n = self.node_count();
        let mut indegree = vec![0usize; n];
        for &(_, to) in &self.edges {
            indegree[to] += 1;
        }
        let mut layer = vec![0usize; n];
        let mut queue: VecDeque<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
        let mut done = 0usize;
        while let Some(u) = queue.pop_front() {
            done += 1;
            for &e in &self.out[u] {
                let w = self.edges[e.0].1;
                layer[w] = layer[w].max(layer[u] + 1);
                indegree[w] -= 1;
                if indegree[w] == 0 {
                    queue.push_back(w);
                }
            }
        }
        if done < n {
            return Err(self.cycles());
        }
        let depth = layer.iter().copied().max().map_or(0, |m| m + 1);
        let mut stages = vec![Vec::new(); depth];
        // Ascending node order within each layer falls out of the loop order.
        for (node, &k) in layer.iter().enumerate() {
            stages[k].push(node);
        }
        Ok(stages)
    }
}

/// The answer to "does `a` come before `b`?" for every pair, computed once by
/// [`TaskGraph::reachability`].
#[derive(Clone, Debug)]
pub struct Reachability {
    node_count: usize,
    /// Component of each node.
    comp: Vec<usize>,
    /// Per component: whether it holds a cycle (its nodes reach each other).
    cyclic: Vec<bool>,
    /// Per component: its chain in a chain cover of the condensation, and
    /// its position along that chain.
    chain: Vec<u32>,
    pos: Vec<u32>,
    /// Per component: `(chain, first position reached)`, sorted by chain.
    /// Memory is the number of (component, chain) pairs connected, not
    /// n²: a 100,000-task `after` chain is one chain and 100,000 entries.
    reach: Vec<Vec<(u32, u32)>>,
}

impl Reachability {
    /// Whether a path of at least one edge leads from `a` to `b`. `false` for
    /// nodes outside the graph.
    pub fn reaches(&self, a: usize, b: usize) -> bool {
        if a >= self.node_count || b >= self.node_count {
            return false;
        }
        let (ca, cb) = (self.comp[a], self.comp[b]);
        if ca == cb {
            return self.cyclic[ca];
        }
        let (chain, pos) = (self.chain[cb], self.pos[cb]);
        let row = &self.reach[ca];
        row.binary_search_by_key(&chain, |&(c, _)| c)
            .is_ok_and(|i| row[i].1 <= pos)
    }

    /// Whether `a` and `b` are distinct nodes of the graph and neither
    /// reaches the other, so the two tasks may run at the same time.
    pub fn concurrent(&self, a: usize, b: usize) -> bool {
        a != b
            && a < self.node_count
            && b < self.node_count
            && !self.reaches(a, b)
            && !self.reaches(b, a)
    }
}

#[cfg(test)]
// Brute-force references index adjacency matrices by node number on purpose.
#[allow(clippy::needless_range_loop)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn graph(n: usize, edges: &[(usize, usize)]) -> TaskGraph {
        let mut g = TaskGraph::new(n);
        for &(a, b) in edges {
            g.add_edge(a, b);
        }
        g
    }

    /// The edges of a cycle, as node pairs, for readable assertions.
    fn endpoints(g: &TaskGraph, cycle: &[EdgeId]) -> Vec<(usize, usize)> {
        cycle.iter().map(|&e| g.edge(e)).collect()
    }

    /// A cycle is a closed walk: each edge starts where the previous ended.
    fn is_closed_walk(g: &TaskGraph, cycle: &[EdgeId]) -> bool {
        !cycle.is_empty()
            && (0..cycle.len())
                .all(|i| g.edge(cycle[i]).1 == g.edge(cycle[(i + 1) % cycle.len()]).0)
    }

    #[test]
    fn edge_ids_follow_insertion_order() {
        let mut g = TaskGraph::new(3);
        assert_eq!(g.add_edge(0, 1), EdgeId(0));
        assert_eq!(g.add_edge(1, 2), EdgeId(1));
        assert_eq!(g.edge(EdgeId(1)), (1, 2));
        assert_eq!(g.try_edge(EdgeId(2)), None);
    }

    #[test]
    fn add_edge_grows_the_graph_instead_of_panicking() {
        let mut g = TaskGraph::new(1);
        g.add_edge(0, 4);
        assert_eq!(g.node_count(), 5);
        assert!(g.reachability().reaches(0, 4));
    }

    #[test]
    fn acyclic_graph_has_no_cycles() {
        let g = graph(4, &[(0, 1), (1, 2), (0, 2), (2, 3)]);
        assert!(g.cycles().is_empty());
    }

    #[test]
    fn self_loop_is_a_cycle() {
        let g = graph(3, &[(0, 1), (1, 1)]);
        assert_eq!(g.cycles(), vec![vec![EdgeId(1)]]);
        assert!(g.stages().is_err());
        let r = g.reachability();
        assert!(r.reaches(1, 1));
        assert!(!r.reaches(0, 0));
    }

    #[test]
    fn cycle_starts_at_smallest_node_and_is_shortest() {
        // 1 → 2 → 3 → 1 and a longer way round 1 → 4 → 5 → 2.
        let g = graph(6, &[(1, 4), (4, 5), (5, 2), (2, 3), (3, 1), (1, 2)]);
        let cycles = g.cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(endpoints(&g, &cycles[0]), vec![(1, 2), (2, 3), (3, 1)]);
    }

    #[test]
    fn ties_take_the_smallest_edge() {
        // Two parallel edges 0 → 1; the first added is reported.
        let g = graph(2, &[(1, 0), (0, 1), (0, 1)]);
        assert_eq!(g.cycles(), vec![vec![EdgeId(1), EdgeId(0)]]);
    }

    #[test]
    fn one_cycle_per_component_ordered_by_smallest_node() {
        let g = graph(6, &[(4, 5), (5, 4), (0, 2), (2, 0), (2, 4)]);
        let cycles = g.cycles();
        assert_eq!(cycles.len(), 2);
        assert_eq!(endpoints(&g, &cycles[0]), vec![(0, 2), (2, 0)]);
        assert_eq!(endpoints(&g, &cycles[1]), vec![(4, 5), (5, 4)]);
    }

    #[test]
    fn stages_are_longest_path_layers() {
        // 0 → 1 → 3, 0 → 3, 2 alone, 2 → 4 ... 3 → 4.
        let g = graph(5, &[(0, 1), (1, 3), (0, 3), (2, 4), (3, 4)]);
        assert_eq!(g.stages(), Ok(vec![vec![0, 2], vec![1], vec![3], vec![4]]));
        assert_eq!(TaskGraph::new(0).stages(), Ok(vec![]));
    }

    #[test]
    fn stages_report_cycles() {
        let g = graph(3, &[(0, 1), (1, 2), (2, 1)]);
        let Err(cycles) = g.stages() else {
            panic!("a cyclic graph has no stages");
        };
        assert_eq!(endpoints(&g, &cycles[0]), vec![(1, 2), (2, 1)]);
    }

    #[test]
    fn reachability_and_concurrency() {
        // Agent a: 0 → 1; agent b: 2 → 3; `after` 1 → 3.
        let g = graph(4, &[(0, 1), (2, 3), (1, 3)]);
        let r = g.reachability();
        assert!(r.reaches(0, 3));
        assert!(!r.reaches(3, 0));
        assert!(!r.reaches(0, 0));
        assert!(r.concurrent(0, 2));
        assert!(r.concurrent(1, 2));
        assert!(!r.concurrent(2, 3));
        assert!(!r.concurrent(1, 1));
        assert!(!r.concurrent(1, 99));
        assert!(!r.reaches(99, 0));
    }

    #[test]
    fn long_chain_does_not_overflow_and_crosses_word_boundaries() {
        let n = 10_000;
        let mut g = TaskGraph::new(n);
        for i in 1..n {
            g.add_edge(i - 1, i);
        }
        let r = g.reachability();
        assert!(r.reaches(0, n - 1));
        assert!(r.reaches(63, 64));
        assert!(!r.reaches(64, 63));
        assert_eq!(g.stages().map(|s| s.len()), Ok(n));
        g.add_edge(n - 1, 0);
        let cycles = g.cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), n);
    }

    /// Reachability by depth-first search from each node: the reference.
    fn brute_reaches(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<bool>> {
        let mut m = vec![vec![false; n]; n];
        for (a, row) in m.iter_mut().enumerate() {
            let mut stack = vec![a];
            while let Some(u) = stack.pop() {
                for &(x, y) in edges {
                    if x == u && !row[y] {
                        row[y] = true;
                        stack.push(y);
                    }
                }
            }
        }
        m
    }

    fn arb_graph() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
        (1usize..70).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..120)))
    }

    fn arb_dag() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
        (2usize..70).prop_flat_map(|n| {
            let edge = (0..n, 0..n)
                .prop_filter("forward", |(a, b)| a != b)
                .prop_map(|(a, b)| (a.min(b), a.max(b)));
            (Just(n), prop::collection::vec(edge, 0..120))
        })
    }

    proptest! {
        #[test]
        fn reachability_matches_brute_force((n, edges) in arb_graph()) {
            let g = graph(n, &edges);
            let r = g.reachability();
            let brute = brute_reaches(n, &edges);
            for a in 0..n {
                for b in 0..n {
                    prop_assert_eq!(r.reaches(a, b), brute[a][b], "{} -> {}", a, b);
                    prop_assert_eq!(r.concurrent(a, b), r.concurrent(b, a));
                }
            }
        }

        #[test]
        fn cycles_exist_exactly_when_stages_fail((n, edges) in arb_graph()) {
            let g = graph(n, &edges);
            let cycles = g.cycles();
            let brute = brute_reaches(n, &edges);
            let cyclic = (0..n).any(|v| brute[v][v]);
            prop_assert_eq!(!cycles.is_empty(), cyclic);
            prop_assert_eq!(g.stages().is_err(), cyclic);
            for cycle in &cycles {
                prop_assert!(is_closed_walk(&g, cycle));
                // Starts at the smallest node of its component.
                let start = g.edge(cycle[0]).0;
                for v in 0..n {
                    if brute[start][v] && brute[v][start] {
                        prop_assert!(start <= v);
                    }
                }
            }
            // One cycle per cyclic component: starts are distinct components.
            for (i, c1) in cycles.iter().enumerate() {
                for c2 in &cycles[i + 1..] {
                    let (s1, s2) = (g.edge(c1[0]).0, g.edge(c2[0]).0);
                    prop_assert!(!(brute[s1][s2] && brute[s2][s1]));
                }
            }
        }

        #[test]
        fn forward_edges_are_acyclic_and_stages_are_valid((n, edges) in arb_dag()) {
            let g = graph(n, &edges);
            prop_assert!(g.cycles().is_empty());
            let stages = g.stages().map_err(|_| TestCaseError::fail("acyclic graph failed"))?;
            let mut layer_of = vec![usize::MAX; n];
            for (k, layer) in stages.iter().enumerate() {
                prop_assert!(!layer.is_empty());
                prop_assert!(layer.windows(2).all(|w| w[0] < w[1]));
                for &v in layer {
                    prop_assert_eq!(layer_of[v], usize::MAX, "node {} twice", v);
                    layer_of[v] = k;
                }
            }
            prop_assert!(layer_of.iter().all(|&k| k != usize::MAX));
            for &(a, b) in &edges {
                prop_assert!(layer_of[a] < layer_of[b]);
            }
            // Longest path: a node past layer 0 has a predecessor one layer up.
            for v in 0..n {
                if layer_of[v] > 0 {
                    prop_assert!(edges.iter().any(|&(a, b)| b == v && layer_of[a] + 1 == layer_of[v]));
                }
            }
        }

        #[test]
        fn a_back_edge_makes_a_cycle_containing_it(
            (n, edges) in arb_dag(),
            pick in any::<prop::sample::Index>(),
            self_loop in any::<bool>(),
        ) {
            let mut g = graph(n, &edges);
            // Back edge from a node to one that reaches it (or a self-loop).
            let (a, b) = if edges.is_empty() || self_loop {
                let v = pick.index(n);
                (v, v)
            } else {
                let (from, to) = edges[pick.index(edges.len())];
                (to, from)
            };
            let back = g.add_edge(a, b);
            let cycles = g.cycles();
            prop_assert_eq!(cycles.len(), 1);
            prop_assert!(cycles[0].contains(&back));
            prop_assert!(is_closed_walk(&g, &cycles[0]));
        }
    }
}
