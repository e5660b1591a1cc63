use sea_orm::entity::prelude::*;

use crate::domain::choices::ConcernStatus;

/// A participant's confidential message to the organizers about their match.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "concerns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pair_id: i32,
    pub reporter_id: i32,
    pub body: String,
    pub status: ConcernStatus,
    pub reply: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
