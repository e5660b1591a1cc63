//! The email outbox: an email is queued in the same transaction as the change it is about and
//! delivered by the server's background task; people's opt-outs and signed unsubscribe links; the
//! log that makes an occasion's message go once. Every area that writes sends email, so this
//! lies below them all (the pages about it are `notify`'s).

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod emails;
#[cfg(feature = "ssr")]
pub mod unsubscribe;
