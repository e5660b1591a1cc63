//! `server`: runs Mentorship Hub, or one of its maintenance commands.

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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let _ = dotenvy::dotenv();
    init_tracing();
    let cli = Cli::parse();
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
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
            let db = database::connect(&config.database_url).await?;
            Migrator::up(&db, None).await?;
            let summary = demo::fill(&db).await?;
            println!("{summary}");
        }
    }
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
