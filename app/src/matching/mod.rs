//! The organizers' matching workflow: the saved draft, what-if in the browser, publishing pairs,
//! and assigning or ending pairs later in the year. The engine itself is `domain::matching`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
