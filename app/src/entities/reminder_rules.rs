use sea_orm::entity::prelude::*;

use crate::domain::choices::ReminderKind;

/// A reminder an organizer can switch on and word.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: ReminderKind,
    pub enabled: bool,
    pub days: i32,
    pub subject: String,
    pub body: String,
    pub updated_by: Option<i32>,
    pub updated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
