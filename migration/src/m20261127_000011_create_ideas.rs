use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::m20261127_000007_create_matching::Pairs;
use crate::m20261127_000009_create_pair_workspace::Goals;
use crate::m20261127_000010_create_meetings::Meetings;
use crate::support::{create_index, drop_tables, references};

/// The meeting ideas library (seeded with every meeting idea and piece of first-position advice
/// the program's participants wrote), pairs' own ideas, and meetings' agendas.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// (category code, title, how-to), from the program's "Meeting Ideas" and "Advice for first
/// position".
const SEEDED_IDEAS: [(&str, &str, &str); 12] = [
    (
        "getting_to_know",
        "Mentor's career path and professional interests",
        "The mentor tells the story of how they got where they are: the jobs, the turns, what they would do again. The mentee asks what surprised them.",
    ),
    (
        "getting_to_know",
        "Mentee's path to the iSchool, dream jobs and jobs they do not want",
        "The mentee describes how they came to the iSchool, the jobs they dream of and the ones they would rather avoid; together, note what draws them to each.",
    ),
    (
        "getting_to_know",
        "Current job duties of the mentor",
        "Walk through a typical week of the mentor's job: the tasks, the people, the tools, what takes more time than outsiders expect.",
    ),
    (
        "shadowing",
        "Shadow interesting meetings",
        "The mentee joins, virtually or in person, a meeting worth seeing: an interview presentation, a team meeting. Talk about it afterwards.",
    ),
    (
        "shadowing",
        "Shadow instructional sessions or workshops",
        "The mentee sits in, virtually or in person, on an instruction session or workshop the mentor teaches or attends, and you debrief together.",
    ),
    (
        "job_hunting",
        "Review of a CV or resume and a cover letter",
        "The mentee sends a CV or resume and a cover letter (for a real posting if possible) ahead of time; the mentor marks what works and what to change.",
    ),
    (
        "job_hunting",
        "The interview process in the mentor's field",
        "The mentor explains how hiring works where they are: the stages, who sits on the committee, the presentation, how long it takes, what is looked for.",
    ),
    (
        "job_hunting",
        "A mock interview",
        "The mentor interviews the mentee as a committee would, for a real or typical posting, then gives honest feedback question by question.",
    ),
    (
        "learning_on_the_job",
        "Things you had to learn on the job",
        "The mentor shares what they had to learn at work that the MLIS program did not cover, and how they learned it.",
    ),
    (
        "connections",
        "Referrals to other professionals",
        "The mentor thinks of colleagues who know the mentee's areas of interest and offers to introduce them, for an informational interview say.",
    ),
    (
        "connections",
        "Fellowships, internships and other funding",
        "Look together for fellowships, internships and funding that suit the mentee, with their deadlines, and plan the applications.",
    ),
    (
        "connections",
        "Professional engagement, conferences and research",
        "Talk about associations, conferences and research worth the mentee's time: which to join, where to present, how to start.",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Ideas::Table)
                    .if_not_exists()
                    .col(pk_auto(Ideas::Id))
                    .col(string_len(Ideas::Category, 30))
                    .col(string_len(Ideas::Title, 200))
                    .col(text(Ideas::HowTo).default(""))
                    // None: in the library for everyone; else the pair's own idea.
                    .col(integer_null(Ideas::PairId))
                    // A pair's idea offered to the library: none, pending, accepted or declined.
                    .col(string_len(Ideas::Suggestion, 10).default("none"))
                    .col(boolean(Ideas::Retired).default(false))
                    .col(integer_null(Ideas::CreatedBy))
                    .col(timestamp_with_time_zone(Ideas::CreatedAt))
                    .check(Expr::cust(
                        "suggestion IN ('none', 'pending', 'accepted', 'declined')",
                    ))
                    .foreign_key(&mut references(
                        "fk_ideas_pair",
                        (Ideas::Table, Ideas::PairId),
                        (Pairs::Table, Pairs::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_ideas_created_by",
                        (Ideas::Table, Ideas::CreatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_ideas_pair",
            Ideas::Table,
            [Ideas::PairId],
            false,
        )
        .await?;
        for (category, title, how_to) in SEEDED_IDEAS {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(Ideas::Table)
                        .columns([
                            Ideas::Category,
                            Ideas::Title,
                            Ideas::HowTo,
                            Ideas::CreatedAt,
                        ])
                        .values_panic([
                            category.into(),
                            title.into(),
                            how_to.into(),
                            Expr::current_timestamp(),
                        ])
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(AgendaItems::Table)
                    .if_not_exists()
                    .col(pk_auto(AgendaItems::Id))
                    .col(integer(AgendaItems::MeetingId))
                    .col(integer_null(AgendaItems::IdeaId))
                    .col(integer_null(AgendaItems::GoalId))
                    .col(boolean(AgendaItems::Done).default(false))
                    .check(Expr::cust("(idea_id IS NULL) <> (goal_id IS NULL)"))
                    .foreign_key(&mut references(
                        "fk_agenda_items_meeting",
                        (AgendaItems::Table, AgendaItems::MeetingId),
                        (Meetings::Table, Meetings::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_agenda_items_idea",
                        (AgendaItems::Table, AgendaItems::IdeaId),
                        (Ideas::Table, Ideas::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_agenda_items_goal",
                        (AgendaItems::Table, AgendaItems::GoalId),
                        (Goals::Table, Goals::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_agenda_items_meeting",
            AgendaItems::Table,
            [AgendaItems::MeetingId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [AgendaItems::Table.into_iden(), Ideas::Table.into_iden()],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Ideas {
    Table,
    Id,
    Category,
    Title,
    HowTo,
    PairId,
    Suggestion,
    Retired,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AgendaItems {
    Table,
    Id,
    MeetingId,
    IdeaId,
    GoalId,
    Done,
}
