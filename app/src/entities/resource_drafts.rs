use sea_orm::entity::prelude::*;

/// An organizer's previewed, not yet saved, text of a resource page.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resource_drafts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub resource_id: i32,
    pub user_id: i32,
    pub title: String,
    pub body: String,
    pub note: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
