use sea_orm_migration::sea_orm::{ConnectionTrait, Statement, Value};
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{drop_tables, references};

/// A participant's ranking of the other side becomes rows (one per ranked person, first choice
/// first) instead of user ids joined by commas in `enrollments.preferred_mentors`: the database
/// then knows each ranked id is a person, and forgets them with the person. The column is
/// dropped, not renamed (renaming a column breaks SQLite's copy of the table's CHECKs).
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rankings::Table)
                    .if_not_exists()
                    .col(integer(Rankings::EnrollmentId))
                    .col(integer(Rankings::Position).check(Expr::cust("position >= 1")))
                    .col(integer(Rankings::RankedId))
                    .primary_key(
                        Index::create()
                            .col(Rankings::EnrollmentId)
                            .col(Rankings::Position),
                    )
                    .foreign_key(&mut references(
                        "fk_rankings_enrollment",
                        (Rankings::Table, Rankings::EnrollmentId),
                        (Enrollments::Table, Enrollments::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_rankings_ranked",
                        (Rankings::Table, Rankings::RankedId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_rankings_once_each")
                    .table(Rankings::Table)
                    .col(Rankings::EnrollmentId)
                    .col(Rankings::RankedId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let stored = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, preferred_mentors FROM enrollments WHERE preferred_mentors <> ''",
            ))
            .await?;
        for row in stored {
            let enrollment: i32 = row.try_get("", "id")?;
            let joined: String = row.try_get("", "preferred_mentors")?;
            let mut seen = Vec::new();
            // Only ids of people who still exist, each once, in their order.
            for ranked in joined
                .split(',')
                .filter_map(|id| id.trim().parse::<i32>().ok())
            {
                if seen.contains(&ranked) {
                    continue;
                }
                let exists = db
                    .query_one_raw(Statement::from_sql_and_values(
                        backend,
                        "SELECT id FROM users WHERE id = $1",
                        [Value::from(ranked)],
                    ))
                    .await?
                    .is_some();
                if exists {
                    seen.push(ranked);
                }
            }
            for (position, ranked) in (1..).zip(seen) {
                manager
                    .exec_stmt(
                        Query::insert()
                            .into_table(Rankings::Table)
                            .columns([
                                Rankings::EnrollmentId,
                                Rankings::Position,
                                Rankings::RankedId,
                            ])
                            .values_panic([enrollment.into(), position.into(), ranked.into()])
                            .to_owned(),
                    )
                    .await?;
            }
        }

        manager
            .alter_table(
                Table::alter()
                    .table(Enrollments::Table)
                    .drop_column(Enrollments::PreferredMentors)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Enrollments::Table)
                    .add_column(string_len(Enrollments::PreferredMentors, 100).default(""))
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT enrollment_id, ranked_id FROM rankings ORDER BY enrollment_id, position",
            ))
            .await?;
        let mut joined: Vec<(i32, Vec<String>)> = Vec::new();
        for row in rows {
            let enrollment: i32 = row.try_get("", "enrollment_id")?;
            let ranked: i32 = row.try_get("", "ranked_id")?;
            match joined.last_mut() {
                Some((last, ids)) if *last == enrollment => ids.push(ranked.to_string()),
                _ => joined.push((enrollment, vec![ranked.to_string()])),
            }
        }
        for (enrollment, ids) in joined {
            manager
                .exec_stmt(
                    Query::update()
                        .table(Enrollments::Table)
                        .value(Enrollments::PreferredMentors, ids.join(","))
                        .and_where(Expr::col(Enrollments::Id).eq(enrollment))
                        .to_owned(),
                )
                .await?;
        }
        drop_tables(manager, [Rankings::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum Rankings {
    Table,
    EnrollmentId,
    Position,
    RankedId,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
    PreferredMentors,
}
