//! What organizers get out of the program and say to it: the dashboard's figures, announcements,
//! the CSV exports and the audit log.

pub mod announcements;
pub mod audit;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod figures;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
