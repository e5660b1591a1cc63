//! `cargo bench -p server --bench dashboard`: a year of 5,000 participants with pairs, meetings,
//! goals, check-ins, orientation and concerns, seeded on SQLite and on PostgreSQL; prints the
//! dashboard's server time over HTTP (its server function, and the whole page rendered on the
//! server) and the SQL statements each request runs.
//!
//! PostgreSQL is the server at `TEST_POSTGRES_URL` (default as in the tests); each run creates
//! its own database there.

use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, ORIGIN};
use sea_orm::ConnectionTrait;

use app::auth::db::{NewUser, create_user};
use app::domain::validation::{DisplayName, EmailAddress};
use server::config::Config;
use server::{Application, database, leptos_options};

const PARTICIPANTS: usize = 5_000;
const RUNS: usize = 20;
const PASSWORD: &str = "benchmark password 2026";

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            println!(
                "Dashboard of a year of {PARTICIPANTS} participants, median of {RUNS} requests"
            );
            println!(
                "| Engine | Seeded in | Server function | Statements | Page (SSR) | Statements |"
            );
            println!("|---|---|---|---|---|---|");
            for engine in ["SQLite", "PostgreSQL"] {
                measure(engine).await?;
            }
            Ok(())
        })
}

async fn fresh_database(engine: &str) -> anyhow::Result<String> {
    let name = format!("mh_bench_{}", std::process::id());
    if engine == "SQLite" {
        let dir = std::env::temp_dir().join("mentorship-hub-bench");
        std::fs::create_dir_all(&dir)?;
        let file = dir.join(format!("{name}.db"));
        let _ = std::fs::remove_file(&file);
        return Ok(format!("sqlite://{}?mode=rwc", file.display()));
    }
    let server = std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://mentorship:mentorship@127.0.0.1:5432".to_owned());
    let admin = database::connect(&format!("{server}/postgres")).await?;
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
        .await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    Ok(format!("{server}/{name}"))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median time of `RUNS` requests and the statements one of them runs.
async fn timed(request: impl Fn() -> reqwest::RequestBuilder) -> anyhow::Result<(Duration, u64)> {
    let mut times = Vec::new();
    let mut statements = 0;
    for _ in 0..=RUNS {
        let before = database::statements_run();
        let started = Instant::now();
        let response = request().send().await?;
        let status = response.status();
        response.bytes().await?;
        times.push(started.elapsed());
        statements = database::statements_run() - before;
        anyhow::ensure!(status.is_success(), "the dashboard answered {status}");
    }
    // The first request warms the connection pool and caches.
    times.remove(0);
    Ok((median(times), statements))
}

async fn measure(engine: &str) -> anyhow::Result<()> {
    let config = Config::local(fresh_database(engine).await?);
    let application = Application::build(config, leptos_options()).await?;
    let address = format!("http://127.0.0.1:{}", application.port());
    let db = application.state.db.clone();
    tokio::spawn(application.run());

    let started = Instant::now();
    let year = server::scale::seed_year(&db, PARTICIPANTS, app::context::program_today()).await?;
    let seeded = started.elapsed();
    let email = EmailAddress::parse("bench@example.edu").map_err(anyhow::Error::msg)?;
    let name = DisplayName::parse("Benchmark Organizer").map_err(anyhow::Error::msg)?;
    let password_hash = app::auth::ssr::hash_password(PASSWORD.to_owned())
        .await
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    create_user(
        &db,
        NewUser {
            email: &email,
            display_name: &name,
            password_hash,
            is_organizer: true,
        },
    )
    .await?;

    let client = reqwest::Client::builder().cookie_store(true).build()?;
    let signed_in = client
        .post(format!("{address}/api/sign_in"))
        .header(ORIGIN, &address)
        .header(ACCEPT, "application/json")
        .form(&[("email", "bench@example.edu"), ("password", PASSWORD)])
        .send()
        .await?;
    anyhow::ensure!(signed_in.status().is_success(), "sign-in failed");

    let year_field = year.to_string();
    let (function, function_statements) = timed(|| {
        client
            .post(format!("{address}/api/dashboard"))
            .header(ORIGIN, &address)
            .header(ACCEPT, "application/json")
            .form(&[("year", year_field.as_str())])
    })
    .await?;
    let (page, page_statements) = timed(|| {
        client
            .get(format!("{address}/program/dashboard?year={year}"))
            .header(ACCEPT, "text/html")
    })
    .await?;
    println!(
        "| {engine} | {:.1} s | {:.1} ms | {function_statements} | {:.1} ms | {page_statements} |",
        seeded.as_secs_f64(),
        function.as_secs_f64() * 1000.0,
        page.as_secs_f64() * 1000.0,
    );
    db.close().await?;
    Ok(())
}
