use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{drop_tables, references};

/// The survey that goes out when a year closes: one answer per participant and year.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FinalSurveys::Table)
                    .if_not_exists()
                    .col(integer(FinalSurveys::YearId))
                    .col(integer(FinalSurveys::UserId))
                    .col(integer(FinalSurveys::Rating))
                    .col(boolean(FinalSurveys::Recommend))
                    .col(text(FinalSurveys::Comments).default(""))
                    .col(timestamp_with_time_zone(FinalSurveys::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(FinalSurveys::YearId)
                            .col(FinalSurveys::UserId),
                    )
                    .foreign_key(&mut references(
                        "fk_final_surveys_year",
                        (FinalSurveys::Table, FinalSurveys::YearId),
                        (ProgramYears::Table, ProgramYears::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_final_surveys_user",
                        (FinalSurveys::Table, FinalSurveys::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, [FinalSurveys::Table.into_iden()]).await
    }
}

#[derive(DeriveIden)]
enum FinalSurveys {
    Table,
    YearId,
    UserId,
    Rating,
    Recommend,
    Comments,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ProgramYears {
    Table,
    Id,
}
