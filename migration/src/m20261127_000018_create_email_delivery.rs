use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{create_index, drop_tables, references};

/// Delivering the outbox: who each email is for and of what kind (for preferences and
/// unsubscribe links), when it may next be tried, and the claim that makes every message go out
/// at most once however many servers run. Plus people's opt-outs and the site's signing secret.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            ColumnDef::new(Outbox::UserId).integer().null().to_owned(),
            // An `EmailKind` code.
            string_len(Outbox::Kind, 20).default("program").to_owned(),
            // Holds a secret link (a password reset): organizers never see its text.
            boolean(Outbox::Sensitive).default(false).to_owned(),
            timestamp_with_time_zone_null(Outbox::NextAttemptAt).to_owned(),
            // Set by the one delivery task that took the message; never cleared after the SMTP
            // server may have accepted it.
            timestamp_with_time_zone_null(Outbox::ClaimedAt).to_owned(),
            timestamp_with_time_zone_null(Outbox::FailedAt).to_owned(),
            text(Outbox::LastError).default("").to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        create_index(
            manager,
            "idx_outbox_due",
            Outbox::Table,
            [Outbox::SentAt, Outbox::ClaimedAt, Outbox::NextAttemptAt],
            false,
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(EmailOptOuts::Table)
                    .if_not_exists()
                    .col(integer(EmailOptOuts::UserId))
                    .col(string_len(EmailOptOuts::Kind, 20))
                    .col(timestamp_with_time_zone(EmailOptOuts::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(EmailOptOuts::UserId)
                            .col(EmailOptOuts::Kind),
                    )
                    .foreign_key(&mut references(
                        "fk_email_opt_outs_user",
                        (EmailOptOuts::Table, EmailOptOuts::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AppSecrets::Table)
                    .if_not_exists()
                    .col(string_len(AppSecrets::Name, 40).primary_key())
                    .col(string_len(AppSecrets::Value, 200))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                AppSecrets::Table.into_iden(),
                EmailOptOuts::Table.into_iden(),
            ],
        )
        .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .to_owned(),
            )
            .await?;
        for column in [
            Outbox::LastError,
            Outbox::FailedAt,
            Outbox::ClaimedAt,
            Outbox::NextAttemptAt,
            Outbox::Sensitive,
            Outbox::Kind,
            Outbox::UserId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Outbox::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    SentAt,
    UserId,
    Kind,
    Sensitive,
    NextAttemptAt,
    ClaimedAt,
    FailedAt,
    LastError,
}

#[derive(DeriveIden)]
enum EmailOptOuts {
    Table,
    UserId,
    Kind,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AppSecrets {
    Table,
    Name,
    Value,
}
