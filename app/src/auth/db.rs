//! Queries behind accounts and sign-in (server only). Callers check permissions first.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, SqlErr,
};

use crate::domain::validation::{DisplayName, EmailAddress};
use crate::entities::{external_identities, password_resets, sessions, sign_in_failures, users};

pub async fn find_user(db: &impl ConnectionTrait, id: i32) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find_by_id(id).one(db).await
}

/// A person's display name, or nothing for an account that no longer exists.
/// These accounts (any order).
pub async fn users_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i32>,
) -> Result<Vec<users::Model>, DbErr> {
    let ids: Vec<i32> = ids.into_iter().collect();
    let mut found = Vec::with_capacity(ids.len());
    // In slices, within every engine's limit on bound values.
    for slice in ids.chunks(500) {
        found.extend(
            users::Entity::find()
                .filter(users::Column::Id.is_in(slice.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

pub async fn display_name(db: &impl ConnectionTrait, id: i32) -> Result<String, DbErr> {
    Ok(find_user(db, id)
        .await?
        .map(|user| user.display_name)
        .unwrap_or_default())
}

pub async fn find_user_by_email(
    db: &impl ConnectionTrait,
    email: &EmailAddress,
) -> Result<Option<users::Model>, DbErr> {
    users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await
}

pub struct NewUser<'a> {
    pub email: &'a EmailAddress,
    pub display_name: &'a DisplayName,
    pub password_hash: String,
    pub is_organizer: bool,
}

pub enum CreatedUser {
    Created(users::Model),
    EmailTaken,
}

/// Inserts a user; the unique index, not a prior look-up, decides whether the address is taken,
/// so two simultaneous sign-ups cannot both win.
pub async fn create_user(
    db: &impl ConnectionTrait,
    new: NewUser<'_>,
) -> Result<CreatedUser, DbErr> {
    let result = users::ActiveModel {
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name.as_str().to_owned()),
        password_hash: Set(new.password_hash),
        is_organizer: Set(new.is_organizer),
        disabled_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match result {
        Ok(user) => Ok(CreatedUser::Created(user)),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(CreatedUser::EmailTaken)
        }
        Err(err) => Err(err),
    }
}

pub async fn organizer_exists(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let count = users::Entity::find()
        .filter(users::Column::IsOrganizer.eq(true))
        .count(db)
        .await?;
    Ok(count > 0)
}

pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    user_id: i32,
    password_hash: String,
) -> Result<(), DbErr> {
    users::ActiveModel {
        id: Set(user_id),
        password_hash: Set(password_hash),
        ..Default::default()
    }
    .update(db)
    .await
    .map(drop)
}

/// Makes an existing user an organizer; returns the updated row, or `None` if there is no such user.
pub async fn promote_to_organizer(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Option<users::Model>, DbErr> {
    if find_user(db, user_id).await?.is_none() {
        return Ok(None);
    }
    users::ActiveModel {
        id: Set(user_id),
        is_organizer: Set(true),
        ..Default::default()
    }
    .update(db)
    .await
    .map(Some)
}

/// Everyone with an account, organizers first, then by name.
pub async fn list_users(db: &impl ConnectionTrait) -> Result<Vec<users::Model>, DbErr> {
    users::Entity::find()
        .order_by_desc(users::Column::IsOrganizer)
        .order_by_asc(users::Column::DisplayName)
        .order_by_asc(users::Column::Id)
        .all(db)
        .await
}

/// Ends every session of `user_id` except `keep` (the one making the request, if any).
pub async fn end_other_sessions(
    db: &impl ConnectionTrait,
    user_id: i32,
    keep: Option<&str>,
) -> Result<u64, DbErr> {
    let mut query = sessions::Entity::delete_many().filter(sessions::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(sessions::Column::Id.ne(keep));
    }
    Ok(query.exec(db).await?.rows_affected)
}

pub async fn record_sign_in_failure(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    at: i64,
) -> Result<(), DbErr> {
    sign_in_failures::ActiveModel {
        email: Set(email.to_owned()),
        address: Set(address.to_owned()),
        failed_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

/// Failed sign-ins since `since` (unix seconds) for this account and from this address.
pub async fn recent_sign_in_failures(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    since: i64,
) -> Result<(u64, u64), DbErr> {
    let recent =
        || sign_in_failures::Entity::find().filter(sign_in_failures::Column::FailedAt.gt(since));
    let for_account = recent()
        .filter(sign_in_failures::Column::Email.eq(email))
        .count(db)
        .await?;
    let from_address = recent()
        .filter(sign_in_failures::Column::Address.eq(address))
        .count(db)
        .await?;
    Ok((for_account, from_address))
}

/// A successful sign-in forgives the account's earlier failures; old rows of everyone are pruned.
pub async fn clear_sign_in_failures(
    db: &impl ConnectionTrait,
    email: &str,
    older_than: i64,
) -> Result<(), DbErr> {
    sign_in_failures::Entity::delete_many()
        .filter(
            sign_in_failures::Column::Email
                .eq(email)
                .or(sign_in_failures::Column::FailedAt.lte(older_than)),
        )
        .exec(db)
        .await
        .map(drop)
}

/// Reset links asked for by `user_id` since `since` (used or not).
pub async fn resets_requested_since(
    db: &impl ConnectionTrait,
    user_id: i32,
    since: chrono::DateTime<Utc>,
) -> Result<u64, DbErr> {
    password_resets::Entity::find()
        .filter(password_resets::Column::UserId.eq(user_id))
        .filter(password_resets::Column::CreatedAt.gte(since))
        .count(db)
        .await
}

pub async fn create_password_reset(
    db: &impl ConnectionTrait,
    user_id: i32,
    token_hash: String,
    expires_at: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    password_resets::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash),
        created_at: Set(Utc::now()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The unused, unexpired reset with this token hash, if any.
pub async fn usable_reset(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: chrono::DateTime<Utc>,
) -> Result<Option<password_resets::Model>, DbErr> {
    password_resets::Entity::find()
        .filter(password_resets::Column::TokenHash.eq(token_hash))
        .filter(password_resets::Column::UsedAt.is_null())
        .filter(password_resets::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// Marks the reset used; false if it already was (two tabs, two clicks: only one wins).
pub async fn use_reset(
    db: &impl ConnectionTrait,
    id: i32,
    now: chrono::DateTime<Utc>,
) -> Result<bool, DbErr> {
    let updated = password_resets::Entity::update_many()
        .col_expr(
            password_resets::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(password_resets::Column::Id.eq(id))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Disables (`true`) or enables an account; None if there is no such account.
pub async fn set_disabled(
    db: &impl ConnectionTrait,
    user_id: i32,
    disabled: bool,
) -> Result<Option<users::Model>, DbErr> {
    let Some(user) = find_user(db, user_id).await? else {
        return Ok(None);
    };
    let mut user: users::ActiveModel = user.into();
    user.disabled_at = Set(disabled.then(Utc::now));
    user.update(db).await.map(Some)
}

/// The account a campus identity (`issuer` + `subject`) is linked to.
pub async fn find_linked_user(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
) -> Result<Option<users::Model>, DbErr> {
    let Some(identity) = identity(db, issuer, subject).await? else {
        return Ok(None);
    };
    find_user(db, identity.user_id).await
}

async fn identity(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
) -> Result<Option<external_identities::Model>, DbErr> {
    external_identities::Entity::find()
        .filter(external_identities::Column::Issuer.eq(issuer))
        .filter(external_identities::Column::Subject.eq(subject))
        .one(db)
        .await
}

pub async fn touch_identity(
    db: &impl ConnectionTrait,
    issuer: &str,
    subject: &str,
) -> Result<(), DbErr> {
    external_identities::Entity::update_many()
        .col_expr(
            external_identities::Column::LastSignInAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(external_identities::Column::Issuer.eq(issuer))
        .filter(external_identities::Column::Subject.eq(subject))
        .exec(db)
        .await
        .map(|_| ())
}

/// Links a campus identity to an account; false when it is linked already. The unique
/// (issuer, subject) index, not a look-up, decides a race.
/// the unique (issuer, subject) index, not a look-up, decides a race.
pub async fn link_identity(
    db: &impl ConnectionTrait,
    user_id: i32,
    issuer: &str,
    subject: &str,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let inserted = external_identities::ActiveModel {
        user_id: Set(user_id),
        issuer: Set(issuer.to_owned()),
        subject: Set(subject.to_owned()),
        created_at: Set(now),
        last_sign_in_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(false)
        }
        Err(err) => Err(err),
    }
}
