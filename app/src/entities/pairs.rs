use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pairs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub year_id: i32,
    pub mentee_id: i32,
    pub mentor_id: i32,
    pub started_on: Date,
    /// Set when the pair ends; ended pairs are kept for history and the "never re-pair" rule.
    pub ended_on: Option<Date>,
    pub end_reason: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
