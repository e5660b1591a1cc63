//! Program years with their quarters and phase (closing one, starting the next), the organizing
//! bodies, and the shared vocabulary.

pub mod api;
pub mod closing;
#[cfg(feature = "ssr")]
pub mod db;
pub mod overview;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod year;
