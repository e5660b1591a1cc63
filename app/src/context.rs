//! What every request can reach on the server: the shared state, the request itself, and the
//! conversion of internal failures into a loggable reference (server only).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{ConnectInfo, FromRef};
use axum::http::request::Parts;
use leptos::prelude::*;
use sea_orm::{DatabaseConnection, DbErr, SqlErr};

use crate::error::AppError;

/// Settings that pages and server functions need to know about the deployment.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// The public origin, e.g. `https://mentoring.example.edu`, without a trailing slash.
    pub site_url: String,
    /// Whether cookies must be `Secure` (anything but plain-http localhost).
    pub secure_cookies: bool,
    /// Whether the outbox is delivered over SMTP (otherwise emails stay on the outbox page).
    pub email_delivery: bool,
    /// The campus sign-on button's words, when single sign-on is configured.
    pub single_sign_on: Option<String>,
    /// Accounts one address may create per hour (signing up, accepting invitations).
    pub accounts_per_address_per_hour: u32,
}

/// The address a request came from, as the server worked it out: the TCP peer, or behind the
/// deployment's trusted proxies the address they were asked by (the server's `TRUSTED_PROXIES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddress(pub std::net::IpAddr);

/// Shared, cheaply cloned state of one server process.
#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<SiteConfig>,
    pub leptos_options: LeptosOptions,
    /// The one-time token of the first-organizer page, while no organizer exists.
    pub setup_token: Arc<Mutex<Option<String>>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The header the request-id middleware sets; quoted to people as an error reference.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal_error("AppState missing from context"))
}

pub fn db() -> Result<DatabaseConnection, AppError> {
    app_state().map(|state| state.db)
}

fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The id of the request being handled, or a fresh one outside a request.
pub fn request_id() -> String {
    request_parts()
        .and_then(|parts| {
            parts
                .headers
                .get(REQUEST_ID_HEADER)
                .and_then(|value| value.to_str().ok().map(str::to_owned))
        })
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// The address the request came from, for throttling: the [`ClientAddress`] the server worked
/// out, or else the TCP peer.
pub fn client_address() -> String {
    request_parts()
        .and_then(|parts| {
            let extensions = &parts.extensions;
            extensions
                .get::<ClientAddress>()
                .map(|client| client.0)
                .or_else(|| {
                    extensions
                        .get::<ConnectInfo<SocketAddr>>()
                        .map(|info| info.0.ip())
                })
                .map(|address| address.to_string())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Logs an internal failure with the request id and returns the error people see, which carries
/// only that id.
pub fn internal_error(detail: impl std::fmt::Display) -> AppError {
    let reference = request_id();
    tracing::error!(%reference, error = %detail, "internal error");
    AppError::Internal { reference }
}

/// A write that found its row gone or changed, or that a row it refers to was removed meanwhile,
/// is a stale form (someone else's change, another tab), not a fault of ours; two people saving
/// the same new thing at once is refused the same way. Anything else is internal.
impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        let stale = match &err {
            DbErr::RecordNotUpdated | DbErr::RecordNotFound(_) => true,
            _ => matches!(
                err.sql_err(),
                Some(
                    SqlErr::ForeignKeyConstraintViolation(_) | SqlErr::UniqueConstraintViolation(_)
                )
            ),
        };
        if stale {
            tracing::info!(reference = %request_id(), error = %err, "stale write refused");
            AppError::Stale
        } else {
            internal_error(err)
        }
    }
}

impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        internal_error(err)
    }
}

/// Today in the program's own time (Los Angeles, taken as UTC−8): a deadline lasts to the end of
/// its day there, at worst an hour longer during daylight saving time.
pub fn program_today() -> chrono::NaiveDate {
    program_date(chrono::Utc::now())
}

/// The program's own day at this instant (see [`program_today`]).
pub fn program_date(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    (at - chrono::Duration::hours(8)).date_naive()
}

/// The instant the program's own day `date` begins (the inverse of [`program_date`]).
pub fn program_day_start(date: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    date.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(8)
}
