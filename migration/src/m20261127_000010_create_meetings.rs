use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000007_create_matching::Pairs;
use crate::support::{create_index, drop_tables, references};

/// Meetings a pair proposes, agrees on and holds, with the notes both share and the notes each
/// keeps for themselves.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Meetings::Table)
                    .if_not_exists()
                    .col(pk_auto(Meetings::Id))
                    .col(integer(Meetings::PairId))
                    // Whoever proposed the current time; the other member accepts it.
                    .col(integer(Meetings::ProposedBy))
                    .col(timestamp_with_time_zone(Meetings::StartsAt))
                    .col(integer(Meetings::DurationMinutes))
                    .col(string_len(Meetings::Mode, 12))
                    // An address or a video link.
                    .col(string_len(Meetings::Place, 300).default(""))
                    .col(string_len(Meetings::Status, 10))
                    .col(text(Meetings::SharedNotes).default(""))
                    .col(timestamp_with_time_zone(Meetings::CreatedAt))
                    .col(timestamp_with_time_zone(Meetings::UpdatedAt))
                    .check(Expr::cust(
                        "status IN ('proposed', 'accepted', 'held', 'cancelled')",
                    ))
                    .check(Expr::cust("duration_minutes BETWEEN 5 AND 480"))
                    .foreign_key(&mut references(
                        "fk_meetings_pair",
                        (Meetings::Table, Meetings::PairId),
                        (Pairs::Table, Pairs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_meetings_proposed_by",
                        (Meetings::Table, Meetings::ProposedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_meetings_pair_starts",
            Meetings::Table,
            [Meetings::PairId, Meetings::StartsAt],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeetingPrivateNotes::Table)
                    .if_not_exists()
                    .col(integer(MeetingPrivateNotes::MeetingId))
                    .col(integer(MeetingPrivateNotes::UserId))
                    .col(text(MeetingPrivateNotes::Body))
                    .col(timestamp_with_time_zone(MeetingPrivateNotes::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .col(MeetingPrivateNotes::MeetingId)
                            .col(MeetingPrivateNotes::UserId),
                    )
                    .foreign_key(&mut references(
                        "fk_meeting_private_notes_meeting",
                        (MeetingPrivateNotes::Table, MeetingPrivateNotes::MeetingId),
                        (Meetings::Table, Meetings::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_meeting_private_notes_user",
                        (MeetingPrivateNotes::Table, MeetingPrivateNotes::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                MeetingPrivateNotes::Table.into_iden(),
                Meetings::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
pub enum Meetings {
    Table,
    Id,
    PairId,
    ProposedBy,
    StartsAt,
    DurationMinutes,
    Mode,
    Place,
    Status,
    SharedNotes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeetingPrivateNotes {
    Table,
    MeetingId,
    UserId,
    Body,
    UpdatedAt,
}
