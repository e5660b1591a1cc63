use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orientation_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub year_id: i32,
    pub starts_at: DateTimeUtc,
    pub duration_minutes: i32,
    pub place: String,
    pub video_url: String,
    pub capacity: i32,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
