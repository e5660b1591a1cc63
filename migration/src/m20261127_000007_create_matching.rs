use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000004_create_program_years::ProgramYears;
use crate::support::{create_index, drop_tables, references};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MatchingDrafts::Table)
                    .if_not_exists()
                    .col(integer(MatchingDrafts::YearId).primary_key())
                    // Bumped by every save; a save that names an older version is refused, so one
                    // organizer never silently overwrites another's work.
                    .col(integer(MatchingDrafts::Version))
                    // The organizers' choices (weights, musts, method, pins, blocks) as JSON; the
                    // draft itself is recomputed from them and the year's data.
                    .col(text(MatchingDrafts::State))
                    .col(integer_null(MatchingDrafts::SavedBy))
                    .col(timestamp_with_time_zone(MatchingDrafts::SavedAt))
                    .foreign_key(&mut references(
                        "fk_matching_drafts_year",
                        (MatchingDrafts::Table, MatchingDrafts::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_matching_drafts_saved_by",
                        (MatchingDrafts::Table, MatchingDrafts::SavedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Pairs::Table)
                    .if_not_exists()
                    .col(pk_auto(Pairs::Id))
                    .col(integer(Pairs::YearId))
                    .col(integer(Pairs::MenteeId))
                    .col(integer(Pairs::MentorId))
                    .col(date(Pairs::StartedOn))
                    .col(date_null(Pairs::EndedOn))
                    .col(text(Pairs::EndReason).default(""))
                    .col(integer_null(Pairs::CreatedBy))
                    .col(timestamp_with_time_zone(Pairs::CreatedAt))
                    .foreign_key(&mut references(
                        "fk_pairs_year",
                        (Pairs::Table, Pairs::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_pairs_mentee",
                        (Pairs::Table, Pairs::MenteeId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_pairs_mentor",
                        (Pairs::Table, Pairs::MentorId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_pairs_created_by",
                        (Pairs::Table, Pairs::CreatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        // A mentee has at most one active pair in a year (ended pairs stay for history).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX idx_pairs_one_active_per_mentee ON pairs (year_id, mentee_id) WHERE ended_on IS NULL",
            )
            .await?;
        create_index(
            manager,
            "idx_pairs_mentor",
            Pairs::Table,
            [Pairs::MentorId, Pairs::YearId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Notices::Table)
                    .if_not_exists()
                    .col(pk_auto(Notices::Id))
                    .col(integer(Notices::UserId))
                    .col(text(Notices::Message))
                    .col(string_len(Notices::Link, 200).default(""))
                    .col(timestamp_with_time_zone(Notices::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notices::ReadAt))
                    .foreign_key(&mut references(
                        "fk_notices_user",
                        (Notices::Table, Notices::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_notices_user",
            Notices::Table,
            [Notices::UserId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Notices::Table.into_iden(),
                Pairs::Table.into_iden(),
                MatchingDrafts::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum MatchingDrafts {
    Table,
    YearId,
    Version,
    State,
    SavedBy,
    SavedAt,
}

#[derive(DeriveIden)]
pub enum Pairs {
    Table,
    Id,
    YearId,
    MenteeId,
    MentorId,
    StartedOn,
    EndedOn,
    EndReason,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    UserId,
    Message,
    Link,
    CreatedAt,
    ReadAt,
}
