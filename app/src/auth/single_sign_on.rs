//! Campus single sign-on as pages see it: whether it is on (its button's words), why a sign-on
//! came back without signing anyone in, and linking an existing account by its password once.
//! The protocol itself runs in the server crate (`server::oidc`); the account rules are
//! `auth::sso`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

crate::domain::choices::choices!(
    /// Why a single sign-on ended without signing anyone in; the sign-in page shows the words.
    SsoProblem {
        Unavailable = "unavailable": "Your university's sign-in could not be reached. Please try again in a few minutes, or sign in with your password.",
        Failed = "failed": "Signing in with your university account did not finish. Please try again.",
        Expired = "expired": "That sign-in took too long or was already used. Please start again.",
        Unconfirmed = "unconfirmed": "Your university did not confirm your email address, so we cannot tell which account is yours. Sign in with your password, or ask your university's IT help desk.",
        Disabled = "disabled": "This account has been disabled. Please contact the program organizers.",
    }
);

/// A link waiting for the account's password, kept in the person's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLink {
    pub user_id: i32,
    pub email: String,
    pub issuer: String,
    pub subject: String,
    pub second_factor: bool,
    /// Unix seconds after which the link must be started again.
    pub expires_at: i64,
}

/// The session key of a [`PendingLink`], between the provider's answer and the link page.
pub const PENDING_LINK_KEY: &str = "sso_pending_link";

/// How long a pending link waits for the password.
pub const LINK_LIFETIME_SECONDS: i64 = 10 * 60;

/// The words of the campus sign-on button, when single sign-on is configured.
#[server(endpoint = "single_sign_on")]
pub async fn single_sign_on() -> Result<Option<String>, AppError> {
    Ok(crate::context::app_state()?.config.single_sign_on.clone())
}

/// The address of the account a campus sign-on is waiting to link, if one is waiting.
#[server(endpoint = "pending_link_email")]
pub async fn pending_link_email() -> Result<Option<String>, AppError> {
    Ok(waiting_link().await?.map(|link| link.email))
}

#[cfg(feature = "ssr")]
async fn waiting_link() -> Result<Option<PendingLink>, AppError> {
    let link: Option<PendingLink> = super::ssr::peek_flash(PENDING_LINK_KEY).await?;
    Ok(link.filter(|link| link.expires_at >= chrono::Utc::now().timestamp()))
}

/// Links the waiting campus identity to its account once the account's password is given, and
/// signs in. Wrong passwords count against the account as wrong sign-ins do.
#[server(endpoint = "link_university_account")]
pub async fn link_university_account(password: String) -> Result<(), AppError> {
    use super::{db, ssr};
    use crate::context;

    let Some(link) = waiting_link().await? else {
        return Err(AppError::Refused(
            "That sign-in took too long. Please sign in with your university account again.".into(),
        ));
    };
    if password.is_empty() {
        return Err(AppError::field("password", "Enter your password."));
    }
    let db = context::db()?;
    let user = db::find_user(&db, link.user_id)
        .await?
        .filter(|user| user.disabled_at.is_none())
        .ok_or_else(|| AppError::Refused(SsoProblem::Disabled.label().into()))?;
    super::api::check_password_attempt(&db, &user.email, Some(&user), password).await?;
    db::link_identity(&db, link.user_id, &link.issuer, &link.subject).await?;
    ssr::take_flash::<PendingLink>(PENDING_LINK_KEY).await?;
    ssr::start_session_in(&ssr::session()?, user.id, link.second_factor).await?;
    leptos_axum::redirect("/");
    Ok(())
}
