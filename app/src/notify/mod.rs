//! Telling people things: the email outbox (queued in the same transaction as the change it is
//! about, delivered by the server's background task), people's email preferences and signed
//! unsubscribe links, and the organizers' outbox page.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
pub mod reminders;
#[cfg(feature = "ssr")]
pub mod unsubscribe;
