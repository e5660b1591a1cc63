//! What organizers get out of the program: for now the CSV exports (the dashboard, announcements
//! and the audit log are still to come, issue 6).

#[cfg(feature = "ssr")]
pub mod exports;
