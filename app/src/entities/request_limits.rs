use sea_orm::entity::prelude::*;

use crate::domain::choices::LimitedAction;

/// One limited request (see `auth::limits`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_limits")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub action: LimitedAction,
    pub address: String,
    /// Unix seconds.
    pub at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
