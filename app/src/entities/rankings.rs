use sea_orm::entity::prelude::*;

/// One person a participant ranked: the enrollment's `position`-th choice (from 1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rankings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrollment_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub position: i32,
    pub ranked_id: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
