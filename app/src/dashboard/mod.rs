//! What organizers get out of the program: the dashboard's figures, the CSV exports and the audit
//! log.

pub mod audit;
pub mod figures;
#[cfg(feature = "ssr")]
pub mod exports;
pub mod pages;
