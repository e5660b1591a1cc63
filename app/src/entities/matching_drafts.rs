use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matching_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year_id: i32,
    pub version: i32,
    /// `DraftState` as JSON.
    pub state: String,
    pub saved_by: Option<i32>,
    pub saved_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
