//! Queries behind the outbox, email preferences and the site's signing secret (server only).
//!
//! Delivery goes out at most once: a delivery task first *claims* a message with a conditional
//! update that only one task can win, and a claimed message is never taken again unless the SMTP
//! server answered that it did not accept it, or an organizer asks for it to be sent again.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::domain::choices::{EmailKind, SentOnce};
use crate::entities::{app_secrets, email_opt_outs, outbox, reminder_log, users};

/// An email to queue.
pub struct Email<'a> {
    pub to: &'a str,
    /// The account it is for, if any: its preferences apply and it gets an unsubscribe link.
    pub user_id: Option<i32>,
    pub kind: EmailKind,
    pub subject: &'a str,
    pub body: &'a str,
    /// Holds a secret link: organizers never see its text.
    pub sensitive: bool,
}

impl<'a> Email<'a> {
    /// An email to someone with an account.
    pub fn to_user(
        user: &'a users::Model,
        kind: EmailKind,
        subject: &'a str,
        body: &'a str,
    ) -> Self {
        Self {
            to: &user.email,
            user_id: Some(user.id),
            kind,
            subject,
            body,
            sensitive: false,
        }
    }
}

/// Queues an email unless its person turned this kind off; says whether it was queued.
pub async fn queue(db: &impl ConnectionTrait, email: Email<'_>) -> Result<bool, DbErr> {
    if let Some(user_id) = email.user_id
        && email.kind.optional()
        && opted_out(db, user_id).await?.contains(&email.kind)
    {
        return Ok(false);
    }
    outbox::ActiveModel {
        recipient: Set(email.to.to_owned()),
        subject: Set(email.subject.chars().take(200).collect()),
        body: Set(email.body.to_owned()),
        created_at: Set(Utc::now()),
        sent_at: Set(None),
        attempts: Set(0),
        user_id: Set(email.user_id),
        kind: Set(email.kind),
        sensitive: Set(email.sensitive),
        next_attempt_at: Set(None),
        claimed_at: Set(None),
        failed_at: Set(None),
        last_error: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| true)
}

/// Every email queued for this address, oldest first.
pub async fn outbox_for(
    db: &impl ConnectionTrait,
    recipient: &str,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(recipient))
        .order_by_asc(outbox::Column::Id)
        .all(db)
        .await
}

/// The kinds of email this person turned off.
pub async fn opted_out(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<EmailKind>, DbErr> {
    Ok(email_opt_outs::Entity::find()
        .filter(email_opt_outs::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.kind)
        .collect())
}

/// Turns one kind of email off (or on again) for this person.
pub async fn set_opted_out(
    db: &impl ConnectionTrait,
    user_id: i32,
    kind: EmailKind,
    off: bool,
) -> Result<(), DbErr> {
    email_opt_outs::Entity::delete_many()
        .filter(email_opt_outs::Column::UserId.eq(user_id))
        .filter(email_opt_outs::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    if off {
        email_opt_outs::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind),
            created_at: Set(Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The site's secret named `name`, made (randomly, once, by whichever instance asks first) if
/// there is none yet.
pub async fn secret(db: &impl ConnectionTrait, name: &str) -> Result<Vec<u8>, DbErr> {
    if let Some(found) = app_secrets::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
    {
        return Ok(found.value.into_bytes());
    }
    let made = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    // Two instances starting together: one insert wins, and both read the winner.
    let _ = app_secrets::Entity::insert(app_secrets::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(made),
    })
    .on_conflict_do_nothing()
    .exec(db)
    .await;
    app_secrets::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .map(|found| found.value.into_bytes())
        .ok_or_else(|| DbErr::RecordNotFound(format!("secret {name}")))
}

/// Messages waiting, never claimed, due by `now`: the oldest `limit`.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<i32>, DbErr> {
    outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::ClaimedAt.is_null())
        .filter(outbox::Column::FailedAt.is_null())
        .filter(
            Condition::any()
                .add(outbox::Column::NextAttemptAt.is_null())
                .add(outbox::Column::NextAttemptAt.lte(now)),
        )
        .order_by_asc(outbox::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// Takes the message for one delivery attempt; None if another task took it first.
pub async fn claim(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<Option<outbox::Model>, DbErr> {
    let taken = outbox::Entity::update_many()
        .col_expr(outbox::Column::ClaimedAt, Expr::value(Some(now)))
        .col_expr(
            outbox::Column::Attempts,
            Expr::col(outbox::Column::Attempts).add(1),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::SentAt.is_null())
        .filter(outbox::Column::ClaimedAt.is_null())
        .filter(outbox::Column::FailedAt.is_null())
        .exec(db)
        .await?;
    if taken.rows_affected != 1 {
        return Ok(None);
    }
    outbox::Entity::find_by_id(id).one(db).await
}

/// What a sensitive email's body becomes once it is sent.
pub const REMOVED_AFTER_SENDING: &str =
    "(This email contained a one-time link; its text was removed after sending.)";

/// The message went out. A sensitive one (a password or invitation link) keeps no copy of its
/// link: its body becomes [`REMOVED_AFTER_SENDING`] in the same statement.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let body = Expr::case(
        Expr::col(outbox::Column::Sensitive).eq(true),
        REMOVED_AFTER_SENDING,
    )
    .finally(Expr::col(outbox::Column::Body));
    outbox::Entity::update_many()
        .col_expr(outbox::Column::SentAt, Expr::value(Some(now)))
        .col_expr(outbox::Column::Body, body.into())
        .col_expr(outbox::Column::LastError, Expr::value(String::new()))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// The SMTP server refused the message: try again from `next`.
pub async fn retry_later(
    db: &impl ConnectionTrait,
    id: i32,
    next: DateTime<Utc>,
    error: &str,
) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ClaimedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(Some(next)))
        .col_expr(outbox::Column::LastError, Expr::value(error.to_owned()))
        .filter(outbox::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Given up on (refused for good, or too many tries), or left claimed because it may have been
/// delivered (`failed` false): either way it is not tried again unless an organizer asks.
pub async fn stop_trying(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
    failed: bool,
    error: &str,
) -> Result<(), DbErr> {
    let mut update = outbox::Entity::update_many()
        .col_expr(outbox::Column::LastError, Expr::value(error.to_owned()))
        .filter(outbox::Column::Id.eq(id));
    if failed {
        update = update.col_expr(outbox::Column::FailedAt, Expr::value(Some(now)));
    }
    update.exec(db).await.map(|_| ())
}

/// An organizer asks for an unsent message to be tried again now; false if it was sent.
pub async fn send_again(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let updated = outbox::Entity::update_many()
        .col_expr(
            outbox::Column::ClaimedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::FailedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::NextAttemptAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(outbox::Column::Id.eq(id))
        .filter(outbox::Column::SentAt.is_null())
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}

/// Where a message stands, as the outbox page filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Waiting,
    Sent,
    /// Failed for good, or left claimed with an error (may or may not have arrived).
    NeedsAttention,
}

/// One page (from 1) of the outbox, newest first, and how many messages match.
/// A message claimed before `interrupted_before` and neither sent nor failed was being sent
/// when its server stopped: it needs attention too.
pub async fn page_of(
    db: &impl ConnectionTrait,
    standing: Option<Standing>,
    interrupted_before: DateTime<Utc>,
    page: u64,
    per_page: u64,
) -> Result<(Vec<outbox::Model>, u64), DbErr> {
    let mut query = outbox::Entity::find();
    query = match standing {
        None => query,
        Some(Standing::Sent) => query.filter(outbox::Column::SentAt.is_not_null()),
        Some(Standing::Waiting) => query
            .filter(outbox::Column::SentAt.is_null())
            .filter(outbox::Column::FailedAt.is_null())
            .filter(
                Condition::any()
                    .add(outbox::Column::ClaimedAt.is_null())
                    .add(
                        Condition::all()
                            .add(outbox::Column::LastError.eq(""))
                            .add(outbox::Column::ClaimedAt.gte(interrupted_before)),
                    ),
            ),
        Some(Standing::NeedsAttention) => query.filter(outbox::Column::SentAt.is_null()).filter(
            Condition::any()
                .add(outbox::Column::FailedAt.is_not_null())
                .add(
                    Condition::all()
                        .add(outbox::Column::ClaimedAt.is_not_null())
                        .add(outbox::Column::LastError.ne("")),
                )
                .add(outbox::Column::ClaimedAt.lt(interrupted_before)),
        ),
    };
    let newest_first = query.order_by_desc(outbox::Column::Id);
    crate::database::page_and_total(newest_first, db, per_page, page).await
}

/// Notes that message `kind` went to `user_id` for `occasion`, unless it already had:
/// false then (the unique log row makes it once only, however many servers try).
pub async fn log_once(
    db: &impl ConnectionTrait,
    kind: SentOnce,
    user_id: i32,
    occasion: &str,
    pair_id: Option<i32>,
) -> Result<bool, DbErr> {
    let logged = reminder_log::Entity::insert(reminder_log::ActiveModel {
        kind: Set(kind),
        user_id: Set(user_id),
        occasion: Set(occasion.to_owned()),
        pair_id: Set(pair_id),
        sent_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            reminder_log::Column::Kind,
            reminder_log::Column::UserId,
            reminder_log::Column::Occasion,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(logged == 1)
}
