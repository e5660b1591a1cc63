//! Realistic random instances, reproducible from a seed: for benchmarks, for demo data, and for
//! comparing other solvers on exactly the same data (`server matching-instance` writes one out).

use super::model::{Criterion, Instance, MeetingMode, MenteeProfile, MentorProfile, Settings};

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

/// Kinds of cohort, each hard for a solver in its own way; a benchmark over one generator hides
/// what the others do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Twenty tags, six regions, capacities 1–4, a few rankings and exclusions: [`instance`].
    Mixed,
    /// Three tags, few wants, most people in one city: a mentee's best score is shared by
    /// hundreds of mentors.
    ManyTies,
    /// Capacities 1–2, fewer places than mentees, and location a must.
    ScarceCapacity,
    /// Everyone ranks several people on the other side, and rankings weigh the most.
    Rankings,
    /// One mentee in twenty pinned by hand, and several exclusions per mentee.
    PinsAndExclusions,
    /// Most mentees' best mentors are the same few: one mentor in fifty covers every tag.
    PopularMentors,
}

impl Family {
    pub const ALL: [Family; 6] = [
        Family::Mixed,
        Family::ManyTies,
        Family::ScarceCapacity,
        Family::Rankings,
        Family::PinsAndExclusions,
        Family::PopularMentors,
    ];

    /// Its name on the command line (`server matching-instance --family …`).
    pub fn code(self) -> &'static str {
        match self {
            Family::Mixed => "mixed",
            Family::ManyTies => "many-ties",
            Family::ScarceCapacity => "scarce-capacity",
            Family::Rankings => "rankings",
            Family::PinsAndExclusions => "pins-and-exclusions",
            Family::PopularMentors => "popular-mentors",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|family| family.code() == code)
    }

    pub fn name(self) -> &'static str {
        match self {
            Family::Mixed => "mixed",
            Family::ManyTies => "many ties",
            Family::ScarceCapacity => "scarce capacity, location a must",
            Family::Rankings => "rankings on both sides",
            Family::PinsAndExclusions => "pins and exclusions",
            Family::PopularMentors => "popular mentors",
        }
    }
}

/// The knobs the families turn.
struct Shape {
    tags: i32,
    offers: i32,
    /// Percent of people in the first region; the rest spread over all six.
    home_region: u64,
    remote_ok: u64,
    capacity: (u32, u32),
    /// At most this many rankings per mentee and per mentor.
    rankings: (u64, u64),
    /// Exclusions per hundred mentees, and pins per hundred mentees.
    exclusions: usize,
    pins: usize,
    /// One mentor in this many has every tag and is ranked first by mentees who rank (0: none).
    popular_every: usize,
    settings: Settings,
}

impl Family {
    fn shape(self) -> Shape {
        let mixed = Shape {
            tags: TAGS,
            offers: OFFERS,
            home_region: 0,
            remote_ok: 70,
            capacity: (1, 4),
            rankings: (2, 1),
            exclusions: 2,
            pins: 0,
            popular_every: 0,
            settings: Settings::default(),
        };
        match self {
            Family::Mixed => mixed,
            Family::ManyTies => Shape {
                tags: 3,
                offers: 2,
                home_region: 90,
                remote_ok: 90,
                rankings: (0, 0),
                ..mixed
            },
            Family::ScarceCapacity => Shape {
                capacity: (1, 2),
                remote_ok: 30,
                settings: Settings {
                    musts: vec![Criterion::MeetingModes, Criterion::Location],
                    ..Settings::default()
                },
                ..mixed
            },
            Family::Rankings => Shape {
                rankings: (10, 10),
                settings: Settings {
                    weights: [3, 2, 2, 2, 2, 10, 10],
                    ..Settings::default()
                },
                ..mixed
            },
            Family::PinsAndExclusions => Shape {
                exclusions: 500,
                pins: 5,
                ..mixed
            },
            Family::PopularMentors => Shape {
                rankings: (3, 1),
                popular_every: 50,
                ..mixed
            },
        }
    }
}

/// `mentees` × `mentors` with capacities 1–4, the default settings, a few stated preferences and
/// a few exclusions.
pub fn instance(mentees: usize, mentors: usize, seed: u64) -> Instance {
    family(Family::Mixed, mentees, mentors, seed)
}

/// A cohort of the given family, the same for the same arguments on every platform.
pub fn family(family: Family, mentees: usize, mentors: usize, seed: u64) -> Instance {
    let shape = family.shape();
    let mut random = Random(seed);
    let mentor_ids: Vec<i32> = (0..mentors as i32).map(|j| 100_000 + j).collect();
    let is_popular = |j: usize| shape.popular_every > 0 && j.is_multiple_of(shape.popular_every);
    let popular: Vec<i32> = (0..mentors)
        .filter(|&j| is_popular(j))
        .map(|j| mentor_ids[j])
        .collect();
    let region = |random: &mut Random| {
        // (No draw when there is no home region, so the mixed family stays as it always was.)
        if shape.home_region > 0 && random.chance(shape.home_region) {
            REGIONS[0]
        } else {
            REGIONS[random.below(REGIONS.len() as u64) as usize]
        }
    };
    let mentee_list: Vec<MenteeProfile> = (0..mentees as i32)
        .map(|i| {
            let mut preferred = Vec::new();
            if mentors > 0 {
                for _ in 0..random.below(shape.rankings.0 + 1) {
                    let id = if popular.is_empty() || random.chance(30) {
                        mentor_ids[random.below(mentors as u64) as usize]
                    } else {
                        popular[random.below(popular.len() as u64) as usize]
                    };
                    if !preferred.contains(&id) {
                        preferred.push(id);
                    }
                }
            }
            MenteeProfile {
                id: i + 1,
                name: format!("Mentee {}", i + 1),
                interests: random.some(4, shape.tags),
                dream_sectors: random.some(2, shape.tags),
                modes: random.modes(),
                region: region(&mut random).into(),
                remote_ok: random.chance(shape.remote_ok),
                wants: random.some(3, shape.offers),
                preferred_mentors: preferred,
            }
        })
        .collect();
    let (low, high) = shape.capacity;
    let mentor_list: Vec<MentorProfile> = mentor_ids
        .iter()
        .enumerate()
        .map(|(j, &id)| {
            let every_tag: Vec<i32> = (0..shape.tags).collect();
            MentorProfile {
                id,
                name: format!("Mentor {id}"),
                capacity: low + random.below(u64::from(high - low + 1)) as u32,
                expertise: if is_popular(j) {
                    every_tag.clone()
                } else {
                    random.some(4, shape.tags)
                },
                sectors: if is_popular(j) {
                    every_tag
                } else {
                    random.some(2, shape.tags)
                },
                modes: random.modes(),
                region: region(&mut random).into(),
                remote_ok: random.chance(shape.remote_ok),
                offers: random.some(4, shape.offers),
                preferred_mentees: {
                    let mut ranked = Vec::new();
                    for _ in 0..random.below(shape.rankings.1 + 1) {
                        let id = 1 + random.below(mentees.max(1) as u64) as i32;
                        if !ranked.contains(&id) {
                            ranked.push(id);
                        }
                    }
                    ranked
                },
            }
        })
        .collect();
    let mut exclusions = Vec::new();
    let mut pins = Vec::new();
    if mentors > 0 {
        for _ in 0..mentees * shape.exclusions / 100 {
            exclusions.push((
                1 + random.below(mentees as u64) as i32,
                mentor_ids[random.below(mentors as u64) as usize],
            ));
        }
        // Pins go to distinct mentees, each to a mentor picked at random (some over capacity:
        // organizers may do that, and the engine keeps them).
        for i in (0..mentees)
            .step_by(100 / shape.pins.max(1))
            .take(mentees * shape.pins / 100)
        {
            pins.push((
                i as i32 + 1,
                mentor_ids[random.below(mentors as u64) as usize],
            ));
        }
    }
    Instance {
        mentees: mentee_list,
        mentors: mentor_list,
        settings: shape.settings,
        exclusions,
        pins,
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
