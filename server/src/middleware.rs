//! Request-path guards: odd request targets and uploads refused before anything parses them, the
//! Origin check on state-changing requests, security headers, HTTP status codes for
//! server-function errors, and a plain page for a request that panicked.

use std::any::Any;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use app::error::AppError;

/// The origins a state-changing request may come from.
#[derive(Clone, Debug)]
pub struct AllowedOrigins(Vec<String>);

impl AllowedOrigins {
    /// The configured site URL; for local development also its other loopback spelling, since
    /// people open `localhost` and `127.0.0.1` interchangeably.
    pub fn for_site(site_url: &str) -> Self {
        let mut origins = vec![site_url.to_owned()];
        for (from, to) in [
            ("://127.0.0.1", "://localhost"),
            ("://localhost", "://127.0.0.1"),
        ] {
            if crate::config::is_loopback_http(site_url) && site_url.contains(from) {
                origins.push(site_url.replacen(from, to, 1));
            }
        }
        Self(origins)
    }

    fn allows(&self, headers: &HeaderMap) -> bool {
        let value = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        match (value(header::ORIGIN), value(header::REFERER)) {
            (Some(origin), _) => self.0.iter().any(|allowed| allowed == origin),
            (None, Some(referer)) => self.0.iter().any(|allowed| {
                referer
                    .strip_prefix(allowed.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            }),
            // Browsers send at least one of the two on a cross-site POST; a request with neither
            // is not from a page of ours.
            (None, None) => false,
        }
    }
}

/// Server functions have no CSRF protection of their own: every request that can change data
/// must come from one of our pages.
pub async fn check_origin(
    State(origins): State<AllowedOrigins>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || origins.allows(request.headers()) {
        next.run(request).await
    } else {
        // Anyone can send one: a visitor's (or a scanner's) mistake, not the server's.
        tracing::info!(method = %request.method(), uri = %request.uri(), "cross-origin request refused");
        (
            StatusCode::FORBIDDEN,
            "This request did not come from a page of this site, so it was refused.",
        )
            .into_response()
    }
}

/// Where a page render leaves the nonce of its inline scripts, for [`security_headers`] to put
/// in the page's policy. (Headers set through Leptos' `ResponseOptions` while rendering were lost
/// on about one page in a hundred under concurrent load, leaving the page unable to hydrate; a
/// slot in the request's extensions is read back by the same middleware that made it.)
#[derive(Clone, Debug, Default)]
pub struct PageNonce(std::sync::Arc<std::sync::Mutex<Option<String>>>);

impl PageNonce {
    pub fn set(&self, nonce: String) {
        *self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(nonce);
    }

    fn take(&self) -> Option<String> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()
    }
}

/// What [`security_headers`] needs to know about the deployment.
#[derive(Clone, Debug)]
pub struct HeaderSettings {
    /// cargo-leptos' live-reload port, while developing.
    pub live_reload_port: Option<u32>,
    /// Whether to send `Strict-Transport-Security` (whenever cookies are `Secure`: anywhere but
    /// plain-http localhost).
    pub strict_transport: bool,
    /// Where the front end's content-hashed files are served (`/pkg/`): the only answers that
    /// may be kept in caches.
    pub pkg_prefix: String,
}

/// Headers every response carries. A page gets a Content-Security-Policy admitting its own
/// scripts by their per-request nonce (see `page_csp`); everything else gets the strictest one.
/// Pages and server-function answers hold people's data: no cache keeps them (`no-store`), so
/// the back button after signing out, a shared computer or a proxy shows nothing; only the
/// front end's files under `/pkg/` stay cacheable.
pub async fn security_headers(
    State(settings): State<HeaderSettings>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = PageNonce::default();
    request.extensions_mut().insert(nonce.clone());
    let cacheable = request.uri().path().starts_with(&settings.pkg_prefix);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let fixed = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    if settings.strict_transport {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !cacheable {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    let page_policy = nonce
        .take()
        .and_then(|nonce| HeaderValue::from_str(&page_csp(&nonce, settings.live_reload_port)).ok());
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        page_policy.unwrap_or(HeaderValue::from_static(
            "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        )),
    );
    response
}

/// The policy of an HTML page: scripts only with this response's nonce (Leptos' hydration
/// scripts carry it) plus WebAssembly compilation; nothing from elsewhere.
pub fn page_csp(nonce: &str, live_reload_port: Option<u32>) -> String {
    let reload = live_reload_port
        .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The largest server-function error body worth reading to find its status code: far more than
/// any error of ours (kept values are cut, messages quote little), so reaching it is a bug.
const ERROR_BODY_LIMIT: usize = 1024 * 1024;

/// Server functions answer every error with 500. Give the status the error stands for: 401, 403,
/// 409, 422, 429, … (A plain form post's error goes back to its page in a redirect, which stays.)
pub async fn error_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status().is_redirection() || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_LIMIT).await else {
        tracing::error!(
            limit = ERROR_BODY_LIMIT,
            "a server function's error was too large to pass on"
        );
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::from(PANIC_PAGE));
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(parts.status);
        if let AppError::Throttled {
            retry_after_seconds,
        } = error
        {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Browsers send an absolute path with its dot segments already resolved. Anything else
/// (`OPTIONS *`, `GET sign-in`, `/..`, `/%2e%2e/`) is no page of ours, and the router below would
/// panic on it or render it without its context: it gets a plain 400.
pub async fn refuse_odd_targets(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let path = uri.path();
    let well_formed = uri.path_and_query().is_some()
        && path.starts_with('/')
        && !path.split('/').any(is_dot_segment);
    if well_formed {
        next.run(request).await
    } else {
        tracing::info!(method = %request.method(), uri = %uri, "odd request target refused");
        (
            StatusCode::BAD_REQUEST,
            "This address is not one of this site's pages.",
        )
            .into_response()
    }
}

/// `.` or `..`, also percent-encoded (`%2e`, `%2E%2e`, …).
fn is_dot_segment(segment: &str) -> bool {
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded == "." || decoded == ".."
}

/// An upload must be `multipart/form-data` with a boundary, checked with the parser server
/// functions use: their multipart decoder panics on anything else.
pub async fn check_upload_type(request: Request, next: Next) -> Response {
    let is_upload =
        request.method() == Method::POST && UPLOAD_PATHS.contains(&request.uri().path());
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| multer::parse_boundary(value).is_ok());
    if !is_upload || multipart {
        next.run(request).await
    } else {
        tracing::info!(uri = %request.uri(), "upload without a multipart body refused");
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the spreadsheet as a file, from the import form.",
        )
            .into_response()
    }
}

/// What someone sees when handling their request panicked (never their data, never the panic).
const PANIC_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Something went wrong · Mentorship Hub</title></head><body><h1>Something went wrong on our side</h1><p>Nothing was changed by this request. Try again; if it keeps happening, tell the organizers.</p><p><a href=\"/\">Home</a></p></body></html>";

/// The last line of defence (tower-http's `CatchPanicLayer`): a panic while handling a request is
/// logged, inside the request's span (with its id), and answered with a plain 500 page instead of
/// a connection reset.
pub fn answer_panic(panic: Box<dyn Any + Send + 'static>) -> Response {
    let message = panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    tracing::error!(panic = %message, "handling a request panicked");
    (StatusCode::INTERNAL_SERVER_ERROR, Html(PANIC_PAGE)).into_response()
}

/// Form posts are small; only the spreadsheet upload may be larger.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// A participants' CSV of a few thousand rows fits comfortably.
pub const UPLOAD_LIMIT_BYTES: usize = 2 * 1024 * 1024;
const UPLOAD_PATHS: [&str; 1] = ["/api/upload_roster"];

/// Caps every request body, whoever reads it (server functions read bodies themselves, so
/// axum's extractor limit alone would not apply): a declared length over the cap gets 413 before
/// anything is read, and a body that grows past it while streaming fails to read.
pub async fn limit_body(request: Request, next: Next) -> Response {
    let limit = if UPLOAD_PATHS.contains(&request.uri().path()) {
        UPLOAD_LIMIT_BYTES
    } else {
        BODY_LIMIT_BYTES
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        let drained = drain(request.into_body()).await;
        let mut response =
            (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
        if !drained {
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        return response;
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
}

/// How much of a refused body is read before answering.
const DRAIN_LIMIT_BYTES: usize = 4 * 1024 * 1024;

/// Reads and drops a refused body, up to [`DRAIN_LIMIT_BYTES`]. A connection closed with data
/// still unread is reset, and a reset throws away the answer the client has not read yet: without
/// this, whoever sent too much saw a dropped connection instead of the 413. Whether it was all read.
async fn drain(mut body: Body) -> bool {
    use http_body_util::BodyExt;
    let mut read = 0;
    while read <= DRAIN_LIMIT_BYTES {
        match body.frame().await {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, |data| data.len()),
            Some(Err(_)) => return false,
            None => return true,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(name, value)| (name.clone(), HeaderValue::from_static(value)))
            .collect()
    }

    #[test]
    fn same_origin_is_allowed_and_foreign_origin_refused() {
        let origins = AllowedOrigins::for_site("https://hub.example.edu");
        assert!(origins.allows(&headers(&[(header::ORIGIN, "https://hub.example.edu")])));
        assert!(!origins.allows(&headers(&[(header::ORIGIN, "https://evil.example.com")])));
    }

    #[test]
    fn referer_must_be_on_the_site_not_merely_start_like_it() {
        let origins = AllowedOrigins::for_site("https://hub.example.edu");
        assert!(origins.allows(&headers(&[(
            header::REFERER,
            "https://hub.example.edu/sign-in"
        )])));
        assert!(!origins.allows(&headers(&[(
            header::REFERER,
            "https://hub.example.edu.evil.com/x"
        )])));
    }

    #[test]
    fn dot_segments_are_found_however_they_are_spelled() {
        for segment in [".", "..", "%2e", "%2E%2e", ".%2e"] {
            assert!(is_dot_segment(segment), "{segment}");
        }
        for segment in ["", "...", ".well-known", "program", "%2e%2e%2e"] {
            assert!(!is_dot_segment(segment), "{segment}");
        }
    }

    #[test]
    fn request_without_origin_or_referer_is_refused() {
        let origins = AllowedOrigins::for_site("https://hub.example.edu");
        assert!(!origins.allows(&HeaderMap::new()));
    }

    #[test]
    fn local_development_accepts_both_loopback_names() {
        let origins = AllowedOrigins::for_site("http://127.0.0.1:3000");
        assert!(origins.allows(&headers(&[(header::ORIGIN, "http://localhost:3000")])));
        assert!(!origins.allows(&headers(&[(header::ORIGIN, "http://localhost:3001")])));
    }
}
