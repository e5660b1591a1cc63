use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrollments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub year_id: i32,
    /// A `Role` code.
    pub role: String,
    /// An `EnrollmentStatus` code.
    pub status: String,
    /// Mentees a mentor can take (1–5); none for mentees.
    pub capacity: Option<i32>,
    pub goals: String,
    pub availability: String,
    pub notes_for_organizers: String,
    pub decision_message: String,
    /// The people of the other side this participant ranked (a mentee: mentors; a mentor: mentees
    /// who asked for them): user ids, first choice first, joined by commas. The column kept the
    /// name it had when only mentees ranked.
    #[sea_orm(column_name = "preferred_mentors")]
    pub ranking: String,
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
