use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{create_index, drop_tables, references};

/// Accounts at a campus identity provider linked to ours: the provider (`issuer`) and its
/// stable id for the person (`subject`) are the key after the first sign-in, not the email,
/// which a campus may reassign or a person may change.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ExternalIdentities::Table)
                    .if_not_exists()
                    .col(pk_auto(ExternalIdentities::Id))
                    .col(integer(ExternalIdentities::UserId))
                    .col(string_len(ExternalIdentities::Issuer, 500))
                    .col(string_len(ExternalIdentities::Subject, 255))
                    .col(timestamp_with_time_zone(ExternalIdentities::CreatedAt))
                    .col(timestamp_with_time_zone(ExternalIdentities::LastSignInAt))
                    .foreign_key(&mut references(
                        "fk_external_identities_user",
                        (ExternalIdentities::Table, ExternalIdentities::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_external_identities_subject",
            ExternalIdentities::Table,
            [ExternalIdentities::Issuer, ExternalIdentities::Subject],
            true,
        )
        .await?;
        create_index(
            manager,
            "idx_external_identities_user",
            ExternalIdentities::Table,
            [ExternalIdentities::UserId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [ExternalIdentities::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum ExternalIdentities {
    Table,
    Id,
    UserId,
    Issuer,
    Subject,
    CreatedAt,
    LastSignInAt,
}
