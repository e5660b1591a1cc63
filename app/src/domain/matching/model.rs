//! The engine's input: participants as the matching sees them, weights, musts, exclusions, pins.

use serde::{Deserialize, Serialize};

pub type PersonId = i32;
/// A term of the shared vocabulary (interests, expertise, sectors).
pub type TagId = i32;
/// Something a mentor can offer and a mentee can want (informational interviews, resume review…).
pub type OfferId = i32;

pub use crate::domain::choices::MeetingMode;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MenteeProfile {
    pub id: PersonId,
    pub name: String,
    /// Career interests, from the vocabulary.
    pub interests: Vec<TagId>,
    /// Sectors or institution types of the jobs they dream of.
    pub dream_sectors: Vec<TagId>,
    pub modes: Vec<MeetingMode>,
    /// City or region, compared as written (normalised by the caller).
    pub region: String,
    pub remote_ok: bool,
    /// What they want from a mentor.
    pub wants: Vec<OfferId>,
    /// Mentors they asked for, most wanted first.
    pub preferred_mentors: Vec<PersonId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MentorProfile {
    pub id: PersonId,
    pub name: String,
    /// How many mentees they can take this year.
    pub capacity: u32,
    pub expertise: Vec<TagId>,
    pub sectors: Vec<TagId>,
    pub modes: Vec<MeetingMode>,
    pub region: String,
    pub remote_ok: bool,
    pub offers: Vec<OfferId>,
    /// Mentees they asked for, most wanted first.
    pub preferred_mentees: Vec<PersonId>,
}

/// The named criteria a pair is scored on, each worth a value in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Criterion {
    SharedInterests,
    DreamJobFit,
    MeetingModes,
    Location,
    WantsAndOffers,
    MenteePreference,
    MentorPreference,
}

impl Criterion {
    pub const ALL: [Criterion; 7] = [
        Criterion::SharedInterests,
        Criterion::DreamJobFit,
        Criterion::MeetingModes,
        Criterion::Location,
        Criterion::WantsAndOffers,
        Criterion::MenteePreference,
        Criterion::MentorPreference,
    ];

    /// The name forms and stored settings use.
    pub fn code(self) -> &'static str {
        match self {
            Criterion::SharedInterests => "shared_interests",
            Criterion::DreamJobFit => "dream_job_fit",
            Criterion::MeetingModes => "meeting_modes",
            Criterion::Location => "location",
            Criterion::WantsAndOffers => "wants_and_offers",
            Criterion::MenteePreference => "mentee_preference",
            Criterion::MentorPreference => "mentor_preference",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|criterion| criterion.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Criterion::SharedInterests => "Shared interests",
            Criterion::DreamJobFit => "Dream-job fit",
            Criterion::MeetingModes => "Meeting modes",
            Criterion::Location => "Location",
            Criterion::WantsAndOffers => "Wants and offers",
            Criterion::MenteePreference => "Mentee's preference",
            Criterion::MentorPreference => "Mentor's preference",
        }
    }
}

/// How much each criterion counts (0 ignores it) and which ones every pair must meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// One weight per criterion, in the order of [`Criterion::ALL`].
    pub weights: [u32; 7],
    /// Criteria a pair must score above zero on to be allowed at all.
    pub musts: Vec<Criterion>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            weights: [5, 3, 2, 2, 3, 2, 2],
            musts: vec![Criterion::MeetingModes],
        }
    }
}

impl Settings {
    pub fn weight(&self, criterion: Criterion) -> u32 {
        self.weights[criterion as usize]
    }

    pub fn is_must(&self, criterion: Criterion) -> bool {
        self.musts.contains(&criterion)
    }
}

/// Everything the engine needs for one program year's matching.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Instance {
    pub mentees: Vec<MenteeProfile>,
    pub mentors: Vec<MentorProfile>,
    pub settings: Settings,
    /// (mentee, mentor) pairs that may never be made: "do not pair", earlier pairs the organizers
    /// will not repeat, organizers' blocks.
    pub exclusions: Vec<(PersonId, PersonId)>,
    /// (mentee, mentor) pairs an organizer fixed by hand; the engine completes around them.
    pub pins: Vec<(PersonId, PersonId)>,
}
