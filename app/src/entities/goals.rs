use sea_orm::entity::prelude::*;

use crate::domain::choices::GoalStatus;

/// A mentee's goal for the relationship.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "goals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pair_id: i32,
    /// 1 is the most important.
    pub position: i32,
    pub title: String,
    pub why: String,
    pub target: String,
    pub status: GoalStatus,
    /// Organizers may read it.
    pub shareable: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
