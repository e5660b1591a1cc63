//! Database tables as sea-orm entities (server only). Pages never see these: `api.rs` maps them to DTOs.

pub mod agenda_items;
pub mod enrollments;
pub mod goal_comments;
pub mod goal_steps;
pub mod goals;
pub mod ideas;
pub mod imports;
pub mod invitations;
pub mod matching_drafts;
pub mod meeting_private_notes;
pub mod meetings;
pub mod notices;
pub mod organizing_bodies;
pub mod orientation_rsvps;
pub mod orientation_sessions;
pub mod outbox;
pub mod pair_agreements;
pub mod pairs;
pub mod profile_tags;
pub mod profiles;
pub mod program_years;
pub mod quarters;
pub mod sessions;
pub mod sign_in_failures;
pub mod tags;
pub mod users;
