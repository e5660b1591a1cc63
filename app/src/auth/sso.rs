//! Single sign-on's account rules (server only). Each protocol (OpenID Connect in the server
//! crate) ends in an [`Assertion`] — what the campus's identity provider vouched for — and
//! [`account_for`] decides, in one place, which account here that person is:
//! - the provider's id for them (`issuer` + `subject`), once linked, is the key: not the email,
//!   which a campus may reassign;
//! - a first sign-in with an address no account uses makes the account just in time, with the
//!   name and the (verified) address the provider asserted;
//! - an address an existing password account already uses is linked only after the person proves
//!   that account's password once, so whoever controls a provider cannot take over accounts here;
//! - an address the provider does not say it verified links to nothing and makes nothing.

use sea_orm::DatabaseConnection;

use super::db::{self, CreatedUser, NewUser};
use super::single_sign_on::{LINK_LIFETIME_SECONDS, PendingLink, SsoProblem};
use crate::domain::validation::{DisplayName, EmailAddress};
use crate::entities::users;
use crate::error::AppError;

/// What an identity provider asserted about the person signing in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assertion {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
    /// The provider says the person used a second factor (for organizers' second factor).
    pub second_factor: bool,
}

/// Which account the person is, or why none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// This account, linked before or made just now.
    SignIn(users::Model),
    /// An existing account uses the asserted address: its password links it, once.
    ProvePassword(PendingLink),
    Refused(SsoProblem),
}

/// Whether the authentication methods a provider lists (an ID token's `amr`, RFC 8176) amount to
/// a second factor: "mfa" itself, or something the person holds (a one-time code, a key, a smart
/// card, a phone) beside another method.
pub fn asserts_second_factor(methods: &[&str]) -> bool {
    const POSSESSION: [&str; 6] = ["otp", "hwk", "swk", "sc", "sms", "tel"];
    methods.contains(&"mfa")
        || (methods.len() >= 2 && methods.iter().any(|method| POSSESSION.contains(method)))
}

/// The account `assertion` signs in (see the module's rules). Writes the identity (and a new
/// account) in one transaction.
pub async fn account_for(
    db: &DatabaseConnection,
    assertion: &Assertion,
    now: i64,
) -> Result<Outcome, AppError> {
    if let Some(user) = db::find_linked_user(db, &assertion.issuer, &assertion.subject).await? {
        if user.disabled_at.is_some() {
            return Ok(Outcome::Refused(SsoProblem::Disabled));
        }
        db::touch_identity(db, &assertion.issuer, &assertion.subject).await?;
        return Ok(Outcome::SignIn(user));
    }
    let Some(email) = assertion
        .email
        .as_deref()
        .filter(|_| assertion.email_verified)
        .and_then(|email| EmailAddress::parse(email).ok())
    else {
        return Ok(Outcome::Refused(SsoProblem::Unconfirmed));
    };
    let pending = |user: &users::Model| {
        Outcome::ProvePassword(PendingLink {
            user_id: user.id,
            email: user.email.clone(),
            issuer: assertion.issuer.clone(),
            subject: assertion.subject.clone(),
            second_factor: assertion.second_factor,
            expires_at: now + LINK_LIFETIME_SECONDS,
        })
    };
    if let Some(user) = db::find_user_by_email(db, &email).await? {
        return Ok(if user.disabled_at.is_some() {
            Outcome::Refused(SsoProblem::Disabled)
        } else {
            pending(&user)
        });
    }
    let name = assertion
        .name
        .as_deref()
        .and_then(|name| DisplayName::parse(name).ok())
        .or_else(|| DisplayName::parse(email.as_str().split('@').next().unwrap_or("")).ok())
        .ok_or_else(|| AppError::Refused("Your university did not send a usable name.".into()))?;
    // Nobody knows this password: the account signs in through its university until its owner
    // sets one with "Forgot your password?".
    let unusable_password =
        super::ssr::hash_password(uuid::Uuid::new_v4().simple().to_string()).await?;
    let txn = crate::database::begin_write(db).await?;
    let created = db::create_user(
        &txn,
        NewUser {
            email: &email,
            display_name: &name,
            password_hash: unusable_password,
            is_organizer: false,
        },
    )
    .await?;
    let user = match created {
        CreatedUser::Created(user) => user,
        // Someone made an account with this address a moment ago: it is theirs to link.
        CreatedUser::EmailTaken => {
            txn.rollback().await?;
            return Ok(match db::find_user_by_email(db, &email).await? {
                Some(user) => pending(&user),
                None => Outcome::Refused(SsoProblem::Failed),
            });
        }
    };
    if !db::link_identity(&txn, user.id, &assertion.issuer, &assertion.subject).await? {
        // The same person's other sign-in, at the same moment, made the account first.
        txn.rollback().await?;
        return Ok(
            match db::find_linked_user(db, &assertion.issuer, &assertion.subject).await? {
                Some(user) => Outcome::SignIn(user),
                None => Outcome::Refused(SsoProblem::Failed),
            },
        );
    }
    txn.commit().await?;
    Ok(Outcome::SignIn(user))
}

#[cfg(test)]
mod tests {
    use super::asserts_second_factor;

    #[test]
    fn a_second_factor_is_mfa_or_something_held_beside_another_method() {
        assert!(asserts_second_factor(&["pwd", "mfa"]));
        assert!(asserts_second_factor(&["mfa"]));
        assert!(asserts_second_factor(&["pwd", "otp"]));
        assert!(asserts_second_factor(&["hwk", "pin"]));
        assert!(!asserts_second_factor(&["pwd"]));
        assert!(!asserts_second_factor(&["otp"]));
        assert!(!asserts_second_factor(&["pwd", "kba"]));
        assert!(!asserts_second_factor(&[]));
    }
}
