//! Program years with their quarters and phase (closing one, starting the next), the organizing
//! bodies, and the shared vocabulary.

pub mod api;
pub mod closing;
#[cfg(feature = "ssr")]
pub mod db;
pub mod overview;
pub mod pages;
pub mod year;
