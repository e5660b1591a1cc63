//! The rows of each CSV export, read a page at a time so a large year streams out without being
//! held in memory. The caller has checked that an organizer asks.

use std::collections::HashMap;

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::export::ExportKind;
use crate::domain::quarters::ProgramYearCalendar;
use crate::entities::{checkins, enrollments, meetings, pairs};

/// Rows per page (and per chunk of the response).
pub const PAGE: u64 = 500;

/// (name, email) of each of these people.
async fn people(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, (String, String)>, DbErr> {
    Ok(crate::auth::db::users_by_id(db, ids)
        .await?
        .into_iter()
        .map(|user| (user.id, (user.display_name, user.email)))
        .collect())
}

async fn pairs_page(
    db: &impl ConnectionTrait,
    year_id: i32,
    page: u64,
) -> Result<Vec<pairs::Model>, DbErr> {
    pairs::Entity::find()
        .filter(pairs::Column::YearId.eq(year_id))
        .order_by_asc(pairs::Column::Id)
        .offset(page * PAGE)
        .limit(PAGE)
        .all(db)
        .await
}

/// Page `page` (from 0) of the file's rows for the year; empty once past the end.
pub async fn rows(
    db: &impl ConnectionTrait,
    year_id: i32,
    calendar: &ProgramYearCalendar,
    kind: ExportKind,
    page: u64,
) -> Result<Vec<Vec<String>>, DbErr> {
    let name = |people: &HashMap<i32, (String, String)>, id: i32| {
        people.get(&id).cloned().unwrap_or_default()
    };
    match kind {
        ExportKind::Participants => {
            let enrolled = enrollments::Entity::find()
                .filter(enrollments::Column::YearId.eq(year_id))
                .order_by_asc(enrollments::Column::Id)
                .offset(page * PAGE)
                .limit(PAGE)
                .all(db)
                .await?;
            let people = people(db, enrolled.iter().map(|e| e.user_id)).await?;
            Ok(enrolled
                .into_iter()
                .map(|e| {
                    let (person, email) = name(&people, e.user_id);
                    vec![
                        person,
                        email,
                        e.role.label().to_owned(),
                        e.status.label().to_owned(),
                        e.capacity.map(|c| c.to_string()).unwrap_or_default(),
                        e.created_at.date_naive().to_string(),
                    ]
                })
                .collect())
        }
        ExportKind::Pairs => {
            let pairs = pairs_page(db, year_id, page).await?;
            let people = people(db, pairs.iter().flat_map(|p| [p.mentee_id, p.mentor_id])).await?;
            Ok(pairs
                .into_iter()
                .map(|p| {
                    let (mentee, mentee_email) = name(&people, p.mentee_id);
                    let (mentor, mentor_email) = name(&people, p.mentor_id);
                    vec![
                        mentee,
                        mentee_email,
                        mentor,
                        mentor_email,
                        p.started_on.to_string(),
                        p.ended_on.map(|d| d.to_string()).unwrap_or_default(),
                        p.end_reason,
                    ]
                })
                .collect())
        }
        ExportKind::Meetings => {
            let pairs = pairs_page(db, year_id, page).await?;
            let people = people(db, pairs.iter().flat_map(|p| [p.mentee_id, p.mentor_id])).await?;
            let held = meetings::Entity::find()
                .filter(meetings::Column::PairId.is_in(pairs.iter().map(|p| p.id)))
                .filter(meetings::Column::Status.eq("held"))
                .all(db)
                .await?;
            Ok(pairs
                .into_iter()
                .map(|p| {
                    let dates: Vec<_> = held
                        .iter()
                        .filter(|m| m.pair_id == p.id)
                        .map(|m| crate::context::program_date(m.starts_at))
                        .collect();
                    let mut row = vec![name(&people, p.mentee_id).0, name(&people, p.mentor_id).0];
                    row.extend(calendar.quarters().iter().map(|quarter| {
                        dates
                            .iter()
                            .filter(|d| quarter.contains(**d))
                            .count()
                            .to_string()
                    }));
                    row
                })
                .collect())
        }
        ExportKind::Checkins => {
            let year_pairs: Vec<i32> = pairs::Entity::find()
                .select_only()
                .column(pairs::Column::Id)
                .filter(pairs::Column::YearId.eq(year_id))
                .into_tuple()
                .all(db)
                .await?;
            let answers = checkins::Entity::find()
                .filter(checkins::Column::PairId.is_in(year_pairs))
                .order_by_asc(checkins::Column::Id)
                .offset(page * PAGE)
                .limit(PAGE)
                .all(db)
                .await?;
            let pair_rows = pairs::Entity::find()
                .filter(pairs::Column::Id.is_in(answers.iter().map(|a| a.pair_id)))
                .all(db)
                .await?;
            let people = people(
                db,
                pair_rows
                    .iter()
                    .flat_map(|p| [p.mentee_id, p.mentor_id])
                    .chain(answers.iter().map(|a| a.user_id)),
            )
            .await?;
            Ok(answers
                .into_iter()
                .map(|a| {
                    let pair = pair_rows.iter().find(|p| p.id == a.pair_id);
                    vec![
                        pair.map(|p| name(&people, p.mentee_id).0)
                            .unwrap_or_default(),
                        pair.map(|p| name(&people, p.mentor_id).0)
                            .unwrap_or_default(),
                        name(&people, a.user_id).0,
                        a.quarter.label().to_owned(),
                        a.rating.to_string(),
                        if a.met { "yes" } else { "no" }.to_owned(),
                        a.message,
                        a.created_at.date_naive().to_string(),
                    ]
                })
                .collect())
        }
    }
}
