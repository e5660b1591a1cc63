use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Enrollments::Table)
                    // A mentee's ranking of this year's mentors: user ids, first choice first,
                    // separated by commas. The stable method follows it.
                    .add_column(string_len(Enrollments::PreferredMentors, 100).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Enrollments::Table)
                    .drop_column(Enrollments::PreferredMentors)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    PreferredMentors,
}
