use sea_orm::entity::prelude::*;

/// An uploaded participants' CSV, kept for its preview and commit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub year_id: i32,
    pub uploaded_by: Option<i32>,
    pub file_name: String,
    pub content: String,
    pub created_at: DateTimeUtc,
    pub committed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
