//! Stable matching: mentee-proposing deferred acceptance with mentor capacities (the
//! hospitals/residents problem, as the NRMP uses it), and the check that lists blocking pairs.
//!
//! Preferences come from the rankings people gave (`preferred_mentors`, `preferred_mentees`).
//! Rankings may be partial: everyone a person did not rank but may be paired with follows the
//! ranked ones, best score first, so nobody goes unmatched only for ranking too few. Remaining ties
//! go to the lower id. Excluded pairs and pairs failing a must are unacceptable to both sides.

use std::cmp::Reverse;

use super::prepared::{NO_PLACE, Prepared, map_indexes};
use super::{Draft, Instance, PersonId};

/// Smaller is preferred: (place in the ranking, or after every ranked one; higher score; lower id).
type Preference = (usize, Reverse<u32>, usize);

fn place(ranking: &[PersonId], id: PersonId) -> usize {
    ranking
        .iter()
        .position(|candidate| *candidate == id)
        .unwrap_or(usize::MAX)
}

/// A preference as one integer with the same order: place (capped), then points (highest first),
/// then the index in the low 32 bits.
fn packed((place, Reverse(points), index): Preference) -> u64 {
    (place.min(0xFFFF) as u64) << 48 | u64::from(0xFFFF - points.min(0xFFFF)) << 32 | index as u64
}

fn index_of(key: u64) -> usize {
    (key & 0xFFFF_FFFF) as usize
}

/// A mentee's acceptable mentors, handed out most preferred first. Most mentees are held by one of
/// their first few choices, so only those are kept, ordered. A mentee who gets past them has the
/// rest worked out again from the matrix, filtered down to the mentors who would still take them,
/// and ordered, once: no list of every acceptable pair is held for the whole run (at 20,000 ×
/// 4,000 that would be 640 MB).
struct Proposals {
    /// The first few choices, most preferred last.
    first: Vec<u64>,
    /// The largest key among the first few, if there are more acceptable mentors after them.
    last_of_first: Option<u64>,
    /// The rest, most preferred last, once needed.
    rest: Option<Vec<u64>>,
}

impl Proposals {
    const FIRST: usize = 16;

    fn new(mut keys: Vec<u64>) -> Self {
        let take = Self::FIRST.min(keys.len());
        if take < keys.len() {
            keys.select_nth_unstable(take - 1);
        }
        let more = keys.len() > take;
        keys.truncate(take);
        // Truncating keeps the whole row's allocation; 20,000 of them would be most of a GB.
        keys.shrink_to_fit();
        keys.sort_unstable_by(|a, b| b.cmp(a));
        Self {
            last_of_first: keys.first().copied().filter(|_| more),
            first: keys,
            rest: None,
        }
    }

    /// The next mentor to propose to, skipping those `turns_away` says would reject the mentee;
    /// `all_keys` gives every acceptable mentor's key again when the first few are used up. Keys
    /// are distinct (they end with the mentor's index), so the order never depends on how the
    /// selection arranged them.
    fn next(
        &mut self,
        turns_away: impl Fn(usize) -> bool,
        all_keys: impl FnOnce() -> Vec<u64>,
    ) -> Option<usize> {
        if let Some(key) = self.first.pop() {
            return Some(index_of(key));
        }
        let after = self.last_of_first;
        let rest = self.rest.get_or_insert_with(|| {
            let Some(after) = after else {
                return Vec::new();
            };
            let mut rest: Vec<u64> = all_keys()
                .into_iter()
                .filter(|key| *key > after && !turns_away(index_of(*key)))
                .collect();
            rest.sort_unstable_by(|a, b| b.cmp(a));
            rest
        });
        rest.pop().map(index_of)
    }
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
    ///
    /// Preferences are packed into integers with the same order (they compare and sort several
    /// times faster than the tuples). A mentor who is full and holds only mentees they prefer
    /// rejects a proposal at once, and stays that way: what a mentor holds only gets better. So a
    /// mentee's proposals to such mentors are skipped unmade, with the same result.
    pub(super) fn deferred_acceptance(&self) -> Vec<Option<usize>> {
        let mentors = self.mentors.len();
        // Every mentee's list is independent of the others': on the server they are built on all
        // cores (the same lists, in the same order).
        let parallel = self.mentees.len() * mentors >= 100_000;
        // `mentee_preference` for the whole row at once: every acceptable mentor as unranked, in
        // index order, then the few the mentee ranked put in their places.
        let keys_of = |i: usize| -> Vec<u64> {
            let row = &self.cells[i * mentors..(i + 1) * mentors];
            let mut keys: Vec<u64> = row
                .iter()
                .enumerate()
                .filter(|(_, cell)| **cell < NO_PLACE)
                .map(|(j, &cell)| packed((usize::MAX, Reverse(u32::from(cell)), j)))
                .collect();
            let ranking = &self.mentees[i].preferred_mentors;
            for (rank, id) in ranking.iter().enumerate() {
                let Ok(j) = self.mentors.binary_search_by_key(id, |mentor| mentor.id) else {
                    continue;
                };
                if let Ok(at) = keys.binary_search_by_key(&j, |key| index_of(*key))
                    && place(ranking, *id) == rank
                {
                    keys[at] = packed((rank, Reverse(u32::from(row[j])), j));
                }
            }
            keys
        };
        let mut to_propose: Vec<Proposals> =
            map_indexes(self.mentees.len(), parallel, |i| Proposals::new(keys_of(i)));
        // Mentees each mentor holds, as the mentor's packed preferences, most preferred first.
        let mut held: Vec<Vec<u64>> = vec![Vec::new(); mentors];
        let mentor_key = |j: usize, i: usize| self.mentor_preference(j, i).map(packed);
        // Whether mentor `j`, holding `held`, would turn a mentee with this key away now (and so
        // from now on).
        let turns_away = |held: &[u64], j: usize, key: Option<u64>| {
            held.len() >= self.remaining[j] as usize
                && key.is_none_or(|key| held.last().is_some_and(|worst| key > *worst))
        };
        let mut free: Vec<usize> = (0..self.mentees.len()).rev().collect();
        while let Some(i) = free.pop() {
            let Some(j) =
                to_propose[i].next(|j| turns_away(&held[j], j, mentor_key(j, i)), || keys_of(i))
            else {
                continue;
            };
            let key = mentor_key(j, i);
            let Some(key) = key.filter(|_| !turns_away(&held[j], j, key)) else {
                free.push(i);
                continue;
            };
            let place = held[j].partition_point(|held_key| *held_key < key);
            held[j].insert(place, key);
            if held[j].len() > self.remaining[j] as usize {
                // Over capacity: the least preferred is let go and proposes further down its list.
                let rejected = held[j].pop().expect("just inserted");
                free.push(index_of(rejected));
            }
        }
        let mut assignment = vec![None; self.mentees.len()];
        for (j, keys) in held.iter().enumerate() {
            for &key in keys {
                assignment[index_of(key)] = Some(j);
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

#[cfg(test)]
mod tests {
    use super::{Proposals, index_of};

    #[test]
    fn proposals_come_most_preferred_first_skipping_mentors_who_would_refuse() {
        let keys: Vec<u64> = (0..100).map(|k| (k * 37) % 101).collect();
        let mut proposals = Proposals::new(keys.clone());
        let refusing = |j: usize| j.is_multiple_of(3);

        let handed_out: Vec<usize> =
            std::iter::from_fn(|| proposals.next(refusing, || keys.clone())).collect();

        let mut expected: Vec<usize> = keys.into_iter().map(index_of).collect();
        expected.sort_unstable();
        // The first few are handed out as they are; later ones only if the mentor would say yes.
        let (first, rest) = expected.split_at(Proposals::FIRST);
        let expected: Vec<usize> = first
            .iter()
            .copied()
            .chain(rest.iter().copied().filter(|j| !refusing(*j)))
            .collect();
        assert_eq!(handed_out, expected);
    }
}
