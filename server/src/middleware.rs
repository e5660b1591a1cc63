//! Request-path guards: the Origin check on state-changing requests, security headers, and
//! HTTP status codes for server-function errors.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

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
        tracing::warn!(method = %request.method(), uri = %request.uri(), "cross-origin request refused");
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

/// Headers every response carries. A page gets a Content-Security-Policy admitting its own
/// scripts by their per-request nonce (see `page_csp`); everything else gets the strictest one.
pub async fn security_headers(
    State(live_reload_port): State<Option<u32>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = PageNonce::default();
    request.extensions_mut().insert(nonce.clone());
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
    let page_policy = nonce
        .take()
        .and_then(|nonce| HeaderValue::from_str(&page_csp(&nonce, live_reload_port)).ok());
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

/// The largest server-function error body worth reading to find its status code.
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// Server functions answer every error with 500. For API callers (not plain form posts, which
/// must stay redirects), give the status the error stands for: 401, 403, 422, 429, …
pub async fn error_status(request: Request, next: Next) -> Response {
    let is_form_post = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|accept| accept.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let response = next.run(request).await;
    if is_form_post || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, ERROR_BODY_LIMIT).await else {
        parts.status = StatusCode::INTERNAL_SERVER_ERROR;
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status_code()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
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
        return (StatusCode::PAYLOAD_TOO_LARGE, "The request is too large.").into_response();
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, limit)));
    next.run(request).await
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
