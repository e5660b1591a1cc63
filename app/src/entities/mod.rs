//! Database tables as sea-orm entities (server only). Pages never see these: `api.rs` maps them to DTOs.

pub mod sessions;
pub mod sign_in_failures;
pub mod users;
