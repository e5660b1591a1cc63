use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000007_create_matching::Pairs;
use crate::support::{create_index, drop_tables, references};

/// What participants tell the organizers: confidential concerns about their match (with the
/// organizers' internal notes and reply), and the quarterly check-ins.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Concerns::Table)
                    .if_not_exists()
                    .col(pk_auto(Concerns::Id))
                    .col(integer(Concerns::PairId))
                    .col(integer(Concerns::ReporterId))
                    .col(text(Concerns::Body))
                    .col(string_len(Concerns::Status, 12))
                    // The organizers' answer, shown to the reporter only.
                    .col(text(Concerns::Reply).default(""))
                    .col(timestamp_with_time_zone(Concerns::CreatedAt))
                    .col(timestamp_with_time_zone(Concerns::UpdatedAt))
                    .check(Expr::cust("status IN ('new', 'in_progress', 'resolved')"))
                    .foreign_key(&mut references(
                        "fk_concerns_pair",
                        (Concerns::Table, Concerns::PairId),
                        (Pairs::Table, Pairs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_concerns_reporter",
                        (Concerns::Table, Concerns::ReporterId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_concerns_status",
            Concerns::Table,
            [Concerns::Status],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ConcernNotes::Table)
                    .if_not_exists()
                    .col(pk_auto(ConcernNotes::Id))
                    .col(integer(ConcernNotes::ConcernId))
                    .col(integer(ConcernNotes::AuthorId))
                    .col(text(ConcernNotes::Body))
                    .col(timestamp_with_time_zone(ConcernNotes::CreatedAt))
                    .foreign_key(&mut references(
                        "fk_concern_notes_concern",
                        (ConcernNotes::Table, ConcernNotes::ConcernId),
                        (Concerns::Table, Concerns::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_concern_notes_author",
                        (ConcernNotes::Table, ConcernNotes::AuthorId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Checkins::Table)
                    .if_not_exists()
                    .col(pk_auto(Checkins::Id))
                    .col(integer(Checkins::PairId))
                    .col(integer(Checkins::UserId))
                    // The quarter answered for: "fall", "winter" or "spring" of the pair's year.
                    .col(string_len(Checkins::Quarter, 10))
                    .col(integer(Checkins::Rating))
                    .col(boolean(Checkins::Met))
                    .col(text(Checkins::Message).default(""))
                    .col(timestamp_with_time_zone(Checkins::CreatedAt))
                    .check(Expr::cust("rating BETWEEN 1 AND 5"))
                    .foreign_key(&mut references(
                        "fk_checkins_pair",
                        (Checkins::Table, Checkins::PairId),
                        (Pairs::Table, Pairs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_checkins_user",
                        (Checkins::Table, Checkins::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        // One check-in per person, pair and quarter.
        create_index(
            manager,
            "idx_checkins_once_a_quarter",
            Checkins::Table,
            [Checkins::PairId, Checkins::UserId, Checkins::Quarter],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                Checkins::Table.into_iden(),
                ConcernNotes::Table.into_iden(),
                Concerns::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Concerns {
    Table,
    Id,
    PairId,
    ReporterId,
    Body,
    Status,
    Reply,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ConcernNotes {
    Table,
    Id,
    ConcernId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Checkins {
    Table,
    Id,
    PairId,
    UserId,
    Quarter,
    Rating,
    Met,
    Message,
    CreatedAt,
}
