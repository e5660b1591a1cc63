//! Queries behind accounts and sign-in (server only). Callers check permissions first.

use chrono::Utc;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

use crate::domain::choices::LimitedAction;
use crate::domain::validation::{DisplayName, EmailAddress};
use crate::entities::{
    external_identities, password_resets, request_limits, sessions, sign_in_failures, users,
};

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

/// Counts a sign-in attempt as failed before its password is checked, so that attempts arriving
/// together each see the others (see [`sign_in_failures_besides`]); a success clears it with the
/// account's others, an attempt refused unchecked is forgotten. Its id.
pub async fn reserve_sign_in_attempt(
    db: &impl ConnectionTrait,
    email: &str,
    address: &str,
    at: i64,
) -> Result<i32, DbErr> {
    sign_in_failures::Entity::insert(sign_in_failures::ActiveModel {
        email: Set(email.to_owned()),
        address: Set(address.to_owned()),
        failed_at: Set(at),
        ..Default::default()
    })
    .exec(db)
    .await
    .map(|inserted| inserted.last_insert_id)
}

/// An attempt refused before its password was checked tried nothing: it does not count.
pub async fn forget_sign_in_attempt(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    sign_in_failures::Entity::delete_by_id(id)
        .exec(db)
        .await
        .map(drop)
}

/// The failures (and attempts under way) other than `attempt`: when each was, oldest first, for
/// the account since `account_since` and from the address since `address_since` (unix seconds).
/// Read after `attempt` was stored: of attempts arriving together, the k-th stored sees at least
/// the k − 1 before it, so no burst gets more checks than the limits allow.
pub async fn sign_in_failures_besides(
    db: &impl ConnectionTrait,
    attempt: i32,
    email: &str,
    account_since: i64,
    address: &str,
    address_since: i64,
) -> Result<(Vec<i64>, Vec<i64>), DbErr> {
    let times = |column: sign_in_failures::Column, key: &str, since: i64| {
        sign_in_failures::Entity::find()
            .select_only()
            .column(sign_in_failures::Column::FailedAt)
            .filter(column.eq(key.to_owned()))
            .filter(sign_in_failures::Column::FailedAt.gt(since))
            .filter(sign_in_failures::Column::Id.ne(attempt))
            .order_by_asc(sign_in_failures::Column::FailedAt)
            .into_tuple::<i64>()
    };
    let for_account = times(sign_in_failures::Column::Email, email, account_since)
        .all(db)
        .await?;
    let from_address = times(sign_in_failures::Column::Address, address, address_since)
        .all(db)
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

/// Whether a limited request got one of its address's places ([`take_request_place`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Taken,
    /// None free; the next one frees at this time (unix seconds).
    Full {
        frees_at: i64,
    },
}

/// Takes one of the `allowed` places per `window` seconds that `action` has from `address`. The
/// request's row goes in first and the rows are counted after it (each statement on its own, so
/// the row is visible to everyone before the count): of requests arriving together, the k-th
/// stored counts at least k, so no more than `allowed` get through. A refused request's row is
/// removed again (it did nothing). Rows older than the window, of every address, are pruned.
pub async fn take_request_place(
    db: &impl ConnectionTrait,
    action: LimitedAction,
    address: &str,
    allowed: u32,
    now: i64,
    window: i64,
) -> Result<Place, DbErr> {
    let since = now - window;
    request_limits::Entity::delete_many()
        .filter(request_limits::Column::At.lte(since))
        .exec(db)
        .await?;
    let mine = request_limits::Entity::insert(request_limits::ActiveModel {
        action: Set(action),
        address: Set(address.to_owned()),
        at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?
    .last_insert_id;
    let taken: Vec<(i32, i64)> = request_limits::Entity::find()
        .select_only()
        .column(request_limits::Column::Id)
        .column(request_limits::Column::At)
        .filter(request_limits::Column::Action.eq(action))
        .filter(request_limits::Column::Address.eq(address))
        .filter(request_limits::Column::At.gt(since))
        .order_by_asc(request_limits::Column::At)
        .into_tuple()
        .all(db)
        .await?;
    if taken.len() <= allowed as usize {
        return Ok(Place::Taken);
    }
    request_limits::Entity::delete_by_id(mine).exec(db).await?;
    let oldest = taken
        .iter()
        .find(|(id, _)| *id != mine)
        .map_or(now, |(_, at)| *at);
    Ok(Place::Full {
        frees_at: oldest + window,
    })
}

/// Reset links asked for by `user_id` since `since` (used or not), counted while holding the
/// account's row (PostgreSQL's row lock; SQLite has one writer at a time), so that requests
/// arriving together are counted one after the other. Call it in the transaction that then
/// creates the link.
pub async fn resets_requested_since_locking(
    txn: &impl ConnectionTrait,
    user_id: i32,
    since: chrono::DateTime<Utc>,
) -> Result<u64, DbErr> {
    if txn.get_database_backend() == DbBackend::Postgres {
        users::Entity::find_by_id(user_id)
            .lock(LockType::Update)
            .one(txn)
            .await?;
    }
    password_resets::Entity::find()
        .filter(password_resets::Column::UserId.eq(user_id))
        .filter(password_resets::Column::CreatedAt.gte(since))
        .count(txn)
        .await
}

/// Ends every unused reset link of `user_id` (its password was just changed, or reset): a link
/// sent to a mailbox someone else reads must not outlive the new password. How many.
pub async fn end_reset_links(
    db: &impl ConnectionTrait,
    user_id: i32,
    now: chrono::DateTime<Utc>,
) -> Result<u64, DbErr> {
    let ended = password_resets::Entity::update_many()
        .col_expr(
            password_resets::Column::UsedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .filter(password_resets::Column::UserId.eq(user_id))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(ended.rows_affected)
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
