//! Meetings as iCalendar: a file for one meeting, and each person's private feed of all their
//! meetings (a secret address they can renew or stop). Times carry the person's own time zone.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Where a flash keeps a new feed address until its owner's next page.
#[cfg(feature = "ssr")]
const NEW_FEED_KEY: &str = "calendar_feed_just_made";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarFeed {
    /// A feed address works now.
    pub active: bool,
    /// The address, shown once right after it is made (only its hash is kept).
    pub just_made: Option<String>,
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use icalendar::{Calendar, CalendarDateTime, Component, Event, EventLike, EventStatus};
    use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};

    use super::*;
    use crate::domain::choices::{MeetingMode, MeetingStatus};
    use crate::entities::{calendar_feeds, meetings, pairs, users};

    /// A calendar of these meetings (each with its summary), in `zone`.
    pub fn calendar(
        name: &str,
        items: &[(meetings::Model, String)],
        zone: chrono_tz::Tz,
    ) -> String {
        let mut calendar = Calendar::new();
        calendar.name(name);
        for (meeting, summary) in items {
            let local = |at: chrono::DateTime<chrono::Utc>| CalendarDateTime::WithTimezone {
                date_time: at.with_timezone(&zone).naive_local(),
                tzid: zone.name().to_owned(),
            };
            let ends =
                meeting.starts_at + chrono::Duration::minutes(i64::from(meeting.duration_minutes));
            let mode = MeetingMode::label(meeting.mode);
            let status = match meeting.status {
                MeetingStatus::Cancelled => EventStatus::Cancelled,
                MeetingStatus::Proposed => EventStatus::Tentative,
                _ => EventStatus::Confirmed,
            };
            calendar.push(
                Event::new()
                    .uid(&format!("meeting-{}@mentorship-hub", meeting.id))
                    .summary(summary)
                    .description(mode)
                    .location(&meeting.place)
                    .starts(local(meeting.starts_at))
                    .ends(local(ends))
                    .status(status)
                    .done(),
            );
        }
        calendar.done().to_string()
    }

    /// The pairs `user_id` belongs to (ongoing or ended).
    async fn pairs_of(
        db: &DatabaseConnection,
        user_id: i32,
    ) -> Result<Vec<pairs::Model>, AppError> {
        Ok(pairs::Entity::find()
            .filter(
                Condition::any()
                    .add(pairs::Column::MenteeId.eq(user_id))
                    .add(pairs::Column::MentorId.eq(user_id)),
            )
            .all(db)
            .await?)
    }

    async fn summary(
        db: &DatabaseConnection,
        pair: &pairs::Model,
        user_id: i32,
    ) -> Result<String, AppError> {
        let partner = if pair.mentee_id == user_id {
            pair.mentor_id
        } else {
            pair.mentee_id
        };
        let name = crate::auth::db::display_name(db, partner).await?;
        Ok(format!("Mentorship meeting with {name}"))
    }

    /// One meeting as a calendar file, for a member of its pair; `None` for anyone else.
    pub async fn meeting_file(
        db: &DatabaseConnection,
        user: &users::Model,
        meeting_id: i32,
    ) -> Result<Option<String>, AppError> {
        let Some(meeting) = super::super::db::find_meeting(db, meeting_id).await? else {
            return Ok(None);
        };
        let Some(pair) = pairs_of(db, user.id)
            .await?
            .into_iter()
            .find(|p| p.id == meeting.pair_id)
        else {
            return Ok(None);
        };
        let zone = super::super::meetings::ssr::zone_in(db, user.id).await?;
        let summary = summary(db, &pair, user.id).await?;
        Ok(Some(calendar(
            "Mentorship meeting",
            &[(meeting, summary)],
            zone,
        )))
    }

    /// Everyone's meetings of the person whose feed address this is; `None` for an unknown or
    /// stopped address, or one of a disabled account.
    pub async fn feed(db: &DatabaseConnection, token: &str) -> Result<Option<String>, AppError> {
        let hash = crate::auth::ssr::token_hash(token);
        let Some(feed) = calendar_feeds::Entity::find()
            .filter(calendar_feeds::Column::TokenHash.eq(hash))
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let owner = crate::auth::db::find_user(db, feed.user_id).await?;
        if owner.is_none_or(|owner| owner.disabled_at.is_some()) {
            return Ok(None);
        }
        let zone = super::super::meetings::ssr::zone_in(db, feed.user_id).await?;
        let mut items = Vec::new();
        for pair in pairs_of(db, feed.user_id).await? {
            let summary = summary(db, &pair, feed.user_id).await?;
            for meeting in super::super::db::meetings_of(db, pair.id).await? {
                items.push((meeting, summary.clone()));
            }
        }
        Ok(Some(calendar("Mentorship meetings", &items, zone)))
    }
}

/// Whether the signed-in person has a feed address, and the address itself right after making it.
#[server(endpoint = "calendar_feed")]
pub async fn get_calendar_feed() -> Result<CalendarFeed, AppError> {
    use sea_orm::EntityTrait;
    let user = crate::auth::ssr::require_user().await?;
    let active = crate::entities::calendar_feeds::Entity::find_by_id(user.id)
        .one(&crate::context::db()?)
        .await?
        .is_some();
    Ok(CalendarFeed {
        active,
        just_made: crate::auth::ssr::take_flash::<String>(NEW_FEED_KEY).await?,
    })
}

/// Makes a new secret feed address (the old one stops working) and shows it once.
#[server(endpoint = "reset_calendar_feed")]
pub async fn reset_calendar_feed(#[server(default)] back_to: String) -> Result<(), AppError> {
    use crate::entities::calendar_feeds;
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let (token, hash) = crate::auth::ssr::new_token();
    let txn = crate::database::begin_write(&db).await?;
    calendar_feeds::Entity::delete_by_id(user.id)
        .exec(&txn)
        .await?;
    calendar_feeds::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(hash),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    let site = crate::context::app_state()?.config.site_url.clone();
    crate::auth::ssr::put_flash(NEW_FEED_KEY, &format!("{site}/calendar/{token}.ics")).await?;
    leptos_axum::redirect(safe_return(&back_to));
    Ok(())
}

/// Stops the feed address.
#[server(endpoint = "stop_calendar_feed")]
pub async fn stop_calendar_feed(#[server(default)] back_to: String) -> Result<(), AppError> {
    use sea_orm::EntityTrait;
    let user = crate::auth::ssr::require_user().await?;
    crate::entities::calendar_feeds::Entity::delete_by_id(user.id)
        .exec(&crate::context::db()?)
        .await?;
    leptos_axum::redirect(safe_return(&back_to));
    Ok(())
}

/// Back to the page the form was on (a local path only), or the pairs list.
#[cfg(feature = "ssr")]
fn safe_return(path: &str) -> &str {
    if path.starts_with("/pairs/") && !path.contains("//") {
        path
    } else {
        "/pairs"
    }
}
