//! Opening the database: SQLite (the embedded default) or PostgreSQL, chosen by the URL.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};

/// The file behind a `sqlite:` URL, if it names one (not `:memory:`).
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// Statements run by every connection this process opened, for benchmarks and diagnostics.
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

/// How many SQL statements have run so far (the difference around a request is its count).
pub fn statements_run() -> u64 {
    STATEMENTS.load(Ordering::Relaxed)
}

/// Connections each instance keeps open to PostgreSQL (mind the server's `max_connections` when
/// running several instances).
const POSTGRES_CONNECTIONS: u32 = 20;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let is_sqlite = url.starts_with("sqlite:");
    if let Some(parent) = sqlite_file(url).and_then(|file| std::path::Path::new(file).parent()) {
        std::fs::create_dir_all(parent)
            .map_err(|err| DbErr::Custom(format!("cannot create {}: {err}", parent.display())))?;
    }
    let mut options = ConnectOptions::new(url.to_owned());
    options
        // sea-orm would otherwise give SQLite a single connection; WAL lets readers run alongside
        // the one writer.
        .max_connections(if is_sqlite { 8 } else { POSTGRES_CONNECTIONS })
        // A request that has to open a PostgreSQL connection waits for the whole handshake
        // (TLS, then SCRAM: thousands of rounds of HMAC on both ends), and sqlx keeps it waiting
        // on that connection even when others come free meanwhile (launchbadge/sqlx#2848): under
        // load that wait reached the acquire timeout. The pool opens them all before the server
        // starts and keeps them.
        .min_connections(if is_sqlite { 0 } else { POSTGRES_CONNECTIONS })
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
        });
    let mut db = Database::connect(options).await?;
    db.set_metric_callback(|_| {
        STATEMENTS.fetch_add(1, Ordering::Relaxed);
    });
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;

    #[test]
    fn sqlite_file_is_found_in_both_url_forms() {
        assert_eq!(
            sqlite_file("sqlite://data/hub.db?mode=rwc"),
            Some("data/hub.db")
        );
        assert_eq!(sqlite_file("sqlite:hub.db"), Some("hub.db"));
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://localhost/hub"), None);
    }
}
