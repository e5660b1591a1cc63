//! Server functions for the outbox page, email preferences and unsubscribe links.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::EmailKind;
use crate::error::AppError;

/// The name of the site secret that signs unsubscribe links.
pub const UNSUBSCRIBE_SECRET: &str = "unsubscribe";
/// Messages per page of the outbox.
pub const OUTBOX_PER_PAGE: u64 = 50;

crate::domain::choices::choices!(
    /// What following an unsubscribe link did.
    UnsubscribeDone {
        Unsubscribed = "unsubscribed": "You are unsubscribed.",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxRow {
    pub id: i32,
    pub to: String,
    pub subject: String,
    pub kind: Option<EmailKind>,
    /// "2026-11-27 18:05 UTC".
    pub queued_at: String,
    /// Where it stands, in words.
    pub status: String,
    pub attempts: i32,
    /// None when it holds a secret link.
    pub body: Option<String>,
    pub can_send_again: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxPage {
    /// Whether SMTP delivery is configured.
    pub delivering: bool,
    pub rows: Vec<OutboxRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// A message claimed this long ago and still not sent was interrupted (its server stopped).
#[cfg(feature = "ssr")]
fn interrupted_before(now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    now - chrono::Duration::minutes(10)
}

#[cfg(feature = "ssr")]
fn status_of(
    email: &crate::entities::outbox::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> (String, bool) {
    let at = |when: chrono::DateTime<chrono::Utc>| when.format("%Y-%m-%d %H:%M UTC").to_string();
    match (email.sent_at, email.failed_at, email.claimed_at) {
        (Some(sent), _, _) => (format!("Sent {}", at(sent)), false),
        (None, Some(_), _) => (format!("Not sent. {}", email.last_error), true),
        (None, None, Some(_)) if !email.last_error.is_empty() => (email.last_error.clone(), true),
        (None, None, Some(claimed)) if claimed < interrupted_before(now) => (
            "May not have arrived: its delivery was interrupted.".to_owned(),
            true,
        ),
        (None, None, Some(_)) => ("Sending".to_owned(), false),
        (None, None, None) => match email.next_attempt_at {
            Some(next) => (
                format!("Waiting to try again at {}. {}", at(next), email.last_error),
                false,
            ),
            None => ("Waiting".to_owned(), false),
        },
    }
}

/// The outbox for organizers: `status` "waiting", "sent", "attention" or empty for all.
#[server(endpoint = "outbox")]
pub async fn get_outbox(
    #[server(default)] status: String,
    #[server(default)] page: u64,
) -> Result<OutboxPage, AppError> {
    use crate::outbox::db::Standing;
    crate::auth::ssr::require_organizer().await?;
    let state = crate::context::app_state()?;
    let standing = match status.as_str() {
        "waiting" => Some(Standing::Waiting),
        "sent" => Some(Standing::Sent),
        "attention" => Some(Standing::NeedsAttention),
        _ => None,
    };
    let page = page.max(1);
    let now = chrono::Utc::now();
    let (rows, total) = crate::outbox::db::page_of(
        &state.db,
        standing,
        interrupted_before(now),
        page,
        OUTBOX_PER_PAGE,
    )
    .await?;
    Ok(OutboxPage {
        delivering: state.config.email_delivery,
        rows: rows
            .into_iter()
            .map(|email| {
                let (status, can_send_again) = status_of(&email, now);
                OutboxRow {
                    id: email.id,
                    to: email.recipient,
                    subject: email.subject,
                    kind: Some(email.kind),
                    queued_at: email.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                    status,
                    attempts: email.attempts,
                    body: (!email.sensitive).then_some(email.body),
                    can_send_again,
                }
            })
            .collect(),
        total,
        page,
        pages: total.div_ceil(OUTBOX_PER_PAGE).max(1),
    })
}

/// Sends an unsent message again (after a failure, or when it may not have arrived).
#[server(endpoint = "send_again")]
pub async fn send_again(id: i32) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    if !crate::outbox::db::send_again(&crate::context::db()?, id).await? {
        return Err(AppError::NotFound);
    }
    tracing::info!(
        organizer_id = organizer.id,
        outbox_id = id,
        "email queued again"
    );
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailChoice {
    pub kind: EmailKind,
    pub on: bool,
}

/// Which kinds of email the signed-in person gets (the ones they can turn off).
#[server(endpoint = "email_preferences")]
pub async fn get_email_preferences() -> Result<Vec<EmailChoice>, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let off = crate::outbox::db::opted_out(&crate::context::db()?, user.id).await?;
    Ok(EmailKind::ALL
        .iter()
        .filter(|kind| kind.optional())
        .map(|kind| EmailChoice {
            kind: *kind,
            on: !off.contains(kind),
        })
        .collect())
}

/// Saves which kinds of email the signed-in person gets: `on` lists the kinds left on.
#[server(endpoint = "save_email_preferences")]
pub async fn save_email_preferences(#[server(default)] on: Vec<String>) -> Result<(), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    if on.len() > EmailKind::ALL.len() {
        return Err(AppError::field("on", "Choose among the kinds listed."));
    }
    let db = crate::context::db()?;
    let txn = crate::database::begin_write(&db).await?;
    for kind in EmailKind::ALL.iter().filter(|kind| kind.optional()) {
        let keep = on.iter().any(|code| code == kind.code());
        crate::outbox::db::set_opted_out(&txn, user.id, *kind, !keep).await?;
    }
    txn.commit().await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/account",
        crate::auth::api::AccountDone::Emails,
    ));
    Ok(())
}

/// What an unsubscribe link stops, if it is valid: (whose name, which kind).
#[server(endpoint = "unsubscribe_details")]
pub async fn unsubscribe_details(token: String) -> Result<Option<(String, EmailKind)>, AppError> {
    let db = crate::context::db()?;
    let key = crate::outbox::db::secret(&db, UNSUBSCRIBE_SECRET).await?;
    let Some((user_id, kind)) = crate::outbox::unsubscribe::verify(&key, &token) else {
        return Ok(None);
    };
    Ok(crate::auth::db::find_user(&db, user_id)
        .await?
        .map(|user| (user.display_name, kind)))
}

/// Stops one kind of email for the person a signed link names; no sign-in needed.
#[server(endpoint = "unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<(), AppError> {
    let db = crate::context::db()?;
    let key = crate::outbox::db::secret(&db, UNSUBSCRIBE_SECRET).await?;
    let (user_id, kind) = crate::outbox::unsubscribe::verify(&key, &token)
        .ok_or_else(|| AppError::Refused("This unsubscribe link is not valid.".into()))?;
    if crate::auth::db::find_user(&db, user_id).await?.is_none() {
        return Err(AppError::Refused(
            "This unsubscribe link is not valid.".into(),
        ));
    }
    crate::outbox::db::set_opted_out(&db, user_id, kind, true).await?;
    tracing::info!(user_id, kind = kind.code(), "unsubscribed by link");
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/unsubscribe/{token}"),
        UnsubscribeDone::Unsubscribed,
    ));
    Ok(())
}
