//! The directory of the current year and one person's page, with the rules of who may see whom.

pub mod api;
pub mod pages;
