//! Integration tests: a real server on a free port, a fresh database per test, on SQLite and
//! PostgreSQL alike.

mod accounts;
mod announcements;
mod audit;
mod auth;
mod cli;
mod closing;
mod dashboard;
mod enrollment;
mod errors;
mod exports;
mod helpers;
mod matching;
mod outbox;
mod pairs;
mod reminders;
mod resources;
mod schema;
mod security;
mod smtp_sink;
