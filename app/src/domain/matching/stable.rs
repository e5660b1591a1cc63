//! Stable matching: mentee-proposing deferred acceptance with mentor capacities (the
//! hospitals/residents problem, as the NRMP uses it), and the check that lists blocking pairs.
//!
//! Preferences come from the rankings people gave (`preferred_mentors`, `preferred_mentees`).
//! Rankings may be partial: everyone a person did not rank but may be paired with follows the
//! ranked ones, best score first, so nobody goes unmatched only for ranking too few. Remaining ties
//! go to the lower id. Excluded pairs and pairs failing a must are unacceptable to both sides.

use std::cmp::Reverse;

use super::prepared::{Prepared, map_indexes};
use super::{Draft, Instance, PersonId};

/// Smaller is preferred: (place in the ranking, or after every ranked one; higher score; lower id).
type Preference = (usize, Reverse<u32>, usize);

fn place(ranking: &[PersonId], id: PersonId) -> usize {
    ranking
        .iter()
        .position(|candidate| *candidate == id)
        .unwrap_or(usize::MAX)
}

impl Prepared<'_> {
    /// How mentee `i` ranks mentor `j`, if the pair is acceptable.
    pub(super) fn mentee_preference(&self, i: usize, j: usize) -> Option<Preference> {
        let points = self.points(i, j)?;
        Some((
            place(&self.mentees[i].preferred_mentors, self.mentors[j].id),
            Reverse(points),
            j,
        ))
    }

    /// How mentor `j` ranks mentee `i`, if the pair is acceptable.
    fn mentor_preference(&self, j: usize, i: usize) -> Option<Preference> {
        let points = self.points(i, j)?;
        Some((
            place(&self.mentors[j].preferred_mentees, self.mentees[i].id),
            Reverse(points),
            i,
        ))
    }

    /// Mentee-proposing deferred acceptance over the unpinned mentees and the places left.
    pub(super) fn deferred_acceptance(&self) -> Vec<Option<usize>> {
        let mentors = self.mentors.len();
        // Each mentee's acceptable mentors, most preferred last (proposals pop from the end). The
        // preference is packed into one integer with the same order, which sorts several times
        // faster than the tuple.
        let packed = |(place, Reverse(points), j): Preference| {
            (place.min(0xFFFF) as u64) << 48
                | u64::from(0xFFFF - points.min(0xFFFF)) << 32
                | j as u64
        };
        // Every mentee's list is independent of the others': on the server they are built on all
        // cores (the same lists, in the same order).
        let parallel = self.mentees.len() * mentors >= 100_000;
        let mut to_propose: Vec<Vec<u64>> = map_indexes(self.mentees.len(), parallel, |i| {
            let mut acceptable: Vec<u64> = (0..mentors)
                .filter_map(|j| self.mentee_preference(i, j).map(packed))
                .collect();
            acceptable.sort_unstable_by(|a, b| b.cmp(a));
            acceptable
        });
        // Mentees each mentor holds, kept sorted from most to least preferred.
        let mut held: Vec<Vec<(Preference, usize)>> = vec![Vec::new(); mentors];
        let mut free: Vec<usize> = (0..self.mentees.len()).rev().collect();
        while let Some(i) = free.pop() {
            let Some(key) = to_propose[i].pop() else {
                continue;
            };
            let j = (key & 0xFFFF_FFFF) as usize;
            let Some(preference) = self.mentor_preference(j, i) else {
                free.push(i);
                continue;
            };
            let place = held[j].partition_point(|(p, _)| *p < preference);
            held[j].insert(place, (preference, i));
            if held[j].len() > self.remaining[j] as usize {
                // Over capacity: the least preferred is let go and proposes further down its list.
                let (_, rejected) = held[j].pop().expect("just inserted");
                free.push(rejected);
            }
        }
        let mut assignment = vec![None; self.mentees.len()];
        for (j, mentees) in held.iter().enumerate() {
            for &(_, i) in mentees {
                assignment[i] = Some(j);
            }
        }
        assignment
    }

    /// Pairs (mentee, mentor) who would both rather be together than with what `assignment` gives
    /// them. Pinned mentees are the organizers' decision and never block.
    pub(super) fn blocking(&self, assignment: &[Option<usize>]) -> Vec<(usize, usize)> {
        let mentors = self.mentors.len();
        // Each mentor's least preferred unpinned mentee, and how many they hold.
        let mut worst: Vec<Option<Preference>> = vec![None; mentors];
        let mut load = vec![0_u32; mentors];
        for (i, mentor) in assignment.iter().enumerate() {
            if let Some(j) = *mentor {
                load[j] += 1;
                let preference = self.mentor_preference(j, i);
                if preference > worst[j] {
                    worst[j] = preference;
                }
            }
        }
        let mut blocking = Vec::new();
        for (i, current) in assignment.iter().enumerate() {
            let current = current.and_then(|j| self.mentee_preference(i, j));
            for j in 0..mentors {
                if assignment[i] == Some(j) {
                    continue;
                }
                let Some(wanted) = self.mentee_preference(i, j) else {
                    continue;
                };
                let mentee_would = current.is_none_or(|current| wanted < current);
                let mentor_would = load[j] < self.remaining[j]
                    || self
                        .mentor_preference(j, i)
                        .zip(worst[j])
                        .is_some_and(|(this, worst)| this < worst);
                if mentee_would && mentor_would {
                    blocking.push((i, j));
                }
            }
        }
        blocking
    }
}

/// A stable draft: no mentee and mentor would both rather be paired with each other, and among
/// stable drafts every mentee gets the best mentor they could.
pub fn solve_stable(instance: &Instance) -> Draft {
    let prepared = Prepared::new(instance);
    let assignment = prepared.deferred_acceptance();
    prepared.into_draft(instance, assignment)
}

/// The pairs that block `draft`'s stability (none for a draft from [`solve_stable`]); for an
/// optimal draft, who would rather swap.
pub fn blocking_pairs(instance: &Instance, draft: &Draft) -> Vec<(PersonId, PersonId)> {
    let prepared = Prepared::new(instance);
    let assignment: Vec<Option<usize>> = prepared
        .mentees
        .iter()
        .map(|mentee| {
            draft
                .pairs
                .iter()
                .find(|pair| pair.mentee == mentee.id && !pair.pinned)
                .and_then(|pair| prepared.mentors.iter().position(|m| m.id == pair.mentor))
        })
        .collect();
    prepared
        .blocking(&assignment)
        .into_iter()
        .map(|(i, j)| (prepared.mentees[i].id, prepared.mentors[j].id))
        .collect()
}
