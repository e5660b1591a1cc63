//! Scoring one (mentee, mentor) pair, criterion by criterion, with the reason for each value.

use serde::{Deserialize, Serialize};

use crate::domain::words::plural;

use super::features::{MenteeFeatures, MentorFeatures, Vocabulary};
use super::model::{Criterion, MeetingMode, MenteeProfile, MentorProfile, PersonId, Settings};

/// A pair's score is out of this many points; criteria share them in proportion to their weights.
pub const MAX_POINTS: u32 = 10_000;
/// Both open to remote meetings, in different places: good, not as good as the same city.
const REMOTE_LOCATION_VALUE: f64 = 0.7;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionScore {
    pub criterion: Criterion,
    /// In [0, 1].
    pub value: f64,
    pub weight: u32,
    /// This criterion's share of the pair's points.
    pub points: u32,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairScore {
    pub mentee: PersonId,
    pub mentor: PersonId,
    /// Out of [`MAX_POINTS`]; the sum of the criteria's points.
    pub points: u32,
    pub criteria: Vec<CriterionScore>,
    /// Musts this pair does not meet; a pair with any is never suggested.
    pub failed_musts: Vec<Criterion>,
}

impl PairScore {
    /// The score as a percentage, for display.
    pub fn percent(&self) -> f64 {
        f64::from(self.points) / f64::from(MAX_POINTS) * 100.0
    }
}

/// `points.round() as u32` for the non-negative point totals scoring produces (at most
/// [`MAX_POINTS`]), without the call to libm's `round` that the baseline x86-64 and WASM targets
/// make: truncating and subtracting are exact in this range, so ties round up exactly as `round`
/// rounds them away from zero.
#[inline(always)]
fn round_points(points: f64) -> u32 {
    let whole = points as u32;
    if points - f64::from(whole) >= 0.5 {
        whole + 1
    } else {
        whole
    }
}

#[inline(always)]
fn fraction(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// In the order [`MenteeScorer`] indexes them by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationFit {
    SameRegion = 0,
    BothRemote = 1,
    Apart = 2,
}

/// What a criterion found for a pair: numbers only, so that scoring every pair allocates nothing;
/// the value and the explanation are both read from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// `matched` of the mentee's `of` items are met by the mentor.
    Share {
        matched: usize,
        of: usize,
    },
    /// The meeting modes both accept, as bits of [`MeetingMode`].
    Modes {
        shared: u8,
    },
    Location(LocationFit),
    /// Where the other person stands in a ranking: (0-based rank, length), or not ranked.
    Rank(Option<(usize, usize)>),
}

impl Evidence {
    /// In [0, 1].
    #[inline(always)]
    pub fn value(self) -> f64 {
        match self {
            Self::Share { matched, of } => fraction(matched, of),
            Self::Modes { shared } => f64::from(u8::from(shared != 0)),
            Self::Location(LocationFit::SameRegion) => 1.0,
            Self::Location(LocationFit::BothRemote) => REMOTE_LOCATION_VALUE,
            Self::Location(LocationFit::Apart) => 0.0,
            // 1 for a first choice, falling linearly to a half for the last listed.
            Self::Rank(Some((rank, length))) => 1.0 - 0.5 * fraction(rank, length.max(1)),
            Self::Rank(None) => 0.0,
        }
    }
}

#[inline(always)]
fn rank_of(ranking: &[PersonId], id: PersonId) -> Evidence {
    Evidence::Rank(
        ranking
            .iter()
            .position(|candidate| *candidate == id)
            .map(|rank| (rank, ranking.len())),
    )
}

/// What `criterion` finds for the pair. Always inlined: the solvers call it for every criterion
/// of millions of pairs, and inlined into a loop over the criteria it unrolls.
#[inline(always)]
pub fn evidence(
    criterion: Criterion,
    (mentee_id, mentee): (PersonId, &MenteeFeatures),
    (mentor_id, mentor): (PersonId, &MentorFeatures),
) -> Evidence {
    match criterion {
        Criterion::SharedInterests => Evidence::Share {
            matched: mentee.interests.common(&mentor.topics),
            of: mentee.interests.len(),
        },
        Criterion::DreamJobFit => Evidence::Share {
            matched: mentee.dream_sectors.common(&mentor.sectors),
            of: mentee.dream_sectors.len(),
        },
        Criterion::MeetingModes => Evidence::Modes {
            shared: mentee.modes & mentor.modes,
        },
        Criterion::Location => Evidence::Location(
            if mentee.region.is_some() && mentee.region == mentor.region {
                LocationFit::SameRegion
            } else if mentee.remote_ok && mentor.remote_ok {
                LocationFit::BothRemote
            } else {
                LocationFit::Apart
            },
        ),
        Criterion::WantsAndOffers => Evidence::Share {
            matched: mentee.wants.common(&mentor.offers),
            of: mentee.wants.len(),
        },
        Criterion::MenteePreference => rank_of(&mentee.preferred, mentor_id),
        Criterion::MentorPreference => rank_of(&mentor.preferred, mentee_id),
    }
}

/// Why `criterion` found what it did, in a sentence for organizers.
fn explain(criterion: Criterion, found: Evidence, mentor_region: &str) -> String {
    match (criterion, found) {
        (Criterion::SharedInterests, Evidence::Share { of: 0, .. }) => {
            "The mentee listed no career interests.".into()
        }
        (Criterion::SharedInterests, Evidence::Share { matched, of }) => format!(
            "{matched} of the mentee's {} match the mentor's expertise or sectors.",
            plural(of, "career interest", "career interests")
        ),
        (Criterion::DreamJobFit, Evidence::Share { of: 0, .. }) => {
            "The mentee named no dream-job sectors.".into()
        }
        (Criterion::DreamJobFit, Evidence::Share { matched, of }) => format!(
            "The mentor works in {matched} of the mentee's {}.",
            plural(of, "dream-job sector", "dream-job sectors")
        ),
        (Criterion::WantsAndOffers, Evidence::Share { of: 0, .. }) => {
            "The mentee did not say what they want from a mentor.".into()
        }
        (_, Evidence::Share { matched, of }) => format!(
            "The mentor offers {matched} of the {} the mentee wants.",
            plural(of, "thing", "things")
        ),
        (_, Evidence::Modes { shared: 0 }) => "No meeting mode suits both.".into(),
        (_, Evidence::Modes { shared }) => {
            let names: Vec<&str> = [
                MeetingMode::InPerson,
                MeetingMode::Video,
                MeetingMode::Phone,
            ]
            .into_iter()
            .filter(|mode| shared & (1 << *mode as u8) != 0)
            .map(mode_name)
            .collect();
            format!("Both can meet by {}.", names.join(", "))
        }
        (_, Evidence::Location(LocationFit::SameRegion)) => {
            format!("Both are in {}.", mentor_region.trim())
        }
        (_, Evidence::Location(LocationFit::BothRemote)) => {
            "Different places, but both are happy to meet remotely.".into()
        }
        (_, Evidence::Location(LocationFit::Apart)) => {
            "Different places, and one of them wants to meet in person.".into()
        }
        (criterion, Evidence::Rank(rank)) => {
            let (who, whom) = if criterion == Criterion::MenteePreference {
                ("The mentee", "this mentor")
            } else {
                ("The mentor", "this mentee")
            };
            match rank {
                Some((rank, length)) => format!("{who} ranked {whom} {} of {length}.", rank + 1),
                None => format!("{who} did not ask for {whom}."),
            }
        }
    }
}

fn mode_name(mode: MeetingMode) -> &'static str {
    match mode {
        MeetingMode::InPerson => "in person",
        MeetingMode::Video => "video",
        MeetingMode::Phone => "phone",
    }
}

/// Settings turned into what scoring multiplies by: each criterion's points for a value of 1,
/// and the musts as bits of [`Criterion`]. Built once per solve.
#[derive(Debug, Clone, Copy)]
pub struct Scoring {
    points_per_unit: [f64; Criterion::ALL.len()],
    musts: u8,
}

impl Scoring {
    pub fn new(settings: &Settings) -> Self {
        let total_weight: u32 = settings.weights.iter().sum();
        let mut points_per_unit = [0.0; Criterion::ALL.len()];
        let mut musts = 0;
        for criterion in Criterion::ALL {
            if total_weight > 0 {
                points_per_unit[criterion as usize] = f64::from(MAX_POINTS)
                    * f64::from(settings.weight(criterion))
                    / f64::from(total_weight);
            }
            if settings.is_must(criterion) {
                musts |= 1 << criterion as u8;
            }
        }
        Self {
            points_per_unit,
            musts,
        }
    }

    /// A criterion's exact share of a pair's points, and whether it fails a must.
    #[inline(always)]
    fn share(&self, criterion: Criterion, value: f64) -> (f64, bool) {
        (
            self.points_per_unit[criterion as usize] * value,
            value <= 0.0 && self.musts & (1 << criterion as u8) != 0,
        )
    }
}

/// A criterion's share of the points, and its failed-must bit, for each value index it can take.
#[derive(Debug, Clone, Default)]
struct ShareTable {
    shares: Vec<f64>,
    fails: Vec<u8>,
}

impl ShareTable {
    fn new(
        scoring: &Scoring,
        criterion: Criterion,
        evidences: impl Iterator<Item = Evidence>,
    ) -> Self {
        let (shares, fails) = evidences
            .map(|found| {
                let (share, fails) = scoring.share(criterion, found.value());
                (share, u8::from(fails) << criterion as u8)
            })
            .unzip();
        Self { shares, fails }
    }

    #[inline(always)]
    fn get(&self, index: usize) -> (f64, u8) {
        (self.shares[index], self.fails[index])
    }
}

/// One mentee's side of scoring, worked out once per row: each criterion's share for every value
/// the mentee's pairs can produce. Scoring a pair is then a few bit counts and table lookups, with
/// no division, and the same arithmetic in the same order as [`score_pair`], so the same points.
#[derive(Debug, Clone)]
pub struct MenteeScorer<'a> {
    id: PersonId,
    mentee: &'a MenteeFeatures,
    scoring: &'a Scoring,
    /// Indexed by the number of matched items.
    interests: ShareTable,
    dream_sectors: ShareTable,
    wants: ShareTable,
    /// Indexed by "shares a mode".
    modes: ShareTable,
    /// Indexed by [`LocationFit`].
    location: ShareTable,
    /// Indexed by the mentor's place in the mentee's ranking; the last entry is "not ranked".
    ranking: ShareTable,
}

const LOCATION_FITS: [LocationFit; 3] = [
    LocationFit::SameRegion,
    LocationFit::BothRemote,
    LocationFit::Apart,
];

impl<'a> MenteeScorer<'a> {
    pub fn new(id: PersonId, mentee: &'a MenteeFeatures, scoring: &'a Scoring) -> Self {
        let shares = |criterion, of: usize| {
            ShareTable::new(
                scoring,
                criterion,
                (0..=of).map(move |matched| Evidence::Share { matched, of }),
            )
        };
        let ranked = mentee.preferred.len();
        Self {
            id,
            mentee,
            scoring,
            interests: shares(Criterion::SharedInterests, mentee.interests.len()),
            dream_sectors: shares(Criterion::DreamJobFit, mentee.dream_sectors.len()),
            wants: shares(Criterion::WantsAndOffers, mentee.wants.len()),
            modes: ShareTable::new(
                scoring,
                Criterion::MeetingModes,
                [0, 1].into_iter().map(|shared| Evidence::Modes { shared }),
            ),
            location: ShareTable::new(
                scoring,
                Criterion::Location,
                LOCATION_FITS.into_iter().map(Evidence::Location),
            ),
            ranking: ShareTable::new(
                scoring,
                Criterion::MenteePreference,
                (0..=ranked).map(|rank| Evidence::Rank((rank < ranked).then_some((rank, ranked)))),
            ),
        }
    }

    /// The pair's points and the musts it fails (bits of [`Criterion`]), as [`score_pair`] gives them.
    #[inline(always)]
    pub fn score(&self, mentor_id: PersonId, mentor: &MentorFeatures) -> (u32, u8) {
        let rank = self
            .mentee
            .preferred
            .iter()
            .position(|candidate| *candidate == mentor_id)
            .unwrap_or(self.mentee.preferred.len());
        self.score_ranked(mentor_id, mentor, rank, rank_of(&mentor.preferred, self.id))
    }

    /// [`Self::score`] with the rankings already looked up: the mentor's place in the mentee's
    /// ranking (its length if unranked) and the mentor's ranking of the mentee (`Evidence::Rank`).
    /// Scoring a whole row looks them up once for the row instead of once per pair.
    #[inline(always)]
    pub fn score_ranked(
        &self,
        mentor_id: PersonId,
        mentor: &MentorFeatures,
        rank: usize,
        ranked_by_mentor: Evidence,
    ) -> (u32, u8) {
        let mentee = self.mentee;
        let location = match evidence(Criterion::Location, (self.id, mentee), (mentor_id, mentor)) {
            Evidence::Location(fit) => fit as usize,
            _ => unreachable!("the location criterion finds a location fit"),
        };
        let mentor_preference = self
            .scoring
            .share(Criterion::MentorPreference, ranked_by_mentor.value());
        // In the order of `Criterion::ALL`, as `score_pair` adds them.
        let parts = [
            self.interests.get(mentee.interests.common(&mentor.topics)),
            self.dream_sectors
                .get(mentee.dream_sectors.common(&mentor.sectors)),
            self.modes
                .get(usize::from(mentee.modes & mentor.modes != 0)),
            self.location.get(location),
            self.wants.get(mentee.wants.common(&mentor.offers)),
            self.ranking.get(rank),
            (
                mentor_preference.0,
                u8::from(mentor_preference.1) << Criterion::MentorPreference as u8,
            ),
        ];
        let mut exact = 0.0;
        let mut failed_musts = 0_u8;
        for (share, fails) in parts {
            exact += share;
            failed_musts |= fails;
        }
        (round_points(exact), failed_musts)
    }
}

/// Scores a pair on every criterion, with the reason for each value. Points are whole numbers
/// computed in one fixed order, so the browser (WASM) and the server always agree.
pub fn score_pair(
    mentee: &MenteeProfile,
    mentor: &MentorProfile,
    settings: &Settings,
) -> PairScore {
    let mut vocabulary = Vocabulary::default();
    let mentee_features = (mentee.id, &vocabulary.mentee(mentee));
    let mentor_features = (mentor.id, &vocabulary.mentor(mentor));
    let scoring = Scoring::new(settings);
    let mut criteria = Vec::with_capacity(Criterion::ALL.len());
    let mut exact_shares = [0.0; Criterion::ALL.len()];
    let mut failed_musts = Vec::new();
    for (i, criterion) in Criterion::ALL.into_iter().enumerate() {
        let found = evidence(criterion, mentee_features, mentor_features);
        let value = found.value();
        let (share, fails) = scoring.share(criterion, value);
        exact_shares[i] = share;
        if fails {
            failed_musts.push(criterion);
        }
        criteria.push(CriterionScore {
            criterion,
            value,
            weight: settings.weight(criterion),
            points: exact_shares[i].floor() as u32,
            explanation: explain(criterion, found, &mentor.region),
        });
    }
    // Largest remainders: the criteria's points add up to the rounded total (as
    // `MenteeScorer` computes it), never above the maximum, however the shares round one by one.
    let total = round_points(exact_shares.iter().sum::<f64>());
    let mut short = total.saturating_sub(criteria.iter().map(|c| c.points).sum());
    let mut by_remainder: Vec<usize> = (0..criteria.len()).collect();
    let remainder = |i: usize| exact_shares[i] - exact_shares[i].floor();
    by_remainder.sort_by(|&a, &b| remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b)));
    for i in by_remainder {
        if short == 0 {
            break;
        }
        criteria[i].points += 1;
        short -= 1;
    }
    PairScore {
        mentee: mentee.id,
        mentor: mentor.id,
        points: total,
        criteria,
        failed_musts,
    }
}

#[cfg(test)]
mod rounding_tests {
    use super::round_points;

    #[test]
    fn rounding_points_agrees_with_round_on_every_quarter_and_near_ties() {
        for quarter in 0..=40_000 {
            let points = f64::from(quarter) / 4.0;
            assert_eq!(round_points(points), points.round() as u32, "{points}");
        }
        for points in [
            0.49999999999999994,
            0.5,
            2.5,
            9_999.499_999_999_998,
            9_999.5,
        ] {
            assert_eq!(round_points(points), points.round() as u32, "{points}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentee() -> MenteeProfile {
        MenteeProfile {
            id: 1,
            name: "Quinn".into(),
            interests: vec![10, 11, 12],
            dream_sectors: vec![20],
            modes: vec![MeetingMode::Video],
            region: "Los Angeles".into(),
            remote_ok: true,
            wants: vec![1, 2],
            preferred_mentors: vec![9, 2],
        }
    }

    fn mentor() -> MentorProfile {
        MentorProfile {
            id: 2,
            name: "Ada".into(),
            capacity: 2,
            expertise: vec![10],
            sectors: vec![11, 20],
            modes: vec![MeetingMode::Video, MeetingMode::Phone],
            region: "Chicago".into(),
            remote_ok: true,
            offers: vec![2, 3],
            preferred_mentees: vec![],
        }
    }

    fn value(score: &PairScore, criterion: Criterion) -> f64 {
        score
            .criteria
            .iter()
            .find(|c| c.criterion == criterion)
            .unwrap()
            .value
    }

    #[test]
    fn each_criterion_is_valued_and_explained() {
        let score = score_pair(&mentee(), &mentor(), &Settings::default());

        assert!((value(&score, Criterion::SharedInterests) - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(value(&score, Criterion::DreamJobFit), 1.0);
        assert_eq!(value(&score, Criterion::MeetingModes), 1.0);
        assert_eq!(value(&score, Criterion::Location), REMOTE_LOCATION_VALUE);
        assert_eq!(value(&score, Criterion::WantsAndOffers), 0.5);
        assert_eq!(value(&score, Criterion::MenteePreference), 0.75);
        assert_eq!(value(&score, Criterion::MentorPreference), 0.0);
        let reasons: Vec<&str> = score
            .criteria
            .iter()
            .map(|c| c.explanation.as_str())
            .collect();
        assert!(reasons.contains(
            &"2 of the mentee's 3 career interests match the mentor's expertise or sectors."
        ));
        assert!(reasons.contains(&"Both can meet by video."));
        assert!(reasons.contains(&"The mentee ranked this mentor 2 of 2."));
    }

    #[test]
    fn points_add_up_and_never_exceed_the_maximum() {
        let perfect_mentor = MentorProfile {
            expertise: vec![10, 11, 12],
            region: "los angeles".into(),
            offers: vec![1, 2],
            preferred_mentees: vec![1],
            ..mentor()
        };
        let perfect_mentee = MenteeProfile {
            preferred_mentors: vec![2],
            ..mentee()
        };

        let score = score_pair(&perfect_mentee, &perfect_mentor, &Settings::default());

        assert_eq!(score.points, MAX_POINTS);
        assert_eq!(
            score.points,
            score.criteria.iter().map(|c| c.points).sum::<u32>()
        );
        assert_eq!(score.percent(), 100.0);
    }

    #[test]
    fn a_failed_must_is_reported() {
        let in_person_only = MentorProfile {
            modes: vec![MeetingMode::InPerson],
            ..mentor()
        };

        let score = score_pair(&mentee(), &in_person_only, &Settings::default());

        assert_eq!(score.failed_musts, vec![Criterion::MeetingModes]);
    }

    #[test]
    fn zero_weights_give_zero_points() {
        let settings = Settings {
            weights: [0; 7],
            musts: vec![],
        };
        assert_eq!(score_pair(&mentee(), &mentor(), &settings).points, 0);
    }
}
