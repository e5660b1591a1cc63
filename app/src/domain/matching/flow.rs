//! Maximum-weight assignment of mentees to mentors with capacities, exactly, as a min-cost flow.
//!
//! Why this algorithm: successive shortest paths, one mentee at a time (the row-by-row scheme of
//! the Hungarian and Jonker–Volgenant methods), with Dijkstra over reduced costs. It is exact, uses
//! only integers (so WASM and native agree to the bit), handles capacities directly instead of
//! cloning each mentor into slots, and each new mentee's search usually stops after a few nodes.
//! Ties cost nothing: a search ends as soon as the sink is as near as anything left to settle,
//! and the sink is reached straight from any node that could end a path (a mentor with a free
//! place, a matched mentee who could drop out), as Jonker–Volgenant take a free column among
//! equals; so a cohort where hundreds of mentors are equally good stops at the first free one
//! instead of settling them all.
//! Every mentee also has an "unmatched" edge, and every pair's cost carries a bonus larger than any
//! total of scores, so the least-cost flow matches as many mentees as possible first and then
//! maximises the total score. The final potentials are a certificate: `solve_optimal` checks every
//! pair left out of the sparse candidate graph against them ([`Flow::improves`]); pairs that fail it are added to the
//! solved flow and only their effect repaired ([`Flow::add`]).

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
    to: u32,
    capacity: i32,
    cost: i64,
}

/// The bonus of one match: more than any possible total of scores.
fn match_bonus(mentees: usize, max_points: u32) -> i64 {
    (i64::from(max_points) + 1) * (mentees as i64 + 1)
}

/// A solved assignment over the candidates so far, with the dual values that prove it optimal;
/// more candidates can be added and the solution repaired ([`Flow::add`]) instead of solved anew.
pub struct Flow {
    mentees: usize,
    bonus: i64,
    /// Edges in pairs: each edge, then its reverse (`e ^ 1`).
    edges: Vec<Edge>,
    tails: Vec<u32>,
    /// Each node's outgoing edges, contiguous (compressed sparse rows): the searches walk them
    /// millions of times.
    first_out: Vec<usize>,
    adjacency: Vec<u32>,
    /// Each node's edge to the sink, if it has one (mentors' places, mentees' staying unmatched).
    sink_edge: Vec<usize>,
    /// Every candidate with its edge.
    pairs: Vec<(Candidate, usize)>,
    potential: Vec<i64>,
    /// Units of flow a mentee still has to take back (after an added pair was given flow).
    deficit: Vec<u32>,
    search: Search,
}

/// The searches' working memory, kept between them: only what one search touched is reset.
#[derive(Default)]
struct Search {
    distance: Vec<i64>,
    came_by: Vec<usize>,
    done: Vec<bool>,
    touched: Vec<usize>,
    queue: BinaryHeap<Reverse<(i64, usize)>>,
    finished: Vec<usize>,
}

/// For each mentee, the mentor it is assigned, maximising first the number of mentees matched and
/// then the sum of points. Ties are broken by the order of the inputs, deterministically.
pub fn assign(
    mentees: usize,
    capacities: &[u32],
    candidates: &[Candidate],
    max_points: u32,
) -> Flow {
    Flow::new(mentees, capacities, candidates, max_points)
}

impl Flow {
    pub fn new(
        mentees: usize,
        capacities: &[u32],
        candidates: &[Candidate],
        max_points: u32,
    ) -> Self {
        let mentors = capacities.len();
        let sink = mentees + mentors;
        let nodes = sink + 1;
        let mut flow = Flow {
            mentees,
            bonus: match_bonus(mentees, max_points),
            edges: Vec::with_capacity(2 * (candidates.len() + mentees + mentors)),
            tails: Vec::with_capacity(2 * (candidates.len() + mentees + mentors)),
            first_out: Vec::new(),
            adjacency: Vec::new(),
            sink_edge: vec![usize::MAX; nodes],
            pairs: Vec::with_capacity(candidates.len()),
            potential: vec![0; nodes],
            deficit: vec![0; mentees],
            search: Search {
                distance: vec![i64::MAX; nodes],
                came_by: vec![usize::MAX; nodes],
                done: vec![false; nodes],
                ..Search::default()
            },
        };
        for candidate in candidates {
            flow.add_pair(*candidate);
        }
        for (j, capacity) in capacities.iter().enumerate() {
            flow.sink_edge[mentees + j] = flow.add_edge(mentees + j, sink, *capacity as i32, 0);
        }
        for i in 0..mentees {
            // Staying unmatched: always possible, never preferred to a match.
            flow.sink_edge[i] = flow.add_edge(i, sink, 1, 0);
        }
        flow.index();

        // Potentials making every reduced cost non-negative to begin with: the graph is layered,
        // so the cheapest way into each mentor is its cheapest incoming pair.
        for candidate in candidates {
            let node = mentees + candidate.mentor;
            flow.potential[node] = flow.potential[node].min(flow.pair_cost(candidate.points));
        }
        flow.potential[sink] = (mentees..sink)
            .map(|node| flow.potential[node])
            .min()
            .unwrap_or(0)
            .min(0);

        // The order mentees enter changes only how long the searches take, never the result's
        // optimality. Those with the strongest best option go first: they mostly take a free
        // place at once, and the weaker ones who come when places are contested mostly stop at
        // "unmatched" after a short search (measured: about a fifth faster than the other way).
        let mut best_points = vec![0_u32; mentees];
        for candidate in candidates {
            best_points[candidate.mentee] = best_points[candidate.mentee].max(candidate.points);
        }
        let mut order: Vec<usize> = (0..mentees).collect();
        order.sort_by_key(|&i| (Reverse(best_points[i]), i));
        for start in order {
            flow.shortest_path(start, true);
        }
        flow.tighten();
        flow
    }

    fn sink(&self) -> usize {
        self.potential.len() - 1
    }

    fn pair_cost(&self, points: u32) -> i64 {
        -(self.bonus + i64::from(points))
    }

    fn add_edge(&mut self, from: usize, to: usize, capacity: i32, cost: i64) -> usize {
        let index = self.edges.len();
        self.tails.push(from as u32);
        self.edges.push(Edge {
            to: to as u32,
            capacity,
            cost,
        });
        self.tails.push(to as u32);
        self.edges.push(Edge {
            to: from as u32,
            capacity: 0,
            cost: -cost,
        });
        index
    }

    fn add_pair(&mut self, candidate: Candidate) -> usize {
        let cost = self.pair_cost(candidate.points);
        let edge = self.add_edge(candidate.mentee, self.mentees + candidate.mentor, 1, cost);
        self.pairs.push((candidate, edge));
        edge
    }

    /// Rebuilds the compressed rows after edges were added.
    fn index(&mut self) {
        let nodes = self.potential.len();
        let mut first_out = vec![0_usize; nodes + 1];
        for &tail in &self.tails {
            first_out[tail as usize + 1] += 1;
        }
        for node in 0..nodes {
            first_out[node + 1] += first_out[node];
        }
        let mut next_slot = first_out.clone();
        let mut adjacency = vec![0_u32; self.edges.len()];
        for (edge_index, &tail) in self.tails.iter().enumerate() {
            adjacency[next_slot[tail as usize]] = edge_index as u32;
            next_slot[tail as usize] += 1;
        }
        self.first_out = first_out;
        self.adjacency = adjacency;
    }

    fn out(&self, node: usize) -> &[u32] {
        &self.adjacency[self.first_out[node]..self.first_out[node + 1]]
    }

    /// Adds candidates and makes the assignment optimal over them all again. A new pair whose
    /// reduced cost is negative is given its unit of flow at once, which keeps every reduced cost
    /// non-negative but leaves its mentor a unit over and its mentee one short; a shortest path
    /// from each such mentor to a mentee short of flow restores the balance. That is one search
    /// per added pair that might improve things, not one per mentee.
    pub fn add(&mut self, candidates: &[Candidate]) {
        let mut over = Vec::new();
        for candidate in candidates {
            let edge = self.add_pair(*candidate);
            if self.reduced_cost(candidate.mentee, candidate.mentor, candidate.points) < 0 {
                self.edges[edge].capacity = 0;
                self.edges[edge ^ 1].capacity = 1;
                self.deficit[candidate.mentee] += 1;
                over.push(self.mentees + candidate.mentor);
            }
        }
        self.index();
        for start in over {
            let end = self.shortest_path(start, false);
            self.deficit[end] -= 1;
        }
        self.tighten();
    }

    /// Sends one unit along a shortest path from `start`: to the sink (`to_sink`, a new mentee
    /// entering) or to the nearest mentee short of flow. Updates the potentials so that every
    /// reduced cost stays non-negative, and returns where the path ended.
    fn shortest_path(&mut self, start: usize, to_sink: bool) -> usize {
        let sink = self.sink();
        let Search {
            distance,
            came_by,
            done,
            touched,
            queue,
            finished,
        } = &mut self.search;
        let (edges, potential, sink_edge) = (&mut self.edges, &mut self.potential, &self.sink_edge);
        let (first_out, adjacency) = (&self.first_out, &self.adjacency);
        let out = |node: usize| &adjacency[first_out[node]..first_out[node + 1]];
        for &node in touched.iter() {
            distance[node] = i64::MAX;
            done[node] = false;
        }
        touched.clear();
        queue.clear();
        finished.clear();
        distance[start] = 0;
        touched.push(start);
        queue.push(Reverse((0_i64, start)));
        let mut end = sink;
        if to_sink {
            // The start's staying unmatched: it is reached without being relaxed into.
            let unmatched = sink_edge[start];
            distance[sink] = edges[unmatched].cost + potential[start] - potential[sink];
            came_by[sink] = unmatched;
            touched.push(sink);
        }
        while let Some(Reverse((dist, node))) = queue.pop() {
            // Nothing left is nearer than the sink: its distance is final.
            if to_sink && dist >= distance[sink] {
                break;
            }
            if done[node] {
                continue;
            }
            if !to_sink && node < self.mentees && self.deficit[node] > 0 {
                end = node;
                break;
            }
            done[node] = true;
            finished.push(node);
            for &edge_index in out(node) {
                let edge = &edges[edge_index as usize];
                let to = edge.to as usize;
                if edge.capacity == 0 || done[to] || (to_sink && to == sink) {
                    continue;
                }
                let next = dist + edge.cost + potential[node] - potential[to];
                if next < distance[to] {
                    if distance[to] == i64::MAX {
                        touched.push(to);
                    }
                    distance[to] = next;
                    came_by[to] = edge_index as usize;
                    queue.push(Reverse((next, to)));
                    // A path could end here: the sink is offered at once rather than once this
                    // node is settled, behind every other node as near.
                    let last = sink_edge[to];
                    if to_sink && last != usize::MAX && edges[last].capacity > 0 {
                        let through = next + edges[last].cost + potential[to] - potential[sink];
                        if through < distance[sink] {
                            distance[sink] = through;
                            came_by[sink] = last;
                        }
                    }
                }
            }
        }
        // A path always exists (the start's unmatched edge; for a mentor over, the reverse of the
        // pair that put it over). Nodes settled before its end move by their distance, the rest
        // by the end's, which keeps every reduced cost non-negative (a node on the path but not
        // settled is exactly as near as the end, so it stays).
        let to_end = distance[end];
        for &node in finished.iter() {
            potential[node] += distance[node] - to_end;
        }
        let mut node = end;
        while node != start {
            let edge_index = came_by[node];
            edges[edge_index].capacity -= 1;
            edges[edge_index ^ 1].capacity += 1;
            node = edges[edge_index ^ 1].to as usize;
        }
        end
    }

    /// Tightens the certificate: each mentor's potential as low, then each mentee's as high, as
    /// its residual edges allow. Both keep every reduced cost non-negative, and make
    /// [`Flow::improves`] flag as few left-out pairs as possible.
    fn tighten(&mut self) {
        let sink = self.sink();
        for node in self.mentees..sink {
            let lowest = self
                .out(node)
                .iter()
                .map(|&e| &self.edges[e as usize])
                .filter(|edge| edge.capacity > 0)
                .map(|edge| self.potential[edge.to as usize] - edge.cost)
                .max();
            if let Some(lowest) = lowest {
                self.potential[node] = lowest;
            }
        }
        for node in 0..self.mentees {
            let highest = self
                .out(node)
                .iter()
                .map(|&e| e as usize)
                .filter(|&e| self.edges[e ^ 1].capacity > 0)
                .map(|e| self.edges[e ^ 1].cost + self.potential[self.edges[e].to as usize])
                .min();
            if let Some(highest) = highest {
                self.potential[node] = highest;
            }
        }
    }

    /// Each mentee's mentor, if any.
    pub fn mentor_of(&self) -> Vec<Option<usize>> {
        let mut mentor_of = vec![None; self.mentees];
        for (candidate, edge_index) in &self.pairs {
            if self.edges[*edge_index].capacity == 0 {
                mentor_of[candidate.mentee] = Some(candidate.mentor);
            }
        }
        mentor_of
    }

    /// Whether adding the pair (mentee, mentor) worth `points` might improve the assignment: its
    /// reduced cost under the final potentials is negative. If no left-out pair might, the
    /// assignment is optimal over all pairs, not only the candidates. (A "might" that does not
    /// costs only a repair with that pair included.)
    pub fn improves(&self, mentee: usize, mentor: usize, points: u32) -> bool {
        self.reduced_cost(mentee, mentor, points) < 0
    }

    /// The pair's reduced cost under the final potentials: the more negative, the more the pair
    /// might improve the assignment.
    pub fn reduced_cost(&self, mentee: usize, mentor: usize, points: u32) -> i64 {
        self.pair_cost(points) + self.potential[mentee] - self.potential[self.mentees + mentor]
    }
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

        let assignment = assign(2, &[1, 1], &candidates, 9000);

        assert_eq!(assignment.mentor_of(), vec![Some(1), Some(0)]);
    }

    #[test]
    fn capacity_is_respected_and_the_best_total_chosen() {
        let candidates = [
            candidate(0, 0, 5000),
            candidate(1, 0, 6000),
            candidate(2, 0, 7000),
            candidate(2, 1, 1000),
        ];

        let assignment = assign(3, &[2, 1], &candidates, 7000);

        assert_eq!(assignment.mentor_of(), vec![Some(0), Some(0), Some(1)]);
    }

    #[test]
    fn mentees_without_candidates_stay_unmatched() {
        assert_eq!(
            assign(2, &[1], &[candidate(1, 0, 10)], 10).mentor_of(),
            vec![None, Some(0)]
        );
        assert_eq!(assign(1, &[], &[], 0).mentor_of(), vec![None]);
    }

    #[test]
    fn a_left_out_better_pair_is_detected_by_the_potentials() {
        // Solved without the (0, 1) pair worth 9000; mentor 1 is free.
        let assignment = assign(1, &[1, 1], &[candidate(0, 0, 100)], 9000);

        assert!(assignment.improves(0, 1, 9000));
    }
}
