//! Per-address limits on requests that cost a password hash or send an email: signing up,
//! accepting an invitation, asking for and using a reset link, verifying an address. Counted in
//! the database (`request_limits`), so the limits hold across several server instances; the
//! address is the client's as the server worked it out (`context::client_address`, which
//! believes `X-Forwarded-For` only from the deployment's trusted proxies).

use crate::context::{self, SiteConfig};
use crate::domain::choices::LimitedAction;
use crate::error::AppError;

/// Limits are counted over this window.
pub const WINDOW_SECONDS: i64 = 60 * 60;

/// How many of `action` one address may make per [`WINDOW_SECONDS`].
pub fn per_window(action: LimitedAction, site: &SiteConfig) -> u32 {
    match action {
        LimitedAction::SignUp | LimitedAction::AcceptInvitation => {
            site.accounts_per_address_per_hour
        }
        LimitedAction::ResetRequest
        | LimitedAction::ResetCompletion
        | LimitedAction::EmailVerification => 10,
    }
}

/// Counts this request against its address's limit for `action`, or refuses it with how long to
/// wait (429). The first line of a limited server function, before it hashes or sends anything:
/// of requests arriving together, no more than the limit get past it.
pub async fn limit(action: LimitedAction) -> Result<(), AppError> {
    let state = context::app_state()?;
    let address = context::client_address();
    let now = chrono::Utc::now().timestamp();
    let place = super::db::take_request_place(
        &state.db,
        action,
        &address,
        per_window(action, &state.config),
        now,
        WINDOW_SECONDS,
    )
    .await?;
    match place {
        super::db::Place::Taken => Ok(()),
        super::db::Place::Full { frees_at } => {
            tracing::warn!(%address, action = %action, "request refused: over its limit");
            Err(AppError::Throttled {
                retry_after_seconds: seconds_until(now, frees_at),
            })
        }
    }
}

/// Whole seconds from `now` to `then`, at least one.
pub fn seconds_until(now: i64, then: i64) -> u32 {
    u32::try_from((then - now).max(1)).unwrap_or(u32::MAX)
}
