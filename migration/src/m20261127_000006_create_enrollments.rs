use sea_orm_migration::{prelude::*, schema::*};

use crate::support::{create_index, drop_tables, references};

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000004_create_program_years::ProgramYears;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Enrollments::Table)
                    .if_not_exists()
                    .col(pk_auto(Enrollments::Id))
                    .col(integer(Enrollments::UserId))
                    .col(integer(Enrollments::YearId))
                    .col(string_len(Enrollments::Role, 10))
                    .col(string_len(Enrollments::Status, 12))
                    .col(integer_null(Enrollments::Capacity))
                    .col(text(Enrollments::Goals).default(""))
                    .col(text(Enrollments::Availability).default(""))
                    .col(text(Enrollments::NotesForOrganizers).default(""))
                    .col(text(Enrollments::DecisionMessage).default(""))
                    .col(integer_null(Enrollments::DecidedBy))
                    .col(timestamp_with_time_zone_null(Enrollments::DecidedAt))
                    .col(timestamp_with_time_zone(Enrollments::CreatedAt))
                    .col(timestamp_with_time_zone(Enrollments::UpdatedAt))
                    .foreign_key(&mut references("fk_enrollments_user", (Enrollments::Table, Enrollments::UserId), (Users::Table, Users::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut references("fk_enrollments_year", (Enrollments::Table, Enrollments::YearId), (ProgramYears::Table, ProgramYears::Id), ForeignKeyAction::Cascade))
                    .foreign_key(&mut references("fk_enrollments_decided_by", (Enrollments::Table, Enrollments::DecidedBy), (Users::Table, Users::Id), ForeignKeyAction::SetNull))
                    .check(Expr::cust("role IN ('mentee', 'mentor')"))
                    .check(Expr::cust(
                        "status IN ('applied', 'approved', 'waitlisted', 'declined')",
                    ))
                    // Mentors take 1 to 5 mentees; mentees have no capacity.
                    .check(Expr::cust(
                        "(role = 'mentor' AND capacity BETWEEN 1 AND 5) OR (role = 'mentee' AND capacity IS NULL)",
                    ))
                    .to_owned(),
            )
            .await?;
        // One enrollment per person per year: nobody is both mentee and mentor in the same year.
        create_index(
            manager,
            "idx_enrollments_user_year",
            Enrollments::Table,
            [Enrollments::UserId, Enrollments::YearId],
            true,
        )
        .await?;
        create_index(
            manager,
            "idx_enrollments_year_status",
            Enrollments::Table,
            [Enrollments::YearId, Enrollments::Status],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .if_not_exists()
                    .col(pk_auto(Invitations::Id))
                    .col(integer(Invitations::YearId))
                    .col(string_len(Invitations::Email, 254))
                    .col(string_len(Invitations::DisplayName, 100))
                    .col(string_len(Invitations::Role, 10))
                    .col(string_len_null(Invitations::DegreeProgram, 20))
                    .col(string_len_null(Invitations::MentorSource, 16))
                    .col(integer_null(Invitations::Capacity))
                    // SHA-256 of the link's token: a leaked database does not leak usable links.
                    .col(string_len_uniq(Invitations::TokenHash, 64))
                    .col(integer_null(Invitations::InvitedBy))
                    .col(timestamp_with_time_zone(Invitations::CreatedAt))
                    .col(timestamp_with_time_zone(Invitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Invitations::AcceptedAt))
                    .foreign_key(&mut references(
                        "fk_invitations_year",
                        (Invitations::Table, Invitations::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_invitations_invited_by",
                        (Invitations::Table, Invitations::InvitedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(Expr::cust("role IN ('mentee', 'mentor')"))
                    .to_owned(),
            )
            .await?;
        // One invitation per address per year, which is also what makes a repeated import a no-op.
        create_index(
            manager,
            "idx_invitations_year_email",
            Invitations::Table,
            [Invitations::YearId, Invitations::Email],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .if_not_exists()
                    .col(pk_auto(Outbox::Id))
                    .col(string_len(Outbox::Recipient, 254))
                    .col(string_len(Outbox::Subject, 200))
                    .col(text(Outbox::Body))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(integer(Outbox::Attempts).default(0))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Imports::Table)
                    .if_not_exists()
                    .col(pk_auto(Imports::Id))
                    .col(integer(Imports::YearId))
                    .col(integer_null(Imports::UploadedBy))
                    .col(string_len(Imports::FileName, 200))
                    // The file as uploaded, so its preview can be shown again and committed later.
                    .col(text(Imports::Content))
                    .col(timestamp_with_time_zone(Imports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Imports::CommittedAt))
                    .foreign_key(&mut references(
                        "fk_imports_year",
                        (Imports::Table, Imports::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_imports_uploaded_by",
                        (Imports::Table, Imports::UploadedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrientationSessions::Table)
                    .if_not_exists()
                    .col(pk_auto(OrientationSessions::Id))
                    .col(integer(OrientationSessions::YearId))
                    .col(timestamp_with_time_zone(OrientationSessions::StartsAt))
                    .col(integer(OrientationSessions::DurationMinutes))
                    .col(string_len(OrientationSessions::Place, 200).default(""))
                    .col(string_len(OrientationSessions::VideoUrl, 500).default(""))
                    .col(integer(OrientationSessions::Capacity))
                    .col(timestamp_with_time_zone(OrientationSessions::CreatedAt))
                    .foreign_key(&mut references(
                        "fk_orientation_sessions_year",
                        (OrientationSessions::Table, OrientationSessions::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::cust("capacity > 0 AND duration_minutes > 0"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OrientationRsvps::Table)
                    .if_not_exists()
                    .col(integer(OrientationRsvps::SessionId))
                    .col(integer(OrientationRsvps::UserId))
                    .col(boolean(OrientationRsvps::Attended).default(false))
                    .col(timestamp_with_time_zone(OrientationRsvps::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(OrientationRsvps::SessionId)
                            .col(OrientationRsvps::UserId),
                    )
                    .foreign_key(&mut references(
                        "fk_orientation_rsvps_session",
                        (OrientationRsvps::Table, OrientationRsvps::SessionId),
                        (OrientationSessions::Table, OrientationSessions::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_orientation_rsvps_user",
                        (OrientationRsvps::Table, OrientationRsvps::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_orientation_rsvps_user",
            OrientationRsvps::Table,
            [OrientationRsvps::UserId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                OrientationRsvps::Table.into_iden(),
                OrientationSessions::Table.into_iden(),
                Outbox::Table.into_iden(),
                Imports::Table.into_iden(),
                Invitations::Table.into_iden(),
                Enrollments::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
    UserId,
    YearId,
    Role,
    Status,
    Capacity,
    Goals,
    Availability,
    NotesForOrganizers,
    DecisionMessage,
    DecidedBy,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    Id,
    YearId,
    Email,
    DisplayName,
    Role,
    DegreeProgram,
    MentorSource,
    Capacity,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Subject,
    Body,
    CreatedAt,
    SentAt,
    Attempts,
}

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    YearId,
    UploadedBy,
    FileName,
    Content,
    CreatedAt,
    CommittedAt,
}

#[derive(DeriveIden)]
enum OrientationSessions {
    Table,
    Id,
    YearId,
    StartsAt,
    DurationMinutes,
    Place,
    VideoUrl,
    Capacity,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrientationRsvps {
    Table,
    SessionId,
    UserId,
    Attended,
    CreatedAt,
}
