use sea_orm::entity::prelude::*;

/// A participant's answer to the survey sent when their year closed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "final_surveys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i32,
    /// 1 to 5.
    pub rating: i32,
    pub recommend: bool,
    pub comments: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
