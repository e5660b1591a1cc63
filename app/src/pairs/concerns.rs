//! What a member tells the organizers and the partner never sees: concerns about the match (a
//! queue for organizers with internal notes and a reply to the reporter) and quarterly check-ins.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::ConcernStatus;
use crate::error::AppError;

crate::domain::choices::choices!(
    /// What the organizers' concerns queue just did, for its message.
    ConcernsDone {
        Handled = "handled": "The concern was updated.",
    }
);

/// A concern as its reporter sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyConcern {
    pub id: i32,
    pub body: String,
    pub status: ConcernStatus,
    pub reply: String,
    pub raised_on: chrono::NaiveDate,
}

/// A concern in the organizers' queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedConcern {
    pub id: i32,
    pub pair_id: i32,
    /// "Mentee name and mentor name".
    pub pair: String,
    /// Whether the pair is still active (it can then be ended from the queue).
    pub pair_active: bool,
    pub reporter: String,
    pub body: String,
    pub status: ConcernStatus,
    pub reply: String,
    pub raised_on: chrono::NaiveDate,
    pub days_open: i64,
    /// (author, note, written on): internal, never shown to participants.
    pub notes: Vec<(String, String, chrono::NaiveDate)>,
}

/// A check-in answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkin {
    pub who: String,
    /// The quarter's name, as people read it ("Fall").
    pub quarter: String,
    pub rating: i32,
    pub met: bool,
    pub message: String,
    pub answered_on: chrono::NaiveDate,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;

    pub fn mine(c: crate::entities::concerns::Model) -> MyConcern {
        MyConcern {
            id: c.id,
            status: c.status,
            raised_on: c.created_at.date_naive(),
            body: c.body,
            reply: c.reply,
        }
    }

    /// The current quarter's code ("fall", …) and name, if the year is in one today.
    pub fn current_quarter(
        year: &crate::program::year::ProgramYear,
    ) -> Option<crate::domain::quarters::QuarterName> {
        year.calendar
            .quarter_on(crate::context::program_today())
            .map(|quarter| quarter.name)
    }
}

/// A member's concerns about this pair (their own only).
#[cfg(feature = "ssr")]
pub(crate) async fn my_concerns(pair_id: i32, user_id: i32) -> Result<Vec<MyConcern>, AppError> {
    use crate::entities::concerns;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    Ok(concerns::Entity::find()
        .filter(concerns::Column::PairId.eq(pair_id))
        .filter(concerns::Column::ReporterId.eq(user_id))
        .order_by_desc(concerns::Column::Id)
        .all(&crate::context::db()?)
        .await?
        .into_iter()
        .map(ssr::mine)
        .collect())
}

/// The pair's check-ins: `only_of` one person's, or everyone's (for organizers).
#[cfg(feature = "ssr")]
pub(crate) async fn checkins_of(
    pair_id: i32,
    only_of: Option<i32>,
) -> Result<Vec<Checkin>, AppError> {
    use crate::entities::checkins;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let db = crate::context::db()?;
    let mut query = checkins::Entity::find().filter(checkins::Column::PairId.eq(pair_id));
    if let Some(user_id) = only_of {
        query = query.filter(checkins::Column::UserId.eq(user_id));
    }
    let mut answers = Vec::new();
    for c in query.order_by_asc(checkins::Column::Id).all(&db).await? {
        answers.push(Checkin {
            who: crate::auth::db::display_name(&db, c.user_id).await?,
            quarter: c.quarter.label().to_owned(),
            rating: c.rating,
            met: c.met,
            message: c.message,
            answered_on: c.created_at.date_naive(),
        });
    }
    Ok(answers)
}

/// A member tells the organizers about a problem with their match. Confidential: the partner
/// never sees it. Possible even after the pair has ended.
#[server(endpoint = "raise_concern")]
pub async fn raise_concern(pair_id: i32, body: String) -> Result<(), AppError> {
    use sea_orm::{ActiveModelTrait, Set};
    let (user, pair, viewer) = super::access::open_pair(pair_id).await?;
    if viewer == super::access::Viewer::Organizer {
        return Err(AppError::Forbidden);
    }
    let body = super::access::long_text(&body, Some("what is wrong"))
        .map_err(|message| AppError::field("body", message))?;
    let now = chrono::Utc::now();
    crate::entities::concerns::ActiveModel {
        pair_id: Set(pair.id),
        reporter_id: Set(user.id),
        body: Set(body),
        status: Set(ConcernStatus::New),
        reply: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&crate::context::db()?)
    .await?;
    super::access::back_to(pair.id, super::access::PairDone::Concern);
    Ok(())
}

/// The organizers' queue: open concerns first, oldest first.
#[server(endpoint = "concerns_queue")]
pub async fn get_concerns_queue() -> Result<Vec<QueuedConcern>, AppError> {
    use crate::entities::{concern_notes, concerns};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let name = |id: i32| crate::auth::db::display_name(&db, id);
    let today = crate::context::program_today();
    let mut queue = Vec::new();
    for c in concerns::Entity::find()
        .order_by_asc(concerns::Column::Id)
        .all(&db)
        .await?
    {
        let Some(pair) = crate::matching::db::find_pair(&db, c.pair_id).await? else {
            continue;
        };
        let mut notes = Vec::new();
        for note in concern_notes::Entity::find()
            .filter(concern_notes::Column::ConcernId.eq(c.id))
            .order_by_asc(concern_notes::Column::Id)
            .all(&db)
            .await?
        {
            notes.push((
                name(note.author_id).await?,
                note.body,
                note.created_at.date_naive(),
            ));
        }
        let raised_on = c.created_at.date_naive();
        queue.push(QueuedConcern {
            id: c.id,
            pair_id: pair.id,
            pair: format!(
                "{} and {}",
                name(pair.mentee_id).await?,
                name(pair.mentor_id).await?
            ),
            pair_active: pair.ended_on.is_none(),
            reporter: name(c.reporter_id).await?,
            status: c.status,
            days_open: (today - raised_on).num_days(),
            raised_on,
            body: c.body,
            reply: c.reply,
            notes,
        });
    }
    queue.sort_by_key(|c| (c.status == ConcernStatus::Resolved, c.id));
    Ok(queue)
}

/// An organizer moves a concern along, adds an internal note and/or replies to the reporter.
#[server(endpoint = "handle_concern")]
pub async fn handle_concern(
    concern_id: i32,
    status: String,
    #[server(default)] note: String,
    #[server(default)] reply: String,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let status = ConcernStatus::from_code(&status)
        .ok_or_else(|| AppError::field("status", "Choose new, in progress or resolved."))?;
    let long = |field: &str, value: &str| {
        super::access::long_text(value, None).map_err(|message| AppError::field(field, message))
    };
    let (note, reply) = (long("note", &note)?, long("reply", &reply)?);
    super::service::handle_concern(
        &crate::context::db()?,
        &organizer,
        concern_id,
        status,
        note,
        reply,
    )
    .await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/concerns",
        ConcernsDone::Handled,
    ));
    Ok(())
}

/// A member answers this quarter's check-in (again, to change it).
#[server(endpoint = "submit_checkin")]
pub async fn submit_checkin(
    pair_id: i32,
    rating: String,
    #[server(default)] met: String,
    #[server(default)] message: String,
) -> Result<(), AppError> {
    use crate::entities::checkins;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let (user, pair) = super::access::change_pair(pair_id, None).await?;
    let year = crate::program::year::load_year(pair.year_id).await?;
    let quarter = ssr::current_quarter(&year).ok_or_else(|| {
        AppError::Refused(
            "Check-ins open during each quarter; there is none under way today.".into(),
        )
    })?;
    let rating = crate::domain::profile::number_in(&rating, 1..=5, "how it is going, from 1 to 5")
        .map_err(|message| AppError::field("rating", message))?;
    let message = super::access::long_text(&message, None)
        .map_err(|message| AppError::field("message", message))?;
    let db = crate::database::begin_write(&crate::context::db()?).await?;
    checkins::Entity::delete_many()
        .filter(checkins::Column::PairId.eq(pair.id))
        .filter(checkins::Column::UserId.eq(user.id))
        .filter(checkins::Column::Quarter.eq(quarter))
        .exec(&db)
        .await?;
    checkins::ActiveModel {
        pair_id: Set(pair.id),
        user_id: Set(user.id),
        quarter: Set(quarter),
        rating: Set(rating),
        met: Set(!met.is_empty()),
        message: Set(message),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&db)
    .await?;
    db.commit().await?;
    super::access::back_to(pair.id, super::access::PairDone::Checkin);
    Ok(())
}
