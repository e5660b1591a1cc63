use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quarters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub year_id: i32,
    /// "Fall", "Winter" or "Spring".
    pub name: crate::domain::quarters::QuarterName,
    pub starts_on: Date,
    pub ends_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
