use sea_orm_migration::{prelude::*, schema::*};

use crate::support::{create_index, drop_tables, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The bodies that run the program together, as the program describes itself; organizers edit them.
const SEEDED_BODIES: [(&str, &str); 3] = [
    ("UCLA iSchool", "iSchool"),
    ("UCLA Library", "Library"),
    ("Library & Information Studies Alumni Association", "LISAA"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrganizingBodies::Table)
                    .if_not_exists()
                    .col(pk_auto(OrganizingBodies::Id))
                    .col(string_len_uniq(OrganizingBodies::Name, 120))
                    .col(string_len(OrganizingBodies::ShortName, 30))
                    .col(integer(OrganizingBodies::Position))
                    .to_owned(),
            )
            .await?;
        for (position, (name, short_name)) in SEEDED_BODIES.iter().enumerate() {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(OrganizingBodies::Table)
                        .columns([
                            OrganizingBodies::Name,
                            OrganizingBodies::ShortName,
                            OrganizingBodies::Position,
                        ])
                        .values_panic([
                            (*name).into(),
                            (*short_name).into(),
                            (position as i32).into(),
                        ])
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ProgramYears::Table)
                    .if_not_exists()
                    .col(pk_auto(ProgramYears::Id))
                    .col(string_len_uniq(ProgramYears::Label, 20))
                    .col(string_len(ProgramYears::Phase, 16))
                    .col(date(ProgramYears::EnrollmentDeadline))
                    .col(boolean(ProgramYears::IsCurrent).default(false))
                    .col(timestamp_with_time_zone(ProgramYears::CreatedAt))
                    .check(Expr::cust(
                        "phase IN ('enrolling', 'matching', 'active', 'closed')",
                    ))
                    .to_owned(),
            )
            .await?;
        // At most one current year, enforced by the database: a partial unique index works the same
        // on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_program_years_one_current ON program_years (is_current) WHERE is_current",
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Quarters::Table)
                    .if_not_exists()
                    .col(pk_auto(Quarters::Id))
                    .col(integer(Quarters::YearId))
                    .col(string_len(Quarters::Name, 10))
                    .col(date(Quarters::StartsOn))
                    .col(date(Quarters::EndsOn))
                    .foreign_key(&mut references(
                        "fk_quarters_year",
                        (Quarters::Table, Quarters::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::cust("ends_on >= starts_on"))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_quarters_year_name",
            Quarters::Table,
            [Quarters::YearId, Quarters::Name],
            true,
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Quarters::Table.into_iden(),
                ProgramYears::Table.into_iden(),
                OrganizingBodies::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
pub enum OrganizingBodies {
    Table,
    Id,
    Name,
    ShortName,
    Position,
}

#[derive(DeriveIden)]
pub enum ProgramYears {
    Table,
    Id,
    Label,
    Phase,
    EnrollmentDeadline,
    IsCurrent,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Quarters {
    Table,
    Id,
    YearId,
    Name,
    StartsOn,
    EndsOn,
}
