//! The engine against hand-made cases and, on random small instances, against brute force.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::prepared::Prepared;
use super::stable::{blocking_pairs, solve_stable};
use super::*;

fn mentee(id: PersonId, interests: &[i32]) -> MenteeProfile {
    MenteeProfile {
        id,
        name: format!("Mentee {id}"),
        interests: interests.to_vec(),
        modes: vec![MeetingMode::Video],
        remote_ok: true,
        ..Default::default()
    }
}

fn mentor(id: PersonId, capacity: u32, expertise: &[i32]) -> MentorProfile {
    MentorProfile {
        id,
        name: format!("Mentor {id}"),
        capacity,
        expertise: expertise.to_vec(),
        modes: vec![MeetingMode::Video],
        remote_ok: true,
        ..Default::default()
    }
}

fn pairs_of(draft: &Draft) -> Vec<(PersonId, PersonId)> {
    draft.pairs.iter().map(|p| (p.mentee, p.mentor)).collect()
}

#[test]
fn each_mentee_gets_the_mentor_sharing_their_interests() {
    let instance = Instance {
        mentees: vec![mentee(1, &[10]), mentee(2, &[20])],
        mentors: vec![mentor(100, 1, &[20]), mentor(101, 1, &[10])],
        ..Default::default()
    };

    let draft = solve_optimal(&instance);

    assert_eq!(pairs_of(&draft), vec![(1, 101), (2, 100)]);
    assert_eq!(draft.summary.matched, 2);
    assert!(draft.unmatched.is_empty());
    assert_eq!(draft.summary.capacity_used, 2);
}

#[test]
fn pins_are_kept_and_the_rest_completed_around_them() {
    let instance = Instance {
        mentees: vec![mentee(1, &[10]), mentee(2, &[10])],
        mentors: vec![mentor(100, 1, &[10]), mentor(101, 1, &[99])],
        pins: vec![(2, 100)],
        ..Default::default()
    };

    let draft = solve_optimal(&instance);

    assert_eq!(pairs_of(&draft), vec![(1, 101), (2, 100)]);
    assert!(draft.pairs.iter().any(|p| p.mentee == 2 && p.pinned));
}

#[test]
fn unmatched_mentee_learns_which_must_ruled_out_every_mentor() {
    let in_person = MentorProfile {
        modes: vec![MeetingMode::InPerson],
        ..mentor(100, 1, &[10])
    };
    let instance = Instance {
        mentees: vec![mentee(1, &[10])],
        mentors: vec![in_person],
        ..Default::default()
    };

    let draft = solve_optimal(&instance);

    assert_eq!(
        draft.unmatched,
        vec![UnmatchedMentee {
            mentee: 1,
            reason: UnmatchedReason::NoCompatibleMentor {
                excluded: 0,
                failed_musts: vec![(Criterion::MeetingModes, 1)],
            },
        }]
    );
    assert_eq!(
        draft.unmatched[0].reason.describe(|id| format!("#{id}")),
        "No compatible mentor: 1 failed the must “Meeting modes”."
    );
}

#[test]
fn unmatched_mentee_learns_which_compatible_mentors_are_full() {
    let instance = Instance {
        mentees: vec![mentee(1, &[10]), mentee(2, &[10])],
        mentors: vec![mentor(100, 1, &[10])],
        exclusions: vec![],
        ..Default::default()
    };

    let draft = solve_optimal(&instance);

    assert_eq!(draft.summary.matched, 1);
    assert_eq!(
        draft.unmatched[0].reason,
        UnmatchedReason::CompatibleMentorsFull { mentors: vec![100] }
    );
}

#[test]
fn a_long_list_of_full_mentors_is_named_in_part() {
    let reason = UnmatchedReason::CompatibleMentorsFull {
        mentors: (100..108).collect(),
    };

    let told = reason.describe(|id| format!("M{id}"));

    assert!(
        told.starts_with(
            "Every compatible mentor is full: M100, M101, M102, M103, M104, and 3 more."
        ),
        "{told}"
    );
}

#[test]
fn excluded_pair_is_never_suggested() {
    let instance = Instance {
        mentees: vec![mentee(1, &[10])],
        mentors: vec![mentor(100, 1, &[10]), mentor(101, 1, &[])],
        exclusions: vec![(1, 100)],
        ..Default::default()
    };

    assert_eq!(pairs_of(&solve_optimal(&instance)), vec![(1, 101)]);
}

#[test]
fn input_order_does_not_change_the_result() {
    let mut instance = Instance {
        mentees: (1..=6).map(|id| mentee(id, &[id % 3])).collect(),
        mentors: (100..=102).map(|id| mentor(id, 2, &[id % 3])).collect(),
        ..Default::default()
    };
    let first = solve_optimal(&instance);
    instance.mentees.reverse();
    instance.mentors.reverse();

    assert_eq!(solve_optimal(&instance), first);
}

// ---- Random instances against brute force ----

fn arbitrary_modes() -> impl Strategy<Value = Vec<MeetingMode>> {
    proptest::sample::subsequence(
        vec![
            MeetingMode::InPerson,
            MeetingMode::Video,
            MeetingMode::Phone,
        ],
        0..=3,
    )
}

fn tags() -> impl Strategy<Value = Vec<i32>> {
    proptest::sample::subsequence((0..6).collect::<Vec<i32>>(), 0..=3)
}

fn arbitrary_instance() -> impl Strategy<Value = Instance> {
    (0_usize..=7, 0_usize..=4).prop_flat_map(|(mentee_count, mentor_count)| {
        let mentee_ids: Vec<PersonId> = (1..=mentee_count as i32).collect();
        let mentor_ids: Vec<PersonId> = (100..100 + mentor_count as i32).collect();
        let mentees = proptest::collection::vec(
            (
                tags(),
                tags(),
                arbitrary_modes(),
                0..2_u8,
                any::<bool>(),
                tags(),
                proptest::sample::subsequence(mentor_ids.clone(), 0..=mentor_count),
            ),
            mentee_count,
        );
        let mentors = proptest::collection::vec(
            (
                0_u32..=3,
                tags(),
                tags(),
                arbitrary_modes(),
                0..2_u8,
                any::<bool>(),
                tags(),
                proptest::sample::subsequence(mentee_ids.clone(), 0..=mentee_count),
            ),
            mentor_count,
        );
        let all_pairs: Vec<(PersonId, PersonId)> = mentee_ids
            .iter()
            .flat_map(|&a| mentor_ids.iter().map(move |&b| (a, b)))
            .collect();
        let pair_count = all_pairs.len();
        let weights = proptest::array::uniform7(0_u32..=5);
        let musts = proptest::sample::subsequence(Criterion::ALL.to_vec(), 0..=2);
        (
            mentees,
            mentors,
            weights,
            musts,
            proptest::sample::subsequence(all_pairs.clone(), 0..=pair_count.min(4)),
            proptest::sample::subsequence(all_pairs, 0..=pair_count.min(2)),
        )
            .prop_map(
                move |(mentees, mentors, weights, musts, exclusions, pins)| Instance {
                    mentees: mentees
                        .into_iter()
                        .enumerate()
                        .map(
                            |(
                                i,
                                (
                                    interests,
                                    dream_sectors,
                                    modes,
                                    region,
                                    remote_ok,
                                    wants,
                                    preferred_mentors,
                                ),
                            )| MenteeProfile {
                                id: i as i32 + 1,
                                name: format!("Mentee {}", i + 1),
                                interests,
                                dream_sectors,
                                modes,
                                region: ["Los Angeles", "Chicago"][usize::from(region)].into(),
                                remote_ok,
                                wants,
                                preferred_mentors,
                            },
                        )
                        .collect(),
                    mentors: mentors
                        .into_iter()
                        .enumerate()
                        .map(
                            |(
                                j,
                                (
                                    capacity,
                                    expertise,
                                    sectors,
                                    modes,
                                    region,
                                    remote_ok,
                                    offers,
                                    preferred_mentees,
                                ),
                            )| MentorProfile {
                                id: 100 + j as i32,
                                name: format!("Mentor {}", 100 + j),
                                capacity,
                                expertise,
                                sectors,
                                modes,
                                region: ["Los Angeles", "Chicago"][usize::from(region)].into(),
                                remote_ok,
                                offers,
                                preferred_mentees,
                            },
                        )
                        .collect(),
                    settings: Settings { weights, musts },
                    // A pin's mentee is pinned once; exclusions do not apply to pins.
                    pins: dedup_by_mentee(pins),
                    exclusions,
                },
            )
    })
}

fn dedup_by_mentee(pins: Vec<(PersonId, PersonId)>) -> Vec<(PersonId, PersonId)> {
    let mut seen = BTreeSet::new();
    pins.into_iter()
        .filter(|(mentee, _)| seen.insert(*mentee))
        .collect()
}

/// The best (matched, total points) over every possible assignment of the unpinned mentees.
fn brute_force_best(instance: &Instance) -> (usize, u64) {
    brute_force(instance, |matched, _, total| (matched, total))
}

/// The best (matched, lowest points of an unpinned pair, total points) over every assignment.
fn brute_force_fairest(instance: &Instance) -> (usize, u32, u64) {
    brute_force(instance, |matched, lowest, total| (matched, lowest, total))
}

/// The greatest `key(matched, lowest points among the unpinned pairs (u32::MAX if none), total)`
/// over every possible assignment of the unpinned mentees, pins included in the counts.
fn brute_force<K: Ord + Copy>(instance: &Instance, key: impl Fn(usize, u32, u64) -> K) -> K {
    let pinned: BTreeMap<PersonId, PersonId> = instance.pins.iter().copied().collect();
    let mut remaining: BTreeMap<PersonId, i64> = instance
        .mentors
        .iter()
        .map(|m| (m.id, i64::from(m.capacity)))
        .collect();
    let mut base = (0_usize, 0_u64);
    for (mentee, mentor) in &pinned {
        *remaining.get_mut(mentor).unwrap() -= 1;
        let m = instance.mentees.iter().find(|m| m.id == *mentee).unwrap();
        let t = instance.mentors.iter().find(|t| t.id == *mentor).unwrap();
        base.0 += 1;
        base.1 += u64::from(score_pair(m, t, &instance.settings).points);
    }
    let free: Vec<&MenteeProfile> = instance
        .mentees
        .iter()
        .filter(|m| !pinned.contains_key(&m.id))
        .collect();
    let options: Vec<Vec<(PersonId, u32)>> = free
        .iter()
        .map(|mentee| {
            instance
                .mentors
                .iter()
                .filter(|mentor| !instance.exclusions.contains(&(mentee.id, mentor.id)))
                .map(|mentor| (mentor.id, score_pair(mentee, mentor, &instance.settings)))
                .filter(|(_, score)| score.failed_musts.is_empty())
                .map(|(id, score)| (id, score.points))
                .collect()
        })
        .collect();
    /// (matched, lowest, total) so far.
    type Partial = (usize, u32, u64);
    fn search(
        k: usize,
        options: &[Vec<(PersonId, u32)>],
        remaining: &mut BTreeMap<PersonId, i64>,
        current: Partial,
        visit: &mut dyn FnMut(Partial),
    ) {
        if k == options.len() {
            visit(current);
            return;
        }
        search(k + 1, options, remaining, current, visit);
        for &(mentor, points) in &options[k] {
            if remaining[&mentor] > 0 {
                *remaining.get_mut(&mentor).unwrap() -= 1;
                let next = (
                    current.0 + 1,
                    current.1.min(points),
                    current.2 + u64::from(points),
                );
                search(k + 1, options, remaining, next, visit);
                *remaining.get_mut(&mentor).unwrap() += 1;
            }
        }
    }
    let mut best: Option<K> = None;
    search(
        0,
        &options,
        &mut remaining,
        (base.0, u32::MAX, base.1),
        &mut |(matched, lowest, total)| {
            let found = key(matched, lowest, total);
            best = Some(best.map_or(found, |best| best.max(found)));
        },
    );
    best.expect("leaving everyone unmatched is always possible")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_solvers_points_for_every_pair_equal_its_explained_score(instance in arbitrary_instance()) {
        let prepared = Prepared::new(&instance);

        for (i, mentee) in prepared.mentees.iter().enumerate() {
            for (j, mentor) in prepared.mentors.iter().enumerate() {
                let explained = score_pair(mentee, mentor, &instance.settings);
                if let Some(points) = prepared.points(i, j) {
                    prop_assert_eq!(points, explained.points);
                    prop_assert!(explained.failed_musts.is_empty());
                }
            }
        }
    }

    #[test]
    fn optimal_draft_equals_brute_force_and_respects_every_rule(instance in arbitrary_instance()) {
        let draft = solve_optimal(&instance);

        prop_assert_eq!((draft.summary.matched, draft.summary.total_points), brute_force_best(&instance));
        for (mentee, mentor) in &instance.pins {
            prop_assert!(draft.pairs.iter().any(|p| p.mentee == *mentee && p.mentor == *mentor && p.pinned));
        }
        for pair in draft.pairs.iter().filter(|p| !p.pinned) {
            prop_assert!(!instance.exclusions.contains(&(pair.mentee, pair.mentor)));
            prop_assert!(pair.score.failed_musts.is_empty());
        }
        let pins_per_mentor = |id| instance.pins.iter().filter(|(_, m)| *m == id).count() as u32;
        for load in &draft.mentors {
            prop_assert!(load.assigned <= load.capacity.max(pins_per_mentor(load.mentor)));
        }
        prop_assert_eq!(draft.pairs.len() + draft.unmatched.len(), instance.mentees.len());
    }

    #[test]
    fn fairest_draft_equals_brute_force_and_respects_every_rule(instance in arbitrary_instance()) {
        let draft = solve_fairest(&instance);

        let lowest = draft.pairs.iter().filter(|p| !p.pinned).map(|p| p.score.points).min();
        prop_assert_eq!(
            (draft.summary.matched, lowest.unwrap_or(u32::MAX), draft.summary.total_points),
            brute_force_fairest(&instance)
        );
        for (mentee, mentor) in &instance.pins {
            prop_assert!(draft.pairs.iter().any(|p| p.mentee == *mentee && p.mentor == *mentor && p.pinned));
        }
        for pair in draft.pairs.iter().filter(|p| !p.pinned) {
            prop_assert!(!instance.exclusions.contains(&(pair.mentee, pair.mentor)));
            prop_assert!(pair.score.failed_musts.is_empty());
        }
        prop_assert_eq!(draft.pairs.len() + draft.unmatched.len(), instance.mentees.len());
    }

    #[test]
    fn starting_from_one_candidate_per_mentee_still_reaches_the_optimum(instance in arbitrary_instance()) {
        let sparse = solve_optimal_from(&instance, 1);

        prop_assert_eq!((sparse.summary.matched, sparse.summary.total_points), brute_force_best(&instance));
    }

    #[test]
    fn the_same_instance_always_gives_the_same_draft(instance in arbitrary_instance()) {
        prop_assert_eq!(solve_optimal(&instance), solve_optimal(&instance.clone()));
    }
}

// ---- Stable matching ----

#[test]
fn deferred_acceptance_follows_rankings_and_capacities() {
    // Both mentees rank mentor 100 first; mentor 100 (one place) ranks mentee 2 first.
    let mut first = mentee(1, &[10]);
    first.preferred_mentors = vec![100, 101];
    let mut second = mentee(2, &[10]);
    second.preferred_mentors = vec![100, 101];
    let mut popular = mentor(100, 1, &[10]);
    popular.preferred_mentees = vec![2, 1];
    let instance = Instance {
        mentees: vec![first, second],
        mentors: vec![popular, mentor(101, 1, &[10])],
        ..Default::default()
    };

    let draft = solve_stable(&instance);

    assert_eq!(pairs_of(&draft), vec![(1, 101), (2, 100)]);
    assert!(blocking_pairs(&instance, &draft).is_empty());
}

#[test]
fn a_draft_that_ignores_rankings_has_blocking_pairs() {
    let mut first = mentee(1, &[10]);
    first.preferred_mentors = vec![101];
    let instance = Instance {
        mentees: vec![first],
        mentors: vec![mentor(100, 1, &[10]), mentor(101, 1, &[])],
        ..Default::default()
    };
    let mut draft = solve_stable(&instance);
    assert_eq!(pairs_of(&draft), vec![(1, 101)]);

    draft.pairs[0].mentor = 100;

    assert_eq!(blocking_pairs(&instance, &draft), vec![(1, 101)]);
}

/// Every assignment of the unpinned mentees to acceptable mentors with room.
fn all_assignments(prepared: &Prepared) -> Vec<Vec<Option<usize>>> {
    fn extend(
        prepared: &Prepared,
        i: usize,
        load: &mut Vec<u32>,
        current: &mut Vec<Option<usize>>,
        out: &mut Vec<Vec<Option<usize>>>,
    ) {
        if i == prepared.mentees.len() {
            out.push(current.clone());
            return;
        }
        current.push(None);
        extend(prepared, i + 1, load, current, out);
        current.pop();
        for j in 0..prepared.mentors.len() {
            if prepared.points(i, j).is_some() && load[j] < prepared.remaining[j] {
                load[j] += 1;
                current.push(Some(j));
                extend(prepared, i + 1, load, current, out);
                current.pop();
                load[j] -= 1;
            }
        }
    }
    let mut out = Vec::new();
    extend(
        prepared,
        0,
        &mut vec![0; prepared.mentors.len()],
        &mut Vec::new(),
        &mut out,
    );
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn stable_draft_has_no_blocking_pair_and_is_best_for_every_mentee(instance in arbitrary_instance()) {
        let prepared = Prepared::new(&instance);
        let chosen = prepared.deferred_acceptance();

        prop_assert!(prepared.blocking(&chosen).is_empty());
        let rank = |i: usize, j: Option<usize>| j.and_then(|j| prepared.mentee_preference(i, j));
        for other in all_assignments(&prepared).iter().filter(|a| prepared.blocking(a).is_empty()) {
            for i in 0..prepared.mentees.len() {
                // Mentee-optimal: no stable matching gives mentee i someone they prefer.
                let (ours, theirs) = (rank(i, chosen[i]), rank(i, other[i]));
                prop_assert!(theirs.is_none() || ours.is_some_and(|ours| ours <= theirs.unwrap()));
            }
        }
        let draft = solve_stable(&instance);
        prop_assert!(blocking_pairs(&instance, &draft).is_empty());
        for (mentee, mentor) in &instance.pins {
            prop_assert!(draft.pairs.iter().any(|p| p.mentee == *mentee && p.mentor == *mentor && p.pinned));
        }
    }
}
