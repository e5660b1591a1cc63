//! What organizers get out of the program: the CSV exports and the audit log (the dashboard's
//! figures, announcements and reminders are still to come, issue 6).

pub mod audit;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod pages;
