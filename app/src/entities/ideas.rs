use sea_orm::entity::prelude::*;

/// A meeting idea: in the library (no pair) or a pair's own.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ideas")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// An `IdeaCategory` code.
    pub category: String,
    pub title: String,
    pub how_to: String,
    pub pair_id: Option<i32>,
    /// "none", "pending", "accepted" or "declined": a pair's idea offered to the library.
    pub suggestion: String,
    pub retired: bool,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
