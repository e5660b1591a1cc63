use sea_orm::entity::prelude::*;

/// One reminder sent to one person for one occasion (unique: never twice).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub kind: crate::domain::choices::SentOnce,
    pub user_id: i32,
    pub occasion: String,
    pub pair_id: Option<i32>,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
