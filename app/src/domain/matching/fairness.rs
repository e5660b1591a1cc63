//! The check behind [`super::solve_fairest`]: the highest floor on a pair's points at which as
//! many mentees as the best draft matches can still be matched.
//!
//! Each floor is checked by augmenting paths (capacitated bipartite matching), starting from the
//! best draft with its pairs below the floor taken apart, so only those mentees need a new place.
//! A search that fails leaves behind mentors whose every path is closed (full, and their mentees
//! reach only such mentors); no later search can end through them, so they are never walked
//! again, which bounds a check by one pass over the matrix however many searches fail.

use std::collections::VecDeque;

use super::MAX_POINTS;
use super::prepared::NO_PLACE;

/// The highest score `floor` (at least `lowest`, the best draft's lowest) such that as many
/// mentees as `assignment` matches can be matched with pairs worth `floor` or more.
pub fn highest_floor(
    mentees: usize,
    capacities: &[u32],
    cells: &[u16],
    assignment: &[Option<usize>],
    lowest: u16,
) -> u16 {
    let mut occurs = vec![false; MAX_POINTS as usize + 1];
    for &cell in cells {
        if cell < NO_PLACE && cell > lowest {
            occurs[usize::from(cell)] = true;
        }
    }
    let higher: Vec<u16> = (0..occurs.len())
        .filter(|&points| occurs[points])
        .map(|points| points as u16)
        .collect();
    // `lowest` is feasible (the best draft itself); find the last feasible entry of `higher`.
    let (mut feasible, mut infeasible) = (None::<usize>, higher.len());
    while feasible.map_or(0, |k| k + 1) < infeasible {
        let low = feasible.map_or(0, |k| k + 1);
        let middle = low + (infeasible - low) / 2;
        if Matching::new(mentees, capacities, cells, assignment, higher[middle]).reaches_target() {
            feasible = Some(middle);
        } else {
            infeasible = middle;
        }
    }
    feasible.map_or(lowest, |k| higher[k])
}

struct Matching<'a> {
    capacities: &'a [u32],
    cells: &'a [u16],
    floor: u16,
    mentor_of: Vec<Option<usize>>,
    held: Vec<Vec<usize>>,
    /// Mentees without a mentor: those whose pair fell below the floor first.
    free: Vec<usize>,
    /// How many more mentees must be matched to equal the best draft.
    needed: usize,
}

impl<'a> Matching<'a> {
    fn new(
        mentees: usize,
        capacities: &'a [u32],
        cells: &'a [u16],
        assignment: &[Option<usize>],
        floor: u16,
    ) -> Self {
        let mentors = capacities.len();
        let mut mentor_of = vec![None; mentees];
        let mut held = vec![Vec::new(); mentors];
        let (mut below, mut unmatched) = (Vec::new(), Vec::new());
        for (i, mentor) in assignment.iter().enumerate() {
            match mentor {
                Some(j) if cells[i * mentors + j] >= floor => {
                    mentor_of[i] = Some(*j);
                    held[*j].push(i);
                }
                Some(_) => below.push(i),
                None => unmatched.push(i),
            }
        }
        let needed = below.len();
        below.extend(unmatched);
        Self {
            capacities,
            cells,
            floor,
            mentor_of,
            held,
            free: below,
            needed,
        }
    }

    fn usable(&self, i: usize, j: usize) -> bool {
        let cell = self.cells[i * self.capacities.len() + j];
        cell < NO_PLACE && cell >= self.floor
    }

    /// Whether `needed` of the free mentees can be matched at this floor.
    fn reaches_target(mut self) -> bool {
        let mentors = self.capacities.len();
        let mentees = self.mentor_of.len();
        let mut spare_failures = self.free.len() - self.needed;
        let mut closed = vec![false; mentors];
        let mut seen_mentor = vec![false; mentors];
        let mut seen_mentee = vec![false; mentees];
        let mut reached_from = vec![usize::MAX; mentors];
        let (mut walked_mentors, mut walked_mentees) = (Vec::new(), Vec::new());
        let mut queue = VecDeque::new();
        for start in std::mem::take(&mut self.free) {
            if self.needed == 0 {
                return true;
            }
            queue.clear();
            queue.push_back(start);
            seen_mentee[start] = true;
            walked_mentees.push(start);
            let mut ended = None;
            'search: while let Some(mentee) = queue.pop_front() {
                for j in 0..mentors {
                    if seen_mentor[j] || closed[j] || !self.usable(mentee, j) {
                        continue;
                    }
                    seen_mentor[j] = true;
                    walked_mentors.push(j);
                    reached_from[j] = mentee;
                    if (self.held[j].len() as u32) < self.capacities[j] {
                        ended = Some(j);
                        break 'search;
                    }
                    for &next in &self.held[j] {
                        if !seen_mentee[next] {
                            seen_mentee[next] = true;
                            walked_mentees.push(next);
                            queue.push_back(next);
                        }
                    }
                }
            }
            match ended {
                Some(free_mentor) => {
                    self.shift_along(free_mentor, &reached_from);
                    self.needed -= 1;
                    walked_mentors
                        .drain(..)
                        .for_each(|j| seen_mentor[j] = false);
                    walked_mentees
                        .drain(..)
                        .for_each(|i| seen_mentee[i] = false);
                }
                None => {
                    // Everything this search reached is closed for good (see the module's doc).
                    walked_mentors.drain(..).for_each(|j| closed[j] = true);
                    walked_mentees.clear();
                    if spare_failures == 0 {
                        return false;
                    }
                    spare_failures -= 1;
                }
            }
        }
        self.needed == 0
    }

    /// Moves each mentee on the path one step: the last one reached takes the free place, and
    /// each mentor it leaves takes the mentee that reached that mentor.
    fn shift_along(&mut self, free_mentor: usize, reached_from: &[usize]) {
        let (mut mentor, mut mentee) = (free_mentor, reached_from[free_mentor]);
        loop {
            let left = self.mentor_of[mentee].replace(mentor);
            self.held[mentor].push(mentee);
            let Some(left) = left else {
                return;
            };
            self.held[left].retain(|&held| held != mentee);
            mentor = left;
            mentee = reached_from[left];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::highest_floor;
    use crate::domain::matching::prepared::BLOCKED;

    #[test]
    fn the_floor_rises_to_the_best_lowest_score_that_still_matches_everyone() {
        // Highest total: 0 with mentor 0 (90%), 1 with mentor 1 (10%); fairer: both 45%.
        let cells = [9000, 4500, 4500, 1000];

        let floor = highest_floor(2, &[1, 1], &cells, &[Some(0), Some(1)], 1000);

        assert_eq!(floor, 4500);
    }

    #[test]
    fn the_floor_stays_where_raising_it_would_leave_someone_unmatched() {
        // Mentee 1 can only have mentor 1, at 10%.
        let cells = [9000, 4500, BLOCKED, 1000];

        let floor = highest_floor(2, &[1, 1], &cells, &[Some(0), Some(1)], 1000);

        assert_eq!(floor, 1000);
    }
}
