use sea_orm_migration::prelude::*;

/// A quarter's name is stored as its code ("fall"), as a check-in's quarter already was, instead
/// of its label ("Fall"): both columns then hold the same closed set, `QuarterName`.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The names as stored before (labels) and after (codes).
const NAMES: [(&str, &str); 3] = [("Fall", "fall"), ("Winter", "winter"), ("Spring", "spring")];

async fn rename(manager: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::update()
                .table(Quarters::Table)
                .value(Quarters::Name, to)
                .and_where(Expr::col(Quarters::Name).eq(from))
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (label, code) in NAMES {
            rename(manager, label, code).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (label, code) in NAMES {
            rename(manager, code, label).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Quarters {
    Table,
    Name,
}
