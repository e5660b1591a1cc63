use sea_orm_migration::{prelude::*, schema::*};

use crate::support::{create_index, drop_tables, references};

use crate::m20261127_000001_create_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The organizer-curated vocabulary of expertise, sectors and career interests, seeded from the
/// fields the program's participants work in. Organizers add and retire terms; people may add free tags.
const SEEDED_TAGS: [&str; 16] = [
    "Academic libraries",
    "Public libraries",
    "Archives",
    "Special collections",
    "Digital humanities",
    "Data curation",
    "UX",
    "Informatics",
    "Records management",
    "Media archiving",
    "School libraries",
    "Law libraries",
    "Medical libraries",
    "Cataloging & metadata",
    "Instruction & outreach",
    "Scholarly communication",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tags::Table)
                    .if_not_exists()
                    .col(pk_auto(Tags::Id))
                    // The lower-cased label: "UX" and "ux" are one tag.
                    .col(string_len_uniq(Tags::Key, 60))
                    .col(string_len(Tags::Label, 60))
                    // Part of the vocabulary offered to everyone (as opposed to someone's free tag).
                    .col(boolean(Tags::Curated).default(false))
                    .to_owned(),
            )
            .await?;
        for label in SEEDED_TAGS {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(Tags::Table)
                        .columns([Tags::Key, Tags::Label, Tags::Curated])
                        .values_panic([label.to_lowercase().into(), label.into(), true.into()])
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Profiles::Table)
                    .if_not_exists()
                    .col(integer(Profiles::UserId).primary_key())
                    .col(string_len_null(Profiles::Side, 10))
                    .col(string_len(Profiles::Pronouns, 40).default(""))
                    .col(text(Profiles::Bio).default(""))
                    .col(string_len(Profiles::Location, 100).default(""))
                    .col(boolean(Profiles::RemoteOk).default(true))
                    // Codes separated by commas ("in_person,video"); parsed by the domain's MeetingMode.
                    .col(string_len(Profiles::MeetingModes, 60).default(""))
                    .col(string_len(Profiles::TimeZone, 64).default("America/Los_Angeles"))
                    .col(text(Profiles::ContactPreferences).default(""))
                    // Mentor side.
                    .col(string_len(Profiles::Employer, 120).default(""))
                    .col(string_len(Profiles::JobTitle, 120).default(""))
                    .col(string_len_null(Profiles::MentorSource, 16))
                    .col(integer_null(Profiles::YearsExperience))
                    .col(string_len(Profiles::Offers, 200).default(""))
                    .col(integer_null(Profiles::AlumniGraduationYear))
                    // Mentee side.
                    .col(string_len_null(Profiles::DegreeProgram, 20))
                    .col(integer_null(Profiles::ExpectedGraduationYear))
                    .col(text(Profiles::DreamJobs).default(""))
                    .col(text(Profiles::UnwantedJobs).default(""))
                    .col(string_len(Profiles::Wants, 200).default(""))
                    .col(text(Profiles::WantsFromMentor).default(""))
                    .col(timestamp_with_time_zone(Profiles::UpdatedAt))
                    .foreign_key(&mut references("fk_profiles_user", (Profiles::Table, Profiles::UserId), (Users::Table, Users::Id), ForeignKeyAction::Cascade))
                    .check(Expr::cust(
                        "mentor_source IS NULL OR mentor_source IN ('library_staff', 'alumni', 'other')",
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProfileTags::Table)
                    .if_not_exists()
                    .col(integer(ProfileTags::UserId))
                    .col(integer(ProfileTags::TagId))
                    // expertise, sector (a mentor's), interest or dream_sector (a mentee's).
                    .col(string_len(ProfileTags::Kind, 12))
                    .primary_key(
                        Index::create()
                            .col(ProfileTags::UserId)
                            .col(ProfileTags::TagId)
                            .col(ProfileTags::Kind),
                    )
                    .foreign_key(&mut references(
                        "fk_profile_tags_user",
                        (ProfileTags::Table, ProfileTags::UserId),
                        (Profiles::Table, Profiles::UserId),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_profile_tags_tag",
                        (ProfileTags::Table, ProfileTags::TagId),
                        (Tags::Table, Tags::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(Expr::cust(
                        "kind IN ('expertise', 'sector', 'interest', 'dream_sector')",
                    ))
                    .to_owned(),
            )
            .await?;
        create_index(
            manager,
            "idx_profile_tags_tag",
            ProfileTags::Table,
            [ProfileTags::TagId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            [
                ProfileTags::Table.into_iden(),
                Profiles::Table.into_iden(),
                Tags::Table.into_iden(),
            ],
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    Key,
    Label,
    Curated,
}

#[derive(DeriveIden)]
enum Profiles {
    Table,
    UserId,
    Side,
    Pronouns,
    Bio,
    Location,
    RemoteOk,
    MeetingModes,
    TimeZone,
    ContactPreferences,
    Employer,
    JobTitle,
    MentorSource,
    YearsExperience,
    Offers,
    AlumniGraduationYear,
    DegreeProgram,
    ExpectedGraduationYear,
    DreamJobs,
    UnwantedJobs,
    Wants,
    WantsFromMentor,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProfileTags {
    Table,
    UserId,
    TagId,
    Kind,
}
