//! What organizers get out of the program: the dashboard's figures, the CSV exports and the audit
//! log.

pub mod audit;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod figures;
pub mod pages;
