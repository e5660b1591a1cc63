//! Integration tests: a real server on a free port, a fresh database per test, on SQLite and
//! PostgreSQL alike.

mod access;
mod accounts;
mod announcements;
mod audit;
mod auth;
mod cli;
mod closing;
mod crash;
mod dashboard;
mod enrollment;
mod errors;
mod exports;
mod fuzz;
mod helpers;
mod identity_attacks;
mod layers;
mod matching;
mod outbox;
mod pairs;
mod privacy;
mod process;
mod reminders;
mod resources;
mod schema;
mod security;
mod single_sign_on;
mod smtp_sink;
mod stress;
