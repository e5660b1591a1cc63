//! Queries behind drafts and pairs (server only). Callers check permissions first.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func, LockType, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, ExprTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr,
};

use crate::domain::choices::{EnrollmentStatus, MeetingMode, Offer, Role, TagKind, split_codes};
use crate::domain::matching::workspace::DraftState;
use crate::domain::matching::{Instance, MenteeProfile, MentorProfile, PersonId};
use crate::entities::{enrollments, matching_drafts, pairs};

/// The saved draft of a year: its version (0 when nothing was saved yet) and choices.
pub async fn load_draft(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<(i32, DraftState), DbErr> {
    let Some(row) = matching_drafts::Entity::find_by_id(year_id).one(db).await? else {
        return Ok((0, DraftState::default()));
    };
    let state = serde_json::from_str(&row.state)
        .map_err(|err| DbErr::Custom(format!("draft {year_id}: {err}")))?;
    Ok((row.version, state))
}

pub enum SavedDraft {
    Saved {
        version: i32,
    },
    /// Someone saved since `expected`; nothing was written.
    Conflict {
        current: i32,
    },
}

/// Saves the draft's choices if it is still at `expected` version. The check and the write are one
/// conditional statement, so of two organizers saving at once exactly one wins.
pub async fn save_draft(
    db: &impl ConnectionTrait,
    year_id: i32,
    expected: i32,
    state: &DraftState,
    organizer_id: i32,
) -> Result<SavedDraft, DbErr> {
    let json = serde_json::to_string(state).map_err(|err| DbErr::Custom(err.to_string()))?;
    let now = Utc::now();
    let written = if expected == 0 {
        // Not an insert that fails on the year's key: in a PostgreSQL transaction that failure
        // would abort everything after it.
        matching_drafts::Entity::insert(matching_drafts::ActiveModel {
            year_id: Set(year_id),
            version: Set(1),
            state: Set(json),
            saved_by: Set(Some(organizer_id)),
            saved_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(matching_drafts::Column::YearId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?
            == 1
    } else {
        matching_drafts::Entity::update_many()
            .col_expr(matching_drafts::Column::Version, Expr::value(expected + 1))
            .col_expr(matching_drafts::Column::State, Expr::value(json))
            .col_expr(matching_drafts::Column::SavedBy, Expr::value(organizer_id))
            .col_expr(matching_drafts::Column::SavedAt, Expr::value(now))
            .filter(matching_drafts::Column::YearId.eq(year_id))
            .filter(matching_drafts::Column::Version.eq(expected))
            .exec(db)
            .await?
            .rows_affected
            == 1
    };
    if written {
        Ok(SavedDraft::Saved {
            version: expected + 1,
        })
    } else {
        let (current, _) = load_draft(db, year_id).await?;
        Ok(SavedDraft::Conflict { current })
    }
}

pub async fn active_pairs(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<Vec<pairs::Model>, DbErr> {
    pairs::Entity::find()
        .filter(pairs::Column::YearId.eq(year_id))
        .filter(pairs::Column::EndedOn.is_null())
        .order_by_asc(pairs::Column::Id)
        .all(db)
        .await
}

/// Every pair of a year, ended ones too.
pub async fn all_pairs(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<Vec<pairs::Model>, DbErr> {
    pairs::Entity::find()
        .filter(pairs::Column::YearId.eq(year_id))
        .order_by_asc(pairs::Column::Id)
        .all(db)
        .await
}

pub async fn find_pair(db: &impl ConnectionTrait, id: i32) -> Result<Option<pairs::Model>, DbErr> {
    pairs::Entity::find_by_id(id).one(db).await
}

/// The active pairs `user_id` belongs to, on either side, in any year.
pub async fn active_pairs_of(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<pairs::Model>, DbErr> {
    pairs::Entity::find()
        .filter(pairs::Column::EndedOn.is_null())
        .filter(
            pairs::Column::MenteeId
                .eq(user_id)
                .or(pairs::Column::MentorId.eq(user_id)),
        )
        .order_by_asc(pairs::Column::Id)
        .all(db)
        .await
}

/// Who is eligible for matching in a year, as the engine sees them: approved mentees not yet in
/// an active pair, and approved mentors with the places they have left. Also returns everyone's
/// name.
pub async fn participants(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<(Instance, BTreeMap<PersonId, String>), DbErr> {
    let enrolled = crate::enrollment::db::participants(db, year_id).await?;
    let approved: Vec<_> = enrolled
        .into_iter()
        .filter(|(e, _)| e.status == EnrollmentStatus::Approved)
        .collect();
    let user_ids: Vec<i32> = approved.iter().map(|(_, user)| user.id).collect();
    let profiles = crate::profiles::db::profiles_of(db, &user_ids).await?;
    let enrollment_ids: Vec<i32> = approved.iter().map(|(e, _)| e.id).collect();
    let mut rankings = crate::enrollment::db::rankings_of(db, &enrollment_ids).await?;
    let active = active_pairs(db, year_id).await?;
    let mut taken: HashMap<PersonId, u32> = HashMap::new();
    for pair in &active {
        *taken.entry(pair.mentor_id).or_default() += 1;
    }
    // Tags become numbers for the engine, in a fixed order so that every run numbers them alike.
    let mut tag_ids: BTreeMap<String, i32> = BTreeMap::new();
    for row in profiles.values() {
        for (_, label) in &row.tags {
            tag_ids.entry(label.to_lowercase()).or_insert(0);
        }
    }
    for (index, id) in tag_ids.values_mut().enumerate() {
        *id = index as i32;
    }
    let mut instance = Instance::default();
    let mut names = BTreeMap::new();
    for (enrollment, user) in approved {
        names.insert(user.id, user.display_name.clone());
        let Some(row) = profiles.get(&user.id) else {
            continue;
        };
        let p = &row.profile;
        let tags = |kind: TagKind| -> Vec<i32> {
            row.labels(kind)
                .iter()
                .filter_map(|label| tag_ids.get(&label.to_lowercase()).copied())
                .collect()
        };
        let offers = |stored: &str| -> Vec<i32> {
            split_codes(stored, Offer::from_code)
                .into_iter()
                .map(|offer| offer as i32)
                .collect()
        };
        let modes: Vec<MeetingMode> = split_codes(&p.meeting_modes, MeetingMode::from_code);
        let region = p.location.trim().to_lowercase();
        match enrollment.role {
            Role::Mentee if !active.iter().any(|pair| pair.mentee_id == user.id) => {
                instance.mentees.push(MenteeProfile {
                    id: user.id,
                    name: user.display_name,
                    interests: tags(TagKind::Interest),
                    dream_sectors: tags(TagKind::DreamSector),
                    modes,
                    region,
                    remote_ok: p.remote_ok,
                    wants: offers(&p.wants),
                    preferred_mentors: rankings.remove(&enrollment.id).unwrap_or_default(),
                });
            }
            Role::Mentor => {
                let capacity = u32::try_from(enrollment.capacity.unwrap_or(1)).unwrap_or(0);
                let left = capacity.saturating_sub(taken.get(&user.id).copied().unwrap_or(0));
                if left > 0 {
                    instance.mentors.push(MentorProfile {
                        id: user.id,
                        name: user.display_name,
                        capacity: left,
                        expertise: tags(TagKind::Expertise),
                        sectors: tags(TagKind::Sector),
                        modes,
                        region,
                        remote_ok: p.remote_ok,
                        offers: offers(&p.offers),
                        preferred_mentees: rankings.remove(&enrollment.id).unwrap_or_default(),
                    });
                }
            }
            _ => {}
        }
    }
    Ok((instance, names))
}

/// Earlier pairs (ended, in any year) that must not be made again.
pub async fn earlier_pairs(db: &impl ConnectionTrait) -> Result<Vec<(PersonId, PersonId)>, DbErr> {
    let ended = pairs::Entity::find()
        .filter(pairs::Column::EndedOn.is_not_null())
        .all(db)
        .await?;
    Ok(ended
        .into_iter()
        .map(|p| (p.mentee_id, p.mentor_id))
        .collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    Placed,
    /// The mentor has no free place (or is not an approved mentor of the year).
    MentorFull,
    /// The mentee already has an active pair.
    MenteeTaken,
}

/// Pairs `mentee` with `mentor` only if the mentor still has a free place. The check and the insert
/// are a single `INSERT … SELECT … WHERE taken < capacity` statement; on PostgreSQL the mentor's
/// enrollment row is locked first, and on SQLite the caller's write transaction holds the only
/// writer's lock, so simultaneous assignments are counted one after another and capacity can never
/// be exceeded.
pub async fn place_pair(
    db: &impl ConnectionTrait,
    year_id: i32,
    mentee: PersonId,
    mentor: PersonId,
    started_on: NaiveDate,
    created_by: i32,
) -> Result<Placed, DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        enrollments::Entity::find()
            .filter(enrollments::Column::UserId.eq(mentor))
            .filter(enrollments::Column::YearId.eq(year_id))
            .lock(LockType::Update)
            .one(db)
            .await?;
    }
    let taken = Query::select()
        .expr(Func::count(Expr::col(pairs::Column::Id)))
        .from(pairs::Entity)
        .and_where(Expr::col(pairs::Column::YearId).eq(year_id))
        .and_where(Expr::col(pairs::Column::MentorId).eq(mentor))
        .and_where(Expr::col(pairs::Column::EndedOn).is_null())
        .to_owned();
    let capacity = Query::select()
        .expr(Expr::col(enrollments::Column::Capacity))
        .from(enrollments::Entity)
        .and_where(Expr::col(enrollments::Column::YearId).eq(year_id))
        .and_where(Expr::col(enrollments::Column::UserId).eq(mentor))
        .and_where(Expr::col(enrollments::Column::Role).eq(Role::Mentor.code()))
        .and_where(Expr::col(enrollments::Column::Status).eq(EnrollmentStatus::Approved.code()))
        .to_owned();
    let insert = Query::insert()
        .into_table(pairs::Entity)
        .columns([
            pairs::Column::YearId,
            pairs::Column::MenteeId,
            pairs::Column::MentorId,
            pairs::Column::StartedOn,
            pairs::Column::EndReason,
            pairs::Column::CreatedBy,
            pairs::Column::CreatedAt,
        ])
        .select_from(
            Query::select()
                .exprs([
                    Expr::val(year_id),
                    Expr::val(mentee),
                    Expr::val(mentor),
                    Expr::val(started_on),
                    Expr::val(""),
                    Expr::val(created_by),
                    Expr::val(Utc::now()),
                ])
                .and_where(
                    Expr::SubQuery(None, Box::new(taken.into()))
                        .lt(Expr::SubQuery(None, Box::new(capacity.into()))),
                )
                .to_owned(),
        )
        .map_err(|err| DbErr::Custom(err.to_string()))?
        .to_owned();
    match db.execute(&insert).await {
        Ok(result) if result.rows_affected() == 1 => Ok(Placed::Placed),
        Ok(_) => Ok(Placed::MentorFull),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(Placed::MenteeTaken)
        }
        Err(err) => Err(err),
    }
}

pub async fn end_pair(
    db: &impl ConnectionTrait,
    pair_id: i32,
    ended_on: NaiveDate,
    reason: &str,
) -> Result<bool, DbErr> {
    let updated = pairs::Entity::update_many()
        .col_expr(pairs::Column::EndedOn, Expr::value(ended_on))
        .col_expr(pairs::Column::EndReason, Expr::value(reason.to_owned()))
        .filter(pairs::Column::Id.eq(pair_id))
        .filter(pairs::Column::EndedOn.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}
