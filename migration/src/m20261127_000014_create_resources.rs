use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261127_000001_create_users::Users;
use crate::support::{create_index, drop_tables, references};

/// The program's resource pages (written in Markdown, seeded with everything participants wrote
/// in the program's description), every saved revision, organizers' unsaved drafts, and
/// participants' suggested changes.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// (slug, title, audience, moment, body): the program's published text, as pages.
const SEEDED_PAGES: [(&str, &str, &str, &str, &str); 6] = [
    (
        "about",
        "About the program",
        "everyone",
        "anytime",
        "The iSchool Mentorship Program matches current iSchool students with professional mentors. \
Our mentor pool is composed of UCLA Library staff and iSchool alumni employed at a variety of \
institutions in Los Angeles and around the country. The program is jointly organized by the \
iSchool, the Library, and the Library and Information Studies Alumni Association (LISAA).

## Timeline and program requirements

- Mentorship matches are made for an academic year (fall through spring).
- We suggest meeting **at least once per quarter**, but there is no specific time commitment: \
each pair decides on the frequency of communication and the activities that are best for them.
- An orientation is offered for new participants each fall.
",
    ),
    (
        "tips",
        "Mentorship tips",
        "everyone",
        "pair_start",
        "Collaboratively written with previous mentorship program participants.

- Be communicative and respectful of the commitments each individual has made by participating \
in the program.
- Take time to get to know your match’s professional experience and interests.
- Let the organizers know if there is an issue with your match or if you have any questions, \
issues, or concerns.
",
    ),
    (
        "tips-for-mentors",
        "Tips for mentors",
        "mentors",
        "pair_start",
        "- For mentors, think creatively about how your network and experience could help your \
mentee. Can you make connections for your mentee by setting up informational interviews? Could \
you invite your mentee to recruitment interviews, meetings or classes?
",
    ),
    (
        "tips-for-mentees",
        "Tips for mentees",
        "mentees",
        "pair_start",
        "- For mentees, be proactive in setting goals for your mentoring relationship. What would \
best serve your professional and career interests? Your goals are on your pair page.
",
    ),
    (
        "meeting-ideas",
        "Meeting ideas",
        "everyone",
        "anytime",
        "Things to talk about and do together, from previous participants. Each has a short how-to \
in the [meeting ideas library](/ideas), where you can add it to a meeting's agenda.

- Mentor’s career path and professional interests
- Mentee’s path to the iSchool, dream job(s), undesirable jobs, etc.
- Current job duties of the mentor
- Shadow (virtually or in person) interesting meetings: interview presentations, team meetings, etc.
- Shadow (virtually or in person) instructional sessions and workshops
",
    ),
    (
        "first-position",
        "Advice for a first position",
        "mentees",
        "last_quarter",
        "What previous participants found worth a meeting as the mentee looks for a first position.

## Job hunting advice

- Reviews of CVs or resumes and cover letters
- The interview process in the mentor’s field
- A mock interview

## Things you had to learn on the job

Things the MLIS program did not cover, including:

- Referrals to other professionals who might be knowledgeable about the mentee’s interest areas
- Fellowships, internships, and other funding opportunities
- Professional engagement, conferences, research
",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Resources::Table)
                    .if_not_exists()
                    .col(pk_auto(Resources::Id))
                    .col(string_len(Resources::Slug, 80).unique_key())
                    .col(string_len(Resources::Title, 200))
                    // Who it is written for, and when the pair page shows it.
                    .col(string_len(Resources::Audience, 10).default("everyone"))
                    .col(string_len(Resources::Moment, 12).default("anytime"))
                    .col(integer(Resources::Position).default(0))
                    .col(text(Resources::Body).default(""))
                    .col(integer(Resources::Version).default(1))
                    .col(integer_null(Resources::UpdatedBy))
                    .col(timestamp_with_time_zone(Resources::UpdatedAt))
                    .check(Expr::cust("audience IN ('everyone', 'mentors', 'mentees')"))
                    .check(Expr::cust(
                        "moment IN ('anytime', 'pair_start', 'last_quarter')",
                    ))
                    .foreign_key(&mut references(
                        "fk_resources_updated_by",
                        (Resources::Table, Resources::UpdatedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ResourceRevisions::Table)
                    .if_not_exists()
                    .col(pk_auto(ResourceRevisions::Id))
                    .col(integer(ResourceRevisions::ResourceId))
                    .col(integer(ResourceRevisions::Version))
                    .col(string_len(ResourceRevisions::Title, 200))
                    .col(text(ResourceRevisions::Body))
                    // What changed and why, or whose suggestion it was.
                    .col(string_len(ResourceRevisions::Note, 300).default(""))
                    // None: the program's published text.
                    .col(integer_null(ResourceRevisions::EditedBy))
                    .col(timestamp_with_time_zone(ResourceRevisions::CreatedAt))
                    .foreign_key(&mut references(
                        "fk_resource_revisions_resource",
                        (ResourceRevisions::Table, ResourceRevisions::ResourceId),
                        (Resources::Table, Resources::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_resource_revisions_edited_by",
                        (ResourceRevisions::Table, ResourceRevisions::EditedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_resource_revisions_version",
            ResourceRevisions::Table,
            [ResourceRevisions::ResourceId, ResourceRevisions::Version],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ResourceDrafts::Table)
                    .if_not_exists()
                    .col(pk_auto(ResourceDrafts::Id))
                    .col(integer(ResourceDrafts::ResourceId))
                    .col(integer(ResourceDrafts::UserId))
                    .col(string_len(ResourceDrafts::Title, 200))
                    .col(text(ResourceDrafts::Body))
                    .col(string_len(ResourceDrafts::Note, 300).default(""))
                    .col(timestamp_with_time_zone(ResourceDrafts::UpdatedAt))
                    .foreign_key(&mut references(
                        "fk_resource_drafts_resource",
                        (ResourceDrafts::Table, ResourceDrafts::ResourceId),
                        (Resources::Table, Resources::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_resource_drafts_user",
                        (ResourceDrafts::Table, ResourceDrafts::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_resource_drafts_owner",
            ResourceDrafts::Table,
            [ResourceDrafts::ResourceId, ResourceDrafts::UserId],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ResourceSuggestions::Table)
                    .if_not_exists()
                    .col(pk_auto(ResourceSuggestions::Id))
                    .col(integer(ResourceSuggestions::ResourceId))
                    .col(integer(ResourceSuggestions::UserId))
                    // The page's version the suggestion was written against.
                    .col(integer(ResourceSuggestions::BaseVersion))
                    .col(text(ResourceSuggestions::Body))
                    .col(string_len(ResourceSuggestions::Note, 1000).default(""))
                    .col(string_len(ResourceSuggestions::Status, 10).default("pending"))
                    .col(string_len(ResourceSuggestions::Reply, 1000).default(""))
                    .col(integer_null(ResourceSuggestions::DecidedBy))
                    .col(timestamp_with_time_zone_null(
                        ResourceSuggestions::DecidedAt,
                    ))
                    .col(timestamp_with_time_zone(ResourceSuggestions::CreatedAt))
                    .check(Expr::cust("status IN ('pending', 'accepted', 'declined')"))
                    .foreign_key(&mut references(
                        "fk_resource_suggestions_resource",
                        (ResourceSuggestions::Table, ResourceSuggestions::ResourceId),
                        (Resources::Table, Resources::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_resource_suggestions_user",
                        (ResourceSuggestions::Table, ResourceSuggestions::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_resource_suggestions_decided_by",
                        (ResourceSuggestions::Table, ResourceSuggestions::DecidedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_resource_suggestions_resource",
            ResourceSuggestions::Table,
            [ResourceSuggestions::ResourceId, ResourceSuggestions::Status],
            false,
        )
        .await?;

        for (position, (slug, title, audience, moment, body)) in SEEDED_PAGES.iter().enumerate() {
            let position = <i32 as TryFrom<usize>>::try_from(position).unwrap_or(i32::MAX) + 1;
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(Resources::Table)
                        .columns([
                            Resources::Slug,
                            Resources::Title,
                            Resources::Audience,
                            Resources::Moment,
                            Resources::Position,
                            Resources::Body,
                            Resources::UpdatedAt,
                        ])
                        .values_panic([
                            (*slug).into(),
                            (*title).into(),
                            (*audience).into(),
                            (*moment).into(),
                            position.into(),
                            (*body).into(),
                            Expr::current_timestamp(),
                        ])
                        .to_owned(),
                )
                .await?;
            // Version 1 in the history: the text as the program published it.
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(ResourceRevisions::Table)
                        .columns([
                            ResourceRevisions::ResourceId,
                            ResourceRevisions::Version,
                            ResourceRevisions::Title,
                            ResourceRevisions::Body,
                            ResourceRevisions::Note,
                            ResourceRevisions::CreatedAt,
                        ])
                        .select_from(
                            Query::select()
                                .column(Resources::Id)
                                .expr(Expr::val(1))
                                .column(Resources::Title)
                                .column(Resources::Body)
                                .expr(Expr::val("As published by the program"))
                                .expr(Expr::current_timestamp())
                                .from(Resources::Table)
                                .and_where(Expr::col(Resources::Slug).eq(*slug))
                                .to_owned(),
                        )
                        .map_err(|e| DbErr::Migration(e.to_string()))?
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ResourceSuggestions::Table.into_iden(),
                ResourceDrafts::Table.into_iden(),
                ResourceRevisions::Table.into_iden(),
                Resources::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Resources {
    Table,
    Id,
    Slug,
    Title,
    Audience,
    Moment,
    Position,
    Body,
    Version,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResourceRevisions {
    Table,
    Id,
    ResourceId,
    Version,
    Title,
    Body,
    Note,
    EditedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ResourceDrafts {
    Table,
    Id,
    ResourceId,
    UserId,
    Title,
    Body,
    Note,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResourceSuggestions {
    Table,
    Id,
    ResourceId,
    UserId,
    BaseVersion,
    Body,
    Note,
    Status,
    Reply,
    DecidedBy,
    DecidedAt,
    CreatedAt,
}
