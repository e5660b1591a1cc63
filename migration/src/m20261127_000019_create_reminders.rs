use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{create_index, drop_tables, references};

/// Reminder rules organizers switch on and edit, and the log that makes each reminder go to a
/// person once per occasion (a unique row per rule, person and occasion).
#[derive(DeriveMigrationName)]
pub struct Migration;

/// (kind, days, subject, body): every rule starts switched off. `{name}`, `{when}` and `{link}`
/// are filled in for each person.
const RULES: [(&str, i32, &str, &str); 5] = [
    (
        "meeting_nudge",
        0,
        "Have you met this quarter?",
        "Dear {name},\n\nThe {when} quarter is half over and your pair has not held a meeting yet. Pairs are asked to meet at least once a quarter: propose a time on your pair page.\n\n{link}",
    ),
    (
        "checkin_prompt",
        14,
        "How is your mentorship going?",
        "Dear {name},\n\nThe {when} quarter ends soon. Please take two minutes to check in: how is it going, and did you meet?\n\n{link}",
    ),
    (
        "orientation",
        2,
        "Orientation is coming up",
        "Dear {name},\n\nA reminder that the orientation you signed up for is on {when}. Details are on your home page.\n\n{link}",
    ),
    (
        "enrollment_deadline",
        7,
        "Applications close on {when}",
        "Dear {name},\n\nApplications to this year's Mentorship Program close on {when}. If you would like to take part as a mentee or a mentor, apply before then.\n\n{link}",
    ),
    (
        "unanswered_proposal",
        7,
        "Your mentee is waiting for an answer",
        "Dear {name},\n\nYour mentee proposed a meeting on {when} a week ago and is waiting for your answer. Accept it or suggest another time on your pair page.\n\n{link}",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReminderRules::Table)
                    .if_not_exists()
                    // A `ReminderKind` code.
                    .col(string_len(ReminderRules::Kind, 40).primary_key())
                    .col(boolean(ReminderRules::Enabled).default(false))
                    // Days before (or, for proposals, after) the occasion.
                    .col(integer(ReminderRules::Days))
                    .col(string_len(ReminderRules::Subject, 200))
                    .col(text(ReminderRules::Body))
                    .col(integer_null(ReminderRules::UpdatedBy))
                    .col(timestamp_with_time_zone_null(ReminderRules::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        for (kind, days, subject, body) in RULES {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(ReminderRules::Table)
                        .columns([
                            ReminderRules::Kind,
                            ReminderRules::Enabled,
                            ReminderRules::Days,
                            ReminderRules::Subject,
                            ReminderRules::Body,
                        ])
                        .values_panic([
                            kind.into(),
                            false.into(),
                            days.into(),
                            subject.into(),
                            body.into(),
                        ])
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ReminderLog::Table)
                    .if_not_exists()
                    .col(pk_auto(ReminderLog::Id))
                    .col(string_len(ReminderLog::Kind, 40))
                    .col(integer(ReminderLog::UserId))
                    // The occasion: "year 3 fall", "session 12", "meeting 40"…
                    .col(string_len(ReminderLog::Occasion, 80))
                    .col(integer_null(ReminderLog::PairId))
                    .col(timestamp_with_time_zone(ReminderLog::SentAt))
                    .foreign_key(&mut references(
                        "fk_reminder_log_user",
                        (ReminderLog::Table, ReminderLog::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_reminder_log_once",
            ReminderLog::Table,
            [
                ReminderLog::Kind,
                ReminderLog::UserId,
                ReminderLog::Occasion,
            ],
            true,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ReminderLog::Table.into_iden(),
                ReminderRules::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum ReminderRules {
    Table,
    Kind,
    Enabled,
    Days,
    Subject,
    Body,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReminderLog {
    Table,
    Id,
    Kind,
    UserId,
    Occasion,
    PairId,
    SentAt,
}
