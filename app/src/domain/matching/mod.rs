//! The matching engine: pure, deterministic, and compiled for the server and the browser alike.
//!
//! [`solve_optimal`] scores every pair ([`score`]), drops the pairs that are excluded or fail a
//! must, keeps the organizers' pins, and assigns the rest exactly ([`flow`]). The [`Draft`] it
//! returns explains every pair criterion by criterion and every unmatched mentee's reason.

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

use prepared::{NO_PLACE, Prepared};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestedPair {
    pub mentee: PersonId,
    pub mentor: PersonId,
    /// Fixed by an organizer rather than chosen by the engine.
    pub pinned: bool,
    pub score: PairScore,
}

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
                let names: Vec<String> = mentors.iter().map(|id| mentor_name(*id)).collect();
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

/// How many best candidates per mentee the first solve considers. The rest are checked against
/// the solution's potentials afterwards and brought in only if one could improve it.
const CANDIDATES_PER_MENTEE: usize = 24;

/// The exact assignment over all allowed pairs (`cells[i * mentors + j]` below [`NO_PLACE`] are
/// their points), solved on each mentee's best few and proven optimal for the rest; pairs that
/// might improve it are added and the solve repeated until none can.
fn assign_sparsely(
    mentees: usize,
    capacities: &[u32],
    cells: &[u16],
    candidates_per_mentee: usize,
) -> Vec<Option<usize>> {
    let mentors = capacities.len();
    let allowed = |k: usize| (cells[k] < NO_PLACE).then(|| u32::from(cells[k]));
    let mut chosen = vec![false; cells.len()];
    let mut row: Vec<(u32, usize)> = Vec::with_capacity(mentors);
    for i in 0..mentees {
        row.clear();
        row.extend((0..mentors).filter_map(|j| allowed(i * mentors + j).map(|p| (p, j))));
        // Best points first; among equals, the lower index, so the choice is deterministic.
        let best_first = |a: &(u32, usize), b: &(u32, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if row.len() > candidates_per_mentee {
            row.select_nth_unstable_by(candidates_per_mentee, best_first);
        }
        for &(_, j) in row.iter().take(candidates_per_mentee) {
            chosen[i * mentors + j] = true;
        }
    }
    let mut candidates = Vec::new();
    loop {
        candidates.clear();
        candidates.extend(
            (0..cells.len())
                .filter(|&k| chosen[k])
                .map(|k| flow::Candidate {
                    mentee: k / mentors,
                    mentor: k % mentors,
                    points: u32::from(cells[k]),
                }),
        );
        let assignment = flow::assign(mentees, capacities, &candidates, MAX_POINTS);
        let mut added = false;
        for (k, chosen) in chosen.iter_mut().enumerate() {
            if let Some(points) = allowed(k)
                && !*chosen
                && assignment.improves(k / mentors, k % mentors, points)
            {
                *chosen = true;
                added = true;
            }
        }
        if !added {
            return assignment.mentor_of;
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
