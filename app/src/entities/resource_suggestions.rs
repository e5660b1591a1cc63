use sea_orm::entity::prelude::*;

use crate::domain::choices::SuggestionStatus;

/// A participant's suggested change to a resource page.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resource_suggestions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub resource_id: i32,
    pub user_id: i32,
    pub base_version: i32,
    pub body: String,
    pub note: String,
    pub status: SuggestionStatus,
    pub reply: String,
    pub decided_by: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
