//! Reminders from rules organizers switch on and word, run every hour by the server. They read
//! how pairs are doing (the dashboard's figures) and what is due in the year, so they sit above
//! matching and the dashboard; the email and the once-per-occasion log they write are `outbox`'s.

pub mod api;
pub mod pages;
