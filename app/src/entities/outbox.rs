use sea_orm::entity::prelude::*;

use crate::domain::choices::EmailKind;

/// An email waiting to be delivered, delivered, or given up on.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub attempts: i32,
    /// The account it is for, when there is one (for its unsubscribe link).
    pub user_id: Option<i32>,
    pub kind: EmailKind,
    /// Holds a secret link: organizers never see its text.
    pub sensitive: bool,
    /// Not before then (None: as soon as possible).
    pub next_attempt_at: Option<DateTimeUtc>,
    /// Taken by a delivery task; a claimed message is never taken again.
    pub claimed_at: Option<DateTimeUtc>,
    pub failed_at: Option<DateTimeUtc>,
    pub last_error: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
