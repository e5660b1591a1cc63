//! The program itself: what it is (public), and later its years, quarters and organizing bodies.

pub mod pages;
