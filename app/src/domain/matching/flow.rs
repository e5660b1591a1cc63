//! Maximum-weight assignment of mentees to mentors with capacities, exactly, as a min-cost flow.
//!
//! Why this algorithm: successive shortest paths with Dijkstra and potentials is exact, needs only
//! integers (so WASM and native agree to the bit), handles capacities directly instead of cloning
//! each mentor into capacity slots, and finishes a real year (150 × 60) in well under a
//! millisecond. Each augmentation along a shortest path matches one more mentee while keeping the
//! cost least for that many matches, and it runs until no augmenting path is left: the result is a
//! maximum matching (as many mentees as possible) of the highest total score among those.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One allowed pair: indexes into the mentee and mentor lists, and its score in points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub mentee: usize,
    pub mentor: usize,
    pub points: u32,
}

struct Edge {
    to: usize,
    capacity: i64,
    cost: i64,
}

struct Graph {
    edges: Vec<Edge>,
    /// Outgoing edge indexes per node; edge `i ^ 1` is the reverse of edge `i`.
    out: Vec<Vec<usize>>,
}

impl Graph {
    fn new(nodes: usize) -> Self {
        Self {
            edges: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    fn add(&mut self, from: usize, to: usize, capacity: i64, cost: i64) {
        self.out[from].push(self.edges.len());
        self.edges.push(Edge { to, capacity, cost });
        self.out[to].push(self.edges.len());
        self.edges.push(Edge {
            to: from,
            capacity: 0,
            cost: -cost,
        });
    }
}

/// For each mentee, the mentor it is assigned, maximising first the number of mentees matched and
/// then the sum of points. Ties are broken by the order of the inputs, deterministically.
pub fn assign(mentees: usize, capacities: &[u32], candidates: &[Candidate]) -> Vec<Option<usize>> {
    let mentors = capacities.len();
    let source = 0;
    let mentee_node = |i: usize| 1 + i;
    let mentor_node = |j: usize| 1 + mentees + j;
    let sink = 1 + mentees + mentors;
    let nodes = sink + 1;

    let mut graph = Graph::new(nodes);
    for i in 0..mentees {
        graph.add(source, mentee_node(i), 1, 0);
    }
    let mut pair_edges = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        pair_edges.push(graph.edges.len());
        graph.add(
            mentee_node(candidate.mentee),
            mentor_node(candidate.mentor),
            1,
            -i64::from(candidate.points),
        );
    }
    for (j, capacity) in capacities.iter().enumerate() {
        graph.add(mentor_node(j), sink, i64::from(*capacity), 0);
    }

    // Initial potentials making every reduced cost non-negative: the graph is layered, so the
    // cheapest way into each mentor is its cheapest incoming pair.
    let mut potential = vec![0_i64; nodes];
    for candidate in candidates {
        let node = mentor_node(candidate.mentor);
        potential[node] = potential[node].min(-i64::from(candidate.points));
    }
    potential[sink] = (0..mentors)
        .map(|j| potential[mentor_node(j)])
        .min()
        .unwrap_or(0);

    let mut distance = vec![i64::MAX; nodes];
    let mut visited = vec![false; nodes];
    let mut came_by = vec![usize::MAX; nodes];
    loop {
        distance.fill(i64::MAX);
        visited.fill(false);
        distance[source] = 0;
        let mut queue = BinaryHeap::new();
        queue.push(Reverse((0_i64, source)));
        while let Some(Reverse((dist, node))) = queue.pop() {
            if visited[node] {
                continue;
            }
            visited[node] = true;
            if node == sink {
                break;
            }
            for &edge_index in &graph.out[node] {
                let edge = &graph.edges[edge_index];
                if edge.capacity == 0 || visited[edge.to] {
                    continue;
                }
                let reduced = edge.cost + potential[node] - potential[edge.to];
                let next = dist + reduced;
                if next < distance[edge.to] {
                    distance[edge.to] = next;
                    came_by[edge.to] = edge_index;
                    queue.push(Reverse((next, edge.to)));
                }
            }
        }
        if !visited[sink] {
            break;
        }
        let to_sink = distance[sink];
        for node in 0..nodes {
            potential[node] += if visited[node] {
                distance[node]
            } else {
                to_sink
            };
        }
        // Every path from the source to the sink matches one more mentee: push one unit along it.
        let mut node = sink;
        while node != source {
            let edge_index = came_by[node];
            graph.edges[edge_index].capacity -= 1;
            graph.edges[edge_index ^ 1].capacity += 1;
            node = graph.edges[edge_index ^ 1].to;
        }
    }

    let mut assignment = vec![None; mentees];
    for (candidate, &edge_index) in candidates.iter().zip(&pair_edges) {
        if graph.edges[edge_index].capacity == 0 {
            assignment[candidate.mentee] = Some(candidate.mentor);
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(mentee: usize, mentor: usize, points: u32) -> Candidate {
        Candidate {
            mentee,
            mentor,
            points,
        }
    }

    #[test]
    fn matching_more_mentees_beats_a_higher_total_for_fewer() {
        // Mentee 0 scores best with mentor 0, but only mentor 0 suits mentee 1.
        let candidates = [
            candidate(0, 0, 9000),
            candidate(0, 1, 100),
            candidate(1, 0, 100),
        ];

        let assignment = assign(2, &[1, 1], &candidates);

        assert_eq!(assignment, vec![Some(1), Some(0)]);
    }

    #[test]
    fn capacity_is_respected_and_the_best_total_chosen() {
        let candidates = [
            candidate(0, 0, 5000),
            candidate(1, 0, 6000),
            candidate(2, 0, 7000),
            candidate(2, 1, 1000),
        ];

        let assignment = assign(3, &[2, 1], &candidates);

        assert_eq!(assignment, vec![Some(0), Some(0), Some(1)]);
    }

    #[test]
    fn mentees_without_candidates_stay_unmatched() {
        assert_eq!(assign(2, &[1], &[candidate(1, 0, 10)]), vec![None, Some(0)]);
        assert_eq!(assign(1, &[], &[]), vec![None]);
    }
}
