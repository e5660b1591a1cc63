use sea_orm::entity::prelude::*;

/// One member's quarterly check-in; read by organizers, never by the partner.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "checkins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub pair_id: i32,
    pub user_id: i32,
    /// "fall", "winter" or "spring".
    pub quarter: crate::domain::quarters::QuarterName,
    /// How it is going, 1 to 5.
    pub rating: i32,
    pub met: bool,
    pub message: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
