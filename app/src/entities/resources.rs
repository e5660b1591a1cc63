use sea_orm::entity::prelude::*;

use crate::domain::choices::{Audience, Moment};

/// One of the program's resource pages (tips, advice), in Markdown.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub slug: String,
    pub title: String,
    pub audience: Audience,
    /// When the pair page shows it.
    pub moment: Moment,
    pub position: i32,
    pub body: String,
    /// The number of the latest revision.
    pub version: i32,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
