//! Profiles (carried from year to year), the vocabulary they draw on, and the directory.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
