use sea_orm::entity::prelude::*;

use crate::domain::choices::{DegreeProgram, MentorSource, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// The side whose questions were answered last.
    pub side: Option<Role>,
    pub pronouns: String,
    pub bio: String,
    pub location: String,
    pub remote_ok: bool,
    /// `MeetingMode` codes joined by commas.
    pub meeting_modes: String,
    pub time_zone: String,
    pub contact_preferences: String,
    pub employer: String,
    pub job_title: String,
    pub mentor_source: Option<MentorSource>,
    pub years_experience: Option<i32>,
    /// `Offer` codes joined by commas.
    pub offers: String,
    pub alumni_graduation_year: Option<i32>,
    pub degree_program: Option<DegreeProgram>,
    pub expected_graduation_year: Option<i32>,
    pub dream_jobs: String,
    pub unwanted_jobs: String,
    /// `Offer` codes the mentee hopes for, joined by commas.
    pub wants: String,
    pub wants_from_mentor: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
