//! The Mentorship Hub server: configuration, database, migrations, middleware and routes.
//! `main.rs` adds the command line; integration tests start it through [`Application::build`].
// Release builds keep every view's full type (debug builds erase them), and the app's largest pages
// nest deeper than the compiler's default limit.
#![recursion_limit = "256"]

pub mod calendar;
pub mod client_address;
pub mod config;
pub mod database;
pub mod demo;
pub mod exports;
pub mod mailer;
pub mod middleware;
pub mod oidc;
pub mod scale;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, StatusCode};
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use migration::{Migrator, MigratorTrait};
use rand::Rng;
use sea_orm::DatabaseConnection;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use app::auth::ssr::IDLE_LIFETIME;
use app::auth::store::DbSessionStore;
use app::context::{AppState, REQUEST_ID_HEADER, SiteConfig};
use app::{App, shell};
use config::Config;
use middleware::AllowedOrigins;

pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    pub state: AppState,
    mailer: Option<mailer::Mailer>,
    intervals: config::Intervals,
}

impl Application {
    /// Connects to the database, applies pending migrations, binds the address and assembles the
    /// router. Nothing is served until [`Application::run`].
    pub async fn build(config: Config, mut leptos_options: LeptosOptions) -> anyhow::Result<Self> {
        let db = database::connect(&config.database_url).await?;
        Migrator::up(&db, None).await?;

        let listener = tokio::net::TcpListener::bind(config.site_addr).await?;
        let bound = listener.local_addr()?;
        let site_url = config
            .site_url
            .clone()
            .unwrap_or_else(|| format!("http://{bound}"));
        let mailer = config
            .smtp_url
            .as_deref()
            .map(|smtp| mailer::Mailer::new(smtp, &config.mail_from, &site_url))
            .transpose()?;
        let site = SiteConfig {
            secure_cookies: !config::is_loopback_http(&site_url),
            email_delivery: mailer.is_some(),
            single_sign_on: config.oidc.as_ref().map(|oidc| oidc.button_label.clone()),
            accounts_per_address_per_hour: config.accounts_per_address_per_hour,
            site_url,
        };
        let setup_token = first_organizer_token(&db, &site.site_url).await?;
        leptos_options.site_addr = bound;
        let state = AppState {
            db: db.clone(),
            config: Arc::new(site),
            leptos_options,
            setup_token: Arc::new(Mutex::new(setup_token)),
        };
        let single_sign_on = match &config.oidc {
            Some(oidc) => oidc::routes(oidc, &state.config.site_url)?,
            None => Router::new(),
        };
        let router = router(
            state.clone(),
            single_sign_on,
            config.trusted_proxies.clone(),
        );
        Ok(Self {
            listener,
            router,
            state,
            mailer,
            intervals: config.intervals,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub async fn run(self) -> std::io::Result<()> {
        let store = DbSessionStore::new(self.state.db.clone());
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(self.intervals.session_sweep);
            loop {
                interval.tick().await;
                if let Err(err) = store.delete_expired().await {
                    tracing::warn!(error = %err, "could not sweep expired sessions");
                }
            }
        });
        spawn_reminders(self.state.clone(), self.intervals.reminders);
        if let Some(mailer) = self.mailer {
            mailer::spawn(self.state.db.clone(), mailer, self.intervals.outbox);
        }
        tracing::info!(url = %self.state.config.site_url, "Mentorship Hub is listening");
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

/// Runs the switched-on reminder rules every `every` (each reminder goes out once however often
/// this runs, and on however many instances).
fn spawn_reminders(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            let ran = app::reminders::api::db::run(
                &state.db,
                &state.config.site_url,
                app::context::program_today(),
                chrono::Utc::now(),
            )
            .await;
            if let Err(err) = ran {
                tracing::warn!(error = %err, "reminders failed");
            }
        }
    });
}

/// While no organizer exists, a random one-time token opens the page that creates the first one.
async fn first_organizer_token(
    db: &DatabaseConnection,
    site_url: &str,
) -> anyhow::Result<Option<String>> {
    if app::auth::db::organizer_exists(db).await? {
        return Ok(None);
    }
    let token: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(32)
        .map(char::from)
        .collect();
    println!(
        "\nNo organizer account exists yet. Open this one-time link to create the first one:\n\n    {site_url}/setup/{token}\n\n(or run `server create-organizer --email you@example.edu`)\n"
    );
    Ok(Some(token))
}

/// The app's pages, found once per process. Finding them renders the app with resource loading
/// switched off for the whole process (a global flag in Leptos, leptos-rs/leptos#4773): a page
/// that another server of the same process was rendering meanwhile (integration tests start
/// many) waited forever for a resource that would never load.
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(
    state: AppState,
    single_sign_on: Router<AppState>,
    trusted_proxies: client_address::TrustedProxies,
) -> Router {
    let routes = route_list();
    let origins = AllowedOrigins::for_site(&state.config.site_url);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name(if state.config.secure_cookies {
            "__Host-mentorship_session"
        } else {
            "mentorship_session"
        })
        .with_secure(state.config.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(IDLE_LIFETIME));
    let headers = middleware::HeaderSettings {
        live_reload_port: std::env::var("LEPTOS_WATCH")
            .is_ok()
            .then_some(state.leptos_options.reload_port),
        // Browsers that once reached the site over https never try plain http again.
        strict_transport: state.config.secure_cookies,
        pkg_prefix: format!("/{}/", state.leptos_options.site_pkg_dir),
    };
    let context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    // Every line logged while handling a request carries its id, the one an error page quotes.
    let request_span = |request: &axum::http::Request<_>| {
        let id = request
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        tracing::info_span!("request", method = %request.method(), uri = %request.uri(), id)
    };

    Router::new()
        .route("/healthz", get(healthz))
        .route("/meetings/{id}/calendar.ics", get(calendar::meeting))
        .route("/calendar/{file}", get(calendar::feed))
        .route("/program/years/{id}/exports/{file}", get(exports::download))
        .merge(single_sign_on)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(fallback(&state, context))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            trusted_proxies,
            client_address::find_client,
        ))
        .layer(axum::middleware::from_fn(middleware::error_status))
        .layer(axum::middleware::from_fn_with_state(
            origins,
            middleware::check_origin,
        ))
        .layer(DefaultBodyLimit::max(middleware::UPLOAD_LIMIT_BYTES))
        .layer(axum::middleware::from_fn(middleware::check_upload_type))
        .layer(axum::middleware::from_fn(middleware::limit_body))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            middleware::security_headers,
        ))
        .layer(axum::middleware::from_fn(middleware::refuse_odd_targets))
        .layer(CatchPanicLayer::custom(middleware::answer_panic))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// The front end's files under `/pkg/`, and for any other address the app's own 404 page,
/// rendered with the request's context like every page (so its navigation knows who is signed in).
/// Only `/pkg/` is looked up on disk: a scanner's made-up paths never reach the file system.
fn fallback(
    state: &AppState,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> impl Fn(
    axum::http::Uri,
    State<AppState>,
    axum::extract::Request,
) -> std::pin::Pin<Box<dyn Future<Output = axum::response::Response> + Send>>
+ Clone
+ Send
+ 'static {
    let files =
        leptos_axum::file_and_error_handler_with_context::<AppState, _>(context.clone(), shell);
    let page = leptos_axum::render_app_to_stream_with_context(context, {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    });
    let pkg = format!("/{}/", state.leptos_options.site_pkg_dir);
    move |uri: axum::http::Uri, state, request| {
        let is_file = uri.path().starts_with(&pkg)
            && uri
                .path()
                .split('/')
                .all(|segment| segment.len() <= FILE_NAME_MAX_BYTES);
        if is_file {
            files(uri, state, request)
        } else {
            page(request)
        }
    }
}

/// The longest file name the file systems we run on allow.
const FILE_NAME_MAX_BYTES: usize = 255;

/// What pages and server functions can reach through `use_context` while handling one request.
fn provide_request_context(state: &AppState) {
    provide_context(state.clone());
    let parts = use_context::<axum::http::request::Parts>();
    if let Some(session) = parts
        .as_ref()
        .and_then(|parts| parts.extensions.get::<Session>().cloned())
    {
        provide_context(session);
    }
    // Only page renders have a nonce; `security_headers` gives them a policy that admits exactly
    // their own scripts.
    if let (Some(nonce), Some(slot)) = (
        leptos::nonce::use_nonce(),
        parts
            .as_ref()
            .and_then(|parts| parts.extensions.get::<middleware::PageNonce>()),
    ) {
        slot.set(nonce.to_string());
    }
}

async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

/// Leptos' settings from the environment cargo-leptos sets, with this workspace's defaults, so the
/// binary also runs on its own (tests, deployments) without reading `Cargo.toml`.
pub fn leptos_options() -> LeptosOptions {
    let env =
        |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "mentorship-hub"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .reload_port(env("LEPTOS_RELOAD_PORT", "3001").parse().unwrap_or(3001))
        .build()
}

/// Logs to stderr at `RUST_LOG` (default: info for this app, warnings for libraries).
pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,tower_sessions=warn".into());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
