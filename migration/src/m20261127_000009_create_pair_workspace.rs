use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000007_create_matching::Pairs;
use crate::support::{create_index, drop_tables, references};

/// The pair's own space: the agreement they make at the start, and the mentee's goals with their
/// steps and the comments on them.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PairAgreements::Table)
                    .if_not_exists()
                    .col(integer(PairAgreements::PairId).primary_key())
                    .col(text(PairAgreements::MeetingPlan).default(""))
                    .col(text(PairAgreements::Communication).default(""))
                    .col(text(PairAgreements::MenteeHopes).default(""))
                    .col(text(PairAgreements::MentorHopes).default(""))
                    .col(text(PairAgreements::OffLimits).default(""))
                    // How many meetings a quarter the pair plans (the program asks for one).
                    .col(integer(PairAgreements::MeetingsPerQuarter).default(1))
                    .col(integer_null(PairAgreements::UpdatedBy))
                    .col(timestamp_with_time_zone(PairAgreements::UpdatedAt))
                    .check(Expr::cust("meetings_per_quarter BETWEEN 1 AND 12"))
                    .foreign_key(&mut references(
                        "fk_pair_agreements_pair",
                        (PairAgreements::Table, PairAgreements::PairId),
                        (Pairs::Table, Pairs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_pair_agreements_updated_by",
                        (PairAgreements::Table, PairAgreements::UpdatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Goals::Table)
                    .if_not_exists()
                    .col(pk_auto(Goals::Id))
                    .col(integer(Goals::PairId))
                    // The mentee's order of importance, 1 first.
                    .col(integer(Goals::Position))
                    .col(string_len(Goals::Title, 200))
                    .col(text(Goals::Why).default(""))
                    // A quarter ("Winter 2027") or a date, as the mentee wrote it.
                    .col(string_len(Goals::Target, 100).default(""))
                    .col(string_len(Goals::Status, 12))
                    // Organizers see a goal's text only when the mentee shares it.
                    .col(boolean(Goals::Shareable).default(false))
                    .col(timestamp_with_time_zone(Goals::CreatedAt))
                    .col(timestamp_with_time_zone(Goals::UpdatedAt))
                    .check(Expr::cust(
                        "status IN ('not_started', 'in_progress', 'done', 'dropped')",
                    ))
                    .foreign_key(&mut references(
                        "fk_goals_pair",
                        (Goals::Table, Goals::PairId),
                        (Pairs::Table, Pairs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_goals_pair_position",
            Goals::Table,
            [Goals::PairId, Goals::Position],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GoalSteps::Table)
                    .if_not_exists()
                    .col(pk_auto(GoalSteps::Id))
                    .col(integer(GoalSteps::GoalId))
                    .col(string_len(GoalSteps::Text, 300))
                    .col(boolean(GoalSteps::Done).default(false))
                    .col(timestamp_with_time_zone(GoalSteps::CreatedAt))
                    .foreign_key(&mut references(
                        "fk_goal_steps_goal",
                        (GoalSteps::Table, GoalSteps::GoalId),
                        (Goals::Table, Goals::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_goal_steps_goal",
            GoalSteps::Table,
            [GoalSteps::GoalId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GoalComments::Table)
                    .if_not_exists()
                    .col(pk_auto(GoalComments::Id))
                    .col(integer(GoalComments::GoalId))
                    .col(integer(GoalComments::AuthorId))
                    .col(text(GoalComments::Body))
                    .col(timestamp_with_time_zone(GoalComments::CreatedAt))
                    .foreign_key(&mut references(
                        "fk_goal_comments_goal",
                        (GoalComments::Table, GoalComments::GoalId),
                        (Goals::Table, Goals::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_goal_comments_author",
                        (GoalComments::Table, GoalComments::AuthorId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_goal_comments_goal",
            GoalComments::Table,
            [GoalComments::GoalId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                GoalComments::Table.into_iden(),
                GoalSteps::Table.into_iden(),
                Goals::Table.into_iden(),
                PairAgreements::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum PairAgreements {
    Table,
    PairId,
    MeetingPlan,
    Communication,
    MenteeHopes,
    MentorHopes,
    OffLimits,
    MeetingsPerQuarter,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Goals {
    Table,
    Id,
    PairId,
    Position,
    Title,
    Why,
    Target,
    Status,
    Shareable,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GoalSteps {
    Table,
    Id,
    GoalId,
    Text,
    Done,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GoalComments {
    Table,
    Id,
    GoalId,
    AuthorId,
    Body,
    CreatedAt,
}
