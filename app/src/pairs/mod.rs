//! The pair's workspace: the pair page, the agreement the two make, and the mentee's goals.

pub mod access;
pub mod api;
pub mod calendar;
pub mod concerns;
#[cfg(feature = "ssr")]
pub mod db;
pub mod ideas;
pub mod meetings;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
