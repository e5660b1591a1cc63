use sea_orm::entity::prelude::*;

use crate::domain::choices::{MeetingMode, MeetingStatus};

/// A meeting of a pair, from proposal to held (or cancelled).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pair_id: i32,
    pub proposed_by: i32,
    pub starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub mode: MeetingMode,
    pub place: String,
    pub status: MeetingStatus,
    pub shared_notes: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
