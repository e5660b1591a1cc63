//! The matching engine: pure, deterministic, and compiled for the server and the browser alike.
//!
//! [`solve_optimal`] scores every pair ([`score`]), drops the pairs that are excluded or fail a
//! must, keeps the organizers' pins, and assigns the rest exactly ([`flow`]). The [`Draft`] it
//! returns explains every pair criterion by criterion and every unmatched mentee's reason.
//! [`solve_fairest`] raises the lowest score first ([`fairness`]); [`stable::solve_stable`] runs
//! deferred acceptance.
//!
//! Why a sparse flow and not a dense exact method: measured over six families of cohorts
//! (`cargo bench -p app --bench matching`, with scipy's `linear_sum_assignment` on the same
//! matrix), the flow over each mentee's best 24 mentors, checked against its potentials, is 4–15×
//! faster than the dense method at 5,000 × 1,000. What made it slow on some cohorts was not the
//! flow but ties: equal mentors taken in index order crowded every mentee onto the same few, and
//! searches settled every equally near node. Equals are now spread per mentee ([`spread`]),
//! searches end at the first free place among equals, and a failed check repairs the solved flow
//! with a search per improving pair instead of solving again.

mod fairness;
pub mod features;
pub mod flow;
pub mod generate;
pub mod model;
mod prepared;
pub mod score;
pub mod stable;
pub mod workspace;

use serde::{Deserialize, Serialize};

pub use model::{
    Criterion, Instance, MeetingMode, MenteeProfile, MentorProfile, PersonId, Settings,
};
pub use score::{MAX_POINTS, PairScore, score_pair};

use prepared::{BLOCKED, NO_PLACE, Prepared};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestedPair {
    pub mentee: PersonId,
    pub mentor: PersonId,
    /// Fixed by an organizer rather than chosen by the engine.
    pub pinned: bool,
    pub score: PairScore,
}

/// How many full compatible mentors an unmatched mentee's reason names.
const NAMED_FULL_MENTORS: usize = 5;

/// Why a mentee has no mentor in the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnmatchedReason {
    /// No mentor is allowed at all: each was excluded or failed a must.
    NoCompatibleMentor {
        excluded: usize,
        /// How many mentors each must ruled out (a mentor can fail several).
        failed_musts: Vec<(Criterion, usize)>,
    },
    /// Some mentors were allowed, but all their places went to others in the best assignment.
    CompatibleMentorsFull { mentors: Vec<PersonId> },
}

impl UnmatchedReason {
    pub fn describe(&self, mentor_name: impl Fn(PersonId) -> String) -> String {
        match self {
            Self::NoCompatibleMentor {
                excluded,
                failed_musts,
            } => {
                let mut parts: Vec<String> = failed_musts
                    .iter()
                    .map(|(criterion, count)| {
                        format!("{count} failed the must “{}”", criterion.label())
                    })
                    .collect();
                if *excluded > 0 {
                    parts.push(format!("{excluded} excluded"));
                }
                if parts.is_empty() {
                    "No mentor has a free place.".to_owned()
                } else {
                    format!("No compatible mentor: {}.", parts.join("; "))
                }
            }
            Self::CompatibleMentorsFull { mentors } => {
                // A large year can have hundreds: the first few by name, then how many more.
                let mut names: Vec<String> = mentors
                    .iter()
                    .take(NAMED_FULL_MENTORS)
                    .map(|id| mentor_name(*id))
                    .collect();
                if mentors.len() > NAMED_FULL_MENTORS {
                    names.push(format!("and {} more", mentors.len() - NAMED_FULL_MENTORS));
                }
                format!(
                    "Every compatible mentor is full: {}. Matching this mentee would leave another unmatched or lower the total.",
                    names.join(", ")
                )
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmatchedMentee {
    pub mentee: PersonId,
    pub reason: UnmatchedReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorLoad {
    pub mentor: PersonId,
    pub capacity: u32,
    pub assigned: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub mentees: usize,
    pub matched: usize,
    pub total_points: u64,
    pub mean_points: Option<f64>,
    pub min_points: Option<u32>,
    pub capacity: u64,
    pub capacity_used: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Ordered by mentee id.
    pub pairs: Vec<SuggestedPair>,
    /// Ordered by mentee id.
    pub unmatched: Vec<UnmatchedMentee>,
    /// Ordered by mentor id.
    pub mentors: Vec<MentorLoad>,
    pub summary: Summary,
    /// Problems with the input that the engine worked around (unknown or over-capacity pins…).
    pub warnings: Vec<String>,
}

/// The best draft: as many mentees matched as possible, then the highest total score, within
/// capacities, exclusions and musts, around the pins.
pub fn solve_optimal(instance: &Instance) -> Draft {
    solve_optimal_from(instance, CANDIDATES_PER_MENTEE)
}

/// [`solve_optimal`], starting from each mentee's best `candidates_per_mentee` mentors (tests
/// start from one, to exercise the optimality check).
fn solve_optimal_from(instance: &Instance, candidates_per_mentee: usize) -> Draft {
    let prepared = Prepared::new(instance);
    let assignment = assign_sparsely(
        prepared.mentees.len(),
        &prepared.remaining,
        &prepared.cells,
        candidates_per_mentee,
    );
    prepared.into_draft(instance, assignment)
}

/// The best draft by a fairer measure: as many mentees matched as possible, then the highest
/// lowest score among the pairs the engine makes (no mentee left with a poor match to lift the
/// others), then the highest total. Exact: the lowest score is raised by bisection over the scores
/// that occur, each floor checked by whether as many mentees can still be matched above it.
pub fn solve_fairest(instance: &Instance) -> Draft {
    let prepared = Prepared::new(instance);
    let mentees = prepared.mentees.len();
    let (capacities, cells) = (&prepared.remaining, &prepared.cells);
    let best = assign_sparsely(mentees, capacities, cells, CANDIDATES_PER_MENTEE);
    let Some(lowest) = lowest_points(&best, cells, capacities.len()) else {
        return prepared.into_draft(instance, best);
    };
    let floor = fairness::highest_floor(mentees, capacities, cells, &best, lowest);
    if floor == lowest {
        return prepared.into_draft(instance, best);
    }
    // Pairs below the floor left out for the final solve only: the draft still explains each
    // unmatched mentee from every pair allowed.
    let floored: Vec<u16> = cells
        .iter()
        .map(|&cell| if cell < floor { BLOCKED } else { cell })
        .collect();
    let fairest = assign_sparsely(mentees, capacities, &floored, CANDIDATES_PER_MENTEE);
    drop(floored);
    prepared.into_draft(instance, fairest)
}

/// The lowest points among the assigned pairs, if any.
fn lowest_points(assignment: &[Option<usize>], cells: &[u16], mentors: usize) -> Option<u16> {
    assignment
        .iter()
        .enumerate()
        .filter_map(|(i, mentor)| mentor.map(|j| cells[i * mentors + j]))
        .min()
}

/// The engine's view of an instance once pins are placed: each mentor's free places and every
/// pair's points, for running another solver on exactly the same problem (the benchmark gives it
/// to scipy).
pub struct ScoreMatrix {
    pub mentees: usize,
    /// Free places per mentor, mentors in id order.
    pub places: Vec<u32>,
    /// `cells[i * mentors + j]`: points, or `u16::MAX` for a pair that may not be made (and every
    /// pair of a pinned mentee), `u16::MAX - 1` for an allowed pair whose mentor has no place.
    pub cells: Vec<u16>,
}

impl ScoreMatrix {
    /// Little-endian: mentees and mentors as u32, the places as u32, then the cells as u16.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(8 + 4 * self.places.len() + 2 * self.cells.len());
        bytes.extend((self.mentees as u32).to_le_bytes());
        bytes.extend((self.places.len() as u32).to_le_bytes());
        for place in &self.places {
            bytes.extend(place.to_le_bytes());
        }
        for cell in &self.cells {
            bytes.extend(cell.to_le_bytes());
        }
        bytes
    }
}

pub fn score_matrix(instance: &Instance) -> ScoreMatrix {
    let prepared = Prepared::new(instance);
    ScoreMatrix {
        mentees: prepared.mentees.len(),
        places: prepared.remaining,
        cells: prepared.cells,
    }
}

impl Draft {
    /// A digest of who is paired with whom and how each pair scores, for checking that two runs
    /// (the browser's and the server's, say) produced the same draft. FNV-1a: stable everywhere.
    pub fn fingerprint(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |value: i64| {
            for byte in value.to_le_bytes() {
                hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        for pair in &self.pairs {
            feed(i64::from(pair.mentee));
            feed(i64::from(pair.mentor));
            feed(i64::from(pair.score.points));
        }
        feed(-1);
        for unmatched in &self.unmatched {
            feed(i64::from(unmatched.mentee));
        }
        hash
    }
}

/// How many best candidates per mentee the first solve considers, and how many of its most
/// promising left-out pairs each mentee brings in when the optimality check fails. The rest are
/// checked against the solution's potentials and brought in only if one could improve it.
const CANDIDATES_PER_MENTEE: usize = 24;

/// How many of its most promising left-out pairs a mentee brings in each time the check fails.
const REPAIRS_PER_MENTEE: usize = 1;

/// A fixed pseudo-random order among a mentee's equally good mentors. Were equals taken by the
/// lower index, every mentee of a cohort full of ties would start from the same few mentors, and
/// the check would keep failing; spread out, their first candidates already have room.
fn spread(mentee: usize, mentor: usize) -> u32 {
    let mut z = ((mentee as u64) << 32 | mentor as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z >> 32) as u32
}

/// Keeps the `count` smallest keys of `row` (any order), all of them if there are fewer.
fn keep_smallest<K: Ord + Copy>(row: &mut Vec<(K, usize)>, count: usize) {
    if row.len() > count {
        row.select_nth_unstable(count);
        row.truncate(count);
    }
}

/// The exact assignment over all allowed pairs (`cells[i * mentors + j]` below [`NO_PLACE`] are
/// their points), solved on each mentee's best few and proven optimal for the rest; each mentee
/// with pairs that might improve it brings in its most promising few, and the solve is repeated
/// until none might.
fn assign_sparsely(
    mentees: usize,
    capacities: &[u32],
    cells: &[u16],
    candidates_per_mentee: usize,
) -> Vec<Option<usize>> {
    let mentors = capacities.len();
    let allowed = |k: usize| (cells[k] < NO_PLACE).then(|| u32::from(cells[k]));
    let mut chosen: Vec<Vec<u32>> = vec![Vec::new(); mentees];
    let mut row: Vec<((std::cmp::Reverse<u32>, u32), usize)> = Vec::with_capacity(mentors);
    for (i, chosen) in chosen.iter_mut().enumerate() {
        row.clear();
        row.extend((0..mentors).filter_map(|j| {
            allowed(i * mentors + j).map(|p| ((std::cmp::Reverse(p), spread(i, j)), j))
        }));
        keep_smallest(&mut row, candidates_per_mentee);
        chosen.extend(row.iter().map(|&(_, j)| j as u32));
        // In index order: the flow breaks ties by input order, and the selection's arrangement
        // could differ between platforms.
        chosen.sort_unstable();
    }
    let mut candidates: Vec<flow::Candidate> = Vec::new();
    let candidate = |i: usize, j: usize| flow::Candidate {
        mentee: i,
        mentor: j,
        points: u32::from(cells[i * mentors + j]),
    };
    for (i, chosen) in chosen.iter().enumerate() {
        candidates.extend(chosen.iter().map(|&j| candidate(i, j as usize)));
    }
    let mut flow = flow::Flow::new(mentees, capacities, &candidates, MAX_POINTS);
    let mut promising: Vec<Vec<usize>> = vec![Vec::new(); mentees];
    let mut row: Vec<((i64, u32), usize)> = Vec::new();
    loop {
        for (i, promising) in promising.iter_mut().enumerate() {
            row.clear();
            for j in 0..mentors {
                let Some(points) = allowed(i * mentors + j) else {
                    continue;
                };
                let reduced = flow.reduced_cost(i, j, points);
                if reduced < 0 && chosen[i].binary_search(&(j as u32)).is_err() {
                    row.push(((reduced, spread(i, j)), j));
                }
            }
            keep_smallest(&mut row, candidates_per_mentee);
            row.sort_unstable();
            promising.clear();
            promising.extend(row.iter().map(|&(_, j)| j));
        }
        if promising.iter().all(Vec::is_empty) {
            return flow.mentor_of();
        }
        // Each mentee that could do better brings in its most promising pair, and the solved
        // flow is repaired: one search per pair. (Solving anew with every mentee's few most
        // promising was measured slower on every family, by 30 % on ties and popular mentors.)
        candidates.clear();
        for (i, promising) in promising.iter().enumerate() {
            let taken = &promising[..promising.len().min(REPAIRS_PER_MENTEE)];
            candidates.extend(taken.iter().map(|&j| candidate(i, j)));
            chosen[i].extend(taken.iter().map(|&j| j as u32));
            chosen[i].sort_unstable();
        }
        flow.add(&candidates);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
