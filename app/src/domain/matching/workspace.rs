//! What an organizer's matching session is made of: the choices they saved (weights, musts,
//! method, pins, blocks) and the run of the engine over the year's participants with them. The
//! browser and the server both call [`run`], so a what-if in the browser and the server's check
//! when the draft is saved compute the same draft.

use serde::{Deserialize, Serialize};

use super::model::{Criterion, Instance, PersonId, Settings};
use super::{Draft, PairScore, score_pair, solve_fairest, solve_optimal, stable::solve_stable};

/// Optimal (most matched, then highest total score), fairest (most matched, then the best lowest
/// score, then the highest total) or stable (no pair would both rather be together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    #[default]
    Optimal,
    Fairest,
    Stable,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Optimal, Method::Fairest, Method::Stable];

    pub fn code(self) -> &'static str {
        match self {
            Self::Optimal => "optimal",
            Self::Fairest => "fairest",
            Self::Stable => "stable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|method| method.code() == code)
    }

    /// Its short name, as the comparison of methods shows it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Optimal => "Highest total",
            Self::Fairest => "Fairest",
            Self::Stable => "Stable",
        }
    }

    /// What it maximises, in a sentence for organizers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Optimal => "Highest total: most mentees matched, then the highest total score",
            Self::Fairest => {
                "Fairest: most mentees matched, then the best lowest score (no mentee left with a poor match to lift the others), then the highest total"
            }
            Self::Stable => "Stable: no mentee and mentor would both rather be together",
        }
    }
}

/// The organizers' choices for a year's draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftState {
    pub settings: Settings,
    pub method: Method,
    /// (mentee, mentor) pairs fixed by hand.
    pub pins: Vec<(PersonId, PersonId)>,
    /// (mentee, mentor) pairs the organizers ruled out.
    pub blocks: Vec<(PersonId, PersonId)>,
}

/// Weights run from 0 (ignored) to this.
pub const MAX_WEIGHT: u32 = 10;

impl DraftState {
    /// Pins `mentee` to `mentor`, replacing any earlier pin of that mentee, and lifts a block
    /// between them.
    pub fn pin(&mut self, mentee: PersonId, mentor: PersonId) {
        self.pins.retain(|(pinned, _)| *pinned != mentee);
        self.blocks.retain(|pair| *pair != (mentee, mentor));
        self.pins.push((mentee, mentor));
        self.pins.sort_unstable();
    }

    pub fn unpin(&mut self, mentee: PersonId) {
        self.pins.retain(|(pinned, _)| *pinned != mentee);
    }

    /// Rules the pair out, and unpins it if it was pinned.
    pub fn block(&mut self, mentee: PersonId, mentor: PersonId) {
        self.pins.retain(|pair| *pair != (mentee, mentor));
        if !self.blocks.contains(&(mentee, mentor)) {
            self.blocks.push((mentee, mentor));
            self.blocks.sort_unstable();
        }
    }

    pub fn unblock(&mut self, mentee: PersonId, mentor: PersonId) {
        self.blocks.retain(|pair| *pair != (mentee, mentor));
    }

    /// Sets a criterion's weight, capped at [`MAX_WEIGHT`].
    pub fn set_weight(&mut self, criterion: Criterion, weight: u32) {
        self.settings.weights[criterion as usize] = weight.min(MAX_WEIGHT);
    }

    pub fn set_must(&mut self, criterion: Criterion, must: bool) {
        self.settings.musts.retain(|c| *c != criterion);
        if must {
            self.settings.musts.push(criterion);
            self.settings.musts.sort_unstable();
        }
    }
}

/// The draft for `participants` (their settings, pins and exclusions are replaced by `state`'s;
/// `standing_exclusions` are pairs never allowed whatever the organizers choose, such as earlier
/// pairs not to be repeated).
pub fn run(
    participants: &Instance,
    standing_exclusions: &[(PersonId, PersonId)],
    state: &DraftState,
) -> Draft {
    let mut instance = participants.clone();
    instance.settings = state.settings.clone();
    instance.pins = state.pins.clone();
    instance.exclusions = standing_exclusions
        .iter()
        .chain(&state.blocks)
        .copied()
        .collect();
    match state.method {
        Method::Optimal => solve_optimal(&instance),
        Method::Fairest => solve_fairest(&instance),
        Method::Stable => solve_stable(&instance),
    }
}

/// How one method's draft compares: for the what-if's table of methods side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MethodOutcome {
    pub method: Method,
    pub matched: usize,
    pub total_points: u64,
    /// The lowest score among the pairs the engine made (pinned pairs aside).
    pub lowest_points: Option<u32>,
}

impl MethodOutcome {
    /// The mean score of the matched pairs, as the page shows scores ("72%"), or "–".
    pub fn mean_percent(&self) -> String {
        if self.matched == 0 {
            return "–".into();
        }
        format!(
            "{:.0}%",
            self.total_points as f64 / self.matched as f64 / 100.0
        )
    }

    pub fn of(method: Method, draft: &Draft) -> Self {
        Self {
            method,
            matched: draft.summary.matched,
            total_points: draft.summary.total_points,
            lowest_points: draft
                .pairs
                .iter()
                .filter(|pair| !pair.pinned)
                .map(|pair| pair.score.points)
                .min(),
        }
    }
}

/// Every method's outcome with the same choices otherwise, `state.method`'s from `draft` (already
/// computed) and the others run now.
pub fn compare_methods(
    participants: &Instance,
    standing_exclusions: &[(PersonId, PersonId)],
    state: &DraftState,
    draft: &Draft,
) -> Vec<MethodOutcome> {
    Method::ALL
        .into_iter()
        .map(|method| {
            if method == state.method {
                return MethodOutcome::of(method, draft);
            }
            let other = DraftState {
                method,
                ..state.clone()
            };
            MethodOutcome::of(method, &run(participants, standing_exclusions, &other))
        })
        .collect()
}

/// The mentors `mentee` could be given by hand now (a late enrollee, or someone whose pair ended),
/// best score first: those with a free place who are neither excluded nor blocked and meet every
/// must; at most `limit`. Ties go to the lower id, as in the solvers.
pub fn suggestions(
    participants: &Instance,
    standing_exclusions: &[(PersonId, PersonId)],
    state: &DraftState,
    mentee: PersonId,
    limit: usize,
) -> Vec<PairScore> {
    let Some(mentee_profile) = participants.mentees.iter().find(|m| m.id == mentee) else {
        return Vec::new();
    };
    let ruled_out = |mentor: PersonId| {
        standing_exclusions
            .iter()
            .chain(&state.blocks)
            .any(|pair| *pair == (mentee, mentor))
    };
    let mut scores: Vec<PairScore> = participants
        .mentors
        .iter()
        .filter(|mentor| mentor.capacity > 0 && !ruled_out(mentor.id))
        .map(|mentor| score_pair(mentee_profile, mentor, &state.settings))
        .filter(|score| score.failed_musts.is_empty())
        .collect();
    scores.sort_by_key(|score| (std::cmp::Reverse(score.points), score.mentor));
    scores.truncate(limit);
    scores
}

/// What pinning `mentee` to `mentor` would mean, shown before the organizer does it.
#[derive(Debug, Clone, PartialEq)]
pub struct PinPreview {
    pub score: PairScore,
    /// Every place of the mentor is taken in `draft` by other mentees: one of them would move.
    pub mentor_full: bool,
}

/// The pair's score and musts under `state`'s settings, and whether the mentor is full in `draft`;
/// `None` when either person is not in the matching.
pub fn preview_pin(
    participants: &Instance,
    state: &DraftState,
    draft: &Draft,
    mentee: PersonId,
    mentor: PersonId,
) -> Option<PinPreview> {
    let mentee_profile = participants.mentees.iter().find(|m| m.id == mentee)?;
    let mentor_profile = participants.mentors.iter().find(|m| m.id == mentor)?;
    let taken_by_others = draft
        .pairs
        .iter()
        .filter(|pair| pair.mentor == mentor && pair.mentee != mentee)
        .count();
    Some(PinPreview {
        score: score_pair(mentee_profile, mentor_profile, &state.settings),
        mentor_full: taken_by_others >= mentor_profile.capacity as usize,
    })
}

impl PinPreview {
    /// One sentence for the organizer: the score, then any must failed and a full mentor.
    pub fn describe(&self, mentor_name: &str) -> String {
        let mut text = format!("Score {:.0}%.", self.score.percent());
        if !self.score.failed_musts.is_empty() {
            let musts: Vec<&str> = self.score.failed_musts.iter().map(|c| c.label()).collect();
            text.push_str(&format!(" Fails the must: {}.", musts.join(", ")));
        }
        if self.mentor_full {
            text.push_str(&format!(
                " {mentor_name} has no free place in this draft: pinning moves one of their mentees."
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::generate::instance as generate;

    #[test]
    fn pinning_moves_a_mentee_and_blocking_removes_the_pair() {
        let participants = generate(12, 5, 7);
        let mut state = DraftState::default();
        let first = run(&participants, &[], &state);
        let pair = first.pairs[0].clone();
        let other_mentor = participants
            .mentors
            .iter()
            .map(|m| m.id)
            .find(|id| *id != pair.mentor)
            .unwrap();

        state.pin(pair.mentee, other_mentor);
        let pinned = run(&participants, &[], &state);
        state.block(pair.mentee, other_mentor);
        let blocked = run(&participants, &[], &state);

        let mentor_of = |draft: &Draft| {
            draft
                .pairs
                .iter()
                .find(|p| p.mentee == pair.mentee)
                .map(|p| (p.mentor, p.pinned))
        };
        assert_eq!(mentor_of(&pinned), Some((other_mentor, true)));
        assert_ne!(mentor_of(&blocked).map(|(m, _)| m), Some(other_mentor));
        assert!(state.pins.is_empty());
    }

    #[test]
    fn suggestions_are_the_best_allowed_mentors_with_a_free_place() {
        let mut participants = generate(8, 6, 11);
        let mentee = participants.mentees[0].id;
        let state = DraftState::default();
        let all = suggestions(&participants, &[], &state, mentee, usize::MAX);
        let (best, second) = (all[0].mentor, all[1].mentor);
        participants
            .mentors
            .iter_mut()
            .find(|m| m.id == second)
            .unwrap()
            .capacity = 0;

        let top = suggestions(&participants, &[(mentee, best)], &state, mentee, 2);

        assert!(all.windows(2).all(|w| w[0].points >= w[1].points));
        assert!(all.iter().all(|s| s.failed_musts.is_empty()));
        assert_eq!(top.len(), 2);
        assert!(top.iter().all(|s| s.mentor != best && s.mentor != second));
        assert_eq!(top[0].mentor, all[2].mentor);
    }

    #[test]
    fn preview_warns_of_a_full_mentor_and_a_failed_must() {
        let mut participants = generate(6, 2, 3);
        participants.mentors[0].capacity = 1;
        let mentor = participants.mentors[0].id;
        let state = DraftState::default();
        let draft = run(&participants, &[], &state);
        let holder = draft
            .pairs
            .iter()
            .find(|p| p.mentor == mentor)
            .map(|p| p.mentee);
        let other = participants
            .mentees
            .iter()
            .map(|m| m.id)
            .find(|id| Some(*id) != holder)
            .unwrap();
        participants
            .mentees
            .iter_mut()
            .find(|m| m.id == other)
            .unwrap()
            .modes
            .clear();

        let for_other = preview_pin(&participants, &state, &draft, other, mentor).unwrap();
        let for_holder =
            holder.map(|h| preview_pin(&participants, &state, &draft, h, mentor).unwrap());

        assert_eq!(for_other.mentor_full, holder.is_some());
        assert!(
            for_other
                .describe("Ada")
                .contains("Fails the must: Meeting modes.")
        );
        if let Some(preview) = for_holder {
            assert!(
                !preview.mentor_full,
                "the mentee holding the place does not move anyone"
            );
        }
        assert!(preview_pin(&participants, &state, &draft, -1, mentor).is_none());
    }

    #[test]
    fn weights_are_capped_and_musts_toggle() {
        let mut state = DraftState::default();
        state.set_weight(Criterion::Location, 99);
        state.set_must(Criterion::Location, true);
        state.set_must(Criterion::MeetingModes, false);
        assert_eq!(state.settings.weight(Criterion::Location), MAX_WEIGHT);
        assert_eq!(state.settings.musts, vec![Criterion::Location]);
    }

    #[test]
    fn method_codes_round_trip() {
        for method in [Method::Optimal, Method::Stable] {
            assert_eq!(Method::from_code(method.code()), Some(method));
        }
    }
}
