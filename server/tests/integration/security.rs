//! The request path's guards: Origin check, headers, cookies, health.

use app::auth::api::ListPeople;
use app::error::AppError;

use crate::helpers::{Engine, spawn_app, spawn_app_with_site_url};
use crate::on_both_engines;

on_both_engines!(
    post_with_a_foreign_origin_is_refused,
    every_page_carries_the_security_headers,
    session_cookie_is_http_only_and_same_site_lax_locally,
    published_site_uses_secure_host_prefixed_cookie,
    signed_in_navigation_matches_the_kind_of_account,
    health_check_reports_the_database,
);

async fn post_with_a_foreign_origin_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;

    let foreign = app
        .raw_sign_up(Some("https://evil.example.com"), "mallory@example.edu")
        .await;
    let without_origin = app.raw_sign_up(None, "mallory@example.edu").await;

    assert_eq!(foreign.status(), 403);
    assert_eq!(without_origin.status(), 403);
    assert_eq!(
        app.call(ListPeople {}).await,
        Err(AppError::Unauthenticated)
    );
    let email = app::domain::validation::EmailAddress::parse("mallory@example.edu").unwrap();
    assert!(
        app::auth::db::find_user_by_email(&app.db, &email)
            .await
            .unwrap()
            .is_none()
    );
}

async fn every_page_carries_the_security_headers(engine: Engine) {
    let app = spawn_app(engine).await;

    for path in ["/", "/sign-in", "/no-such-page"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {csp}");
        }
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert!(headers.contains_key("x-request-id"), "{path}");
    }
    // Pages rendered at the same time each admit exactly their own scripts (a page whose policy
    // lacks its nonce cannot hydrate).
    let pages = ["/", "/sign-in", "/sign-up"].iter().cycle().take(60);
    let app = &app;
    let loaded = futures::future::join_all(pages.map(|path| async move {
        let page = app.get(path).await;
        let csp = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        (path, csp, page.text().await.unwrap())
    }))
    .await;
    for (path, csp, html) in loaded {
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("{path}: a nonce in {csp}"));
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: hydration scripts carry the policy's nonce"
        );
    }
}

fn session_set_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .find(|cookie| cookie.contains("mentorship_session="))
        .expect("a session cookie")
}

async fn session_cookie_is_http_only_and_same_site_lax_locally(engine: Engine) {
    let app = spawn_app(engine).await;

    let response = app.raw_sign_up(Some(&app.url("")), "ada@example.edu").await;

    let cookie = session_set_cookie(&response);
    assert!(cookie.starts_with("mentorship_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain-http localhost cannot use Secure: {cookie}"
    );
}

async fn published_site_uses_secure_host_prefixed_cookie(engine: Engine) {
    let app = spawn_app_with_site_url(engine, Some("https://mentoring.example.edu")).await;

    let response = app
        .raw_sign_up(Some("https://mentoring.example.edu"), "ada@example.edu")
        .await;

    assert_eq!(response.status(), 200);
    let cookie = session_set_cookie(&response);
    assert!(cookie.starts_with("__Host-mentorship_session="), "{cookie}");
    for attribute in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

async fn signed_in_navigation_matches_the_kind_of_account(engine: Engine) {
    let app = spawn_app(engine).await;
    let visitor = app.new_browser();
    let participant = app
        .new_browser()
        .signed_up("Quinn Query", "quinn@example.edu")
        .await;
    let organizer = app.signed_up("Marian Stacks", "marian@example.edu").await;
    organizer.make_organizer("marian@example.edu").await;

    let nav = |html: String| {
        let document = scraper::Html::parse_document(&html);
        let links = scraper::Selector::parse("nav[aria-label=Main] a, nav[aria-label=Main] button")
            .unwrap();
        document
            .select(&links)
            .map(|el| el.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let visitor_nav = nav(visitor.get("/").await.text().await.unwrap());
    let participant_nav = nav(participant.get("/").await.text().await.unwrap());
    let organizer_nav = nav(organizer.get("/").await.text().await.unwrap());

    assert_eq!(
        visitor_nav,
        ["Home", "Resources", "Sign in", "Create account"]
    );
    assert_eq!(
        participant_nav,
        [
            "Home",
            "Profile",
            "Application",
            "Directory",
            "Resources",
            "Account",
            "Sign out"
        ]
    );
    assert_eq!(
        organizer_nav,
        [
            "Home",
            "Dashboard",
            "Program",
            "Applications",
            "Matching",
            "Directory",
            "People",
            "Resources",
            "Account",
            "Sign out"
        ]
    );
}

async fn health_check_reports_the_database(engine: Engine) {
    let app = spawn_app(engine).await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}
