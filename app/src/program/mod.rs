//! Program years with their quarters and phase, the organizing bodies, and the shared vocabulary.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod overview;
pub mod pages;
