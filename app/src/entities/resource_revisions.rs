use sea_orm::entity::prelude::*;

/// A saved version of a resource page.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resource_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub resource_id: i32,
    pub version: i32,
    pub title: String,
    pub body: String,
    pub note: String,
    /// None: the text as the program published it.
    pub edited_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
