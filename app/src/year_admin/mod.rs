//! One program year's organizer page and starting a year from the last one: the pieces that
//! bring the program, enrollment and matching together for a year.

pub mod carry_over;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
