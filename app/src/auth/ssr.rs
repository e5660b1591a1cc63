//! Who is asking: session helpers, permission checks and password hashing (server only).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use std::sync::LazyLock;
use tower_sessions::Session;

use super::db;
use crate::context::{self, internal_error};
use crate::entities::users;
use crate::error::AppError;

pub const USER_ID_KEY: &str = "user_id";
const SIGNED_IN_AT_KEY: &str = "signed_in_at";
const LAST_SEEN_KEY: &str = "last_seen";
/// Set when the sign-in used a second factor (a campus sign-on that asserted one).
const SECOND_FACTOR_KEY: &str = "second_factor";

/// A session unused for this long expires (the cookie and the stored row alike).
pub const IDLE_LIFETIME: time::Duration = time::Duration::days(2);
/// However active, a session ends this long after sign-in.
pub const ABSOLUTE_LIFETIME: time::Duration = time::Duration::days(14);
/// The store only renews a session's expiry when the session changes; recording the last visit
/// at most this often keeps an active session alive without a database write on every request.
const TOUCH_INTERVAL: time::Duration = time::Duration::hours(1);

/// The request's session.
pub(crate) fn session() -> Result<Session, AppError> {
    leptos::prelude::use_context::<Session>().ok_or_else(|| internal_error("session layer missing"))
}

/// The signed-in person, if any. Ends the session if it outlived its absolute lifetime or the
/// account was disabled since.
pub async fn current_user() -> Result<Option<users::Model>, AppError> {
    user_of_session(&session()?, &context::db()?).await
}

/// The person signed in with `session`, as [`current_user`] finds them; for handlers outside
/// Leptos (calendar downloads) that have the session and the database but no Leptos context.
pub async fn user_of_session(
    session: &Session,
    db: &sea_orm::DatabaseConnection,
) -> Result<Option<users::Model>, AppError> {
    let Some(user_id) = session.get::<i32>(USER_ID_KEY).await? else {
        return Ok(None);
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let signed_in_at = session.get::<i64>(SIGNED_IN_AT_KEY).await?.unwrap_or(0);
    if now - signed_in_at > ABSOLUTE_LIFETIME.whole_seconds() {
        session.flush().await?;
        return Ok(None);
    }
    let last_seen = session
        .get::<i64>(LAST_SEEN_KEY)
        .await?
        .unwrap_or(signed_in_at);
    if now - last_seen > TOUCH_INTERVAL.whole_seconds() {
        session.insert(LAST_SEEN_KEY, now).await?;
    }
    let user = db::find_user(db, user_id).await?;
    match user {
        Some(user) if user.disabled_at.is_none() => Ok(Some(user)),
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

pub async fn require_user() -> Result<users::Model, AppError> {
    current_user().await?.ok_or(AppError::Unauthenticated)
}

pub async fn require_organizer() -> Result<users::Model, AppError> {
    let user = require_user().await?;
    if user.is_organizer {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Signs `user_id` in under a fresh session id, so an id planted before sign-in is worthless after.
pub async fn start_session(user_id: i32) -> Result<(), AppError> {
    start_session_in(&session()?, user_id, false).await
}

/// [`start_session`] on `session`, for handlers outside Leptos (single sign-on's callback);
/// `second_factor` records that the sign-in used one.
pub async fn start_session_in(
    session: &Session,
    user_id: i32,
    second_factor: bool,
) -> Result<(), AppError> {
    session.cycle_id().await?;
    session.insert(SECOND_FACTOR_KEY, second_factor).await?;
    session.insert(USER_ID_KEY, user_id).await?;
    session
        .insert(
            SIGNED_IN_AT_KEY,
            time::OffsetDateTime::now_utc().unix_timestamp(),
        )
        .await?;
    Ok(())
}

/// Keeps a value for this person's next page only (a link shown once, say), in their session.
pub async fn put_flash<T: serde::Serialize>(key: &str, value: &T) -> Result<(), AppError> {
    session()?.insert(key, value).await?;
    Ok(())
}

/// Reads what [`put_flash`] kept, leaving it there.
pub async fn peek_flash<T: serde::de::DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    Ok(session()?.get::<T>(key).await?)
}

/// Takes what [`put_flash`] kept, so it is shown once.
pub async fn take_flash<T: serde::de::DeserializeOwned>(key: &str) -> Result<Option<T>, AppError> {
    Ok(session()?.remove::<T>(key).await?)
}

/// Deletes the session from the store and expires the cookie.
pub async fn end_session() -> Result<(), AppError> {
    session()?.flush().await?;
    Ok(())
}

/// The id of the current session, to keep it when ending someone's other sessions.
pub fn current_session_id() -> Result<Option<String>, AppError> {
    Ok(session()?.id().map(|id| id.to_string()))
}

/// Hashes with Argon2id at OWASP's recommended parameters (m = 19 MiB, t = 2, p = 1), off the
/// async threads since it deliberately takes tens of milliseconds, and at most
/// [`hashing_slots`] at a time.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    argon2_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|err| err.to_string())
    })
    .await?
    .map_err(internal_error)
}

/// A hash of a random password, checked when no account matches so that a wrong email takes as
/// long as a wrong password and timing does not reveal which addresses have accounts.
static DECOY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(uuid::Uuid::new_v4().as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

/// Whether `password` matches `stored_hash`; with `None`, checks against a decoy and says no.
pub async fn verify_password(
    password: String,
    stored_hash: Option<String>,
) -> Result<bool, AppError> {
    argon2_blocking(move || {
        let is_real = stored_hash.is_some();
        let hash = stored_hash.unwrap_or_else(|| DECOY_HASH.clone());
        let matches = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        is_real && matches
    })
    .await
}

/// How many password hashes may be computed at once: one per core. Each takes 19 MiB for tens of
/// milliseconds; without a cap, a burst of sign-ups or sign-ins would take memory without bound
/// (a thousand at once, 19 GB) instead of waiting its turn.
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get)
}

static HASHING: LazyLock<tokio::sync::Semaphore> =
    LazyLock::new(|| tokio::sync::Semaphore::new(hashing_slots()));

/// Runs `work` (a password hash or check) on the blocking threads once one of the
/// [`hashing_slots`] is free.
pub async fn argon2_blocking<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _slot = HASHING.acquire().await.map_err(internal_error)?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(internal_error)
}

/// A random token for a link, and the hash that is stored instead of it.
pub fn new_token() -> (String, String) {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let hash = token_hash(&token);
    (token, hash)
}

/// The SHA-256 of a link's token, as stored (hex).
pub fn token_hash(token: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
