//! Telling people things in the app and managing how they hear: notices on their home page,
//! their email preferences and the unsubscribe page, and the organizers' outbox page. The outbox
//! itself (queueing and delivering email) is below every area, in `outbox`.

pub mod api;
pub mod notices;
pub mod pages;
