//! Widgets shared by several feature areas.

pub mod chart;
pub mod form;
pub mod layout;
pub mod notice;
pub mod table;
