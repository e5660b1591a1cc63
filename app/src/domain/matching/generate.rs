//! Realistic random instances, reproducible from a seed: for benchmarks, for demo data, and for
//! comparing other solvers on exactly the same data (`server matching-instance` writes one out).

use super::model::{Instance, MeetingMode, MenteeProfile, MentorProfile, Settings};

/// SplitMix64: tiny, fast and identical on every platform, which a benchmark input must be.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One to `at_most` distinct values from `0..range`, in increasing order.
    fn some(&mut self, at_most: u64, range: i32) -> Vec<i32> {
        let count = 1 + self.below(at_most) as usize;
        let mut chosen: Vec<i32> = Vec::with_capacity(count);
        while chosen.len() < count.min(range as usize) {
            let value = self.below(range as u64) as i32;
            if !chosen.contains(&value) {
                chosen.push(value);
            }
        }
        chosen.sort_unstable();
        chosen
    }

    fn modes(&mut self) -> Vec<MeetingMode> {
        let mut modes: Vec<MeetingMode> = [
            MeetingMode::InPerson,
            MeetingMode::Video,
            MeetingMode::Phone,
        ]
        .into_iter()
        .filter(|_| self.chance(60))
        .collect();
        if modes.is_empty() {
            modes.push(MeetingMode::Video);
        }
        modes
    }
}

/// Tags in the vocabulary (interests, expertise, sectors).
const TAGS: i32 = 20;
/// Things mentors offer and mentees want.
const OFFERS: i32 = 8;
const REGIONS: [&str; 6] = [
    "Los Angeles",
    "Chicago",
    "New York",
    "Seattle",
    "Austin",
    "Boston",
];

/// `mentees` × `mentors` with capacities 1–4, the default settings, a few stated preferences and
/// a few exclusions.
pub fn instance(mentees: usize, mentors: usize, seed: u64) -> Instance {
    let mut random = Random(seed);
    let mentor_ids: Vec<i32> = (0..mentors as i32).map(|j| 100_000 + j).collect();
    let mentee_list: Vec<MenteeProfile> = (0..mentees as i32)
        .map(|i| {
            let preferred = (0..random.below(3))
                .map(|_| mentor_ids[random.below(mentors as u64) as usize])
                .collect::<Vec<_>>();
            MenteeProfile {
                id: i + 1,
                name: format!("Mentee {}", i + 1),
                interests: random.some(4, TAGS),
                dream_sectors: random.some(2, TAGS),
                modes: random.modes(),
                region: REGIONS[random.below(REGIONS.len() as u64) as usize].into(),
                remote_ok: random.chance(70),
                wants: random.some(3, OFFERS),
                preferred_mentors: if mentors == 0 { Vec::new() } else { preferred },
            }
        })
        .collect();
    let mentor_list: Vec<MentorProfile> = mentor_ids
        .iter()
        .map(|&id| MentorProfile {
            id,
            name: format!("Mentor {id}"),
            capacity: 1 + random.below(4) as u32,
            expertise: random.some(4, TAGS),
            sectors: random.some(2, TAGS),
            modes: random.modes(),
            region: REGIONS[random.below(REGIONS.len() as u64) as usize].into(),
            remote_ok: random.chance(70),
            offers: random.some(4, OFFERS),
            preferred_mentees: (0..random.below(2))
                .map(|_| 1 + random.below(mentees.max(1) as u64) as i32)
                .collect(),
        })
        .collect();
    let exclusions = if mentors == 0 {
        Vec::new()
    } else {
        (0..mentees / 50)
            .map(|_| {
                (
                    1 + random.below(mentees as u64) as i32,
                    mentor_ids[random.below(mentors as u64) as usize],
                )
            })
            .collect()
    };
    Instance {
        mentees: mentee_list,
        mentors: mentor_list,
        settings: Settings::default(),
        exclusions,
        pins: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_instance() {
        assert_eq!(instance(30, 10, 7), instance(30, 10, 7));
        assert_ne!(instance(30, 10, 7), instance(30, 10, 8));
    }

    #[test]
    fn capacities_are_between_one_and_four() {
        let generated = instance(10, 50, 1);
        assert!(
            generated
                .mentors
                .iter()
                .all(|m| (1..=4).contains(&m.capacity))
        );
        assert_eq!(generated.mentees.len(), 10);
    }
}
