//! The program's resources written with past participants: the mentorship tips and the advice
//! pages, in Markdown, edited by organizers with a preview and a history of every version, and
//! improved by participants' suggestions. Pair pages show each side its pages at the right time.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod markdown;
pub mod pages;
