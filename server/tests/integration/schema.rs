//! Migrations: reversible, and the same schema on SQLite and PostgreSQL.

use std::collections::BTreeSet;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use crate::helpers::{Engine, fresh_database_url};
use crate::on_both_engines;

on_both_engines!(migrations_go_up_down_and_up_again);

/// Every (table, column, nullable) of the application's tables.
async fn columns(db: &DatabaseConnection) -> BTreeSet<(String, String, bool)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, p.\"notnull\" = 0 AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'seaql_migrations'"
        }
        _ => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, is_nullable = 'YES' AS nullable \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> 'seaql_migrations'"
        }
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                row.try_get::<String>("", "table_name").unwrap(),
                row.try_get::<String>("", "column_name").unwrap(),
                row.try_get::<bool>("", "nullable").unwrap(),
            )
        })
        .collect()
}

async fn migrated(engine: Engine) -> DatabaseConnection {
    let db = server::database::connect(&fresh_database_url(engine).await)
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();
    db
}

async fn migrations_go_up_down_and_up_again(engine: Engine) {
    let db = migrated(engine).await;
    let after_first_up = columns(&db).await;
    assert!(
        after_first_up
            .iter()
            .any(|(table, column, _)| table == "users" && column == "email")
    );

    Migrator::down(&db, None).await.unwrap();
    assert!(columns(&db).await.is_empty(), "down removes every table");

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(columns(&db).await, after_first_up);
}

#[tokio::test]
async fn both_engines_get_the_same_schema() {
    let sqlite = columns(&migrated(Engine::Sqlite).await).await;
    let postgres = columns(&migrated(Engine::Postgres).await).await;

    assert_eq!(sqlite, postgres);
}
