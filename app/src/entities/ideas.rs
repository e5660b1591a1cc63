use sea_orm::entity::prelude::*;

use crate::domain::choices::{IdeaCategory, IdeaSuggestion};

/// A meeting idea: in the library (no pair) or a pair's own.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ideas")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub category: IdeaCategory,
    pub title: String,
    pub how_to: String,
    pub pair_id: Option<i32>,
    /// A pair's idea offered to the library.
    pub suggestion: IdeaSuggestion,
    pub retired: bool,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
