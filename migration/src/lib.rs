//! The database schema, one migration per change. Run at server start and as `cargo run -p migration -- <cmd>`.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_create_users;
mod m20261127_000002_create_sessions;
mod m20261127_000003_create_sign_in_failures;
mod m20261127_000004_create_program_years;
mod m20261127_000005_create_profiles;
mod m20261127_000006_create_enrollments;
mod m20261127_000007_create_matching;
mod m20261127_000008_add_preferred_mentors;
mod m20261127_000009_create_pair_workspace;
mod m20261127_000010_create_meetings;
mod m20261127_000011_create_ideas;
mod m20261127_000012_create_concerns_and_checkins;
mod m20261127_000013_create_calendar_feeds;
mod m20261127_000014_create_resources;
mod m20261127_000015_create_audit_log;
mod m20261127_000016_add_enrollment_body;
mod m20261127_000017_create_password_resets;
mod m20261127_000018_create_email_delivery;
mod m20261127_000019_create_reminders;
mod m20261127_000020_create_final_surveys;
mod m20261203_000021_create_rankings;
mod m20261203_000022_quarter_codes;
mod m20261203_000023_create_request_limits;
mod m20261203_000030_create_external_identities;
mod support;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_create_users::Migration),
            Box::new(m20261127_000002_create_sessions::Migration),
            Box::new(m20261127_000003_create_sign_in_failures::Migration),
            Box::new(m20261127_000004_create_program_years::Migration),
            Box::new(m20261127_000005_create_profiles::Migration),
            Box::new(m20261127_000006_create_enrollments::Migration),
            Box::new(m20261127_000007_create_matching::Migration),
            Box::new(m20261127_000008_add_preferred_mentors::Migration),
            Box::new(m20261127_000009_create_pair_workspace::Migration),
            Box::new(m20261127_000010_create_meetings::Migration),
            Box::new(m20261127_000011_create_ideas::Migration),
            Box::new(m20261127_000012_create_concerns_and_checkins::Migration),
            Box::new(m20261127_000013_create_calendar_feeds::Migration),
            Box::new(m20261127_000014_create_resources::Migration),
            Box::new(m20261127_000015_create_audit_log::Migration),
            Box::new(m20261127_000016_add_enrollment_body::Migration),
            Box::new(m20261127_000017_create_password_resets::Migration),
            Box::new(m20261127_000018_create_email_delivery::Migration),
            Box::new(m20261127_000019_create_reminders::Migration),
            Box::new(m20261127_000020_create_final_surveys::Migration),
            Box::new(m20261203_000021_create_rankings::Migration),
            Box::new(m20261203_000022_quarter_codes::Migration),
            Box::new(m20261203_000023_create_request_limits::Migration),
            Box::new(m20261203_000030_create_external_identities::Migration),
        ]
    }
}
