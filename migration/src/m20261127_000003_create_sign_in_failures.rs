use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Failed sign-ins, counted per account and per address to throttle guessing. Kept in the
/// database rather than in memory so that several server instances share one count.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SignInFailures::Table)
                    .if_not_exists()
                    .col(pk_auto(SignInFailures::Id))
                    .col(string_len(SignInFailures::Email, 254))
                    .col(string_len(SignInFailures::Address, 64))
                    .col(big_integer(SignInFailures::FailedAt))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_sign_in_failures_email", SignInFailures::Email),
            ("idx_sign_in_failures_address", SignInFailures::Address),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(SignInFailures::Table)
                        .col(column)
                        .col(SignInFailures::FailedAt)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SignInFailures::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SignInFailures {
    Table,
    Id,
    Email,
    Address,
    FailedAt,
}
