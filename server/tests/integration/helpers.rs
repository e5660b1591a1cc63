//! `spawn_app`: a real server on a free port with a fresh database, and a cookie-keeping client.

use std::sync::Arc;

use app::error::AppError;
use leptos::server_fn::codec::{Json, PostUrl};
use leptos::server_fn::{Http, ServerFn};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{ACCEPT, CONTENT_TYPE, ORIGIN};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use app::auth::api::{CurrentUser, GetCurrentUser, SignIn, SignOut, SignUp};
use app::domain::profile::ProfileInput;
use app::enrollment::api::{Apply, DecideApplication, ListApplications};
use app::enrollment::orientation::CreateOrientationSession;
use app::profiles::api::SaveProfile;
use app::program::api::{AdvancePhase, CreateProgramYear, GetCurrentYear, YearDates};
use app::program::year::ProgramYear;
use migration::MigratorTrait;
use server::config::Config;
use server::{Application, leptos_options};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs each named test once per database engine: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_engines {
    ($($test:ident),+ $(,)?) => {
        $(
            // A runtime with a worker per core, as the server has.
            mod $test {
                #[tokio::test(flavor = "multi_thread")]
                async fn sqlite() {
                    super::$test($crate::helpers::Engine::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread")]
                async fn postgres() {
                    super::$test($crate::helpers::Engine::Postgres).await;
                }
            }
        )+
    };
}

pub const PASSWORD: &str = "correct horse battery";

/// The server of PostgreSQL tests; each test gets its own database on it.
fn postgres_server_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://mentorship:mentorship@127.0.0.1:5432".to_owned())
}

/// The tests' PostgreSQL is on this machine: TLS on loopback protects nothing and made each
/// connection take a tenth of a second (the server opens 20 at start, so every PostgreSQL test
/// spent seconds starting).
const LOOPBACK: &str = "?sslmode=disable";

/// A fresh, empty database for one test: a new SQLite file, or a new PostgreSQL database.
pub async fn fresh_database_url(engine: Engine) -> String {
    let name = format!("mh_test_{}", uuid::Uuid::new_v4().simple());
    match engine {
        Engine::Sqlite => {
            let dir = std::env::temp_dir().join("mentorship-hub-tests");
            std::fs::create_dir_all(&dir).expect("create the test directory");
            format!("sqlite://{}/{name}.db?mode=rwc", dir.display())
        }
        Engine::Postgres => create_postgres_database(&name, None).await,
    }
}

/// Creates `name` on the tests' PostgreSQL server (a copy of `template`, if given) over one
/// connection, not a server's pool; its URL.
async fn create_postgres_database(name: &str, template: Option<&str>) -> String {
    let server = postgres_server_url();
    let admin = sea_orm::Database::connect(format!("{server}/postgres"))
        .await
        .unwrap_or_else(|err| {
            panic!(
                "PostgreSQL is not reachable at {server} ({err}). Start it, or set TEST_POSTGRES_URL; the README's test command does both."
            )
        });
    let copy = template
        .map(|template| format!(" TEMPLATE {template}"))
        .unwrap_or_default();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}{copy}"))
        .await
        .expect("create the test database");
    admin.close().await.ok();
    format!("{server}/{name}{LOOPBACK}")
}

/// A fresh database with every migration applied, for a test that starts a server. On
/// PostgreSQL it is a copy of a template migrated once per test run: migrating each test's
/// database anew took seconds of every PostgreSQL test. (The schema tests migrate empty ones.)
pub async fn migrated_database_url(engine: Engine) -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    // PostgreSQL refuses to copy a template while another copy of it is being made.
    static COPYING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    if engine == Engine::Sqlite {
        return fresh_database_url(engine).await;
    }
    let template = TEMPLATE
        .get_or_init(|| async {
            let url = fresh_database_url(Engine::Postgres).await;
            let db = sea_orm::Database::connect(&url)
                .await
                .expect("connect to the template");
            migration::Migrator::up(&db, None)
                .await
                .expect("migrate the template");
            db.close().await.expect("close the template");
            let name = url.rsplit('/').next().unwrap();
            name.trim_end_matches(LOOPBACK).to_owned()
        })
        .await;
    let name = format!("mh_test_{}", uuid::Uuid::new_v4().simple());
    let _one_at_a_time = COPYING.lock().await;
    create_postgres_database(&name, Some(template)).await
}

#[derive(Clone)]
pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    /// The database this server runs on, for a second server (a separate process) on the same one.
    pub database_url: String,
    pub setup_token: Option<String>,
    pub client: reqwest::Client,
    jar: Arc<Jar>,
    /// The Origin header our pages would send.
    origin: String,
}

pub async fn spawn_app(engine: Engine) -> TestApp {
    spawn_app_with_site_url(engine, None).await
}

/// Starts the server as it runs in production, but on a free loopback port. `site_url` pretends
/// the site is published elsewhere (to see `Secure` cookies, say).
pub async fn spawn_app_with_site_url(engine: Engine, site_url: Option<&str>) -> TestApp {
    spawn_app_configured(engine, |config| Config {
        site_url: site_url.map(str::to_owned),
        ..config
    })
    .await
}

/// Starts the server with the local test settings as `configure` changes them (an SMTP server,
/// shorter intervals for the background tasks…).
pub async fn spawn_app_configured(
    engine: Engine,
    configure: impl FnOnce(Config) -> Config,
) -> TestApp {
    let database_url = migrated_database_url(engine).await;
    let config = configure(Config::local(database_url.clone()));
    let site_url = config.site_url.clone();
    let application = Application::build(config, leptos_options())
        .await
        .expect("build the application");
    let port = application.port();
    let db = application.state.db.clone();
    let setup_token = application.state.setup_token.lock().unwrap().clone();
    let address = site_url.unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
    tokio::spawn(application.run());
    let (client, jar) = new_client();
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        db,
        database_url,
        setup_token,
        client,
        jar,
        origin: address,
    }
}

/// A server where Ada Archive (ada@example.edu, [`PASSWORD`]) has an account, and a client that
/// has signed out of it: the start of every sign-in test.
pub async fn spawn_app_with_signed_out_account(engine: Engine) -> TestApp {
    let app = spawn_app(engine)
        .await
        .signed_up("Ada Archive", "ada@example.edu")
        .await;
    app.sign_out().await.expect("sign out");
    app
}

fn new_client() -> (reqwest::Client, Arc<Jar>) {
    new_client_with(reqwest::header::HeaderMap::new())
}

/// A cookie-keeping client that sends `headers` with every request.
fn new_client_with(headers: reqwest::header::HeaderMap) -> (reqwest::Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = reqwest::Client::builder()
        .default_headers(headers)
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        // A request that never answers fails the test with its address instead of hanging CI.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap();
    (client, jar)
}

/// Waits until `check` holds, trying every 50 ms for at most 30 s: for what a background task of
/// the server does in its own time. Panics, naming `what`, if it never does.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "never happened: {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// What a typed call answers: the server function's value, or the app's error as the server sent it.
pub type Answer<T> = Result<T, AppError>;

/// Reading a refused call without poking at its JSON.
pub trait Refusal {
    /// The message a form shows next to `field`: `None` unless the call was refused as
    /// [`AppError::Invalid`] naming that field.
    fn field_error(&self, field: &str) -> Option<String>;
    /// The message of an [`AppError::Refused`]; `None` for any other answer.
    fn refusal(&self) -> Option<&str>;
}

impl Refusal for AppError {
    fn field_error(&self, field: &str) -> Option<String> {
        self.field_message(field)
    }

    fn refusal(&self) -> Option<&str> {
        match self {
            AppError::Refused(message) => Some(message),
            _ => None,
        }
    }
}

impl<T> Refusal for Answer<T> {
    fn field_error(&self, field: &str) -> Option<String> {
        self.as_ref().err()?.field_error(field)
    }

    fn refusal(&self) -> Option<&str> {
        self.as_ref().err()?.refusal()
    }
}

/// The answer of a server function called raw: status and decoded JSON body.
#[derive(Debug)]
pub struct FnResponse {
    pub status: u16,
    pub body: Value,
}

impl TestApp {
    /// The Origin header this browser's pages send.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Calls a server function as the hydrated app does, typed: the function is named by its
    /// arguments' struct (`app.call(DecideApplication { .. })`), the path is its `PATH`, the
    /// arguments are encoded as its `PostUrl` input expects (serde_qs), and the answer is decoded
    /// into its output, or into the [`AppError`] the server sent (whose status code must be the
    /// one the error stands for).
    ///
    /// Use this for every call a page of the app could make. Use [`TestApp::call_raw`] only to
    /// send what no page sends: malformed or hostile forms (fuzzing, wrong types, tampered
    /// fields), checks on the raw HTTP status of an endpoint named by a string (the access table),
    /// and the plain form posts of browsers without JavaScript.
    pub async fn call<F>(&self, args: F) -> Answer<F::Output>
    where
        F: ServerFn<Error = AppError, Protocol = Http<PostUrl, Json>> + Serialize,
        F::Output: DeserializeOwned,
    {
        let path = F::PATH;
        self.try_call(args)
            .await
            .unwrap_or_else(|error| panic!("request {path}: {error}"))
    }

    /// A POST to a server function's path as the hydrated app sends it (its Origin, JSON back).
    fn api_post(&self, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(self.url(path))
            .header(ORIGIN, &self.origin)
            .header(ACCEPT, "application/json")
    }

    /// Like [`TestApp::call`], but a server that stops answering is an `Err`, not a panic.
    pub async fn try_call<F>(&self, args: F) -> Result<Answer<F::Output>, reqwest::Error>
    where
        F: ServerFn<Error = AppError, Protocol = Http<PostUrl, Json>> + Serialize,
        F::Output: DeserializeOwned,
    {
        let path = F::PATH;
        let form = serde_qs::to_string(&args)
            .unwrap_or_else(|error| panic!("encode the arguments of {path}: {error}"));
        let response = self
            .api_post(path)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(form)
            .send()
            .await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        if (200..300).contains(&status) {
            let output = serde_json::from_str(&text).unwrap_or_else(|error| {
                panic!("{path} answered {status} with what is not its output ({error}): {text}")
            });
            return Ok(Ok(output));
        }
        let error: AppError = serde_json::from_str(&text).unwrap_or_else(|error| {
            panic!("{path} answered {status} with what is not an AppError ({error}): {text}")
        });
        assert_eq!(
            status,
            error.status_code(),
            "{path} answered {error:?} with another status"
        );
        Ok(Err(error))
    }

    /// Calls a server function by its name with a form of strings, for what no page sends (see
    /// [`TestApp::call`]). JSON back, undecoded.
    pub async fn call_raw(&self, function: &str, form: &[(&str, &str)]) -> FnResponse {
        self.try_call_raw(function, form)
            .await
            .expect("request the server function")
    }

    /// Like [`TestApp::call_raw`], but a server that stops answering is an `Err`, not a panic.
    pub async fn try_call_raw(
        &self,
        function: &str,
        form: &[(&str, &str)],
    ) -> Result<FnResponse, reqwest::Error> {
        let response = self
            .api_post(&format!("/api/{function}"))
            .form(form)
            .send()
            .await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(FnResponse { status, body })
    }

    pub async fn sign_up(&self, name: &str, email: &str) -> Answer<()> {
        self.call(SignUp {
            display_name: name.into(),
            email: email.into(),
            password: PASSWORD.into(),
        })
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Answer<()> {
        self.call(SignIn {
            email: email.into(),
            password: password.into(),
        })
        .await
    }

    pub async fn sign_out(&self) -> Answer<()> {
        self.call(SignOut {}).await
    }

    /// The signed-in person, or `None` when signed out.
    pub async fn current_user(&self) -> Option<CurrentUser> {
        self.call(GetCurrentUser {})
            .await
            .expect("ask who is signed in")
    }

    /// Who the server thinks this client is: the email, or `None` when signed out.
    pub async fn whoami(&self) -> Option<String> {
        self.current_user().await.map(|user| user.email)
    }

    /// The session cookie this client holds, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        let url = self.address.parse().unwrap();
        let cookies = self.jar.cookies(&url)?;
        cookies
            .to_str()
            .unwrap()
            .split("; ")
            .find(|cookie| cookie.contains("mentorship_session="))
            .map(str::to_owned)
    }

    /// Another client (another browser) on the same server, with no cookies.
    pub fn new_browser(&self) -> TestApp {
        let (client, jar) = new_client();
        TestApp {
            address: self.address.clone(),
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            setup_token: None,
            client,
            jar,
            origin: self.origin.clone(),
        }
    }

    /// Another browser (no cookies) whose every request says, in `X-Forwarded-For`, that a proxy
    /// forwarded it for `address`; the server believes it only if it trusts its peer (127.0.0.1).
    pub fn forwarded_for(&self, address: &str) -> TestApp {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", address.parse().unwrap());
        let (client, jar) = new_client_with(headers);
        TestApp {
            client,
            jar,
            ..self.new_browser()
        }
    }

    /// This browser (its cookies) talking to another server on the same database, at `address`.
    pub fn on(&self, address: &str) -> TestApp {
        TestApp {
            address: address.to_owned(),
            db: self.db.clone(),
            database_url: self.database_url.clone(),
            setup_token: None,
            client: self.client.clone(),
            jar: self.jar.clone(),
            origin: address.to_owned(),
        }
    }

    /// Another client presenting the given cookie, as a thief of it would.
    pub fn browser_with_cookie(&self, cookie: &str) -> TestApp {
        let browser = self.new_browser();
        let url = self.address.parse().unwrap();
        browser.jar.add_cookie_str(cookie, &url);
        browser
    }

    /// Signs up a new participant in this client.
    pub async fn signed_up(self, name: &str, email: &str) -> TestApp {
        self.sign_up(name, email).await.expect("sign up");
        self
    }

    /// Makes an existing account an organizer, directly in the database.
    pub async fn make_organizer(&self, email: &str) {
        let email = app::domain::validation::EmailAddress::parse(email).unwrap();
        let user = app::auth::db::find_user_by_email(&self.db, &email)
            .await
            .unwrap()
            .expect("user exists");
        app::auth::db::promote_to_organizer(&self.db, user.id)
            .await
            .unwrap();
    }

    /// Posts a valid sign-up form with the given Origin header (or none), for checks on the raw
    /// response.
    pub async fn raw_sign_up(&self, origin: Option<&str>, email: &str) -> reqwest::Response {
        let mut request = self.client.post(self.url("/api/sign_up")).form(&[
            ("display_name", "Ada Archive"),
            ("email", email),
            ("password", PASSWORD),
        ]);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        request.send().await.expect("post the sign-up form")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }
}

/// A program year around `today`: fall began a month ago, and the enrollment deadline is
/// `deadline_in_days` from today (negative: already passed).
pub fn year_form(deadline_in_days: i64) -> Vec<(&'static str, String)> {
    let today = app::context::program_today();
    let day = |offset: i64| {
        (today + chrono::Duration::days(offset))
            .format("%Y-%m-%d")
            .to_string()
    };
    vec![
        ("fall_starts_on", day(-30)),
        ("fall_ends_on", day(30)),
        ("winter_starts_on", day(40)),
        ("winter_ends_on", day(100)),
        ("spring_starts_on", day(110)),
        ("spring_ends_on", day(170)),
        ("enrollment_deadline", day(deadline_in_days)),
    ]
}

/// A profile form for one side, complete and valid.
pub fn profile_form(user_id: i32, side: &str) -> Vec<(&'static str, String)> {
    let mut form: Vec<(&'static str, String)> = vec![
        ("user_id", user_id.to_string()),
        ("side", side.into()),
        (
            "bio",
            "Interested in archives and the people who use them.".into(),
        ),
        ("location", "Los Angeles".into()),
        ("remote_ok", "on".into()),
        ("meeting_modes[]", "video".into()),
        ("meeting_modes[]", "in_person".into()),
        ("time_zone", "America/Los_Angeles".into()),
    ];
    if side == "mentor" {
        form.extend([
            ("employer", "UCLA Library".into()),
            ("job_title", "Archivist".into()),
            ("mentor_source", "library_staff".into()),
            ("years_experience", "8".into()),
            ("offers[]", "resume_review".into()),
            ("expertise[]", "Archives".into()),
            ("expertise[]", "Oral history, Digitization".into()),
            ("sectors[]", "Academic libraries".into()),
        ]);
    } else {
        form.extend([
            ("degree_program", "MLIS".into()),
            (
                "expected_graduation_year",
                (chrono::Utc::now()
                    .format("%Y")
                    .to_string()
                    .parse::<i32>()
                    .unwrap()
                    + 1)
                .to_string(),
            ),
            ("interests[]", "Archives".into()),
            ("dream_sectors[]", "Special collections".into()),
            (
                "wants_from_mentor",
                "Advice on my first archives job.".into(),
            ),
        ]);
    }
    form
}

/// [`year_form`], typed: the dates of a program year around `today`, its enrollment deadline
/// `deadline_in_days` from today.
/// An orientation session of the year, in the library, with this many seats.
pub fn library_orientation(year_id: i32, seats: &str) -> CreateOrientationSession {
    CreateOrientationSession {
        year_id,
        starts_at: "2026-10-06T17:00".into(),
        duration_minutes: "90".into(),
        place: "Young Research Library".into(),
        video_url: String::new(),
        capacity: seats.into(),
    }
}

pub fn year_dates(deadline_in_days: i64) -> YearDates {
    let mut dates = YearDates::default();
    for (field, day) in year_form(deadline_in_days) {
        *match field {
            "fall_starts_on" => &mut dates.fall_starts_on,
            "fall_ends_on" => &mut dates.fall_ends_on,
            "winter_starts_on" => &mut dates.winter_starts_on,
            "winter_ends_on" => &mut dates.winter_ends_on,
            "spring_starts_on" => &mut dates.spring_starts_on,
            "spring_ends_on" => &mut dates.spring_ends_on,
            "enrollment_deadline" => &mut dates.enrollment_deadline,
            other => unreachable!("{other} is no date of a year"),
        } = day;
    }
    dates
}

/// `dates` moved by `days` (a year later: 364 or 365; negative: earlier).
pub fn year_dates_moved(dates: &YearDates, days: i64) -> YearDates {
    let moved = |date: &str| {
        let day = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
        (day + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    YearDates {
        fall_starts_on: moved(&dates.fall_starts_on),
        fall_ends_on: moved(&dates.fall_ends_on),
        winter_starts_on: moved(&dates.winter_starts_on),
        winter_ends_on: moved(&dates.winter_ends_on),
        spring_starts_on: moved(&dates.spring_starts_on),
        spring_ends_on: moved(&dates.spring_ends_on),
        enrollment_deadline: moved(&dates.enrollment_deadline),
    }
}

/// [`profile_form`], typed: a complete and valid profile for one side.
pub fn profile_input(side: &str) -> ProfileInput {
    let mut input = ProfileInput::default();
    for (field, value) in profile_form(0, side) {
        let list = |list: &mut Vec<String>| list.push(value.clone());
        match field.trim_end_matches("[]") {
            "user_id" => {}
            "side" => input.side = value,
            "bio" => input.bio = value,
            "location" => input.location = value,
            "remote_ok" => input.remote_ok = value,
            "meeting_modes" => list(&mut input.meeting_modes),
            "time_zone" => input.time_zone = value,
            "employer" => input.employer = value,
            "job_title" => input.job_title = value,
            "mentor_source" => input.mentor_source = value,
            "years_experience" => input.years_experience = value,
            "offers" => list(&mut input.offers),
            "expertise" => list(&mut input.expertise),
            "sectors" => list(&mut input.sectors),
            "degree_program" => input.degree_program = value,
            "expected_graduation_year" => input.expected_graduation_year = value,
            "interests" => list(&mut input.interests),
            "dream_sectors" => list(&mut input.dream_sectors),
            "wants_from_mentor" => input.wants_from_mentor = value,
            other => unreachable!("{other} is no field of a profile"),
        }
    }
    input
}

/// An application to the current year as `role`, for `capacity` mentees (a mentor's), with goals
/// and availability filled in.
pub fn application(role: &str, capacity: &str) -> Apply {
    Apply {
        role: role.into(),
        capacity: capacity.into(),
        goals: "Learn how archives hire.".into(),
        availability: "Evenings".into(),
        notes_for_organizers: String::new(),
    }
}

impl TestApp {
    /// Calls a server function with owned form values.
    pub async fn call_raw_owned(&self, function: &str, form: &[(&str, String)]) -> FnResponse {
        let borrowed: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.call_raw(function, &borrowed).await
    }

    /// The signed-in person's user id.
    pub async fn my_id(&self) -> i32 {
        self.current_user().await.expect("signed in").id
    }

    /// An organizer (Marian Stacks) on a fresh server, and a participant (Ada Archive,
    /// ada@example.edu) signed in in a browser of her own.
    pub async fn organizer_and_participant(engine: Engine) -> (TestApp, TestApp) {
        let organizer = spawn_app(engine)
            .await
            .signed_up_organizer("Marian Stacks", "marian@example.edu")
            .await;
        let ada = organizer
            .new_browser()
            .signed_up("Ada Archive", "ada@example.edu")
            .await;
        (organizer, ada)
    }

    /// Signs up an organizer in this client.
    pub async fn signed_up_organizer(self, name: &str, email: &str) -> TestApp {
        let app = self.signed_up(name, email).await;
        app.make_organizer(email).await;
        app
    }

    /// Creates the current program year (as an organizer) with the deadline `deadline_in_days` away.
    pub async fn create_year(&self, deadline_in_days: i64) {
        self.call(CreateProgramYear {
            dates: year_dates(deadline_in_days),
        })
        .await
        .expect("create the program year");
    }

    /// The current program year, which there must be.
    pub async fn current_year(&self) -> ProgramYear {
        self.call(GetCurrentYear {})
            .await
            .expect("read the current year")
            .expect("there is a current year")
    }

    /// A new participant in their own browser, with a complete profile for `side`.
    pub async fn participant(&self, name: &str, email: &str, side: &str) -> TestApp {
        let person = self.new_browser().signed_up(name, email).await;
        let user_id = person.my_id().await;
        person
            .call(SaveProfile {
                user_id,
                profile: profile_input(side),
            })
            .await
            .expect("save the profile");
        person
    }

    /// Applies to the current year and expects success.
    pub async fn apply_as(&self, role: &str) {
        self.apply(role, "2").await.expect("apply");
    }

    pub async fn apply(&self, role: &str, capacity: &str) -> Answer<()> {
        self.call(application(role, capacity)).await
    }

    /// Approves (as an organizer) every application to the current year.
    pub async fn approve_every_application(&self) {
        self.decide_every_application("approved").await;
    }

    /// Decides (as an organizer) every application of the current year with `status`.
    pub async fn decide_every_application(&self, status: &str) {
        let table = self
            .call(ListApplications {
                query: Default::default(),
            })
            .await
            .expect("list the applications");
        for row in table.rows {
            self.call(DecideApplication {
                enrollment_id: row.enrollment_id,
                status: status.into(),
                message: String::new(),
                body_id: String::new(),
            })
            .await
            .unwrap_or_else(|error| panic!("decide the application ({status}): {error:?}"));
        }
    }

    /// Moves (as an organizer) the current year on to `phase`.
    pub async fn advance_to(&self, phase: &str) {
        let year_id = self.current_year().await.id;
        self.call(AdvancePhase {
            year_id,
            phase: phase.into(),
        })
        .await
        .unwrap_or_else(|error| panic!("advance the year to {phase}: {error:?}"));
    }
}
