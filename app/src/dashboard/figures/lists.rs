//! The people or pairs behind a figure: one query a figure, by the same conditions its count in
//! [`super::sql`] uses, then names and links for the page.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::ColumnTrait;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use super::sql::{
    APPROVED, Fragment, MATCHED, MENTEE, MENTOR, Sql, and, concern_aged, enrollments_of, has_room,
    meeting_window, no_meeting_between, not, open_concern, pairs_of, rsvp_in_filter,
};
use super::*;
use crate::domain::quarters::ProgramYearCalendar;
use crate::entities::pairs;

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

/// The enrollments `e` of the year that meet `condition`, filtered: each person with their role.
fn people_where(sql: &mut Sql, condition: impl Fragment, year_id: i32, filter: &DashboardFilter) {
    sql.push("SELECT e.user_id AS id, e.role AS detail FROM enrollments e WHERE ")
        .put(condition)
        .push(" AND ");
    enrollments_of(sql, year_id, filter);
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
    let is_people = match figure {
        Figure::Enrolled(role, stage) => {
            let condition = |sql: &mut Sql| {
                sql.push("e.role = ").bind(role.code());
                if stage != Stage::Applied {
                    sql.push(" AND ").push(APPROVED);
                }
                if stage == Stage::Matched {
                    sql.push(" AND ").push(MATCHED);
                }
            };
            people_where(&mut sql, condition, year_id, filter);
            true
        }
        Figure::UnmatchedMentees => {
            let condition = and(MENTEE, and(APPROVED, not(MATCHED)));
            people_where(&mut sql, condition, year_id, filter);
            true
        }
        Figure::MentorsWithRoom => {
            let condition = and(MENTOR, and(APPROVED, has_room));
            people_where(&mut sql, condition, year_id, filter);
            true
        }
        Figure::MentorsFrom(source) => {
            sql.push(
                "SELECT e.user_id AS id, e.role AS detail FROM enrollments e \
                 LEFT JOIN profiles pr ON pr.user_id = e.user_id WHERE ",
            )
            .put(and(MENTOR, APPROVED));
            match source {
                Some(source) => sql.push(" AND pr.mentor_source = ").bind(source.code()),
                None => sql.push(" AND pr.mentor_source IS NULL"),
            };
            sql.push(" AND ");
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
            sql.push("SELECT p.id AS id, '' AS detail FROM pairs p WHERE p.ended_on IS NULL AND ")
                .put(no_meeting_between(from, until))
                .push(" AND ");
            pairs_of(&mut sql, year_id, filter);
            false
        }
        Figure::CheckinsIn(quarter) => {
            sql.push(
                "SELECT p.id AS id, CAST(c.rating AS TEXT) AS detail \
                 FROM checkins c JOIN pairs p ON p.id = c.pair_id WHERE c.quarter = ",
            )
            .bind(quarter.code())
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
            sql.push(
                "SELECT p.id AS id, '' AS detail FROM concerns c JOIN pairs p ON p.id = c.pair_id \
                 WHERE ",
            )
            .put(open_concern)
            .push(" AND ")
            .put(concern_aged(age, now))
            .push(" AND ");
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
