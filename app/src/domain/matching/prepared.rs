//! What every solver starts from: the instance in canonical order, the pins applied, and every
//! pair's points computed once into a compact matrix.

use std::collections::BTreeMap;

use super::features::{MenteeFeatures, MentorFeatures, Vocabulary};
use super::model::{Criterion, Instance, MenteeProfile, MentorProfile, PersonId};
use super::score::{Evidence, MenteeScorer, Scoring, score_pair};
use super::{Draft, MentorLoad, SuggestedPair, Summary, UnmatchedMentee, UnmatchedReason};

/// A matrix cell for a pair that may not be made (excluded, or failing a must).
pub const BLOCKED: u16 = u16::MAX;
/// A matrix cell for an allowed pair whose mentor has no place left (pins took them all).
pub const NO_PLACE: u16 = u16::MAX - 1;

/// Runs `fill_row(i, row)` for every row of the matrix. Rows are independent, so on the server
/// they are shared among the cores (the result is the same); in the browser, which reports no
/// parallelism, one after another.
fn fill_rows(
    cells: &mut [u16],
    width: usize,
    parallel: bool,
    fill_row: impl Fn(usize, &mut [u16]) + Sync,
) {
    if width == 0 {
        return;
    }
    let rows = cells.len() / width;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if parallel && threads > 1 {
        let rows_per_thread = rows.div_ceil(threads);
        std::thread::scope(|scope| {
            for (chunk_index, chunk) in cells.chunks_mut(rows_per_thread * width).enumerate() {
                let fill_row = &fill_row;
                scope.spawn(move || {
                    for (offset, row) in chunk.chunks_mut(width).enumerate() {
                        fill_row(chunk_index * rows_per_thread + offset, row);
                    }
                });
            }
        });
        return;
    }
    for (i, row) in cells.chunks_mut(width).enumerate() {
        fill_row(i, row);
    }
}

/// `(0..count).map(item).collect()`, computed in as many chunks as there are cores when `parallel`
/// (the result is the same, in the same order).
pub fn map_indexes<T: Send>(
    count: usize,
    parallel: bool,
    item: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if !parallel || threads < 2 || count < 2 {
        return (0..count).map(item).collect();
    }
    let per_thread = count.div_ceil(threads);
    std::thread::scope(|scope| {
        let item = &item;
        let handles: Vec<_> = (0..count)
            .step_by(per_thread)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + per_thread).min(count))
                        .map(item)
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a worker thread panicked"))
            .collect()
    })
}

pub struct Prepared<'a> {
    /// Ordered by id.
    pub mentees: Vec<&'a MenteeProfile>,
    /// Ordered by id.
    pub mentors: Vec<&'a MentorProfile>,
    /// Each mentee's excluded mentors, sorted: almost always empty, so checking a pair is free.
    excluded: BTreeMap<PersonId, Vec<PersonId>>,
    warnings: Vec<String>,
    /// Places left per mentor once the pins are placed.
    pub remaining: Vec<u32>,
    /// Pinned mentees' mentors (index, pinned = true).
    pinned: Vec<Option<(usize, bool)>>,
    scoring: Scoring,
    mentee_features: Vec<MenteeFeatures>,
    mentor_features: Vec<MentorFeatures>,
    /// `cells[i * mentors + j]`: the pair's points, [`BLOCKED`] or [`NO_PLACE`].
    pub cells: Vec<u16>,
}

/// The instance in a canonical order, so the result depends on its content only.
fn canonical(instance: &Instance) -> (Vec<&MenteeProfile>, Vec<&MentorProfile>) {
    let mut mentees: Vec<&MenteeProfile> = instance.mentees.iter().collect();
    let mut mentors: Vec<&MentorProfile> = instance.mentors.iter().collect();
    mentees.sort_by_key(|mentee| mentee.id);
    mentors.sort_by_key(|mentor| mentor.id);
    (mentees, mentors)
}

impl<'a> Prepared<'a> {
    pub fn new(instance: &'a Instance) -> Self {
        let (mentees, mentors) = canonical(instance);
        let mentee_index: BTreeMap<PersonId, usize> =
            mentees.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
        let mentor_index: BTreeMap<PersonId, usize> =
            mentors.iter().enumerate().map(|(j, m)| (m.id, j)).collect();
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

        let scoring = Scoring::new(&instance.settings);
        let mut vocabulary = Vocabulary::default();
        let mentee_features: Vec<_> = mentees.iter().map(|m| vocabulary.mentee(m)).collect();
        let mentor_features: Vec<_> = mentors.iter().map(|m| vocabulary.mentor(m)).collect();
        // Rankings by index, looked up once: each mentee's ranked mentors (index, place), and the
        // mentors who ranked each mentee (index, evidence), both in mentor order. A ranked id
        // counts at its first place, as `score_pair` finds it.
        let first_places = |ranking: &'a [PersonId]| {
            ranking.iter().enumerate().filter(move |(place, id)| {
                ranking.iter().position(|other| other == *id) == Some(*place)
            })
        };
        let mentee_rankings: Vec<Vec<(usize, usize)>> = mentees
            .iter()
            .map(|mentee| {
                let mut ranked: Vec<(usize, usize)> = first_places(&mentee.preferred_mentors)
                    .filter_map(|(place, id)| mentor_index.get(id).map(|&j| (j, place)))
                    .collect();
                ranked.sort_unstable();
                ranked
            })
            .collect();
        let mut ranked_by: Vec<Vec<(usize, Evidence)>> = vec![Vec::new(); mentees.len()];
        for (j, mentor) in mentors.iter().enumerate() {
            let length = mentor.preferred_mentees.len();
            for (place, id) in first_places(&mentor.preferred_mentees) {
                if let Some(&i) = mentee_index.get(id) {
                    ranked_by[i].push((j, Evidence::Rank(Some((place, length)))));
                }
            }
        }
        // Every pair's points, once, in a compact matrix that the sparse solve and its optimality
        // check share. Reasons for the unmatched are worked out afterwards, for them alone.
        let mut cells: Vec<u16> = vec![BLOCKED; mentees.len() * mentors.len()];
        let fill_row = |i: usize, row: &mut [u16]| {
            let mentee = mentees[i];
            if assigned[i].is_some() {
                return;
            }
            let excluded_here = excluded
                .get(&mentee.id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let scorer = MenteeScorer::new(mentee.id, &mentee_features[i], &scoring);
            let (mut by_mentee, mut by_mentor) = (
                mentee_rankings[i].iter().peekable(),
                ranked_by[i].iter().peekable(),
            );
            let unranked = mentee.preferred_mentors.len();
            for (j, mentor) in mentors.iter().enumerate() {
                let rank = by_mentee
                    .next_if(|(at, _)| *at == j)
                    .map_or(unranked, |r| r.1);
                let ranked_by_mentor = by_mentor
                    .next_if(|(at, _)| *at == j)
                    .map_or(Evidence::Rank(None), |r| r.1);
                if excluded_here.binary_search(&mentor.id).is_ok() {
                    continue;
                }
                let (points, failed_musts) =
                    scorer.score_ranked(mentor.id, &mentor_features[j], rank, ranked_by_mentor);
                if failed_musts == 0 {
                    row[j] = if remaining[j] > 0 {
                        points as u16
                    } else {
                        NO_PLACE
                    };
                }
            }
        };
        // Small years are not worth a thread.
        let parallel = cells.len() >= 100_000;
        fill_rows(&mut cells, mentors.len(), parallel, fill_row);

        Self {
            mentees,
            mentors,
            excluded,
            warnings,
            remaining,
            pinned: assigned,
            scoring,
            mentee_features,
            mentor_features,
            cells,
        }
    }

    /// The allowed pair's points, if (mentee `i`, mentor `j`) may be made and the mentor has room.
    pub fn points(&self, i: usize, j: usize) -> Option<u32> {
        let cell = self.cells[i * self.mentors.len() + j];
        (cell < NO_PLACE).then_some(u32::from(cell))
    }

    /// Why mentee `i` has no mentor.
    fn unmatched_reason(&self, i: usize) -> UnmatchedReason {
        let (mentees, mentors, cells, excluded) =
            (&self.mentees, &self.mentors, &self.cells, &self.excluded);
        let (scoring, mentee_features, mentor_features) =
            (&self.scoring, &self.mentee_features, &self.mentor_features);
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
        let scorer = MenteeScorer::new(mentees[i].id, &mentee_features[i], scoring);
        for (j, mentor) in mentors.iter().enumerate() {
            if excluded_here.binary_search(&mentor.id).is_ok() {
                continue;
            }
            let (_, failed) = scorer.score(mentor.id, &mentor_features[j]);
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
    }

    /// The draft from an engine's assignment of the unpinned mentees, with the pins added back.
    pub fn into_draft(self, instance: &Instance, engine: Vec<Option<usize>>) -> Draft {
        let mut assigned = self.pinned.clone();
        for (i, mentor) in engine.into_iter().enumerate() {
            if let (None, Some(j)) = (assigned[i], mentor) {
                assigned[i] = Some((j, false));
            }
        }
        let (mentees, mentors) = (&self.mentees, &self.mentors);
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
                    reason: self.unmatched_reason(i),
                }),
            }
        }

        let summary = summarise(&pairs, mentees.len(), mentors);
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
            warnings: self.warnings,
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
mod tests {
    use super::{fill_rows, map_indexes};

    #[test]
    fn mapping_in_parallel_equals_mapping_in_order() {
        let square = |i: usize| vec![i * i; i % 5];
        assert_eq!(
            map_indexes(1_001, true, square),
            map_indexes(1_001, false, square)
        );
        assert_eq!(map_indexes(0, true, square), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn rows_filled_in_parallel_equal_rows_filled_in_order() {
        let (width, rows) = (7, 1_001);
        let fill = |i: usize, row: &mut [u16]| {
            for (j, cell) in row.iter_mut().enumerate() {
                *cell = (i * 31 + j) as u16;
            }
        };
        let mut in_order = vec![0; width * rows];
        let mut in_parallel = vec![0; width * rows];

        fill_rows(&mut in_order, width, false, fill);
        fill_rows(&mut in_parallel, width, true, fill);

        assert_eq!(in_parallel, in_order);
        assert_eq!(in_order[width * 1_000], (1_000 * 31) as u16);
    }
}
