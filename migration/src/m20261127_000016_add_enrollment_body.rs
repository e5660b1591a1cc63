use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Enrollments::Table)
                    // The organizing body a participant comes through this year (the iSchool for
                    // students, the Library for its staff, the alumni association for alumni),
                    // which the dashboard filters by. No foreign key: SQLite cannot add one to an
                    // existing table, so removing a body clears it in the same transaction.
                    .add_column(ColumnDef::new(Enrollments::BodyId).integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Enrollments::Table)
                    .drop_column(Enrollments::BodyId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    BodyId,
}
