//! The matching engine: pure, deterministic, and compiled for the server and the browser alike.
//!
//! [`solve_optimal`] scores every pair ([`score`]), drops the pairs that are excluded or fail a
//! must, keeps the organizers' pins, and assigns the rest exactly ([`flow`]). The [`Draft`] it
//! returns explains every pair criterion by criterion and every unmatched mentee's reason.

pub mod flow;
pub mod model;
pub mod score;

use std::collections::{BTreeMap, BTreeSet};

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
    let (mentees, mentors) = canonical(instance);
    let mentee_index: BTreeMap<PersonId, usize> =
        mentees.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mentor_index: BTreeMap<PersonId, usize> =
        mentors.iter().enumerate().map(|(j, m)| (m.id, j)).collect();
    let excluded: BTreeSet<(PersonId, PersonId)> = instance.exclusions.iter().copied().collect();

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

    let mut candidates = Vec::new();
    let mut blocked_by: Vec<(usize, BTreeMap<Criterion, usize>)> =
        vec![(0, BTreeMap::new()); mentees.len()];
    let mut compatible: Vec<Vec<usize>> = vec![Vec::new(); mentees.len()];
    for (i, mentee) in mentees.iter().enumerate() {
        if assigned[i].is_some() {
            continue;
        }
        for (j, mentor) in mentors.iter().enumerate() {
            if excluded.contains(&(mentee.id, mentor.id)) {
                blocked_by[i].0 += 1;
                continue;
            }
            let score = score_pair(mentee, mentor, &instance.settings);
            if !score.failed_musts.is_empty() {
                for criterion in score.failed_musts {
                    *blocked_by[i].1.entry(criterion).or_default() += 1;
                }
                continue;
            }
            compatible[i].push(j);
            if mentor.capacity > 0 {
                candidates.push(flow::Candidate {
                    mentee: i,
                    mentor: j,
                    points: score.points,
                });
            }
        }
    }

    for (i, mentor) in flow::assign(mentees.len(), &remaining, &candidates)
        .into_iter()
        .enumerate()
    {
        if let Some(j) = mentor {
            assigned[i] = Some((j, false));
        }
    }

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
            None => {
                let reason = if compatible[i].is_empty() {
                    let (excluded, by_must) = &blocked_by[i];
                    UnmatchedReason::NoCompatibleMentor {
                        excluded: *excluded,
                        failed_musts: by_must.iter().map(|(c, n)| (*c, *n)).collect(),
                    }
                } else {
                    UnmatchedReason::CompatibleMentorsFull {
                        mentors: compatible[i].iter().map(|&j| mentors[j].id).collect(),
                    }
                };
                unmatched.push(UnmatchedMentee {
                    mentee: mentee.id,
                    reason,
                });
            }
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
