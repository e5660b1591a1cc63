//! One aggregate query per chart, written in the SQL both engines share. Every condition a figure
//! counts by is a fragment used both by the count and by the list behind it ([`super::lists`]).
//!
//! A query's text is only ever made of `&'static str` pieces: [`Sql::push`] takes nothing else,
//! so no value (a year, a code, a cutoff) can be spliced into the text; each goes in through
//! [`Sql::bind`] as a parameter.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};

use super::*;
use crate::domain::choices::{ConcernStatus, MeetingStatus};
use crate::domain::quarters::ProgramYearCalendar;

/// SQL text with its values, bound as `$1`, `$2`… (which SQLite accepts too).
#[derive(Default)]
pub(super) struct Sql {
    text: String,
    values: Vec<Value>,
}

/// A piece of a query: constant text, or a function that writes text and values into one.
pub(super) trait Fragment {
    fn write(self, sql: &mut Sql);
}

impl Fragment for &'static str {
    fn write(self, sql: &mut Sql) {
        sql.push(self);
    }
}

impl<F: FnOnce(&mut Sql)> Fragment for F {
    fn write(self, sql: &mut Sql) {
        self(sql);
    }
}

impl Sql {
    pub(super) fn push(&mut self, text: &'static str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub(super) fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        let placeholder = format!("${}", self.values.len());
        self.text.push_str(&placeholder);
        self
    }

    pub(super) fn put(&mut self, fragment: impl Fragment) -> &mut Self {
        fragment.write(self);
        self
    }

    /// `SUM` as a whole number on both engines (PostgreSQL sums big integers as numerics).
    fn total(&mut self, expression: impl Fragment) -> &mut Self {
        self.push("CAST(COALESCE(SUM(")
            .put(expression)
            .push("), 0) AS BIGINT)")
    }

    /// How many rows meet the condition.
    fn count_when(&mut self, condition: impl Fragment) -> &mut Self {
        self.total(|sql: &mut Sql| {
            sql.push("CASE WHEN ")
                .put(condition)
                .push(" THEN 1 ELSE 0 END");
        })
    }

    pub(super) async fn rows(
        self,
        db: &impl ConnectionTrait,
    ) -> Result<Vec<sea_orm::QueryResult>, DbErr> {
        let backend = db.get_database_backend();
        db.query_all_raw(Statement::from_sql_and_values(
            backend,
            self.text,
            self.values,
        ))
        .await
    }
}

/// Both conditions.
pub(super) fn and(first: impl Fragment, second: impl Fragment) -> impl FnOnce(&mut Sql) {
    move |sql| {
        sql.put(first).push(" AND ").put(second);
    }
}

/// The condition does not hold.
pub(super) fn not(condition: impl Fragment) -> impl FnOnce(&mut Sql) {
    move |sql| {
        sql.push("NOT ").put(condition);
    }
}

fn number(row: &sea_orm::QueryResult, column: &str) -> Result<u64, DbErr> {
    Ok(u64::try_from(row.try_get::<i64>("", column)?).unwrap_or(0))
}

pub(super) const MENTEE: &str = "e.role = 'mentee'";
pub(super) const MENTOR: &str = "e.role = 'mentor'";
pub(super) const APPROVED: &str = "e.status = 'approved'";
/// The enrolled person `e` is in one of the year's active pairs.
/// (Two lookups rather than one with OR, so each uses its index.)
pub(super) const MATCHED: &str = "(EXISTS (SELECT 1 FROM pairs mp WHERE mp.year_id = e.year_id \
     AND mp.mentee_id = e.user_id AND mp.ended_on IS NULL) \
     OR EXISTS (SELECT 1 FROM pairs mp WHERE mp.mentor_id = e.user_id \
     AND mp.year_id = e.year_id AND mp.ended_on IS NULL))";
/// The active pairs of the mentor enrolled as `e`.
const USED: &str = "(SELECT COUNT(*) FROM pairs up WHERE up.year_id = e.year_id \
     AND up.mentor_id = e.user_id AND up.ended_on IS NULL)";
const PLACES: &str = "COALESCE(e.capacity, 0)";

/// The mentor enrolled as `e` has fewer active pairs than places.
pub(super) fn has_room(sql: &mut Sql) {
    sql.push(PLACES).push(" > ").push(USED);
}

/// Enrollments `e` of the year, filtered.
pub(super) fn enrollments_of(sql: &mut Sql, year_id: i32, filter: &DashboardFilter) {
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
pub(super) fn pairs_of(sql: &mut Sql, year_id: i32, filter: &DashboardFilter) {
    sql.push("p.year_id = ").bind(year_id);
    if let Some(body) = filter.body {
        sql.push(" AND (");
        for (index, member) in ["p.mentee_id", "p.mentor_id"].into_iter().enumerate() {
            if index > 0 {
                sql.push(" OR ");
            }
            sql.push("EXISTS (SELECT 1 FROM enrollments fe WHERE fe.user_id = ")
                .push(member)
                .push(" AND fe.year_id = p.year_id AND fe.body_id = ")
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

/// The RSVP `r`'s person is among the filtered enrollments of the year.
pub(super) fn rsvp_in_filter(sql: &mut Sql, year_id: i32, filter: &DashboardFilter) {
    if filter.body.is_some() || filter.source.is_some() {
        sql.push(" AND EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = r.user_id AND ");
        enrollments_of(sql, year_id, filter);
        sql.push(")");
    }
}

/// The pair `p` held no meeting from `from` until `until`.
pub(super) fn no_meeting_between(
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> impl FnOnce(&mut Sql) {
    move |sql| {
        sql.push("NOT EXISTS (SELECT 1 FROM meetings m WHERE m.pair_id = p.id AND m.status = ")
            .bind(MeetingStatus::Held.code())
            .push(" AND m.starts_at >= ")
            .bind(from)
            .push(" AND m.starts_at < ")
            .bind(until)
            .push(")");
    }
}

/// The span "no meeting for `quarters` quarters" looks at, if the year has that many by
/// `today`; with the names of the quarters.
pub(super) fn meeting_window(
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

/// The concern `c` was raised within the age bucket, counted back from `now`.
pub(super) fn concern_aged(age: ConcernAge, now: DateTime<Utc>) -> impl FnOnce(&mut Sql) {
    let (week, month) = concern_cutoffs(now);
    move |sql| {
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
}

/// The concern `c` is not resolved.
pub(super) fn open_concern(sql: &mut Sql) {
    sql.push("c.status <> ")
        .bind(ConcernStatus::Resolved.code());
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
    sql.push("SELECT e.role AS role, COUNT(*) AS applied, ")
        .count_when(APPROVED)
        .push(" AS approved, ")
        .count_when(and(APPROVED, MATCHED))
        .push(" AS matched FROM enrollments e WHERE ");
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
    sql.push("SELECT pr.mentor_source AS source, COUNT(*) AS mentors, ")
        .total(PLACES)
        .push(" AS places, ")
        .total(USED)
        .push(" AS used, ")
        .count_when(has_room)
        .push(" AS with_room, ")
        .total(|sql: &mut Sql| {
            sql.push("CASE WHEN ")
                .put(has_room)
                .push(" THEN ")
                .push(PLACES)
                .push(" - ")
                .push(USED)
                .push(" ELSE 0 END");
        })
        .push(
            " AS free_places \
             FROM enrollments e LEFT JOIN profiles pr ON pr.user_id = e.user_id \
             WHERE ",
        )
        .put(and(MENTOR, APPROVED))
        .push(" AND ");
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
    // A column for each span the year has reached, named from this fixed list.
    for (quarters, column) in [(1, " AS none_1"), (2, " AS none_2")] {
        if let Some((from, until)) = meeting_window(calendar, today, quarters) {
            sql.push(", ")
                .count_when(no_meeting_between(from, until))
                .push(column);
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
    sql.push("SELECT c.quarter AS quarter, COUNT(*) AS answers, ")
        .total("c.rating")
        .push(" AS rating_total, ")
        .count_when("c.met")
        .push(" AS met FROM checkins c JOIN pairs p ON p.id = c.pair_id WHERE ");
    pairs_of(&mut sql, year_id, filter);
    sql.push(" GROUP BY c.quarter");
    let mut rows = Vec::new();
    for row in sql.rows(db).await? {
        let quarter: QuarterName = row.try_get("", "quarter")?;
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

async fn orientation(
    db: &impl ConnectionTrait,
    year_id: i32,
    filter: &DashboardFilter,
) -> Result<Vec<OrientationRow>, DbErr> {
    let mut sql = Sql::default();
    sql.push("SELECT s.id AS id, s.starts_at AS starts_at, COUNT(r.user_id) AS signed_up, ")
        .count_when("r.attended")
        .push(
            " AS attended FROM orientation_sessions s \
             LEFT JOIN orientation_rsvps r ON r.session_id = s.id",
        );
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
    for (index, &age) in ConcernAge::ALL.iter().enumerate() {
        if index > 0 {
            sql.push(", ");
        }
        // The bucket's code is its column's name.
        sql.count_when(concern_aged(age, now))
            .push(" AS ")
            .push(age.code());
    }
    sql.push(" FROM concerns c JOIN pairs p ON p.id = c.pair_id WHERE ")
        .put(open_concern)
        .push(" AND ");
    pairs_of(&mut sql, year_id, filter);
    let row = sql.rows(db).await?.into_iter().next();
    ConcernAge::ALL
        .iter()
        .map(|&age| {
            let count = match &row {
                Some(row) => number(row, age.code())?,
                None => 0,
            };
            Ok((age, count))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_composes_constant_text_and_binds_every_value() {
        let now = Utc::now();
        let mut sql = Sql::default();
        sql.count_when(and(
            open_concern,
            concern_aged(ConcernAge::UnderAMonth, now),
        ));
        assert_eq!(
            sql.text,
            "CAST(COALESCE(SUM(CASE WHEN c.status <> $1 AND c.created_at < $2 \
             AND c.created_at >= $3 THEN 1 ELSE 0 END), 0) AS BIGINT)"
        );
        let (week, month) = concern_cutoffs(now);
        assert_eq!(
            sql.values,
            [
                Value::from(ConcernStatus::Resolved.code()),
                Value::from(week),
                Value::from(month),
            ]
        );
    }

    #[test]
    fn a_filter_on_pairs_binds_the_body_for_each_member_and_the_source() {
        let filter = DashboardFilter {
            body: Some(4),
            source: Some(MentorSource::Alumni),
        };
        let mut sql = Sql::default();
        pairs_of(&mut sql, 9, &filter);
        assert_eq!(
            sql.text,
            "p.year_id = $1 AND (EXISTS (SELECT 1 FROM enrollments fe WHERE fe.user_id = \
             p.mentee_id AND fe.year_id = p.year_id AND fe.body_id = $2) OR EXISTS (SELECT 1 \
             FROM enrollments fe WHERE fe.user_id = p.mentor_id AND fe.year_id = p.year_id \
             AND fe.body_id = $3)) AND EXISTS (SELECT 1 FROM profiles fp WHERE fp.user_id = \
             p.mentor_id AND fp.mentor_source = $4)"
        );
        assert_eq!(
            sql.values,
            [
                Value::from(9),
                Value::from(4),
                Value::from(4),
                Value::from(MentorSource::Alumni.code()),
            ]
        );
    }
}
