use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{create_index, drop_tables, references};

/// Every organizer action that changes data: who, when, what. The actor's name is kept with the
/// row so the log still reads right if the account is later removed.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(pk_auto(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(integer_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::ActorName, 200))
                    // An `AuditAction` code.
                    .col(string_len(AuditLog::Action, 40))
                    // What it was done to, in words ("Application of Ada Lovelace").
                    .col(string_len(AuditLog::Subject, 300))
                    .col(text(AuditLog::Details).default(""))
                    .foreign_key(&mut references(
                        "fk_audit_log_actor",
                        (AuditLog::Table, AuditLog::ActorId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_audit_log_at",
            AuditLog::Table,
            [AuditLog::At],
            false,
        )
        .await?;
        create_index(
            manager,
            "idx_audit_log_action",
            AuditLog::Table,
            [AuditLog::Action, AuditLog::At],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [AuditLog::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    Action,
    Subject,
    Details,
}
