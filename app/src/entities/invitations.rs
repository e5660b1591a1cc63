use sea_orm::entity::prelude::*;

use crate::domain::choices::Role;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub year_id: i32,
    /// Lower-cased.
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub degree_program: Option<crate::domain::choices::DegreeProgram>,
    pub mentor_source: Option<crate::domain::choices::MentorSource>,
    pub capacity: Option<i32>,
    /// SHA-256 (hex) of the link's token; the token itself is never stored.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub invited_by: Option<i32>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
