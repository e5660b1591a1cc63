//! Messages to groups: an organizer writes an announcement to a year's participants, its mentors,
//! its mentees, those without a match, or the pairs that have not met this quarter; previews it
//! (who gets it, and the email as they will read it), then queues it. The groups are the
//! dashboard's own figures, so "pairs that have not met" means the same thing on both pages.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

crate::domain::choices::choices!(
    /// The announcement form's two buttons.
    AnnounceIntent {
        Preview = "preview": "Preview",
        Queue = "queue": "Send",
    }
);

crate::domain::choices::choices!(
    /// What the announcements page just did.
    AnnouncementsDone {
        Queued = "queued": "The announcement was queued.",
    }
);

/// The longest announcement, in characters.
pub const BODY_MAX_CHARS: usize = 10_000;
/// Names shown in a preview.
#[cfg(feature = "ssr")]
const SAMPLE: usize = 12;

crate::domain::choices::choices!(
    /// Who an announcement goes to.
    Audience {
        Everyone = "everyone": "Every approved participant",
        Mentors = "mentors": "Approved mentors",
        Mentees = "mentees": "Approved mentees",
        Unmatched = "unmatched": "Approved participants without a match",
        PairsNotMet = "not_met": "Both members of pairs with no meeting this quarter",
    }
);

/// An announcement as previewed: what was written and who would get it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementPreview {
    pub year_label: String,
    pub audience: Audience,
    pub subject: String,
    pub body: String,
    pub recipients: u64,
    /// A few of their names, alphabetical.
    pub sample: Vec<String>,
    /// The email as the first of them reads it.
    pub example: String,
}

/// What the page shows: the last preview (kept until it is queued), or the last queued count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementState {
    pub preview: Option<AnnouncementPreview>,
    /// (how many were queued, how many had turned announcements off), after queueing.
    pub queued: Option<(u64, u64)>,
}

#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::BTreeSet;

    use super::*;
    use crate::dashboard::figures::lists::{Scope, people_behind};
    use crate::dashboard::figures::{DashboardFilter, Figure, Stage};
    use crate::domain::choices::Role;

    pub const PREVIEW_KEY: &str = "announcement_preview";
    pub const QUEUED_KEY: &str = "announcement_queued";

    /// The user ids an audience reaches in the year.
    pub async fn recipients(
        db: &impl sea_orm::ConnectionTrait,
        year: &crate::program::year::ProgramYear,
        audience: Audience,
    ) -> Result<BTreeSet<i32>, sea_orm::DbErr> {
        let scope = Scope {
            year_id: year.id,
            calendar: &year.calendar,
            filter: DashboardFilter::default(),
            today: crate::context::program_today(),
            now: chrono::Utc::now(),
        };
        let of = async |figure| -> Result<BTreeSet<i32>, sea_orm::DbErr> {
            Ok(people_behind(db, &scope, figure)
                .await?
                .into_iter()
                .collect())
        };
        let approved = |role| Figure::Enrolled(role, Stage::Approved);
        Ok(match audience {
            Audience::Mentors => of(approved(Role::Mentor)).await?,
            Audience::Mentees => of(approved(Role::Mentee)).await?,
            Audience::Everyone => {
                let mut all = of(approved(Role::Mentor)).await?;
                all.extend(of(approved(Role::Mentee)).await?);
                all
            }
            Audience::Unmatched => {
                let mut all = of(Figure::UnmatchedMentees).await?;
                let matched = of(Figure::Enrolled(Role::Mentor, Stage::Matched)).await?;
                all.extend(of(approved(Role::Mentor)).await?.difference(&matched));
                all
            }
            Audience::PairsNotMet => of(Figure::NoMeetingFor { quarters: 1 }).await?,
        })
    }
}

/// Checks the announcement; every problem names its field.
#[cfg(feature = "ssr")]
fn checked(
    audience: &str,
    subject: &str,
    body: &str,
) -> Result<(Audience, String, String), AppError> {
    use crate::error::Checked;
    (
        (
            "audience",
            Audience::from_code(audience).ok_or_else(|| "Choose who gets it.".to_owned()),
        ),
        (
            "subject",
            crate::domain::profile::text(subject, 200, Some("a subject")),
        ),
        (
            "body",
            crate::domain::profile::text(body, BODY_MAX_CHARS, Some("the message")),
        ),
    )
        .checked()
}

/// Previews or queues (`intent`, an [`AnnounceIntent`]) an announcement to the current
/// year. Queueing needs a preview of exactly this text and audience first.
#[server(endpoint = "announce")]
pub async fn announce(
    #[server(default)] audience: String,
    #[server(default)] subject: String,
    #[server(default)] body: String,
    #[server(default)] intent: String,
) -> Result<(), AppError> {
    use crate::auth::ssr::{put_flash, take_flash};
    let organizer = crate::auth::ssr::require_organizer().await?;
    let kept = [("subject", subject.as_str()), ("body", body.as_str())];
    let (audience, subject, body) =
        checked(&audience, &subject, &body).map_err(|err| err.keeping(kept))?;
    let year = crate::dashboard::figures::api::year_or_current(None).await?;
    crate::program::year::ensure_open(&year)?;
    let db = crate::context::db()?;
    let people = ssr::recipients(&db, &year, audience).await?;
    let users = crate::auth::db::users_by_id(&db, people.iter().copied()).await?;
    let mut names: Vec<String> = users.iter().map(|user| user.display_name.clone()).collect();
    names.sort_by_key(|name| name.to_lowercase());
    if AnnounceIntent::from_code(&intent) != Some(AnnounceIntent::Queue) {
        let preview = AnnouncementPreview {
            year_label: year.label.clone(),
            audience,
            example: crate::outbox::emails::announcement(
                names.first().map_or("…", String::as_str),
                &subject,
                &body,
            )
            .body,
            subject,
            body,
            recipients: users.len() as u64,
            sample: names.into_iter().take(SAMPLE).collect(),
        };
        put_flash(ssr::PREVIEW_KEY, &preview).await?;
        leptos_axum::redirect("/program/announcements");
        return Ok(());
    }
    let previewed: Option<AnnouncementPreview> = take_flash(ssr::PREVIEW_KEY).await?;
    let unchanged = previewed.as_ref().is_some_and(|preview| {
        (
            preview.audience,
            preview.subject.as_str(),
            preview.body.as_str(),
        ) == (audience, subject.as_str(), body.as_str())
    });
    if !unchanged {
        if let Some(previewed) = previewed {
            put_flash(ssr::PREVIEW_KEY, &previewed).await?;
        }
        return Err(AppError::Refused(
            "The announcement changed since its preview: preview it again before sending.".into(),
        )
        .keeping(kept));
    }
    let queued = super::service::queue_announcement(
        &db,
        &organizer,
        &users,
        audience.label(),
        &crate::outbox::emails::Letter { subject, body },
    )
    .await?;
    let skipped = users.len() as u64 - queued;
    put_flash(ssr::QUEUED_KEY, &(queued, skipped)).await?;
    tracing::info!(
        organizer_id = organizer.id,
        queued,
        skipped,
        "announcement queued"
    );
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/announcements",
        AnnouncementsDone::Queued,
    ));
    Ok(())
}

/// The announcement page's state: the preview waiting to be queued, or what was just queued.
#[server(endpoint = "announcement_state")]
pub async fn get_announcement_state() -> Result<AnnouncementState, AppError> {
    use crate::auth::ssr::take_flash;
    crate::auth::ssr::require_organizer().await?;
    let preview: Option<AnnouncementPreview> = take_flash(ssr::PREVIEW_KEY).await?;
    if let Some(preview) = &preview {
        // Kept for the queue step, which checks the text against it.
        crate::auth::ssr::put_flash(ssr::PREVIEW_KEY, preview).await?;
    }
    Ok(AnnouncementState {
        preview,
        queued: take_flash(ssr::QUEUED_KEY).await?,
    })
}
