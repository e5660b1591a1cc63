//! The matching engine: pure, deterministic, and compiled for the server and the browser alike.
//!
//! [`solve_optimal`] scores every pair ([`score`]), drops the pairs that are excluded or fail a
//! must, keeps the organizers' pins, and assigns the rest exactly ([`flow`]). The [`Draft`] it
//! returns explains every pair criterion by criterion and every unmatched mentee's reason.

pub mod features;
pub mod flow;
pub mod generate;
pub mod model;
pub mod score;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use model::{
    Criterion, Instance, MeetingMode, MenteeProfile, MentorProfile, PersonId, Settings,
};
pub use score::{MAX_POINTS, PairScore, score_pair};

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

/// The instance in a canonical order, so the result depends on its content only.
fn canonical(instance: &Instance) -> (Vec<&MenteeProfile>, Vec<&MentorProfile>) {
    let mut mentees: Vec<&MenteeProfile> = instance.mentees.iter().collect();
    let mut mentors: Vec<&MentorProfile> = instance.mentors.iter().collect();
    mentees.sort_by_key(|mentee| mentee.id);
    mentors.sort_by_key(|mentor| mentor.id);
    (mentees, mentors)
}

/// The best draft: as many mentees matched as possible, then the highest total score, within
/// capacities, exclusions and musts, around the pins.
pub fn solve_optimal(instance: &Instance) -> Draft {
    solve_optimal_from(instance, CANDIDATES_PER_MENTEE)
}

/// [`solve_optimal`], starting from each mentee's best `candidates_per_mentee` mentors (tests
/// start from one, to exercise the optimality check).
fn solve_optimal_from(instance: &Instance, candidates_per_mentee: usize) -> Draft {
    let (mentees, mentors) = canonical(instance);
    let mentee_index: BTreeMap<PersonId, usize> =
        mentees.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mentor_index: BTreeMap<PersonId, usize> =
        mentors.iter().enumerate().map(|(j, m)| (m.id, j)).collect();
    // Each mentee's excluded mentors, sorted: almost always empty, so checking a pair is free.
    let mut excluded: BTreeMap<PersonId, Vec<PersonId>> = BTreeMap::new();
    for &(mentee, mentor) in &instance.exclusions {
        excluded.entry(mentee).or_default().push(mentor);
    }
    excluded
        .values_mut()
        .for_each(|mentors| mentors.sort_unstable());

    let mut warnings = Vec::new();
    let mut remaining: Vec<u32> = mentors.iter().map(|m| m.capacity).collect();
    let mut assigned: Vec<Option<(usize, bool)>> = vec![None; mentees.len()];
    for &(mentee_id, mentor_id) in &instance.pins {
        let (Some(&i), Some(&j)) = (mentee_index.get(&mentee_id), mentor_index.get(&mentor_id))
        else {
            warnings.push(format!(
                "A pin names someone not in this year's matching (mentee {mentee_id}, mentor {mentor_id}); it was ignored."
            ));
            continue;
        };
        if assigned[i].is_some() {
            warnings.push(format!(
                "Mentee {} is pinned twice; the first pin was kept.",
                mentees[i].name
            ));
            continue;
        }
        if remaining[j] == 0 {
            warnings.push(format!(
                "{} has more pinned mentees than places; the extra pin was kept as the organizers asked.",
                mentors[j].name
            ));
        }
        remaining[j] = remaining[j].saturating_sub(1);
        assigned[i] = Some((j, true));
    }

    let scoring = score::Scoring::new(&instance.settings);
    let mut vocabulary = features::Vocabulary::default();
    let mentee_features: Vec<_> = mentees.iter().map(|m| vocabulary.mentee(m)).collect();
    let mentor_features: Vec<_> = mentors.iter().map(|m| vocabulary.mentor(m)).collect();
    // Every pair's points, once, in a compact matrix that the sparse solve and its optimality
    // check share. Reasons for the unmatched are worked out afterwards, for them alone.
    let mut cells: Vec<u16> = vec![BLOCKED; mentees.len() * mentors.len()];
    for (i, mentee) in mentees.iter().enumerate() {
        if assigned[i].is_some() {
            continue;
        }
        let excluded_here = excluded
            .get(&mentee.id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (j, mentor) in mentors.iter().enumerate() {
            if excluded_here.binary_search(&mentor.id).is_ok() {
                continue;
            }
            let (points, failed_musts) = score::quick_score(
                (mentee.id, &mentee_features[i]),
                (mentor.id, &mentor_features[j]),
                &scoring,
            );
            if failed_musts == 0 {
                cells[i * mentors.len() + j] = if remaining[j] > 0 {
                    points as u16
                } else {
                    NO_PLACE
                };
            }
        }
    }

    for (i, mentor) in assign_sparsely(mentees.len(), &remaining, &cells, candidates_per_mentee)
        .into_iter()
        .enumerate()
    {
        if let Some(j) = mentor {
            assigned[i] = Some((j, false));
        }
    }

    let unmatched_reason = |i: usize| {
        let row = &cells[i * mentors.len()..(i + 1) * mentors.len()];
        let compatible: Vec<PersonId> = mentors
            .iter()
            .zip(row)
            .filter(|(_, cell)| **cell != BLOCKED)
            .map(|(mentor, _)| mentor.id)
            .collect();
        if !compatible.is_empty() {
            return UnmatchedReason::CompatibleMentorsFull {
                mentors: compatible,
            };
        }
        let excluded_here = excluded
            .get(&mentees[i].id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut failed_musts: BTreeMap<Criterion, usize> = BTreeMap::new();
        for (j, mentor) in mentors.iter().enumerate() {
            if excluded_here.binary_search(&mentor.id).is_ok() {
                continue;
            }
            let (_, failed) = score::quick_score(
                (mentees[i].id, &mentee_features[i]),
                (mentor.id, &mentor_features[j]),
                &scoring,
            );
            for criterion in Criterion::ALL {
                if failed & (1 << criterion as u8) != 0 {
                    *failed_musts.entry(criterion).or_default() += 1;
                }
            }
        }
        UnmatchedReason::NoCompatibleMentor {
            excluded: mentors
                .iter()
                .filter(|mentor| excluded_here.binary_search(&mentor.id).is_ok())
                .count(),
            failed_musts: failed_musts.into_iter().collect(),
        }
    };

    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    let mut load = vec![0_u32; mentors.len()];
    for (i, mentee) in mentees.iter().enumerate() {
        match assigned[i] {
            Some((j, pinned)) => {
                load[j] += 1;
                pairs.push(SuggestedPair {
                    mentee: mentee.id,
                    mentor: mentors[j].id,
                    pinned,
                    score: score_pair(mentee, mentors[j], &instance.settings),
                });
            }
            None => unmatched.push(UnmatchedMentee {
                mentee: mentee.id,
                reason: unmatched_reason(i),
            }),
        }
    }

    let summary = summarise(&pairs, mentees.len(), &mentors);
    Draft {
        mentors: mentors
            .iter()
            .zip(&load)
            .map(|(mentor, &assigned)| MentorLoad {
                mentor: mentor.id,
                capacity: mentor.capacity,
                assigned,
            })
            .collect(),
        pairs,
        unmatched,
        summary,
        warnings,
    }
}

/// How many best candidates per mentee the first solve considers. The rest are checked against
/// the solution's potentials afterwards and brought in only if one could improve it.
const CANDIDATES_PER_MENTEE: usize = 24;

/// A matrix cell for a pair that may not be made (excluded, or failing a must).
const BLOCKED: u16 = u16::MAX;
/// A matrix cell for an allowed pair whose mentor has no place left (pins took them all).
const NO_PLACE: u16 = u16::MAX - 1;

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
        for k in 0..cells.len() {
            if let Some(points) = allowed(k)
                && !chosen[k]
                && assignment.improves(k / mentors, k % mentors, points)
            {
                chosen[k] = true;
                added = true;
            }
        }
        if !added {
            return assignment.mentor_of;
        }
    }
}

fn summarise(pairs: &[SuggestedPair], mentees: usize, mentors: &[&MentorProfile]) -> Summary {
    let total_points: u64 = pairs.iter().map(|p| u64::from(p.score.points)).sum();
    Summary {
        mentees,
        matched: pairs.len(),
        total_points,
        mean_points: (!pairs.is_empty()).then(|| total_points as f64 / pairs.len() as f64),
        min_points: pairs.iter().map(|p| p.score.points).min(),
        capacity: mentors.iter().map(|m| u64::from(m.capacity)).sum(),
        capacity_used: pairs.len() as u64,
    }
}

#[cfg(test)]
mod tests;
