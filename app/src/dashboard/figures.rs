//! The organizers' dashboard: a year's figures (enrollment funnel, capacity, meetings, check-ins,
//! goals, orientation, concerns), each counted by one SQL aggregate, and the list of people or
//! pairs behind any figure. Filters by organizing body and mentor source apply to both.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{GoalStatus, MentorSource, Role};
use crate::domain::quarters::QuarterName;
use crate::error::AppError;
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

/// How far along an application is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Applied,
    Approved,
    Matched,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Applied, Stage::Approved, Stage::Matched];

    fn code(self) -> &'static str {
        match self {
            Self::Applied => "applied",
            Self::Approved => "approved",
            Self::Matched => "matched",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Applied => "Applied",
            Self::Approved => "Approved",
            Self::Matched => "Matched",
        }
    }
}

/// How long an open concern has waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConcernAge {
    UnderAWeek,
    UnderAMonth,
    Older,
}

impl ConcernAge {
    pub const ALL: [ConcernAge; 3] = [Self::UnderAWeek, Self::UnderAMonth, Self::Older];

    fn code(self) -> &'static str {
        match self {
            Self::UnderAWeek => "week",
            Self::UnderAMonth => "month",
            Self::Older => "older",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::UnderAWeek => "Under a week",
            Self::UnderAMonth => "One to four weeks",
            Self::Older => "Over four weeks",
        }
    }
}

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

const QUARTER_NAMES: [QuarterName; 3] =
    [QuarterName::Fall, QuarterName::Winter, QuarterName::Spring];

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
            Self::CheckinsIn(quarter) => format!("checkins-{}", quarter.label().to_lowercase()),
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
            ("checkins", quarter) => Self::CheckinsIn(
                QUARTER_NAMES
                    .into_iter()
                    .find(|name| name.label().to_lowercase() == quarter)?,
            ),
            ("goals", status) => Self::Goals(GoalStatus::from_code(status)?),
            ("signed-up", session) => Self::OrientationSignedUp(session.parse().ok()?),
            ("attended", session) => Self::OrientationAttended(session.parse().ok()?),
            ("concerns", age) => {
                Self::OpenConcerns(ConcernAge::ALL.into_iter().find(|a| a.code() == age)?)
            }
            (stage, role) => Self::Enrolled(
                Role::from_code(role)?,
                Stage::ALL.into_iter().find(|s| s.code() == stage)?,
            ),
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

#[cfg(feature = "ssr")]
pub mod db {
    //! One aggregate query per chart, written in the SQL both engines share. Every condition a
    //! figure counts by is a fragment used both by the count and by the list behind it.

    use std::collections::HashMap;

    use chrono::{DateTime, Duration, Utc};
    use sea_orm::ColumnTrait;
    use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryFilter, Statement, Value};

    use super::*;
    use crate::domain::choices::{ConcernStatus, MeetingStatus};
    use crate::domain::quarters::ProgramYearCalendar;
    use crate::entities::pairs;

    /// SQL text with its values, bound as `$1`, `$2`… (which SQLite accepts too).
    #[derive(Default)]
    struct Sql {
        text: String,
        values: Vec<Value>,
    }

    impl Sql {
        fn push(&mut self, text: &str) -> &mut Self {
            self.text.push_str(text);
            self
        }

        fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
            self.values.push(value.into());
            let placeholder = format!("${}", self.values.len());
            self.text.push_str(&placeholder);
            self
        }

        async fn rows(self, db: &impl ConnectionTrait) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
            let backend = db.get_database_backend();
            db.query_all_raw(Statement::from_sql_and_values(
                backend,
                self.text,
                self.values,
            ))
            .await
        }
    }

    /// `SUM` as a whole number on both engines (PostgreSQL sums big integers as numerics).
    fn total(expression: &str) -> String {
        format!("CAST(COALESCE(SUM({expression}), 0) AS BIGINT)")
    }

    fn count_when(condition: &str) -> String {
        total(&format!("CASE WHEN {condition} THEN 1 ELSE 0 END"))
    }

    fn number(row: &sea_orm::QueryResult, column: &str) -> Result<u64, DbErr> {
        Ok(u64::try_from(row.try_get::<i64>("", column)?).unwrap_or(0))
    }

    const APPROVED: &str = "e.status = 'approved'";
    /// The enrolled person `e` is in one of the year's active pairs.
    /// (Two lookups rather than one with OR, so each uses its index.)
    const MATCHED: &str = "(EXISTS (SELECT 1 FROM pairs mp WHERE mp.year_id = e.year_id \
         AND mp.mentee_id = e.user_id AND mp.ended_on IS NULL) \
         OR EXISTS (SELECT 1 FROM pairs mp WHERE mp.mentor_id = e.user_id \
         AND mp.year_id = e.year_id AND mp.ended_on IS NULL))";
    /// The active pairs of the mentor enrolled as `e`.
    const USED: &str = "(SELECT COUNT(*) FROM pairs up WHERE up.year_id = e.year_id \
         AND up.mentor_id = e.user_id AND up.ended_on IS NULL)";
    const PLACES: &str = "COALESCE(e.capacity, 0)";

    fn has_room() -> String {
        format!("{PLACES} > {USED}")
    }

    /// Enrollments `e` of the year, filtered.
    fn enrollments_of(sql: &mut Sql, year_id: i32, filter: &DashboardFilter) {
        sql.push("e.year_id = ").bind(year_id);
        if let Some(body) = filter.body {
            sql.push(" AND e.body_id = ").bind(body);
        }
        if let Some(source) = filter.source {
            sql.push(
                " AND (e.role <> 'mentor' OR EXISTS (SELECT 1 FROM profiles fp \
                 WHERE fp.user_id = e.user_id AND fp.mentor_source = ",
            )
            .bind(source.code())
            .push("))");
        }
    }

    /// Pairs `p` of the year, filtered: by either member's body, by the mentor's source.
    fn pairs_of(sql: &mut Sql, year_id: i32, filter: &DashboardFilter) {
        sql.push("p.year_id = ").bind(year_id);
        if let Some(body) = filter.body {
            sql.push(" AND (");
            for (index, member) in ["p.mentee_id", "p.mentor_id"].into_iter().enumerate() {
                if index > 0 {
                    sql.push(" OR ");
                }
                sql.push(&format!(
                    "EXISTS (SELECT 1 FROM enrollments fe WHERE fe.user_id = {member} \
                     AND fe.year_id = p.year_id AND fe.body_id = "
                ))
                .bind(body)
                .push(")");
            }
            sql.push(")");
        }
        if let Some(source) = filter.source {
            sql.push(
                " AND EXISTS (SELECT 1 FROM profiles fp WHERE fp.user_id = p.mentor_id \
                 AND fp.mentor_source = ",
            )
            .bind(source.code())
            .push(")");
        }
    }

    /// The pair `p` held no meeting from `from` until `until`.
    fn no_meeting_between(sql: &mut Sql, from: DateTime<Utc>, until: DateTime<Utc>) {
        sql.push("NOT EXISTS (SELECT 1 FROM meetings m WHERE m.pair_id = p.id AND m.status = '")
            .push(MeetingStatus::Held.code())
            .push("' AND m.starts_at >= ")
            .bind(from)
            .push(" AND m.starts_at < ")
            .bind(until)
            .push(")");
    }

    /// The span "no meeting for `quarters` quarters" looks at, if the year has that many by
    /// `today`; with the names of the quarters.
    fn meeting_window(
        calendar: &ProgramYearCalendar,
        today: chrono::NaiveDate,
        quarters: u8,
    ) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let last = calendar.reporting_quarter(today)?;
        let first = last.checked_sub(usize::from(quarters.max(1)) - 1)?;
        let all = calendar.quarters();
        Some((
            crate::context::program_day_start(all[first].starts_on),
            crate::context::program_day_start(all[last].ends_on + Duration::days(1)),
        ))
    }

    /// Open concerns' age buckets end at these instants (a week and four weeks before now).
    fn concern_cutoffs(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        (now - Duration::days(7), now - Duration::days(28))
    }

    fn concern_age_condition(sql: &mut Sql, age: ConcernAge, now: DateTime<Utc>) {
        let (week, month) = concern_cutoffs(now);
        match age {
            ConcernAge::UnderAWeek => sql.push("c.created_at >= ").bind(week),
            ConcernAge::UnderAMonth => sql
                .push("c.created_at < ")
                .bind(week)
                .push(" AND c.created_at >= ")
                .bind(month),
            ConcernAge::Older => sql.push("c.created_at < ").bind(month),
        };
    }

    fn open_concern() -> String {
        format!("c.status <> '{}'", ConcernStatus::Resolved.code())
    }

    /// Every figure of the year on `today` (the program's day) and at `now`: seven queries.
    pub async fn figures(
        db: &impl ConnectionTrait,
        year_id: i32,
        calendar: &ProgramYearCalendar,
        filter: &DashboardFilter,
        today: chrono::NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Figures, DbErr> {
        Ok(Figures {
            funnel: funnel(db, year_id, filter).await?,
            capacity: capacity(db, year_id, filter).await?,
            meetings: meetings(db, year_id, calendar, filter, today).await?,
            checkins: checkins(db, year_id, filter).await?,
            goals: goals(db, year_id, filter).await?,
            orientation: orientation(db, year_id, filter).await?,
            concerns: concerns(db, year_id, filter, now).await?,
        })
    }

    async fn funnel(
        db: &impl ConnectionTrait,
        year_id: i32,
        filter: &DashboardFilter,
    ) -> Result<Vec<FunnelRow>, DbErr> {
        let mut sql = Sql::default();
        sql.push(&format!(
            "SELECT e.role AS role, COUNT(*) AS applied, {} AS approved, {} AS matched \
             FROM enrollments e WHERE ",
            count_when(APPROVED),
            count_when(&format!("{APPROVED} AND {MATCHED}")),
        ));
        enrollments_of(&mut sql, year_id, filter);
        sql.push(" GROUP BY e.role");
        let mut rows = Vec::new();
        for row in sql.rows(db).await? {
            let Some(role) = Role::from_code(&row.try_get::<String>("", "role")?) else {
                continue;
            };
            rows.push(FunnelRow {
                role,
                applied: number(&row, "applied")?,
                approved: number(&row, "approved")?,
                matched: number(&row, "matched")?,
            });
        }
        rows.sort_by_key(|row| row.role);
        Ok(rows)
    }

    async fn capacity(
        db: &impl ConnectionTrait,
        year_id: i32,
        filter: &DashboardFilter,
    ) -> Result<Vec<CapacityRow>, DbErr> {
        let mut sql = Sql::default();
        sql.push(&format!(
            "SELECT pr.mentor_source AS source, COUNT(*) AS mentors, {} AS places, {} AS used, \
             {} AS with_room, {} AS free_places \
             FROM enrollments e LEFT JOIN profiles pr ON pr.user_id = e.user_id \
             WHERE e.role = 'mentor' AND {APPROVED} AND ",
            total(PLACES),
            total(USED),
            count_when(&has_room()),
            total(&format!(
                "CASE WHEN {} THEN {PLACES} - {USED} ELSE 0 END",
                has_room()
            )),
        ));
        enrollments_of(&mut sql, year_id, filter);
        sql.push(" GROUP BY pr.mentor_source");
        let mut rows = Vec::new();
        for row in sql.rows(db).await? {
            let source = row.try_get::<Option<String>>("", "source")?;
            rows.push(CapacityRow {
                source: source.as_deref().and_then(MentorSource::from_code),
                mentors: number(&row, "mentors")?,
                places: number(&row, "places")?,
                used: number(&row, "used")?,
                mentors_with_room: number(&row, "with_room")?,
                free_places: number(&row, "free_places")?,
            });
        }
        // Library staff, alumni, other, then mentors who gave no source.
        rows.sort_by_key(|row| (row.source.is_none(), row.source));
        Ok(rows)
    }

    async fn meetings(
        db: &impl ConnectionTrait,
        year_id: i32,
        calendar: &ProgramYearCalendar,
        filter: &DashboardFilter,
        today: chrono::NaiveDate,
    ) -> Result<Option<MeetingFigures>, DbErr> {
        let Some(last) = calendar.reporting_quarter(today) else {
            return Ok(None);
        };
        let mut sql = Sql::default();
        sql.push("SELECT COUNT(*) AS active");
        for quarters in [1, 2] {
            if let Some((from, until)) = meeting_window(calendar, today, quarters) {
                sql.push(", CAST(COALESCE(SUM(CASE WHEN ");
                no_meeting_between(&mut sql, from, until);
                sql.push(&format!(
                    " THEN 1 ELSE 0 END), 0) AS BIGINT) AS none_{quarters}"
                ));
            }
        }
        sql.push(" FROM pairs p WHERE p.ended_on IS NULL AND ");
        pairs_of(&mut sql, year_id, filter);
        let row = sql.rows(db).await?.into_iter().next();
        let Some(row) = row else { return Ok(None) };
        let quarters = calendar.quarters();
        Ok(Some(MeetingFigures {
            quarter: quarters[last].name.label().to_owned(),
            previous: last
                .checked_sub(1)
                .map(|index| quarters[index].name.label().to_owned()),
            active_pairs: number(&row, "active")?,
            none_this_quarter: number(&row, "none_1")?,
            none_two_quarters: if last > 0 {
                Some(number(&row, "none_2")?)
            } else {
                None
            },
        }))
    }

    async fn checkins(
        db: &impl ConnectionTrait,
        year_id: i32,
        filter: &DashboardFilter,
    ) -> Result<Vec<CheckinRow>, DbErr> {
        let mut sql = Sql::default();
        sql.push(&format!(
            "SELECT c.quarter AS quarter, COUNT(*) AS answers, {} AS rating_total, {} AS met \
             FROM checkins c JOIN pairs p ON p.id = c.pair_id WHERE ",
            total("c.rating"),
            count_when("c.met"),
        ));
        pairs_of(&mut sql, year_id, filter);
        sql.push(" GROUP BY c.quarter");
        let mut rows = Vec::new();
        for row in sql.rows(db).await? {
            let code: String = row.try_get("", "quarter")?;
            let Some(quarter) = quarter_named(&code) else {
                continue;
            };
            rows.push(CheckinRow {
                quarter,
                answers: number(&row, "answers")?,
                rating_total: number(&row, "rating_total")?,
                met: number(&row, "met")?,
            });
        }
        rows.sort_by_key(|row| row.quarter);
        Ok(rows)
    }

    /// A check-in's stored quarter ("fall") as a name.
    fn quarter_named(code: &str) -> Option<QuarterName> {
        QUARTER_NAMES
            .into_iter()
            .find(|name| name.label().eq_ignore_ascii_case(code))
    }

    async fn goals(
        db: &impl ConnectionTrait,
        year_id: i32,
        filter: &DashboardFilter,
    ) -> Result<Vec<(GoalStatus, u64)>, DbErr> {
        let mut sql = Sql::default();
        sql.push(
            "SELECT g.status AS status, COUNT(*) AS goals \
             FROM goals g JOIN pairs p ON p.id = g.pair_id WHERE ",
        );
        pairs_of(&mut sql, year_id, filter);
        sql.push(" GROUP BY g.status");
        let mut counts: HashMap<GoalStatus, u64> = HashMap::new();
        for row in sql.rows(db).await? {
            if let Some(status) = GoalStatus::from_code(&row.try_get::<String>("", "status")?) {
                counts.insert(status, number(&row, "goals")?);
            }
        }
        Ok(GoalStatus::ALL
            .iter()
            .map(|status| (*status, counts.get(status).copied().unwrap_or(0)))
            .collect())
    }

    /// The RSVP `r`'s person is among the filtered enrollments of the year.
    fn rsvp_in_filter(sql: &mut Sql, year_id: i32, filter: &DashboardFilter) {
        if filter.body.is_some() || filter.source.is_some() {
            sql.push(" AND EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = r.user_id AND ");
            enrollments_of(sql, year_id, filter);
            sql.push(")");
        }
    }

    async fn orientation(
        db: &impl ConnectionTrait,
        year_id: i32,
        filter: &DashboardFilter,
    ) -> Result<Vec<OrientationRow>, DbErr> {
        let mut sql = Sql::default();
        sql.push(&format!(
            "SELECT s.id AS id, s.starts_at AS starts_at, COUNT(r.user_id) AS signed_up, \
             {} AS attended FROM orientation_sessions s \
             LEFT JOIN orientation_rsvps r ON r.session_id = s.id",
            count_when("r.attended"),
        ));
        rsvp_in_filter(&mut sql, year_id, filter);
        sql.push(" WHERE s.year_id = ")
            .bind(year_id)
            .push(" GROUP BY s.id, s.starts_at ORDER BY s.starts_at");
        let mut rows = Vec::new();
        for row in sql.rows(db).await? {
            let starts_at: DateTime<Utc> = row.try_get("", "starts_at")?;
            rows.push(OrientationRow {
                session_id: row.try_get("", "id")?,
                when: starts_at.format("%a %Y-%m-%d %H:%M UTC").to_string(),
                signed_up: number(&row, "signed_up")?,
                attended: number(&row, "attended")?,
            });
        }
        Ok(rows)
    }

    async fn concerns(
        db: &impl ConnectionTrait,
        year_id: i32,
        filter: &DashboardFilter,
        now: DateTime<Utc>,
    ) -> Result<Vec<(ConcernAge, u64)>, DbErr> {
        let mut sql = Sql::default();
        sql.push("SELECT ");
        for (index, age) in ConcernAge::ALL.into_iter().enumerate() {
            if index > 0 {
                sql.push(", ");
            }
            sql.push("CAST(COALESCE(SUM(CASE WHEN ");
            concern_age_condition(&mut sql, age, now);
            sql.push(&format!(
                " THEN 1 ELSE 0 END), 0) AS BIGINT) AS {}",
                age.code()
            ));
        }
        sql.push(&format!(
            " FROM concerns c JOIN pairs p ON p.id = c.pair_id WHERE {} AND ",
            open_concern()
        ));
        pairs_of(&mut sql, year_id, filter);
        let row = sql.rows(db).await?.into_iter().next();
        ConcernAge::ALL
            .into_iter()
            .map(|age| {
                let count = match &row {
                    Some(row) => number(row, age.code())?,
                    None => 0,
                };
                Ok((age, count))
            })
            .collect()
    }

    /// Whom a figure counts: people (user ids) or pairs (pair ids), each with a detail.
    pub enum Listed {
        People(Vec<(i32, String)>),
        Pairs(Vec<(i32, String)>),
    }

    /// When a figure is counted: the year (with its calendar), the program's day and the instant.
    pub struct Scope<'a> {
        pub year_id: i32,
        pub calendar: &'a ProgramYearCalendar,
        pub filter: DashboardFilter,
        pub today: chrono::NaiveDate,
        pub now: DateTime<Utc>,
    }

    /// The people or pairs behind a figure (the first [`LIST_LIMIT`]), each with a detail, and
    /// how many there are in all.
    pub async fn list(
        db: &impl ConnectionTrait,
        scope: &Scope<'_>,
        figure: Figure,
    ) -> Result<(Vec<ListedRow>, u64), DbErr> {
        let mut listed = behind(db, scope, figure).await?;
        let total = match &mut listed {
            Listed::People(found) | Listed::Pairs(found) => {
                let total = found.len() as u64;
                found.truncate(LIST_LIMIT as usize);
                total
            }
        };
        Ok((described(db, listed, figure).await?, total))
    }

    /// Everyone a figure is about: its people, or both members of its pairs.
    pub async fn people_behind(
        db: &impl ConnectionTrait,
        scope: &Scope<'_>,
        figure: Figure,
    ) -> Result<Vec<i32>, DbErr> {
        Ok(match behind(db, scope, figure).await? {
            Listed::People(found) => found.into_iter().map(|(id, _)| id).collect(),
            Listed::Pairs(found) => pairs::Entity::find()
                .filter(pairs::Column::Id.is_in(found.into_iter().map(|(id, _)| id)))
                .all(db)
                .await?
                .into_iter()
                .flat_map(|pair| [pair.mentee_id, pair.mentor_id])
                .collect(),
        })
    }

    /// The people or pairs behind a figure, all of them.
    pub async fn behind(
        db: &impl ConnectionTrait,
        scope: &Scope<'_>,
        figure: Figure,
    ) -> Result<Listed, DbErr> {
        let Scope {
            year_id,
            calendar,
            filter,
            today,
            now,
        } = scope;
        let (year_id, today, now) = (*year_id, *today, *now);
        let mut sql = Sql::default();
        let people = |sql: &mut Sql, condition: &str| {
            sql.push(&format!(
                "SELECT e.user_id AS id, e.role AS detail FROM enrollments e WHERE {condition} AND "
            ));
            enrollments_of(sql, year_id, filter);
        };
        let is_people = match figure {
            Figure::Enrolled(role, stage) => {
                let mut condition = format!("e.role = '{}'", role.code());
                if stage != Stage::Applied {
                    condition.push_str(&format!(" AND {APPROVED}"));
                }
                if stage == Stage::Matched {
                    condition.push_str(&format!(" AND {MATCHED}"));
                }
                people(&mut sql, &condition);
                true
            }
            Figure::UnmatchedMentees => {
                people(
                    &mut sql,
                    &format!("e.role = 'mentee' AND {APPROVED} AND NOT {MATCHED}"),
                );
                true
            }
            Figure::MentorsWithRoom => {
                people(
                    &mut sql,
                    &format!("e.role = 'mentor' AND {APPROVED} AND {}", has_room()),
                );
                true
            }
            Figure::MentorsFrom(source) => {
                let source_condition = match source {
                    Some(source) => format!("pr.mentor_source = '{}'", source.code()),
                    None => "pr.mentor_source IS NULL".to_owned(),
                };
                sql.push(&format!(
                    "SELECT e.user_id AS id, e.role AS detail FROM enrollments e \
                     LEFT JOIN profiles pr ON pr.user_id = e.user_id \
                     WHERE e.role = 'mentor' AND {APPROVED} AND {source_condition} AND "
                ));
                enrollments_of(&mut sql, year_id, filter);
                true
            }
            Figure::OrientationSignedUp(session) | Figure::OrientationAttended(session) => {
                sql.push(
                    "SELECT r.user_id AS id, CASE WHEN r.attended THEN 'attended' ELSE 'signed up' END AS detail \
                     FROM orientation_rsvps r JOIN orientation_sessions s ON s.id = r.session_id \
                     WHERE s.year_id = ",
                )
                .bind(year_id)
                .push(" AND r.session_id = ")
                .bind(session);
                if matches!(figure, Figure::OrientationAttended(_)) {
                    sql.push(" AND r.attended");
                }
                rsvp_in_filter(&mut sql, year_id, filter);
                true
            }
            Figure::NoMeetingFor { quarters } => {
                let Some((from, until)) = meeting_window(calendar, today, quarters) else {
                    return Ok(Listed::Pairs(Vec::new()));
                };
                sql.push(
                    "SELECT p.id AS id, '' AS detail FROM pairs p WHERE p.ended_on IS NULL AND ",
                );
                no_meeting_between(&mut sql, from, until);
                sql.push(" AND ");
                pairs_of(&mut sql, year_id, filter);
                false
            }
            Figure::CheckinsIn(quarter) => {
                sql.push(
                    "SELECT p.id AS id, CAST(c.rating AS TEXT) AS detail \
                     FROM checkins c JOIN pairs p ON p.id = c.pair_id WHERE LOWER(c.quarter) = ",
                )
                .bind(quarter.label().to_lowercase())
                .push(" AND ");
                pairs_of(&mut sql, year_id, filter);
                false
            }
            Figure::Goals(status) => {
                sql.push(
                    "SELECT p.id AS id, CAST(COUNT(*) AS TEXT) AS detail FROM goals g \
                     JOIN pairs p ON p.id = g.pair_id WHERE g.status = ",
                )
                .bind(status.code())
                .push(" AND ");
                pairs_of(&mut sql, year_id, filter);
                sql.push(" GROUP BY p.id");
                false
            }
            Figure::OpenConcerns(age) => {
                sql.push(&format!(
                    "SELECT p.id AS id, '' AS detail FROM concerns c JOIN pairs p ON p.id = c.pair_id \
                     WHERE {} AND ",
                    open_concern()
                ));
                concern_age_condition(&mut sql, age, now);
                sql.push(" AND ");
                pairs_of(&mut sql, year_id, filter);
                false
            }
        };
        let mut found = Vec::new();
        for row in sql.rows(db).await? {
            found.push((
                row.try_get::<i32>("", "id")?,
                row.try_get::<String>("", "detail")?,
            ));
        }
        Ok(if is_people {
            Listed::People(found)
        } else {
            Listed::Pairs(found)
        })
    }

    /// Names and links for listed people or pairs, alphabetical.
    async fn described(
        db: &impl ConnectionTrait,
        listed: Listed,
        figure: Figure,
    ) -> Result<Vec<ListedRow>, DbErr> {
        let mut rows = match listed {
            Listed::People(found) => {
                let names = names_of(db, found.iter().map(|(id, _)| *id)).await?;
                found
                    .into_iter()
                    .map(|(id, detail)| ListedRow {
                        name: names.get(&id).cloned().unwrap_or_default(),
                        href: format!("/directory/{id}"),
                        detail: Role::from_code(&detail)
                            .map(|role| role.label().to_owned())
                            .unwrap_or(detail),
                    })
                    .collect::<Vec<_>>()
            }
            Listed::Pairs(found) => {
                let pair_rows = pairs::Entity::find()
                    .filter(pairs::Column::Id.is_in(found.iter().map(|(id, _)| *id)))
                    .all(db)
                    .await?;
                let names = names_of(
                    db,
                    pair_rows
                        .iter()
                        .flat_map(|pair| [pair.mentee_id, pair.mentor_id]),
                )
                .await?;
                let pair_name: HashMap<i32, String> = pair_rows
                    .iter()
                    .map(|pair| {
                        let name = |id| names.get(&id).cloned().unwrap_or_default();
                        (
                            pair.id,
                            format!("{} with {}", name(pair.mentee_id), name(pair.mentor_id)),
                        )
                    })
                    .collect();
                found
                    .into_iter()
                    .map(|(id, detail)| ListedRow {
                        name: pair_name.get(&id).cloned().unwrap_or_default(),
                        href: format!("/pairs/{id}"),
                        detail: match figure {
                            Figure::CheckinsIn(_) => format!("Rated {detail} of 5"),
                            Figure::Goals(_) if detail == "1" => "1 goal".to_owned(),
                            Figure::Goals(_) => format!("{detail} goals"),
                            _ => detail,
                        },
                    })
                    .collect()
            }
        };
        rows.sort_by_key(|row| row.name.to_lowercase());
        Ok(rows)
    }

    async fn names_of(
        db: &impl ConnectionTrait,
        ids: impl IntoIterator<Item = i32>,
    ) -> Result<HashMap<i32, String>, DbErr> {
        Ok(crate::auth::db::users_by_id(db, ids)
            .await?
            .into_iter()
            .map(|user| (user.id, user.display_name))
            .collect())
    }
}

/// A year's dashboard for organizers: the current year unless `year` names another.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard(
    #[server(default)] year: Option<i32>,
    #[server(default)] body: String,
    #[server(default)] source: String,
) -> Result<Dashboard, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let year = ssr::year_or_current(year).await?;
    let filter = DashboardFilter::from_query(&body, &source);
    let figures = db::figures(
        &db,
        year.id,
        &year.calendar,
        &filter,
        crate::context::program_today(),
        chrono::Utc::now(),
    )
    .await?;
    let bodies = crate::program::db::list_bodies(&db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let mut years: Vec<(i32, String)> = crate::program::db::list_years(&db)
        .await?
        .into_iter()
        .map(|row| (row.year.id, row.year.label))
        .collect();
    years.sort_by(|a, b| b.1.cmp(&a.1));
    let final_survey = if year.is_closed() {
        Some(crate::program::closing::ssr::summary(&db, year.id).await?)
    } else {
        None
    };
    Ok(Dashboard {
        year_id: year.id,
        final_survey,
        years,
        closed: year.is_closed(),
        year_label: year.label,
        bodies,
        filter,
        figures,
    })
}

/// The people or pairs behind one figure of the dashboard.
#[server(endpoint = "dashboard_list")]
pub async fn get_figure_list(
    #[server(default)] year: Option<i32>,
    figure: String,
    #[server(default)] body: String,
    #[server(default)] source: String,
) -> Result<FigureList, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let figure = Figure::parse(&figure).ok_or(AppError::NotFound)?;
    let year = ssr::year_or_current(year).await?;
    let filter = DashboardFilter::from_query(&body, &source);
    let scope = db::Scope {
        year_id: year.id,
        calendar: &year.calendar,
        filter,
        today: crate::context::program_today(),
        now: chrono::Utc::now(),
    };
    let (rows, total) = db::list(&crate::context::db()?, &scope, figure).await?;
    Ok(FigureList {
        year_id: year.id,
        title: figure.title(),
        year_label: year.label,
        rows,
        total,
    })
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use crate::error::AppError;
    use crate::program::year::ProgramYear;

    pub async fn year_or_current(year: Option<i32>) -> Result<ProgramYear, AppError> {
        match year {
            Some(id) => crate::program::year::load_year(id).await,
            None => crate::program::year::load_current_year()
                .await?
                .ok_or(AppError::NotFound),
        }
    }
}
