//! Widgets shared by several feature areas.

pub mod chart;
pub mod form;
pub mod notice;
pub mod routing;
pub mod table;
