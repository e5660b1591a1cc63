//! Queries behind enrollment, invitations, the import and orientation (server only). Callers check
//! permissions first.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func, LockType, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionSession,
    TransactionTrait,
};

use crate::domain::choices::{DegreeProgram, EnrollmentStatus, MentorSource, Role};
use crate::entities::{
    enrollments, imports, invitations, orientation_rsvps, orientation_sessions, rankings, users,
};

pub async fn find_enrollment(
    db: &impl ConnectionTrait,
    user_id: i32,
    year_id: i32,
) -> Result<Option<enrollments::Model>, DbErr> {
    enrollments::Entity::find()
        .filter(enrollments::Column::UserId.eq(user_id))
        .filter(enrollments::Column::YearId.eq(year_id))
        .one(db)
        .await
}

pub async fn find_enrollment_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<enrollments::Model>, DbErr> {
    enrollments::Entity::find_by_id(id).one(db).await
}

pub struct Application<'a> {
    pub user_id: i32,
    pub year_id: i32,
    pub role: Role,
    pub status: EnrollmentStatus,
    pub capacity: Option<i32>,
    pub goals: &'a str,
    pub availability: &'a str,
    pub notes_for_organizers: &'a str,
}

pub enum Applied {
    Created(Box<enrollments::Model>),
    /// The person already has an enrollment this year (the unique index decided).
    AlreadyEnrolled,
}

pub async fn insert_enrollment(
    db: &impl ConnectionTrait,
    application: Application<'_>,
) -> Result<Applied, DbErr> {
    let now = Utc::now();
    let result = enrollments::ActiveModel {
        user_id: Set(application.user_id),
        year_id: Set(application.year_id),
        role: Set(application.role),
        status: Set(application.status),
        capacity: Set(application.capacity),
        goals: Set(application.goals.to_owned()),
        availability: Set(application.availability.to_owned()),
        notes_for_organizers: Set(application.notes_for_organizers.to_owned()),
        decision_message: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match result {
        Ok(enrollment) => Ok(Applied::Created(Box::new(enrollment))),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(Applied::AlreadyEnrolled)
        }
        Err(err) => Err(err),
    }
}

/// Changes an application's answers while it waits for a decision.
pub async fn update_answers(
    db: &impl ConnectionTrait,
    id: i32,
    application: Application<'_>,
) -> Result<(), DbErr> {
    enrollments::ActiveModel {
        id: Set(id),
        capacity: Set(application.capacity),
        goals: Set(application.goals.to_owned()),
        availability: Set(application.availability.to_owned()),
        notes_for_organizers: Set(application.notes_for_organizers.to_owned()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

pub async fn record_decision(
    db: &impl ConnectionTrait,
    id: i32,
    status: EnrollmentStatus,
    message: &str,
    body_id: Option<i32>,
    organizer_id: i32,
) -> Result<(), DbErr> {
    let now = Utc::now();
    enrollments::ActiveModel {
        id: Set(id),
        status: Set(status),
        body_id: Set(body_id),
        decision_message: Set(message.to_owned()),
        decided_by: Set(Some(organizer_id)),
        decided_at: Set(Some(now)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Records a participant's ranking of the other side (user ids, first choice first), in place of
/// the one they had.
pub async fn set_ranking(
    db: &impl ConnectionTrait,
    enrollment_id: i32,
    ranked: &[i32],
) -> Result<(), DbErr> {
    rankings::Entity::delete_many()
        .filter(rankings::Column::EnrollmentId.eq(enrollment_id))
        .exec(db)
        .await?;
    if !ranked.is_empty() {
        rankings::Entity::insert_many((1..).zip(ranked).map(|(position, ranked_id)| {
            rankings::ActiveModel {
                enrollment_id: Set(enrollment_id),
                position: Set(position),
                ranked_id: Set(*ranked_id),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    enrollments::ActiveModel {
        id: Set(enrollment_id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// The rankings of these enrollments: user ids, first choice first (none for an enrollment that
/// ranked no one).
pub async fn rankings_of(
    db: &impl ConnectionTrait,
    enrollment_ids: &[i32],
) -> Result<HashMap<i32, Vec<i32>>, DbErr> {
    let rows = rankings::Entity::find()
        .filter(rankings::Column::EnrollmentId.is_in(enrollment_ids.iter().copied()))
        .order_by_asc(rankings::Column::EnrollmentId)
        .order_by_asc(rankings::Column::Position)
        .all(db)
        .await?;
    let mut rankings: HashMap<i32, Vec<i32>> = HashMap::new();
    for row in rows {
        rankings
            .entry(row.enrollment_id)
            .or_default()
            .push(row.ranked_id);
    }
    Ok(rankings)
}

/// One enrollment's ranking, first choice first.
pub async fn ranking_of(db: &impl ConnectionTrait, enrollment_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(rankings_of(db, &[enrollment_id])
        .await?
        .remove(&enrollment_id)
        .unwrap_or_default())
}

/// Everyone enrolled in a year, with their account, oldest application first.
pub async fn participants(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<Vec<(enrollments::Model, users::Model)>, DbErr> {
    let rows = enrollments::Entity::find()
        .filter(enrollments::Column::YearId.eq(year_id))
        .order_by_asc(enrollments::Column::CreatedAt)
        .order_by_asc(enrollments::Column::Id)
        .all(db)
        .await?;
    let user_ids: Vec<i32> = rows.iter().map(|e| e.user_id).collect();
    let mut people = std::collections::HashMap::new();
    for chunk in user_ids.chunks(500) {
        for user in users::Entity::find()
            .filter(users::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            people.insert(user.id, user);
        }
    }
    Ok(rows
        .into_iter()
        .filter_map(|e| people.get(&e.user_id).cloned().map(|user| (e, user)))
        .collect())
}

/// Whether this person was approved in an earlier year than `year_id` (they are not new).
pub async fn took_part_before(
    db: &impl ConnectionTrait,
    user_id: i32,
    year_id: i32,
) -> Result<bool, DbErr> {
    let count = enrollments::Entity::find()
        .filter(enrollments::Column::UserId.eq(user_id))
        .filter(enrollments::Column::YearId.ne(year_id))
        .filter(enrollments::Column::Status.eq(EnrollmentStatus::Approved))
        .count(db)
        .await?;
    Ok(count > 0)
}

pub struct NewInvitation<'a> {
    pub year_id: i32,
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub degree_program: Option<DegreeProgram>,
    pub mentor_source: Option<MentorSource>,
    pub capacity: Option<i32>,
    pub token_hash: String,
    pub invited_by: i32,
    pub expires_at: DateTime<Utc>,
}

/// Inserts an invitation; `None` when this address was already invited to this year.
pub async fn insert_invitation(
    db: &impl ConnectionTrait,
    new: NewInvitation<'_>,
) -> Result<Option<invitations::Model>, DbErr> {
    let result = invitations::ActiveModel {
        year_id: Set(new.year_id),
        email: Set(new.email.to_owned()),
        display_name: Set(new.display_name.to_owned()),
        role: Set(new.role),
        degree_program: Set(new.degree_program),
        mentor_source: Set(new.mentor_source),
        capacity: Set(new.capacity),
        token_hash: Set(new.token_hash),
        invited_by: Set(Some(new.invited_by)),
        created_at: Set(Utc::now()),
        expires_at: Set(new.expires_at),
        accepted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await;
    match result {
        Ok(invitation) => Ok(Some(invitation)),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(err) => Err(err),
    }
}

pub async fn invitations_of_year(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<Vec<invitations::Model>, DbErr> {
    invitations::Entity::find()
        .filter(invitations::Column::YearId.eq(year_id))
        .order_by_desc(invitations::Column::Id)
        .all(db)
        .await
}

pub async fn find_invitation_by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<invitations::Model>, DbErr> {
    invitations::Entity::find()
        .filter(invitations::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// Marks an invitation used, only if it still was not: `false` when someone used it first.
pub async fn claim_invitation(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let updated = invitations::Entity::update_many()
        .col_expr(invitations::Column::AcceptedAt, Expr::value(Utc::now()))
        .filter(invitations::Column::Id.eq(id))
        .filter(invitations::Column::AcceptedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Emails (lower-cased) already enrolled in or invited to this year: what an import skips.
pub async fn known_emails(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<std::collections::HashSet<String>, DbErr> {
    let mut known: std::collections::HashSet<String> = participants(db, year_id)
        .await?
        .into_iter()
        .map(|(_, user)| user.email)
        .collect();
    known.extend(
        invitations_of_year(db, year_id)
            .await?
            .into_iter()
            .map(|i| i.email),
    );
    Ok(known)
}

pub async fn users_by_email(
    db: &impl ConnectionTrait,
    emails: &[String],
) -> Result<std::collections::HashMap<String, users::Model>, DbErr> {
    let mut found = std::collections::HashMap::new();
    for chunk in emails.chunks(500) {
        for user in users::Entity::find()
            .filter(users::Column::Email.is_in(chunk.iter().cloned()))
            .all(db)
            .await?
        {
            found.insert(user.email.clone(), user);
        }
    }
    Ok(found)
}

pub async fn create_orientation_session(
    db: &impl ConnectionTrait,
    year_id: i32,
    starts_at: DateTime<Utc>,
    duration_minutes: i32,
    place: &str,
    video_url: &str,
    capacity: i32,
) -> Result<(), DbErr> {
    orientation_sessions::ActiveModel {
        year_id: Set(year_id),
        starts_at: Set(starts_at),
        duration_minutes: Set(duration_minutes),
        place: Set(place.to_owned()),
        video_url: Set(video_url.to_owned()),
        capacity: Set(capacity),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub async fn orientation_sessions_of(
    db: &impl ConnectionTrait,
    year_id: i32,
) -> Result<Vec<(orientation_sessions::Model, Vec<orientation_rsvps::Model>)>, DbErr> {
    let sessions = orientation_sessions::Entity::find()
        .filter(orientation_sessions::Column::YearId.eq(year_id))
        .order_by_asc(orientation_sessions::Column::StartsAt)
        .all(db)
        .await?;
    let ids: Vec<i32> = sessions.iter().map(|s| s.id).collect();
    let rsvps = orientation_rsvps::Entity::find()
        .filter(orientation_rsvps::Column::SessionId.is_in(ids))
        .order_by_asc(orientation_rsvps::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(sessions
        .into_iter()
        .map(|session| {
            let mine = rsvps
                .iter()
                .filter(|r| r.session_id == session.id)
                .cloned()
                .collect();
            (session, mine)
        })
        .collect())
}

pub async fn find_orientation_session(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<orientation_sessions::Model>, DbErr> {
    orientation_sessions::Entity::find_by_id(id).one(db).await
}

pub enum Rsvp {
    Booked,
    Full,
}

/// Books a seat, moving any earlier booking of this person in the same year. The seat count and
/// the insert happen in one transaction holding the session row's lock (PostgreSQL) or SQLite's
/// single writer, and the insert itself only happens while seats remain, so two people racing for
/// the last seat cannot both get it.
pub async fn book_orientation(
    db: &(impl ConnectionTrait + TransactionTrait),
    session: &orientation_sessions::Model,
    user_id: i32,
) -> Result<Rsvp, DbErr> {
    let txn = crate::database::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        orientation_sessions::Entity::find_by_id(session.id)
            .lock(LockType::Update)
            .one(&txn)
            .await?;
    }
    let same_year: Vec<i32> = orientation_sessions::Entity::find()
        .filter(orientation_sessions::Column::YearId.eq(session.year_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    orientation_rsvps::Entity::delete_many()
        .filter(orientation_rsvps::Column::UserId.eq(user_id))
        .filter(orientation_rsvps::Column::SessionId.is_in(same_year))
        .exec(&txn)
        .await?;
    // INSERT … SELECT … WHERE (seats taken) < capacity: one statement, so the check and the write
    // cannot be split by another writer.
    let seats_taken = Query::select()
        .expr(Func::count(Expr::col(orientation_rsvps::Column::UserId)))
        .from(orientation_rsvps::Entity)
        .and_where(Expr::col(orientation_rsvps::Column::SessionId).eq(session.id))
        .to_owned();
    let insert = Query::insert()
        .into_table(orientation_rsvps::Entity)
        .columns([
            orientation_rsvps::Column::SessionId,
            orientation_rsvps::Column::UserId,
            orientation_rsvps::Column::Attended,
            orientation_rsvps::Column::CreatedAt,
        ])
        .select_from(
            Query::select()
                .exprs([
                    Expr::val(session.id),
                    Expr::val(user_id),
                    Expr::val(false),
                    Expr::val(Utc::now()),
                ])
                .and_where(Expr::SubQuery(None, Box::new(seats_taken.into())).lt(session.capacity))
                .to_owned(),
        )
        .map_err(|err| DbErr::Custom(err.to_string()))?
        .to_owned();
    let inserted = txn.execute(&insert).await?;
    if inserted.rows_affected() == 0 {
        txn.rollback().await?;
        return Ok(Rsvp::Full);
    }
    txn.commit().await?;
    Ok(Rsvp::Booked)
}

pub async fn cancel_orientation(
    db: &impl ConnectionTrait,
    session_id: i32,
    user_id: i32,
) -> Result<(), DbErr> {
    orientation_rsvps::Entity::delete_many()
        .filter(orientation_rsvps::Column::SessionId.eq(session_id))
        .filter(orientation_rsvps::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn mark_attendance(
    db: &impl ConnectionTrait,
    session_id: i32,
    user_id: i32,
    attended: bool,
) -> Result<bool, DbErr> {
    let updated = orientation_rsvps::Entity::update_many()
        .col_expr(orientation_rsvps::Column::Attended, Expr::value(attended))
        .filter(orientation_rsvps::Column::SessionId.eq(session_id))
        .filter(orientation_rsvps::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

pub async fn store_import(
    db: &impl ConnectionTrait,
    year_id: i32,
    uploaded_by: i32,
    file_name: &str,
    content: &str,
) -> Result<i32, DbErr> {
    let stored = imports::ActiveModel {
        year_id: Set(year_id),
        uploaded_by: Set(Some(uploaded_by)),
        file_name: Set(file_name.to_owned()),
        content: Set(content.to_owned()),
        created_at: Set(Utc::now()),
        committed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(stored.id)
}

pub async fn find_import(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<imports::Model>, DbErr> {
    imports::Entity::find_by_id(id).one(db).await
}

pub async fn mark_import_committed(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    imports::Entity::update_many()
        .col_expr(imports::Column::CommittedAt, Expr::value(Utc::now()))
        .filter(imports::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}
