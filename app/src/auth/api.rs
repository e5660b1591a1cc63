//! Server functions for accounts. Each one: who is asking → may they → query → DTO.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Checked;

crate::domain::choices::choices!(
    /// What the account page's forms just did, for their messages.
    AccountDone {
        Password = "password": "Your password was changed. Other devices were signed out.",
        Emails = "emails": "Your email choices are saved.",
    }
);

crate::domain::choices::choices!(
    /// What the forgotten-password page just did.
    ResetDone {
        Sent = "sent": "If an account uses that address, a link to set a new password is on its way to it. The link works once, for an hour; check your spam folder if it does not arrive.",
    }
);

/// The signed-in person as pages see them: no password hash, ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub is_organizer: bool,
}

/// A row of the organizers' people list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i32,
    pub display_name: String,
    pub email: String,
    pub is_organizer: bool,
    pub joined_on: String,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
}

#[cfg(feature = "ssr")]
mod convert {
    use super::{CurrentUser, Person};
    use crate::entities::users;

    impl From<users::Model> for CurrentUser {
        fn from(user: users::Model) -> Self {
            Self {
                id: user.id,
                display_name: user.display_name,
                email: user.email,
                is_organizer: user.is_organizer,
            }
        }
    }

    impl From<users::Model> for Person {
        fn from(user: users::Model) -> Self {
            Self {
                id: user.id,
                joined_on: user.created_at.format("%Y-%m-%d").to_string(),
                display_name: user.display_name,
                email: user.email,
                is_organizer: user.is_organizer,
                disabled: user.disabled_at.is_some(),
            }
        }
    }
}

/// Failed sign-ins from one address are counted over this window.
#[cfg(feature = "ssr")]
const ADDRESS_WINDOW_SECONDS: i64 = 15 * 60;
/// Wrong passwords allowed from one address within its window, across accounts.
#[cfg(feature = "ssr")]
const FAILURES_PER_ADDRESS: usize = 20;
/// Failed sign-ins to one account are counted over this window.
#[cfg(feature = "ssr")]
const ACCOUNT_WINDOW_SECONDS: i64 = 60 * 60;
/// Wrong passwords to one account checked without waiting; after them each try waits
/// [`account_back_off`] after the latest failure.
#[cfg(feature = "ssr")]
const FREE_FAILURES_PER_ACCOUNT: usize = 5;

/// The wait after the latest failure once an account has `failures` in its window: 15 seconds
/// after the fifth, doubling with each further one, at most 15 minutes. Someone guessing is
/// slowed to a handful of tries an hour; the owner is slowed, never locked out for long.
#[cfg(feature = "ssr")]
pub fn account_back_off(failures: usize) -> Option<i64> {
    let over = failures.checked_sub(FREE_FAILURES_PER_ACCOUNT)?;
    Some((15_i64 << over.min(10)).min(15 * 60))
}

/// Checks `password` for `user` (the account `email` names, if any) under the sign-in throttle:
/// refused while the account or this address has too many recent failures, a failure recorded
/// on a wrong password, the failures cleared on a right one. The same answer for a wrong address
/// and a wrong password, in the same time.
#[cfg(feature = "ssr")]
pub(crate) async fn check_password_attempt(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    user: Option<&crate::entities::users::Model>,
    password: String,
) -> Result<crate::entities::users::Model, AppError> {
    use super::{db, ssr};
    use crate::domain::validation::password_within_limits;

    let account_key: String = email.trim().to_lowercase().chars().take(254).collect();
    let address = crate::context::client_address();
    let now = chrono::Utc::now().timestamp();

    // The attempt counts before its password is checked: attempts arriving together see each
    // other, so a burst gets no more checks than one attempt after another would.
    let attempt = db::reserve_sign_in_attempt(db, &account_key, &address, now).await?;
    let (for_account, from_address) = db::sign_in_failures_besides(
        db,
        attempt,
        &account_key,
        now - ACCOUNT_WINDOW_SECONDS,
        &address,
        now - ADDRESS_WINDOW_SECONDS,
    )
    .await?;
    let account_open_at = account_back_off(for_account.len())
        .and_then(|wait| for_account.last().map(|latest| latest + wait));
    let address_open_at = (from_address.len() >= FAILURES_PER_ADDRESS)
        .then(|| from_address[from_address.len() - FAILURES_PER_ADDRESS] + ADDRESS_WINDOW_SECONDS);
    if let Some(open_at) = account_open_at
        .into_iter()
        .chain(address_open_at)
        .filter(|open_at| *open_at > now)
        .max()
    {
        db::forget_sign_in_attempt(db, attempt).await?;
        return Err(AppError::Throttled {
            retry_after_seconds: super::limits::seconds_until(now, open_at),
        });
    }
    let matches = password_within_limits(&password)
        && ssr::verify_password(password, user.map(|u| u.password_hash.clone())).await?;
    let Some(user) = user.filter(|_| matches) else {
        // The attempt stays counted as a failure.
        return Err(AppError::Refused("Wrong email or password.".into()));
    };
    db::clear_sign_in_failures(db, &account_key, now - ACCOUNT_WINDOW_SECONDS).await?;
    Ok(user.clone())
}

#[server(endpoint = "current_user")]
pub async fn get_current_user() -> Result<Option<CurrentUser>, AppError> {
    Ok(super::ssr::current_user().await?.map(CurrentUser::from))
}

#[server(endpoint = "sign_up")]
pub async fn sign_up(
    display_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    super::limits::limit(crate::domain::choices::LimitedAction::SignUp).await?;
    let user = create_account(&display_name, &email, &password, false).await?;
    super::ssr::start_session(user.id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

/// Validates a new account's fields and creates it; shared by sign-up and first-organizer setup.
#[cfg(feature = "ssr")]
pub(crate) async fn create_account(
    display_name: &str,
    email: &str,
    password: &str,
    is_organizer: bool,
) -> Result<crate::entities::users::Model, AppError> {
    use super::db::{self, CreatedUser, NewUser};
    use crate::domain::validation::{DisplayName, EmailAddress, NewPassword};

    let typed = [("display_name", display_name), ("email", email)];
    let (display_name, email, password) = (
        ("display_name", DisplayName::parse(display_name)),
        ("email", EmailAddress::parse(email)),
        ("password", NewPassword::parse(password)),
    )
        .checked()
        .map_err(|error| error.keeping(typed))?;
    let password_hash = super::ssr::hash_password(password.expose().to_owned()).await?;
    let created = db::create_user(
        &crate::context::db()?,
        NewUser {
            email: &email,
            display_name: &display_name,
            password_hash,
            is_organizer,
        },
    )
    .await?;
    match created {
        CreatedUser::Created(user) => Ok(user),
        CreatedUser::EmailTaken => Err(AppError::field(
            "email",
            "An account with this email already exists. Sign in instead, or use another address.",
        )
        .keeping([
            ("display_name", display_name.as_str()),
            ("email", email.as_str()),
        ])),
    }
}

#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use super::{db, ssr};
    use crate::context;
    use crate::domain::validation::EmailAddress;

    let given = |missing: bool, message: &str| {
        if missing {
            Err(message.to_owned())
        } else {
            Ok(())
        }
    };
    (
        (
            "email",
            given(email.trim().is_empty(), "Enter your email address."),
        ),
        (
            "password",
            given(password.is_empty(), "Enter your password."),
        ),
    )
        .checked()
        .map_err(|error| error.keeping([("email", email.as_str())]))?;
    let db = context::db()?;
    let user = match EmailAddress::parse(&email) {
        Ok(email) => db::find_user_by_email(&db, &email).await?,
        Err(_) => None,
    };
    let user = check_password_attempt(&db, &email, user.as_ref(), password).await?;
    if user.disabled_at.is_some() {
        return Err(AppError::Refused(
            "This account has been disabled. Please contact the program organizers.".into(),
        ));
    }
    ssr::start_session(user.id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    super::ssr::end_session().await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use super::{db, ssr};
    use crate::context;
    use crate::domain::validation::{NewPassword, password_within_limits};

    let user = ssr::require_user().await?;
    let new_password = NewPassword::parse(&new_password)
        .map_err(|message| AppError::field("new_password", message))?;
    let current_matches = password_within_limits(&current_password)
        && ssr::verify_password(current_password, Some(user.password_hash.clone())).await?;
    if !current_matches {
        return Err(AppError::field(
            "current_password",
            "Your current password is not correct.",
        ));
    }
    let hash = ssr::hash_password(new_password.expose().to_owned()).await?;
    let txn = crate::database::begin_write(&context::db()?).await?;
    db::set_password_hash(&txn, user.id, hash).await?;
    // Anyone else signed in with the old password is signed out, in the same transaction.
    db::end_other_sessions(&txn, user.id, ssr::current_session_id()?.as_deref()).await?;
    // A reset link asked for earlier (by anyone with the mailbox) no longer opens the account.
    db::end_reset_links(&txn, user.id, chrono::Utc::now()).await?;
    txn.commit().await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/account",
        AccountDone::Password,
    ));
    Ok(())
}

/// Whether the first-organizer page may be shown for this token.
#[server(endpoint = "setup_available")]
pub async fn setup_available(token: String) -> Result<bool, AppError> {
    use crate::context;
    let state = context::app_state()?;
    if super::db::organizer_exists(&state.db).await? {
        return Ok(false);
    }
    Ok(token_matches(&state, &token))
}

#[cfg(feature = "ssr")]
fn token_matches(state: &crate::context::AppState, token: &str) -> bool {
    use subtle::ConstantTimeEq;
    let guard = state
        .setup_token
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    guard
        .as_deref()
        .is_some_and(|expected| bool::from(expected.as_bytes().ct_eq(token.as_bytes())))
}

/// Creates the first organizer from the one-time link printed at start-up, then closes that page.
#[server(endpoint = "create_first_organizer")]
pub async fn create_first_organizer(
    token: String,
    display_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use crate::context;
    let state = context::app_state()?;
    if super::db::organizer_exists(&state.db).await? || !token_matches(&state, &token) {
        return Err(AppError::Refused(
            "This setup link is no longer valid. An organizer already exists: sign in instead."
                .into(),
        ));
    }
    let user = create_account(&display_name, &email, &password, true).await?;
    state
        .setup_token
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take();
    tracing::info!(
        user_id = user.id,
        "first organizer created through the setup link"
    );
    super::ssr::start_session(user.id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "list_people")]
pub async fn list_people() -> Result<Vec<Person>, AppError> {
    use crate::context;
    super::ssr::require_organizer().await?;
    let users = super::db::list_users(&context::db()?).await?;
    Ok(users.into_iter().map(Person::from).collect())
}

#[server(endpoint = "promote_to_organizer")]
pub async fn promote_to_organizer(user_id: i32) -> Result<(), AppError> {
    use crate::context;
    let organizer = super::ssr::require_organizer().await?;
    let promoted =
        super::service::promote_to_organizer(&context::db()?, &organizer, user_id).await?;
    tracing::info!(
        organizer_id = organizer.id,
        user_id = promoted.id,
        "user promoted to organizer"
    );
    Ok(())
}

/// How long a reset link works.
#[cfg(feature = "ssr")]
const RESET_LINK_LIFETIME_MINUTES: i64 = 60;
/// Reset links one account may ask for per hour (more are silently not sent).
#[cfg(feature = "ssr")]
const RESETS_PER_HOUR: u64 = 3;

/// Sends a one-time link to set a new password, through the outbox. The answer is the same
/// whether or not an account has this address, so the page tells no one who has an account.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::domain::validation::EmailAddress;

    super::limits::limit(crate::domain::choices::LimitedAction::ResetRequest).await?;
    let address = EmailAddress::parse(&email).map_err(|message| {
        AppError::field("email", message).keeping([("email", email.as_str())])
    })?;
    let state = crate::context::app_state()?;
    let db = &state.db;
    let user = super::db::find_user_by_email(db, &address)
        .await?
        .filter(|user| user.disabled_at.is_none());
    if let Some(user) = user {
        let now = chrono::Utc::now();
        let txn = crate::database::begin_write(db).await?;
        // Counted and written in one transaction, one request after another per account: of
        // requests arriving together, no more than the cap are sent.
        let recent = super::db::resets_requested_since_locking(
            &txn,
            user.id,
            now - chrono::Duration::hours(1),
        )
        .await?;
        if recent < RESETS_PER_HOUR {
            let (token, hash) = super::ssr::new_token();
            let expires = now + chrono::Duration::minutes(RESET_LINK_LIFETIME_MINUTES);
            super::db::create_password_reset(&txn, user.id, hash, expires).await?;
            let letter = crate::outbox::emails::password_reset(
                &user.display_name,
                &format!("{}/reset-password/{token}", state.config.site_url),
                RESET_LINK_LIFETIME_MINUTES,
            );
            crate::outbox::db::queue(
                &txn,
                crate::outbox::db::Email {
                    sensitive: true,
                    ..crate::outbox::db::Email::to_user(
                        &user,
                        crate::domain::choices::EmailKind::Account,
                        &letter.subject,
                        &letter.body,
                    )
                },
            )
            .await?;
            txn.commit().await?;
            tracing::info!(user_id = user.id, "password reset link sent");
        } else {
            txn.rollback().await?;
            tracing::warn!(
                user_id = user.id,
                "password reset not sent: too many this hour"
            );
        }
    }
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/forgot-password",
        ResetDone::Sent,
    ));
    Ok(())
}

/// Whether a reset link can still be used (for the page to say so before anything is typed).
#[server(endpoint = "reset_link_usable")]
pub async fn reset_link_usable(token: String) -> Result<bool, AppError> {
    let hash = super::ssr::token_hash(&token);
    Ok(
        super::db::usable_reset(&crate::context::db()?, &hash, chrono::Utc::now())
            .await?
            .is_some(),
    )
}

/// Sets a new password with a reset link, once: every session of the person ends, and this
/// browser is signed in afresh.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new_password: String) -> Result<(), AppError> {
    use crate::domain::validation::NewPassword;

    let spent = || {
        AppError::Refused(
            "This link has expired or was already used. Ask for a new one below.".into(),
        )
    };
    super::limits::limit(crate::domain::choices::LimitedAction::ResetCompletion).await?;
    let new_password = NewPassword::parse(&new_password)
        .map_err(|message| AppError::field("new_password", message))?;
    let db = crate::context::db()?;
    let now = chrono::Utc::now();
    let reset = super::db::usable_reset(&db, &super::ssr::token_hash(&token), now)
        .await?
        .ok_or_else(spent)?;
    let hash = super::ssr::hash_password(new_password.expose().to_owned()).await?;
    let txn = crate::database::begin_write(&db).await?;
    if !super::db::use_reset(&txn, reset.id, now).await? {
        return Err(spent());
    }
    super::db::set_password_hash(&txn, reset.user_id, hash).await?;
    super::db::end_other_sessions(&txn, reset.user_id, None).await?;
    // The other links sent before this one end with it.
    super::db::end_reset_links(&txn, reset.user_id, now).await?;
    txn.commit().await?;
    tracing::info!(user_id = reset.user_id, "password reset");
    super::ssr::start_session(reset.user_id).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/account",
        AccountDone::Password,
    ));
    Ok(())
}

/// Disables an account (it is signed out everywhere at once and cannot sign in) or enables it
/// again. Organizers only, and never their own.
#[server(endpoint = "set_account_disabled")]
pub async fn set_account_disabled(user_id: i32, disabled: bool) -> Result<(), AppError> {
    let organizer = super::ssr::require_organizer().await?;
    if organizer.id == user_id {
        return Err(AppError::Refused(
            "You cannot disable your own account.".into(),
        ));
    }
    super::service::set_account_disabled(&crate::context::db()?, &organizer, user_id, disabled)
        .await?;
    tracing::info!(
        organizer_id = organizer.id,
        user_id,
        disabled,
        "account access changed"
    );
    Ok(())
}
