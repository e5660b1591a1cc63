//! Applications to a program year and the organizers' decisions, invitations and the CSV import,
//! and the fall orientation.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod orientation;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
