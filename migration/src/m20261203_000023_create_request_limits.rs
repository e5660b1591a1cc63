use sea_orm_migration::{prelude::*, schema::*};

use crate::support::create_index;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Requests that cost the server a password hash or send an email (signing up, accepting an
/// invitation, asking for or using a reset link, verifying an address), one row per request,
/// counted per action and address to limit them. In the database, like failed sign-ins, so that
/// several server instances share one count.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestLimits::Table)
                    .if_not_exists()
                    .col(pk_auto(RequestLimits::Id))
                    .col(string_len(RequestLimits::Action, 32))
                    .col(string_len(RequestLimits::Address, 64))
                    .col(big_integer(RequestLimits::At))
                    .check(Expr::cust(
                        "action IN ('sign_up', 'accept_invitation', 'reset_request', 'reset_completion', 'email_verification')",
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_request_limits_action_address_at",
            RequestLimits::Table,
            [
                RequestLimits::Action,
                RequestLimits::Address,
                RequestLimits::At,
            ],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RequestLimits::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum RequestLimits {
    Table,
    Id,
    Action,
    Address,
    At,
}
