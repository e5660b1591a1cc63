//! Campus single sign-on against a real, certified OpenID Provider (npm's `oidc-provider`, run
//! by `end2end/oidc-idp.mjs` on a loopback port), on both engines: the browser's whole round trip
//! of redirects, the code exchanged, the ID token verified, and the account rules of
//! `app::auth::sso`.

use std::process::Stdio;

use app::auth::single_sign_on::LinkUniversityAccount;
use app::entities::users;
use sea_orm::{EntityTrait, PaginatorTrait};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::helpers::{Engine, PASSWORD, Refusal, TestApp, spawn_app_configured};
use crate::on_both_engines;

on_both_engines!(
    a_first_university_sign_in_makes_the_account_and_signs_in,
    the_providers_subject_not_the_email_finds_the_account_again,
    an_existing_password_account_is_linked_only_by_its_password,
    an_address_the_provider_did_not_verify_links_nothing_and_makes_nothing,
    an_answer_without_its_own_sign_in_is_refused,
    a_disabled_account_cannot_sign_in_through_its_university,
    the_sign_in_pages_offer_the_university_only_when_it_is_configured,
);

const CLIENT_ID: &str = "mentorship-hub";
const CLIENT_SECRET: &str = "a-test-client-secret";

/// The provider's process (killed when dropped) and its address.
struct Provider {
    issuer: String,
    _process: Child,
}

/// Who the person says they are on the provider's sign-in page.
struct Person<'a> {
    username: &'a str,
    email: &'a str,
    name: &'a str,
    email_verified: bool,
}

impl<'a> Person<'a> {
    fn new(username: &'a str, email: &'a str) -> Self {
        Self {
            username,
            email,
            name: "Jo Bruin",
            email_verified: true,
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

/// A server configured for single sign-on, and its provider, which learns the server's callback
/// once the server has its port (the server fetches the provider's metadata only when asked to
/// sign someone in).
async fn spawn_app_with_provider(engine: Engine) -> (TestApp, Provider) {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let app = spawn_app_configured(engine, |config| server::config::Config {
        oidc: Some(server::config::OidcSettings {
            issuer_url: issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            button_label: "Sign in with UCLA Logon".into(),
        }),
        ..config
    })
    .await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/oidc-idp.mjs");
    let mut process = Command::new("node")
        .arg(script)
        .arg(port.to_string())
        .arg(CLIENT_ID)
        .arg(CLIENT_SECRET)
        .arg(app.url("/auth/oidc/callback"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("node runs end2end/oidc-idp.mjs (npm ci in end2end/ installs oidc-provider)");
    let mut lines = BufReader::new(process.stdout.take().expect("piped stdout")).lines();
    while let Some(line) = lines.next_line().await.expect("the provider's output") {
        if line.starts_with("ready ") {
            // Whatever it prints later must find the pipe open, or it dies of EPIPE.
            tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
            return (
                app,
                Provider {
                    issuer,
                    _process: process,
                },
            );
        }
    }
    panic!("the OpenID Provider exited before it was ready");
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_else(|| panic!("a redirect, got {}", response.status()))
        .to_owned()
}

impl Provider {
    fn absolute(&self, location: &str) -> String {
        if location.starts_with('/') {
            format!("{}{location}", self.issuer)
        } else {
            location.to_owned()
        }
    }

    /// A browser's trip: the site's university button, the provider's sign-in page filled in as
    /// `person`, every redirect followed, until the site answers its callback. Returns where the
    /// site then sends the browser.
    async fn sign_in(&self, app: &TestApp, person: &Person<'_>) -> String {
        let start = app.get("/auth/oidc/login").await;
        assert_eq!(start.status(), 303, "the button sends the browser on");
        let mut next = location(&start);
        assert!(next.starts_with(&self.issuer), "to the provider: {next}");
        let mut signed_in_at_provider = false;
        loop {
            let response = app.client.get(self.absolute(&next)).send().await.unwrap();
            if response.status() == 200 && signed_in_at_provider {
                // The provider ends its session of the person signed in before with a page
                // whose script posts a form at once; post it, as the browser would.
                let page = response.text().await.unwrap();
                let (action, fields) = auto_submitted_form(&page);
                let posted = app.client.post(action).form(&fields).send().await.unwrap();
                next = location(&posted);
                continue;
            }
            if response.status() == 200 {
                // The provider's sign-in page: its form posts to the same address + /login.
                let page = response.text().await.unwrap();
                assert!(page.contains("Campus sign-in"), "{page}");
                let form_action = format!("{}/login", self.absolute(&next));
                let mut form = vec![
                    ("username", person.username),
                    ("email", person.email),
                    ("name", person.name),
                ];
                if person.email_verified {
                    form.push(("verified", "on"));
                }
                let posted = app
                    .client
                    .post(form_action)
                    .form(&form)
                    .send()
                    .await
                    .unwrap();
                signed_in_at_provider = true;
                next = location(&posted);
                continue;
            }
            assert!(
                response.status().is_redirection(),
                "the provider answered {} at {next}",
                response.status()
            );
            next = self.absolute(&location(&response));
            if next.starts_with(&app.url("/auth/oidc/callback")) {
                let path = next.trim_start_matches(&app.url(""));
                let answer = app.get(&format!("/{}", path.trim_start_matches('/'))).await;
                assert_eq!(answer.status(), 303, "the callback redirects");
                return location(&answer);
            }
        }
    }
}

/// The action and hidden fields of a page's one form.
fn auto_submitted_form(page: &str) -> (String, Vec<(String, String)>) {
    let html = scraper::Html::parse_document(page);
    let form = scraper::Selector::parse("form").unwrap();
    let input = scraper::Selector::parse("input[type=hidden]").unwrap();
    let form = html
        .select(&form)
        .next()
        .unwrap_or_else(|| panic!("a form on {page}"));
    let action = form.value().attr("action").unwrap_or_default().to_owned();
    let fields = form
        .select(&input)
        .map(|input| {
            let value = |name| input.value().attr(name).unwrap_or_default().to_owned();
            (value("name"), value("value"))
        })
        .collect();
    (action, fields)
}

async fn accounts(app: &TestApp) -> u64 {
    users::Entity::find().count(&app.db).await.unwrap()
}

async fn a_first_university_sign_in_makes_the_account_and_signs_in(engine: Engine) {
    let (app, provider) = spawn_app_with_provider(engine).await;

    let landed = provider
        .sign_in(&app, &Person::new("jbruin", "Jo.Bruin@ucla.edu"))
        .await;

    assert_eq!(landed, "/");
    let user = app.current_user().await.expect("signed in");
    assert_eq!(user.email, "jo.bruin@ucla.edu");
    assert_eq!(user.display_name, "Jo Bruin");
    assert!(!user.is_organizer);
    assert_eq!(accounts(&app).await, 1);
}

async fn the_providers_subject_not_the_email_finds_the_account_again(engine: Engine) {
    let (app, provider) = spawn_app_with_provider(engine).await;
    provider
        .sign_in(&app, &Person::new("jbruin", "jo@ucla.edu"))
        .await;
    let first = app.current_user().await.expect("signed in").id;
    app.sign_out().await.expect("sign out");

    // The campus changed the person's address: the subject still finds the account.
    let landed = provider
        .sign_in(&app, &Person::new("jbruin", "jo.bruin@g.ucla.edu"))
        .await;
    assert_eq!(landed, "/");
    assert_eq!(app.current_user().await.map(|user| user.id), Some(first));
    app.sign_out().await.expect("sign out");

    // Someone else at the provider, now holding the old address, is not let into the account.
    let landed = provider
        .sign_in(&app, &Person::new("someone-else", "jo@ucla.edu"))
        .await;
    assert_eq!(landed, "/sign-in/link");
    assert_eq!(app.current_user().await, None);
    assert_eq!(accounts(&app).await, 1);
}

async fn an_existing_password_account_is_linked_only_by_its_password(engine: Engine) {
    let (app, provider) = spawn_app_with_provider(engine).await;
    let app = app.signed_up("Ada Archive", "ada@ucla.edu").await;
    let ada = app.my_id().await;
    app.sign_out().await.expect("sign out");

    let landed = provider
        .sign_in(&app, &Person::new("aarchive", "ada@ucla.edu"))
        .await;
    assert_eq!(landed, "/sign-in/link");
    assert_eq!(
        app.current_user().await,
        None,
        "not signed in before the password"
    );
    let page = app.get("/sign-in/link").await.text().await.unwrap();
    assert!(page.contains("ada@ucla.edu"), "the page names the account");

    let wrong = app
        .call(LinkUniversityAccount {
            password: "not the password".into(),
        })
        .await;
    assert_eq!(wrong.refusal(), Some("Wrong email or password."));
    assert_eq!(app.current_user().await, None);

    app.call(LinkUniversityAccount {
        password: PASSWORD.into(),
    })
    .await
    .expect("the right password links");
    assert_eq!(app.current_user().await.map(|user| user.id), Some(ada));
    app.sign_out().await.expect("sign out");

    // Linked: the university alone signs Ada in from now on.
    let landed = provider
        .sign_in(&app, &Person::new("aarchive", "ada@ucla.edu"))
        .await;
    assert_eq!(landed, "/");
    assert_eq!(app.current_user().await.map(|user| user.id), Some(ada));
    assert_eq!(accounts(&app).await, 1);
}

async fn an_address_the_provider_did_not_verify_links_nothing_and_makes_nothing(engine: Engine) {
    let (app, provider) = spawn_app_with_provider(engine).await;
    let app = app.signed_up("Ada Archive", "ada@ucla.edu").await;
    app.sign_out().await.expect("sign out");

    for email in ["ada@ucla.edu", "new.person@ucla.edu"] {
        let landed = provider
            .sign_in(
                &app,
                &Person {
                    email_verified: false,
                    ..Person::new(email, email)
                },
            )
            .await;
        assert_eq!(landed, "/sign-in?sso=unconfirmed", "{email}");
        assert_eq!(app.current_user().await, None);
    }
    assert_eq!(accounts(&app).await, 1);
    let page = app
        .get("/sign-in?sso=unconfirmed")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Your university did not confirm your email address"));
}

async fn an_answer_without_its_own_sign_in_is_refused(engine: Engine) {
    let (app, provider) = spawn_app_with_provider(engine).await;

    // A callback this browser never started (a code and state from someone else's sign-in).
    let forged = app
        .get("/auth/oidc/callback?code=stolen&state=guessed")
        .await;
    assert_eq!(location(&forged), "/sign-in?sso=expired");

    // A started sign-in, answered with another state.
    let start = app.get("/auth/oidc/login").await;
    assert!(location(&start).starts_with(&provider.issuer));
    let wrong_state = app
        .get("/auth/oidc/callback?code=stolen&state=not-the-one")
        .await;
    assert_eq!(location(&wrong_state), "/sign-in?sso=expired");
    // …and that spent it: the real answer cannot come after.
    let again = app
        .get("/auth/oidc/callback?code=stolen&state=not-the-one")
        .await;
    assert_eq!(location(&again), "/sign-in?sso=expired");
    assert_eq!(app.current_user().await, None);
    assert_eq!(accounts(&app).await, 0);
}

async fn a_disabled_account_cannot_sign_in_through_its_university(engine: Engine) {
    let (app, provider) = spawn_app_with_provider(engine).await;
    provider
        .sign_in(&app, &Person::new("jbruin", "jo@ucla.edu"))
        .await;
    let jo = app.my_id().await;
    app.sign_out().await.expect("sign out");
    let organizer = app
        .new_browser()
        .signed_up_organizer("Olive Organizer", "olive@example.edu")
        .await;
    organizer
        .call(app::auth::api::SetAccountDisabled {
            user_id: jo,
            disabled: true,
        })
        .await
        .expect("disable");

    let landed = provider
        .sign_in(&app, &Person::new("jbruin", "jo@ucla.edu"))
        .await;

    assert_eq!(landed, "/sign-in?sso=disabled");
    assert_eq!(app.current_user().await, None);
}

async fn the_sign_in_pages_offer_the_university_only_when_it_is_configured(engine: Engine) {
    let (app, _provider) = spawn_app_with_provider(engine).await;
    let plain = crate::helpers::spawn_app(engine).await;

    for path in ["/sign-in", "/sign-up"] {
        let page = app.get(path).await.text().await.unwrap();
        assert!(
            page.contains(r#"href="/auth/oidc/login""#) && page.contains("Sign in with UCLA Logon"),
            "{path} offers the university"
        );
        let page = plain.get(path).await.text().await.unwrap();
        assert!(!page.contains("/auth/oidc/login"), "{path} without SSO");
    }
    assert_eq!(plain.get("/auth/oidc/login").await.status(), 404);
}
