use sea_orm::entity::prelude::*;

use crate::domain::choices::{EnrollmentStatus, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub year_id: i32,
    pub role: Role,
    pub status: EnrollmentStatus,
    /// Mentees a mentor can take (1–5); none for mentees.
    pub capacity: Option<i32>,
    pub goals: String,
    pub availability: String,
    pub notes_for_organizers: String,
    pub decision_message: String,
    pub decided_by: Option<i32>,
    /// The organizing body the participant comes through, when an organizer has set it.
    pub body_id: Option<i32>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
