//! Campus single sign-on over OpenID Connect: `GET /auth/oidc/login` sends the browser to the
//! provider (authorization code flow with PKCE, `state` and `nonce` kept in the session), and
//! `GET /auth/oidc/callback` exchanges the code, verifies the ID token (signature against the
//! provider's published keys, issuer, audience, expiry, nonce) and hands what it asserts to
//! `app::auth::sso`, which decides the account. The sign-in link is a plain link, not a form: a
//! form's redirect to another site would be blocked by the pages' `form-action 'self'`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Router, routing::get};
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata,
};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tower_sessions::Session;

use app::auth::single_sign_on::{PENDING_LINK_KEY, PendingLink, SsoProblem};
use app::auth::sso::{self, Assertion, Outcome};
use app::context::AppState;

use crate::config::OidcSettings;

const PENDING_SIGN_IN_KEY: &str = "oidc_pending";
/// A sign-in started longer ago than this is refused at the callback.
const SIGN_IN_LIFETIME_SECONDS: i64 = 10 * 60;
/// How long the provider's metadata and keys are reused before they are fetched again (keys
/// rotate; a token signed with a new key also triggers a fresh fetch).
const METADATA_LIFETIME: Duration = Duration::from_secs(10 * 60);

/// The provider, this site's registration with it, and its metadata once fetched.
pub struct Oidc {
    settings: OidcSettings,
    redirect: RedirectUrl,
    http: openidconnect::reqwest::Client,
    metadata: Mutex<Option<(Instant, CoreProviderMetadata)>>,
}

/// What the session remembers between the redirect to the provider and its answer.
#[derive(Serialize, Deserialize)]
struct PendingSignIn {
    state: String,
    nonce: String,
    verifier: String,
    started_at: i64,
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The two routes, when single sign-on is configured.
pub fn routes(settings: &OidcSettings, site_url: &str) -> anyhow::Result<Router<AppState>> {
    let oidc = Arc::new(Oidc {
        settings: settings.clone(),
        redirect: RedirectUrl::new(format!("{site_url}/auth/oidc/callback"))?,
        http: openidconnect::reqwest::Client::builder()
            // Following redirects would let a provider's answer point us anywhere (SSRF).
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?,
        metadata: Mutex::new(None),
    });
    Ok(Router::new()
        .route("/auth/oidc/login", get(start))
        .route("/auth/oidc/callback", get(callback))
        .layer(Extension(oidc)))
}

impl Oidc {
    async fn metadata(&self, fresh: bool) -> anyhow::Result<CoreProviderMetadata> {
        let mut cached = self.metadata.lock().await;
        if let Some((fetched, metadata)) = cached.as_ref()
            && !fresh
            && fetched.elapsed() < METADATA_LIFETIME
        {
            return Ok(metadata.clone());
        }
        let issuer = IssuerUrl::new(self.settings.issuer_url.clone())?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http).await?;
        *cached = Some((Instant::now(), metadata.clone()));
        Ok(metadata)
    }

    fn client(
        &self,
        metadata: CoreProviderMetadata,
    ) -> openidconnect::core::CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    > {
        CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(self.redirect.clone())
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn back_to_sign_in(problem: SsoProblem) -> Response {
    Redirect::to(&format!("/sign-in?sso={}", problem.code())).into_response()
}

/// `GET /auth/oidc/login`: to the provider, remembering what its answer must match.
async fn start(Extension(oidc): Extension<Arc<Oidc>>, session: Session) -> Response {
    let metadata = match oidc.metadata(false).await {
        Ok(metadata) => metadata,
        Err(error) => {
            tracing::warn!(%error, "single sign-on: the provider's metadata could not be read");
            return back_to_sign_in(SsoProblem::Unavailable);
        }
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = oidc
        .client(metadata)
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".to_owned()))
        .add_scope(Scope::new("profile".to_owned()))
        .set_pkce_challenge(challenge)
        .url();
    let pending = PendingSignIn {
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        started_at: now(),
    };
    if let Err(error) = session.insert(PENDING_SIGN_IN_KEY, pending).await {
        tracing::error!(%error, "single sign-on: the session could not be written");
        return back_to_sign_in(SsoProblem::Failed);
    }
    Redirect::to(url.as_str()).into_response()
}

/// `GET /auth/oidc/callback`: the provider's answer, checked, and the account it signs in.
async fn callback(
    State(state): State<AppState>,
    Extension(oidc): Extension<Arc<Oidc>>,
    session: Session,
    Query(answer): Query<CallbackQuery>,
) -> Response {
    // Taken, not read: a pending sign-in answers once.
    let pending = session
        .remove::<PendingSignIn>(PENDING_SIGN_IN_KEY)
        .await
        .ok()
        .flatten();
    let assertion = match verified_assertion(&oidc, pending, answer).await {
        Ok(assertion) => assertion,
        Err(problem) => return back_to_sign_in(problem),
    };
    match sso::account_for(&state.db, &assertion, now()).await {
        Ok(Outcome::SignIn(user)) => {
            match app::auth::ssr::start_session_in(&session, user.id, assertion.second_factor).await
            {
                Ok(()) => Redirect::to("/").into_response(),
                Err(error) => {
                    tracing::error!(?error, "single sign-on: the session could not be started");
                    back_to_sign_in(SsoProblem::Failed)
                }
            }
        }
        Ok(Outcome::ProvePassword(link)) => remember_link(&session, link).await,
        Ok(Outcome::Refused(problem)) => back_to_sign_in(problem),
        Err(error) => {
            tracing::error!(
                ?error,
                "single sign-on: the account could not be found or made"
            );
            back_to_sign_in(SsoProblem::Failed)
        }
    }
}

async fn remember_link(session: &Session, link: PendingLink) -> Response {
    match session.insert(PENDING_LINK_KEY, link).await {
        Ok(()) => Redirect::to("/sign-in/link").into_response(),
        Err(error) => {
            tracing::error!(%error, "single sign-on: the session could not be written");
            back_to_sign_in(SsoProblem::Failed)
        }
    }
}

async fn verified_assertion(
    oidc: &Oidc,
    pending: Option<PendingSignIn>,
    answer: CallbackQuery,
) -> Result<Assertion, SsoProblem> {
    let pending = pending
        .filter(|pending| now() - pending.started_at <= SIGN_IN_LIFETIME_SECONDS)
        .ok_or(SsoProblem::Expired)?;
    if let Some(error) = answer.error {
        tracing::info!(error = %error.chars().take(100).collect::<String>(), "single sign-on: the provider refused");
        return Err(SsoProblem::Failed);
    }
    // The state proves this answer belongs to the sign-in this browser started.
    if answer.state.as_deref() != Some(pending.state.as_str()) {
        return Err(SsoProblem::Expired);
    }
    let code = answer.code.ok_or(SsoProblem::Failed)?;
    let unavailable = |error: &dyn std::fmt::Display| {
        tracing::warn!(%error, "single sign-on: the provider could not be reached");
        SsoProblem::Unavailable
    };
    let metadata = oidc
        .metadata(false)
        .await
        .map_err(|error| unavailable(&error))?;
    let client = oidc.client(metadata);
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|error| unavailable(&error))?
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier))
        .request_async(&oidc.http)
        .await
        .map_err(|error| {
            tracing::warn!(%error, "single sign-on: the code was not exchanged");
            SsoProblem::Failed
        })?;
    let id_token = tokens.id_token().ok_or_else(|| {
        tracing::warn!("single sign-on: the provider sent no ID token");
        SsoProblem::Failed
    })?;
    let nonce = Nonce::new(pending.nonce);
    let claims = match id_token.claims(&client.id_token_verifier(), &nonce) {
        Ok(claims) => claims.clone(),
        Err(first) => {
            // Perhaps the provider rotated its keys since we fetched them: fetch once more.
            let fresh = oidc
                .metadata(true)
                .await
                .map_err(|error| unavailable(&error))?;
            let client = oidc.client(fresh);
            id_token
                .claims(&client.id_token_verifier(), &nonce)
                .map_err(|error| {
                    tracing::warn!(%first, %error, "single sign-on: the ID token was refused");
                    SsoProblem::Failed
                })?
                .clone()
        }
    };
    Ok(assertion_of(&claims))
}

fn assertion_of(claims: &CoreIdTokenClaims) -> Assertion {
    let methods: Vec<&str> = claims
        .auth_method_refs()
        .map(|methods| methods.iter().map(|method| method.as_str()).collect())
        .unwrap_or_default();
    Assertion {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        email: claims.email().map(|email| email.as_str().to_owned()),
        email_verified: claims.email_verified().unwrap_or(false),
        name: claims
            .name()
            .and_then(|name| name.get(None))
            .map(|name| name.as_str().to_owned()),
        second_factor: sso::asserts_second_factor(&methods),
    }
}
