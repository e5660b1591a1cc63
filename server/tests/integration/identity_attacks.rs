//! Every identity attack of issue 14 (findings 2–6), one test each, on both engines: what the
//! attacker tries, and that it no longer works. Each test's comment names its finding.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tower_sessions::SessionStore;

use app::auth::api::{
    ChangePassword, RequestPasswordReset, ResetLinkUsable, ResetPassword, SignIn,
};
use app::auth::store::DbSessionStore;
use app::enrollment::api::Invite;
use app::entities::{outbox, password_resets, sessions, sign_in_failures};
use app::error::AppError;
use app::notify::api::GetOutbox;
use server::client_address::TrustedProxies;
use server::config::Config;
use server::mailer::Mailer;

use crate::helpers::{
    Answer, Engine, PASSWORD, TestApp, fresh_database_url, spawn_app, spawn_app_configured,
    spawn_app_with_signed_out_account, spawn_app_with_site_url,
};
use crate::on_both_engines;
use crate::smtp_sink::SmtpSink;

on_both_engines!(
    a_session_ended_while_a_request_was_in_flight_stays_ended,
    a_burst_of_wrong_passwords_gets_no_more_checks_than_the_limit,
    forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy,
    sign_ups_from_one_address_are_limited,
    reset_requests_from_one_address_are_limited,
    a_sent_reset_email_keeps_no_link_in_the_outbox,
    organizers_never_read_an_invitation_link_on_the_outbox_page,
    simultaneous_reset_requests_send_at_most_three_links,
    a_password_change_ends_every_reset_link,
    a_completed_reset_ends_the_other_reset_links,
    demo_data_is_refused_in_production,
    a_published_site_sends_hsts_and_pages_are_never_stored,
);

const NEW_PASSWORD: &str = "a brand new passphrase";

/// The stored row of the session this browser holds.
async fn session_row(app: &TestApp) -> Option<sessions::Model> {
    let cookie = app.session_cookie()?;
    let id = cookie.split_once('=')?.1.to_owned();
    sessions::Entity::find_by_id(id).one(&app.db).await.unwrap()
}

/// Finding 2: a stolen session survived a password change, because a request of the thief's
/// still in flight (one that changed the session, e.g. took a flash) wrote back the row that
/// `end_other_sessions` had just deleted (`save` was an upsert). Now `save` only updates: the
/// in-flight request's write-back finds no row, and the session stays ended.
async fn a_session_ended_while_a_request_was_in_flight_stays_ended(engine: Engine) {
    let owner = spawn_app(engine)
        .await
        .signed_up("Ada Archive", "ada@example.edu")
        .await;
    let thief = owner.new_browser();
    assert_eq!(thief.sign_in("ada@example.edu", PASSWORD).await, Ok(()));
    let stolen = session_row(&thief).await.expect("the thief's session");
    let store = DbSessionStore::new(owner.db.clone());
    // The thief's request loaded the session before the owner changed the password…
    let in_flight = store
        .load(&stolen.id.parse().unwrap())
        .await
        .unwrap()
        .expect("the session loads");

    let changed = owner
        .call(ChangePassword {
            current_password: PASSWORD.into(),
            new_password: NEW_PASSWORD.into(),
        })
        .await;
    // …and writes it back after the change ended it.
    store.save(&in_flight).await.unwrap();

    assert_eq!(changed, Ok(()));
    assert_eq!(session_row(&thief).await, None);
    assert_eq!(thief.whoami().await, None);
    assert_eq!(owner.whoami().await.as_deref(), Some("ada@example.edu"));
}

/// Finding 3: the failure count was read, the password checked, then the failure recorded, so a
/// parallel burst got far more than five checks. Now each attempt is counted before it is
/// checked: of 30 wrong passwords at once, at most five are checked (answered "wrong"), the rest
/// are told how long to wait, and exactly the checked ones are recorded as failures.
async fn a_burst_of_wrong_passwords_gets_no_more_checks_than_the_limit(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    let browsers: Vec<TestApp> = (0..30).map(|_| app.new_browser()).collect();

    let answers = futures::future::join_all(browsers.iter().map(|browser| {
        browser.call(SignIn {
            email: "ada@example.edu".into(),
            password: "not the password".into(),
        })
    }))
    .await;

    let checked = answers
        .iter()
        .filter(|answer| matches!(answer, Err(AppError::Refused(_))))
        .count();
    let throttled = answers
        .iter()
        .filter(|answer| {
            matches!(answer, Err(AppError::Throttled { retry_after_seconds }) if *retry_after_seconds > 0)
        })
        .count();
    let recorded = sign_in_failures::Entity::find()
        .filter(sign_in_failures::Column::Email.eq("ada@example.edu"))
        .count(&app.db)
        .await
        .unwrap();
    assert!(checked <= 5, "{checked} passwords checked: {answers:?}");
    assert_eq!(checked + throttled, 30, "{answers:?}");
    assert_eq!(recorded, checked as u64);
    let owner = app.sign_in("ada@example.edu", PASSWORD).await;
    if checked == 5 {
        assert!(
            matches!(owner, Err(AppError::Throttled { .. })),
            "{owner:?}"
        );
    }
}

/// Finding 3: the account's back-off doubles from 15 seconds after the fifth failure and stops at
/// 15 minutes, so its owner is slowed, never locked out for long.
#[test]
fn an_accounts_back_off_doubles_from_fifteen_seconds_to_at_most_fifteen_minutes() {
    use app::auth::api::account_back_off;
    let waits: Vec<Option<i64>> = [0, 4, 5, 6, 7, 10, 11, 40]
        .into_iter()
        .map(account_back_off)
        .collect();

    assert_eq!(
        waits,
        [
            None,
            None,
            Some(15),
            Some(30),
            Some(60),
            Some(480),
            Some(900),
            Some(900)
        ]
    );
}

async fn wrong_password(browser: &TestApp, email: &str) -> Answer<()> {
    browser.sign_in(email, "not the password").await
}

/// Twenty wrong passwords (to twenty accounts, so no account's back-off applies) from `browsers`
/// in turn.
async fn twenty_failures(browsers: &[TestApp]) {
    for n in 0..20 {
        let browser = &browsers[n % browsers.len()];
        let answer = wrong_password(browser, &format!("someone{n}@example.edu")).await;
        assert!(
            matches!(answer, Err(AppError::Refused(_))),
            "{n}: {answer:?}"
        );
    }
}

/// Finding 3: the address was always the TCP peer, so behind a load balancer twenty failures
/// from anyone closed sign-in for everyone. With `TRUSTED_PROXIES` the client is the right-most
/// `X-Forwarded-For` address that is not a trusted proxy; from any other peer the header is
/// ignored (else anyone could pick a fresh address for every guess).
async fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(engine: Engine) {
    let direct = spawn_app(engine).await;
    let behind_proxy = spawn_app_configured(engine, |config| Config {
        trusted_proxies: TrustedProxies::parse("127.0.0.1").unwrap(),
        ..config
    })
    .await;

    // Not trusted: twenty guesses claiming twenty addresses are one address's twenty.
    let claiming: Vec<TestApp> = (0..20)
        .map(|n| direct.forwarded_for(&format!("203.0.113.{n}")))
        .collect();
    twenty_failures(&claiming).await;
    let next = wrong_password(&direct.forwarded_for("198.51.100.7"), "other@example.edu").await;
    assert!(matches!(next, Err(AppError::Throttled { .. })), "{next:?}");

    // Trusted: the address the proxy was asked by is the client's, and only its own guesses count.
    let guesser = behind_proxy.forwarded_for("203.0.113.5");
    twenty_failures(std::slice::from_ref(&guesser)).await;
    let guesser_again = wrong_password(&guesser, "other@example.edu").await;
    let someone_else = wrong_password(
        &behind_proxy.forwarded_for("1.2.3.4, 198.51.100.7"),
        "other@example.edu",
    )
    .await;
    // A client cannot escape by writing an address of its own left of the proxy's.
    let spoofing = wrong_password(
        &behind_proxy.forwarded_for("198.51.100.99, 203.0.113.5"),
        "other@example.edu",
    )
    .await;
    assert!(
        matches!(guesser_again, Err(AppError::Throttled { .. })),
        "{guesser_again:?}"
    );
    assert!(
        matches!(someone_else, Err(AppError::Refused(_))),
        "{someone_else:?}"
    );
    assert!(
        matches!(spoofing, Err(AppError::Throttled { .. })),
        "{spoofing:?}"
    );
}

/// Finding 4: sign-up (a 19 MiB Argon2 hash each) was not limited at all. Now one address may
/// create a configured number of accounts an hour (20 by default; 3 here); the next is refused
/// with how long to wait, and no account is made.
async fn sign_ups_from_one_address_are_limited(engine: Engine) {
    let app = spawn_app_configured(engine, |config| Config {
        accounts_per_address_per_hour: 3,
        ..config
    })
    .await;

    for n in 1..=3 {
        let signed_up = app
            .new_browser()
            .sign_up("Ada Archive", &format!("ada{n}@example.edu"))
            .await;
        assert_eq!(signed_up, Ok(()), "sign-up {n}");
    }
    let fourth = app
        .new_browser()
        .sign_up("Ada Archive", "ada4@example.edu")
        .await;

    let error = fourth.unwrap_err();
    assert!(
        matches!(error, AppError::Throttled { retry_after_seconds } if retry_after_seconds > 3500),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "Too many attempts. Please wait 60 minutes and try again."
    );
    let accounts = app::entities::users::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(accounts, 3);
}

/// Finding 4: asking for reset links (an email each) was only capped per account, so one address
/// could mail every account. Now ten an hour per address; the eleventh is refused.
async fn reset_requests_from_one_address_are_limited(engine: Engine) {
    let app = spawn_app(engine).await;

    for n in 1..=10 {
        let asked = forgot(&app, &format!("person{n}@example.edu")).await;
        assert_eq!(asked, Ok(()), "request {n}");
    }
    let eleventh = forgot(&app, "person11@example.edu").await;

    assert!(
        matches!(eleventh, Err(AppError::Throttled { .. })),
        "{eleventh:?}"
    );
}

/// Finding 4: password hashes are computed at most one per core at a time, however many
/// requests want one (a thousand at once took 19 GB).
#[tokio::test(flavor = "multi_thread")]
async fn password_hashing_waits_for_a_free_slot() {
    let slots = app::auth::ssr::hashing_slots();
    let running = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));

    let hashes = (0..slots * 4).map(|_| {
        let (running, most) = (running.clone(), most.clone());
        app::auth::ssr::argon2_blocking(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            // The real work: one hash at the app's parameters.
            use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
            let salt = SaltString::generate(&mut OsRng);
            let hash = argon2::Argon2::default()
                .hash_password(b"correct horse battery", &salt)
                .map(|hash| hash.to_string());
            running.fetch_sub(1, Ordering::SeqCst);
            hash.is_ok()
        })
    });
    let done = futures::future::join_all(hashes).await;

    assert!(done.into_iter().all(|hashed| hashed == Ok(true)));
    let most = most.load(Ordering::SeqCst);
    assert!(most <= slots, "{most} hashes at once with {slots} slots");
}

async fn forgot(app: &TestApp, address: &str) -> Answer<()> {
    app.call(RequestPasswordReset {
        email: address.into(),
    })
    .await
}

/// The tokens of the reset links in `address`'s outbox rows, oldest first.
async fn reset_tokens(app: &TestApp, address: &str) -> Vec<String> {
    app::outbox::db::outbox_for(&app.db, address)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|email| {
            let start = email.body.find("/reset-password/")? + "/reset-password/".len();
            Some(email.body[start..].split_whitespace().next()?.to_owned())
        })
        .collect()
}

async fn usable(app: &TestApp, token: &str) -> bool {
    app.call(ResetLinkUsable {
        token: token.into(),
    })
    .await
    .unwrap()
}

/// A message's text with quoted-printable's soft line breaks undone.
fn unwrapped(data: &str) -> String {
    data.replace("=\r\n", "").replace("=\n", "")
}

fn mailer(sink: &SmtpSink) -> Mailer {
    Mailer::new(
        &sink.url,
        "Mentorship Hub <hub@example.edu>",
        "https://mentoring.example.edu",
    )
    .unwrap()
}

/// Finding 5: a reset link stayed in `outbox.body` after it was sent, readable by anyone with
/// the database or a backup of it. Now a sensitive email's body is replaced once the SMTP server
/// took it; the person still gets the link.
async fn a_sent_reset_email_keeps_no_link_in_the_outbox(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    forgot(&app, "ada@example.edu").await.unwrap();
    let token = reset_tokens(&app, "ada@example.edu").await.remove(0);
    let sink = SmtpSink::start().await;

    mailer(&sink).deliver_due(&app.db).await.unwrap();

    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert!(
        unwrapped(&received[0].data).contains(&token),
        "the email carries the link"
    );
    let rows = app::outbox::db::outbox_for(&app.db, "ada@example.edu")
        .await
        .unwrap();
    assert!(rows[0].sent_at.is_some());
    assert_eq!(rows[0].body, app::outbox::db::REMOVED_AFTER_SENDING);
    assert!(reset_tokens(&app, "ada@example.edu").await.is_empty());
    assert!(usable(&app, &token).await, "the link itself still works");
}

/// Finding 5: invitation links (valid 30 days, and they enroll whoever opens them) were queued
/// as not sensitive, so every organizer could read them on the outbox page. Now they are hidden
/// there like password links, and removed from the row once sent.
async fn organizers_never_read_an_invitation_link_on_the_outbox_page(engine: Engine) {
    let (organizer, _) = TestApp::organizer_and_participant(engine).await;
    organizer.create_year(10).await;
    let sent = organizer
        .call(Invite {
            display_name: "Ivo Invitee".into(),
            email: "ivo@example.edu".into(),
            role: "mentor".into(),
        })
        .await
        .expect("invite");
    let token = sent.link.rsplit('/').next().unwrap().to_owned();
    let everything = GetOutbox {
        status: String::new(),
        page: 0,
    };

    let before_sending = organizer.call(everything.clone()).await.unwrap();
    let sink = SmtpSink::start().await;
    mailer(&sink).deliver_due(&organizer.db).await.unwrap();
    let after_sending = organizer.call(everything).await.unwrap();

    for page in [&before_sending, &after_sending] {
        let invitation = page
            .rows
            .iter()
            .find(|row| row.to == "ivo@example.edu")
            .expect("the invitation is listed");
        assert_eq!(invitation.body, None);
        assert!(!serde_json::to_string(page).unwrap().contains(&token));
    }
    assert!(
        sink.received()
            .iter()
            .any(|mail| unwrapped(&mail.data).contains(&token))
    );
    let stored = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq("ivo@example.edu"))
        .one(&organizer.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!stored.body.contains(&token));
}

/// Finding 6: the three-an-hour cap on reset links was counted, then inserted, so parallel
/// requests flooded a victim's inbox. Now the count and the insert hold the account's row: of
/// 20 requests at once, at most three links are queued.
async fn simultaneous_reset_requests_send_at_most_three_links(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    let browsers: Vec<TestApp> = (0..20).map(|_| app.new_browser()).collect();

    let answers =
        futures::future::join_all(browsers.iter().map(|b| forgot(b, "ada@example.edu"))).await;

    assert!(
        answers
            .iter()
            .all(|answer| matches!(answer, Ok(()) | Err(AppError::Throttled { .. }))),
        "{answers:?}"
    );
    assert!(answers.iter().filter(|answer| answer.is_ok()).count() >= 3);
    let queued = reset_tokens(&app, "ada@example.edu").await.len();
    let links = password_resets::Entity::find()
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(queued, 3);
    assert_eq!(links, 3);
}

/// Finding 6: an unused reset link survived a password change, so whoever had read the mailbox
/// could take the account back. Now changing the password ends every reset link.
async fn a_password_change_ends_every_reset_link(engine: Engine) {
    let app = spawn_app(engine)
        .await
        .signed_up("Ada Archive", "ada@example.edu")
        .await;
    forgot(&app, "ada@example.edu").await.unwrap();
    let token = reset_tokens(&app, "ada@example.edu").await.remove(0);
    assert!(usable(&app, &token).await);

    let changed = app
        .call(ChangePassword {
            current_password: PASSWORD.into(),
            new_password: NEW_PASSWORD.into(),
        })
        .await;
    let reset = app
        .new_browser()
        .call(ResetPassword {
            token: token.clone(),
            new_password: "the attacker's own passphrase".into(),
        })
        .await;

    assert_eq!(changed, Ok(()));
    assert!(!usable(&app, &token).await);
    assert!(matches!(reset, Err(AppError::Refused(_))), "{reset:?}");
    let fresh = app.new_browser();
    assert_eq!(fresh.sign_in("ada@example.edu", NEW_PASSWORD).await, Ok(()));
}

/// Finding 6: a completed reset left the account's other links usable. Now it ends them all.
async fn a_completed_reset_ends_the_other_reset_links(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    forgot(&app, "ada@example.edu").await.unwrap();
    forgot(&app, "ada@example.edu").await.unwrap();
    let tokens = reset_tokens(&app, "ada@example.edu").await;
    assert_eq!(tokens.len(), 2);

    let reset = app
        .call(ResetPassword {
            token: tokens[1].clone(),
            new_password: NEW_PASSWORD.into(),
        })
        .await;

    assert_eq!(reset, Ok(()));
    assert!(!usable(&app, &tokens[0]).await);
}

/// Finding 6: `demo-data` creates organizers whose password is printed and in the source, and it
/// ran anywhere. With `APP_ENV=production` it now refuses, says why, exits non-zero and writes
/// nothing.
async fn demo_data_is_refused_in_production(engine: Engine) {
    let database_url = fresh_database_url(engine).await;

    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("demo-data")
        .env("APP_ENV", "production")
        .env("DATABASE_URL", &database_url)
        .env("SITE_URL", "https://mentoring.example.edu")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .expect("run the server binary");

    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("demo-data refuses to run with APP_ENV=production"),
        "{stderr}"
    );
    let db = server::database::connect(&database_url).await.unwrap();
    use migration::MigratorTrait;
    migration::Migrator::up(&db, None).await.unwrap();
    let accounts = app::entities::users::Entity::find()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(accounts, 0);
}

/// Finding 6: no HSTS, and pages and server-function answers (people's data) could be kept by
/// the browser's cache or a proxy. Now a published site sends `Strict-Transport-Security`, every
/// page and `/api` answer `Cache-Control: private, no-store`, and the front end's files under
/// `/pkg/` stay cacheable. Plain-http localhost sends no HSTS (browsers would then refuse it).
async fn a_published_site_sends_hsts_and_pages_are_never_stored(engine: Engine) {
    let published = spawn_app_with_site_url(engine, Some("https://mentoring.example.edu")).await;
    let local = spawn_app(engine).await;

    for path in ["/", "/sign-in", "/no-such-page"] {
        let page = published.get(path).await;
        assert_eq!(
            page.headers()["strict-transport-security"],
            "max-age=31536000",
            "{path}"
        );
        assert_eq!(
            page.headers()["cache-control"],
            "private, no-store",
            "{path}"
        );
    }
    let answer = published
        .client
        .post(published.url("/api/current_user"))
        .header("origin", "https://mentoring.example.edu")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["cache-control"], "private, no-store");
    let asset = published.get("/pkg/mentorship-hub.css").await;
    assert!(
        asset
            .headers()
            .get("cache-control")
            .is_none_or(|value| !value.to_str().unwrap().contains("no-store")),
        "{:?}",
        asset.headers()
    );
    let local_page = local.get("/").await;
    assert!(
        !local_page
            .headers()
            .contains_key("strict-transport-security")
    );
    assert_eq!(local_page.headers()["cache-control"], "private, no-store");
}
