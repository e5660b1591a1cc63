//! The organizers' dashboard: a year's figures (enrollment funnel, capacity, meetings, check-ins,
//! goals, orientation, concerns), each counted by one SQL aggregate, and the list of people or
//! pairs behind any figure. Filters by organizing body and mentor source apply to both.

//!
//! This file holds what the page and the server share: the figures, the filter, the rows and
//! their arithmetic. [`sql`] counts the figures, one aggregate query per chart; [`lists`] finds
//! the people or pairs behind a figure with the same conditions; [`api`] serves both to the page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod lists;
#[cfg(feature = "ssr")]
pub mod sql;

use serde::{Deserialize, Serialize};

use crate::domain::choices::{GoalStatus, MentorSource, Role};
use crate::domain::quarters::QuarterName;
use crate::program::api::OrganizingBody;

/// Who the figures are about: everyone, or those who came through one organizing body, or (for
/// mentors and their pairs) mentors from one source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFilter {
    pub body: Option<i32>,
    pub source: Option<MentorSource>,
}

impl DashboardFilter {
    /// The filter as the dashboard's GET form sends it (unknown values are ignored).
    pub fn from_query(body: &str, source: &str) -> Self {
        Self {
            body: body.parse().ok(),
            source: MentorSource::from_code(source),
        }
    }

    /// `&body=…&source=…` for links that keep the filter.
    pub fn query(&self) -> String {
        let mut query = String::new();
        if let Some(body) = self.body {
            query.push_str(&format!("&body={body}"));
        }
        if let Some(source) = self.source {
            query.push_str(&format!("&source={}", source.code()));
        }
        query
    }
}

crate::domain::choices::choices!(
    /// How far along an application is.
    Stage {
        Applied = "applied": "Applied",
        Approved = "approved": "Approved",
        Matched = "matched": "Matched",
    }
);

crate::domain::choices::choices!(
    /// How long an open concern has waited.
    ConcernAge {
        UnderAWeek = "week": "Under a week",
        UnderAMonth = "month": "One to four weeks",
        Older = "older": "Over four weeks",
    }
);

/// One figure on the dashboard, which names the list of people or pairs behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Figure {
    Enrolled(Role, Stage),
    UnmatchedMentees,
    MentorsWithRoom,
    /// Approved mentors from this source (none: no source given).
    MentorsFrom(Option<MentorSource>),
    /// Active pairs without a held meeting in the reporting quarter (or in it and the one before).
    NoMeetingFor {
        quarters: u8,
    },
    CheckinsIn(QuarterName),
    Goals(GoalStatus),
    OrientationSignedUp(i32),
    OrientationAttended(i32),
    OpenConcerns(ConcernAge),
}

impl Figure {
    /// The figure's name in addresses.
    pub fn code(&self) -> String {
        match self {
            Self::Enrolled(role, stage) => format!("{}-{}", stage.code(), role.code()),
            Self::UnmatchedMentees => "unmatched-mentees".into(),
            Self::MentorsWithRoom => "mentors-with-room".into(),
            Self::MentorsFrom(source) => {
                format!("source-{}", source.map_or("none", MentorSource::code))
            }
            Self::NoMeetingFor { quarters } => format!("no-meeting-{quarters}"),
            Self::CheckinsIn(quarter) => format!("checkins-{}", quarter.code()),
            Self::Goals(status) => format!("goals-{}", status.code()),
            Self::OrientationSignedUp(session) => format!("signed-up-{session}"),
            Self::OrientationAttended(session) => format!("attended-{session}"),
            Self::OpenConcerns(age) => format!("concerns-{}", age.code()),
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        let (head, tail) = code.rsplit_once('-')?;
        let figure = match (head, tail) {
            ("unmatched", "mentees") => Self::UnmatchedMentees,
            ("mentors-with", "room") => Self::MentorsWithRoom,
            ("source", "none") => Self::MentorsFrom(None),
            ("source", source) => Self::MentorsFrom(Some(MentorSource::from_code(source)?)),
            ("no-meeting", "1") => Self::NoMeetingFor { quarters: 1 },
            ("no-meeting", "2") => Self::NoMeetingFor { quarters: 2 },
            ("checkins", quarter) => Self::CheckinsIn(QuarterName::from_code(quarter)?),
            ("goals", status) => Self::Goals(GoalStatus::from_code(status)?),
            ("signed-up", session) => Self::OrientationSignedUp(session.parse().ok()?),
            ("attended", session) => Self::OrientationAttended(session.parse().ok()?),
            ("concerns", age) => Self::OpenConcerns(ConcernAge::from_code(age)?),
            (stage, role) => Self::Enrolled(Role::from_code(role)?, Stage::from_code(stage)?),
        };
        Some(figure)
    }

    /// What the list behind the figure shows.
    pub fn title(&self) -> String {
        match self {
            Self::Enrolled(role, Stage::Applied) => format!("{}s who applied", role.label()),
            Self::Enrolled(role, Stage::Approved) => {
                format!("Approved {}s", role.label().to_lowercase())
            }
            Self::Enrolled(role, Stage::Matched) => {
                format!("Matched {}s", role.label().to_lowercase())
            }
            Self::UnmatchedMentees => "Approved mentees without a mentor".into(),
            Self::MentorsWithRoom => "Mentors with free capacity".into(),
            Self::MentorsFrom(source) => format!(
                "Approved mentors: {}",
                source.map_or("no source given", MentorSource::label)
            ),
            Self::NoMeetingFor { quarters: 1 } => "Pairs with no meeting this quarter".into(),
            Self::NoMeetingFor { .. } => "Pairs with no meeting in two quarters".into(),
            Self::CheckinsIn(quarter) => format!("Check-ins for {} quarter", quarter.label()),
            Self::Goals(status) => format!("Pairs with goals: {}", status.label()),
            Self::OrientationSignedUp(_) => "Signed up for the orientation session".into(),
            Self::OrientationAttended(_) => "Attended the orientation session".into(),
            Self::OpenConcerns(age) => format!("Open concerns: {}", age.label().to_lowercase()),
        }
    }

    /// The page listing who is behind the figure, keeping the filter.
    pub fn href(&self, year_id: i32, filter: &DashboardFilter) -> String {
        format!(
            "/program/dashboard/list?year={year_id}&figure={}{}",
            self.code(),
            filter.query()
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelRow {
    pub role: Role,
    pub applied: u64,
    pub approved: u64,
    pub matched: u64,
}

impl FunnelRow {
    pub fn at(&self, stage: Stage) -> u64 {
        match stage {
            Stage::Applied => self.applied,
            Stage::Approved => self.approved,
            Stage::Matched => self.matched,
        }
    }
}

/// Approved mentors from one source and how much of their capacity is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityRow {
    pub source: Option<MentorSource>,
    pub mentors: u64,
    pub places: u64,
    pub used: u64,
    pub mentors_with_room: u64,
    pub free_places: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFigures {
    /// "Fall", the quarter reported on.
    pub quarter: String,
    /// The quarter before it, if any.
    pub previous: Option<String>,
    pub active_pairs: u64,
    pub none_this_quarter: u64,
    /// None in the first quarter (there is no quarter before it).
    pub none_two_quarters: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinRow {
    pub quarter: QuarterName,
    pub answers: u64,
    pub rating_total: u64,
    /// Answers saying the pair met that quarter.
    pub met: u64,
}

impl CheckinRow {
    /// The average rating out of 5, to one decimal.
    pub fn average(&self) -> f64 {
        if self.answers == 0 {
            return 0.0;
        }
        (self.rating_total as f64 / self.answers as f64 * 10.0).round() / 10.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrientationRow {
    pub session_id: i32,
    /// "Thu 2026-10-01 17:00 UTC".
    pub when: String,
    pub signed_up: u64,
    pub attended: u64,
}

/// Every figure of one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub funnel: Vec<FunnelRow>,
    pub capacity: Vec<CapacityRow>,
    /// None before the year's first quarter starts.
    pub meetings: Option<MeetingFigures>,
    pub checkins: Vec<CheckinRow>,
    pub goals: Vec<(GoalStatus, u64)>,
    pub orientation: Vec<OrientationRow>,
    pub concerns: Vec<(ConcernAge, u64)>,
}

impl Figures {
    pub fn funnel_of(&self, role: Role) -> FunnelRow {
        self.funnel
            .iter()
            .find(|row| row.role == role)
            .cloned()
            .unwrap_or(FunnelRow {
                role,
                applied: 0,
                approved: 0,
                matched: 0,
            })
    }

    pub fn unmatched_mentees(&self) -> u64 {
        let mentees = self.funnel_of(Role::Mentee);
        mentees.approved - mentees.matched
    }

    pub fn mentors_with_room(&self) -> u64 {
        self.capacity.iter().map(|row| row.mentors_with_room).sum()
    }

    pub fn free_places(&self) -> u64 {
        self.capacity.iter().map(|row| row.free_places).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub year_id: i32,
    pub year_label: String,
    pub closed: bool,
    /// Every year, (id, label), newest first, to switch between.
    pub years: Vec<(i32, String)>,
    pub bodies: Vec<OrganizingBody>,
    pub filter: DashboardFilter,
    pub figures: Figures,
    /// A closed year's final survey results.
    pub final_survey: Option<crate::program::closing::SurveySummary>,
}

/// One person or pair behind a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedRow {
    pub name: String,
    pub href: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureList {
    pub year_id: i32,
    pub year_label: String,
    pub title: String,
    pub rows: Vec<ListedRow>,
    /// Rows in the figure (only the first [`LIST_LIMIT`] are listed).
    pub total: u64,
}

/// The most rows a figure's list shows.
pub const LIST_LIMIT: u64 = 500;
