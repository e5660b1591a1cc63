use sea_orm::entity::prelude::*;

use crate::domain::choices::Phase;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "program_years")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub label: String,
    pub phase: Phase,
    /// The last day applications are accepted.
    pub enrollment_deadline: Date,
    pub is_current: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
