//! `server`: runs Mentorship Hub, or one of its maintenance commands.
// See lib.rs: release builds keep every view's full type.
#![recursion_limit = "256"]

use std::io::{BufRead, IsTerminal};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};

use app::auth::db::{CreatedUser, NewUser};
use app::domain::validation::{DisplayName, EmailAddress, NewPassword};
use server::config::Config;
use server::{Application, database, demo, init_tracing, leptos_options};

#[derive(Parser)]
#[command(
    name = "server",
    about = "Mentorship Hub: a mentorship program, end to end."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Start the web server (what running without a command does).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an organizer account, or make an existing account an organizer.
    CreateOrganizer {
        #[arg(long)]
        email: String,
        /// The name others see; defaults to the part of the email before the @.
        #[arg(long)]
        name: Option<String>,
        /// Read the password from the first line of standard input instead of prompting.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Fill the database with a fictional program to explore (safe to run twice).
    DemoData,
    /// Write a generated matching instance as JSON to standard output, so any solver can be run
    /// on exactly the data the benchmarks use.
    MatchingInstance {
        #[arg(long, default_value_t = 150)]
        mentees: usize,
        #[arg(long, default_value_t = 60)]
        mentors: usize,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// The kind of cohort: mixed, many-ties, scarce-capacity, rankings, pins-and-exclusions
        /// or popular-mentors.
        #[arg(long, default_value = "mixed")]
        family: String,
    },
    /// Solve a matching instance read as JSON from a file and print the summary and the time taken.
    MatchingSolve {
        file: std::path::PathBuf,
        /// optimal (highest total), fairest or stable.
        #[arg(long, default_value = "optimal")]
        method: String,
    },
    /// Write the engine's score matrix for a matching instance (JSON file) to `out`, for running
    /// another solver on exactly the same problem (see scripts/scipy-assign.py for the format).
    MatchingScores {
        file: std::path::PathBuf,
        out: std::path::PathBuf,
    },
}

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    init_tracing();
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    // The matching commands touch no database and need no configuration.
    match command {
        Command::MatchingInstance {
            mentees,
            mentors,
            seed,
            family,
        } => {
            use app::domain::matching::generate::{self, Family};
            let family = Family::from_code(&family).with_context(|| {
                let codes: Vec<&str> = Family::ALL.iter().map(|f| f.code()).collect();
                format!("--family: one of {}", codes.join(", "))
            })?;
            let instance = generate::family(family, mentees, mentors, seed);
            serde_json::to_writer(std::io::stdout().lock(), &instance)?;
            return Ok(());
        }
        Command::MatchingSolve { file, method } => return solve_file(&file, &method),
        Command::MatchingScores { file, out } => {
            let instance = read_instance(&file)?;
            let bytes = app::domain::matching::score_matrix(&instance).to_bytes();
            std::fs::write(&out, bytes).with_context(|| format!("writing {}", out.display()))?;
            return Ok(());
        }
        _ => {}
    }
    let config = Config::from_env()?;
    match command {
        Command::Serve => {
            let application = Application::build(config, leptos_options()).await?;
            application.run().await?;
        }
        Command::Migrate => {
            let db = database::connect(&config.database_url).await?;
            Migrator::up(&db, None).await?;
            println!("Migrations applied.");
        }
        Command::CreateOrganizer {
            email,
            name,
            password_stdin,
        } => create_organizer(&config, &email, name, password_stdin).await?,
        Command::DemoData => {
            if config.production {
                bail!(
                    "demo-data refuses to run with APP_ENV=production: it creates organizer accounts whose password is published. Use create-organizer instead."
                );
            }
            let db = database::connect(&config.database_url).await?;
            Migrator::up(&db, None).await?;
            let summary = demo::fill(&db).await?;
            println!("{summary}");
        }
        Command::MatchingInstance { .. }
        | Command::MatchingSolve { .. }
        | Command::MatchingScores { .. } => {
            unreachable!("handled before configuration is read")
        }
    }
    Ok(())
}

fn read_instance(file: &std::path::Path) -> anyhow::Result<app::domain::matching::Instance> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    Ok(serde_json::from_str(&text)?)
}

fn solve_file(file: &std::path::Path, method: &str) -> anyhow::Result<()> {
    use app::domain::matching::workspace::{DraftState, Method, run};
    let method = Method::from_code(method).context("--method: optimal, fairest or stable")?;
    let instance = read_instance(file)?;
    let state = DraftState {
        settings: instance.settings.clone(),
        method,
        pins: instance.pins.clone(),
        blocks: Vec::new(),
    };
    let started = std::time::Instant::now();
    let draft = run(&instance, &instance.exclusions, &state);
    let elapsed = started.elapsed();
    let summary = &draft.summary;
    println!(
        "{} of {} mentees matched, {} points in total, capacity {} of {} used, solved in {:.1} ms",
        summary.matched,
        summary.mentees,
        summary.total_points,
        summary.capacity_used,
        summary.capacity,
        elapsed.as_secs_f64() * 1000.0
    );
    Ok(())
}

async fn create_organizer(
    config: &Config,
    email: &str,
    name: Option<String>,
    password_stdin: bool,
) -> anyhow::Result<()> {
    let email = EmailAddress::parse(email).map_err(anyhow::Error::msg)?;
    let db = database::connect(&config.database_url).await?;
    Migrator::up(&db, None).await?;

    if let Some(existing) = app::auth::db::find_user_by_email(&db, &email).await? {
        app::auth::db::promote_to_organizer(&db, existing.id).await?;
        println!("{} is now an organizer.", existing.email);
        return Ok(());
    }
    let default_name = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("Organizer")
        .to_owned();
    let display_name =
        DisplayName::parse(&name.unwrap_or(default_name)).map_err(anyhow::Error::msg)?;
    let password = read_password(password_stdin)?;
    let password_hash = app::auth::ssr::hash_password(password.expose().to_owned())
        .await
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    let created = app::auth::db::create_user(
        &db,
        NewUser {
            email: &email,
            display_name: &display_name,
            password_hash,
            is_organizer: true,
        },
    )
    .await?;
    match created {
        CreatedUser::Created(user) => println!("Organizer {} created.", user.email),
        CreatedUser::EmailTaken => bail!("{} already has an account", email.as_str()),
    }
    Ok(())
}

fn read_password(from_stdin: bool) -> anyhow::Result<NewPassword> {
    let password = if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    } else {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat the password: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        first
    };
    NewPassword::parse(&password).map_err(anyhow::Error::msg)
}
