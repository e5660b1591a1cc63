use sea_orm::entity::prelude::*;

/// What a pair agreed at the start: how often they meet, how they talk, what each hopes for.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pair_agreements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub pair_id: i32,
    pub meeting_plan: String,
    pub communication: String,
    pub mentee_hopes: String,
    pub mentor_hopes: String,
    pub off_limits: String,
    pub meetings_per_quarter: i32,
    pub updated_by: Option<i32>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
