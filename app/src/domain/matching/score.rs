//! Scoring one (mentee, mentor) pair, criterion by criterion, with the reason for each value.

use serde::{Deserialize, Serialize};

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

fn overlap<T: PartialEq>(wanted: &[T], offered: &[T]) -> usize {
    wanted.iter().filter(|item| offered.contains(item)).count()
}

fn fraction(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The value of one criterion for a pair, and why.
pub fn criterion_value(
    criterion: Criterion,
    mentee: &MenteeProfile,
    mentor: &MentorProfile,
) -> (f64, String) {
    match criterion {
        Criterion::SharedInterests => {
            if mentee.interests.is_empty() {
                return (0.0, "The mentee listed no career interests.".into());
            }
            let shared = mentee
                .interests
                .iter()
                .filter(|tag| mentor.expertise.contains(tag) || mentor.sectors.contains(tag))
                .count();
            (
                fraction(shared, mentee.interests.len()),
                format!(
                    "{} of the mentee's {} match the mentor's expertise or sectors.",
                    shared,
                    plural(
                        mentee.interests.len(),
                        "career interest",
                        "career interests"
                    )
                ),
            )
        }
        Criterion::DreamJobFit => {
            if mentee.dream_sectors.is_empty() {
                return (0.0, "The mentee named no dream-job sectors.".into());
            }
            let shared = overlap(&mentee.dream_sectors, &mentor.sectors);
            (
                fraction(shared, mentee.dream_sectors.len()),
                format!(
                    "The mentor works in {} of the mentee's {}.",
                    shared,
                    plural(
                        mentee.dream_sectors.len(),
                        "dream-job sector",
                        "dream-job sectors"
                    )
                ),
            )
        }
        Criterion::MeetingModes => {
            let shared: Vec<MeetingMode> = mentee
                .modes
                .iter()
                .copied()
                .filter(|mode| mentor.modes.contains(mode))
                .collect();
            if shared.is_empty() {
                (0.0, "No meeting mode suits both.".into())
            } else {
                let names: Vec<&str> = shared.iter().map(|mode| mode_name(*mode)).collect();
                (1.0, format!("Both can meet by {}.", names.join(", ")))
            }
        }
        Criterion::Location => {
            let same_region =
                !mentee.region.is_empty() && mentee.region.eq_ignore_ascii_case(&mentor.region);
            if same_region {
                (1.0, format!("Both are in {}.", mentor.region))
            } else if mentee.remote_ok && mentor.remote_ok {
                (
                    REMOTE_LOCATION_VALUE,
                    "Different places, but both are happy to meet remotely.".into(),
                )
            } else {
                (
                    0.0,
                    "Different places, and one of them wants to meet in person.".into(),
                )
            }
        }
        Criterion::WantsAndOffers => {
            if mentee.wants.is_empty() {
                return (
                    0.0,
                    "The mentee did not say what they want from a mentor.".into(),
                );
            }
            let met = overlap(&mentee.wants, &mentor.offers);
            (
                fraction(met, mentee.wants.len()),
                format!(
                    "The mentor offers {} of the {} the mentee wants.",
                    met,
                    plural(mentee.wants.len(), "thing", "things")
                ),
            )
        }
        Criterion::MenteePreference => ranked_value(
            &mentee.preferred_mentors,
            mentor.id,
            "The mentee",
            "this mentor",
        ),
        Criterion::MentorPreference => ranked_value(
            &mentor.preferred_mentees,
            mentee.id,
            "The mentor",
            "this mentee",
        ),
    }
}

/// 1 for the first choice, falling linearly to a half for the last listed; 0 when not listed.
fn ranked_value(ranking: &[PersonId], id: PersonId, who: &str, whom: &str) -> (f64, String) {
    match ranking.iter().position(|candidate| *candidate == id) {
        Some(rank) => {
            let value = 1.0 - 0.5 * fraction(rank, ranking.len().max(1));
            (
                value,
                format!("{who} ranked {whom} {} of {}.", rank + 1, ranking.len()),
            )
        }
        None => (0.0, format!("{who} did not ask for {whom}.")),
    }
}

fn mode_name(mode: MeetingMode) -> &'static str {
    match mode {
        MeetingMode::InPerson => "in person",
        MeetingMode::Video => "video",
        MeetingMode::Phone => "phone",
    }
}

/// Scores a pair on every criterion. Points are whole numbers computed in one fixed order, so the
/// browser (WASM) and the server always agree.
pub fn score_pair(
    mentee: &MenteeProfile,
    mentor: &MentorProfile,
    settings: &Settings,
) -> PairScore {
    let total_weight: u32 = settings.weights.iter().sum();
    let mut criteria = Vec::with_capacity(Criterion::ALL.len());
    let mut failed_musts = Vec::new();
    let mut exact_shares = Vec::with_capacity(Criterion::ALL.len());
    for criterion in Criterion::ALL {
        let (value, explanation) = criterion_value(criterion, mentee, mentor);
        let weight = settings.weight(criterion);
        let share = if total_weight == 0 {
            0.0
        } else {
            f64::from(MAX_POINTS) * f64::from(weight) * value / f64::from(total_weight)
        };
        exact_shares.push(share);
        if settings.is_must(criterion) && value <= 0.0 {
            failed_musts.push(criterion);
        }
        criteria.push(CriterionScore {
            criterion,
            value,
            weight,
            points: share.floor() as u32,
            explanation,
        });
    }
    // Largest remainders: the criteria's points add up to the rounded total, never above the
    // maximum, however the shares round one by one.
    let total = exact_shares.iter().sum::<f64>().round() as u32;
    let mut short = total.saturating_sub(criteria.iter().map(|c| c.points).sum());
    let mut by_remainder: Vec<usize> = (0..criteria.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let remainder = |i: usize| exact_shares[i] - exact_shares[i].floor();
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
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
        points: criteria.iter().map(|c| c.points).sum(),
        criteria,
        failed_musts,
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
