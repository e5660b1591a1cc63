//! Queries behind program years, organizing bodies and the vocabulary (server only). Callers check
//! permissions first.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, SqlErr,
};

use crate::domain::choices::Phase;
use crate::domain::quarters::{ProgramYearCalendar, Quarter, QuarterName};
use crate::entities::{enrollments, organizing_bodies, program_years, quarters, tags};

/// A year with its quarters, as stored.
pub struct YearRow {
    pub year: program_years::Model,
    pub quarters: Vec<quarters::Model>,
}

impl YearRow {
    /// The checked calendar; stored quarters were checked when saved.
    pub fn calendar(&self) -> Option<ProgramYearCalendar> {
        let quarter = |name: QuarterName| {
            self.quarters
                .iter()
                .find(|q| q.name == name)
                .map(|q| Quarter {
                    name,
                    starts_on: q.starts_on,
                    ends_on: q.ends_on,
                })
        };
        let quarters = [
            quarter(QuarterName::Fall)?,
            quarter(QuarterName::Winter)?,
            quarter(QuarterName::Spring)?,
        ];
        ProgramYearCalendar::parse(quarters).ok()
    }
}

async fn with_quarters(
    db: &impl ConnectionTrait,
    years: Vec<program_years::Model>,
) -> Result<Vec<YearRow>, DbErr> {
    let ids: Vec<i32> = years.iter().map(|year| year.id).collect();
    let all_quarters = quarters::Entity::find()
        .filter(quarters::Column::YearId.is_in(ids))
        .order_by_asc(quarters::Column::StartsOn)
        .all(db)
        .await?;
    Ok(years
        .into_iter()
        .map(|year| YearRow {
            quarters: all_quarters
                .iter()
                .filter(|quarter| quarter.year_id == year.id)
                .cloned()
                .collect(),
            year,
        })
        .collect())
}

pub async fn list_years(db: &impl ConnectionTrait) -> Result<Vec<YearRow>, DbErr> {
    let years = program_years::Entity::find()
        .order_by_desc(program_years::Column::Label)
        .all(db)
        .await?;
    with_quarters(db, years).await
}

pub async fn find_year(db: &impl ConnectionTrait, id: i32) -> Result<Option<YearRow>, DbErr> {
    let years = program_years::Entity::find_by_id(id).all(db).await?;
    Ok(with_quarters(db, years).await?.pop())
}

pub async fn current_year(db: &impl ConnectionTrait) -> Result<Option<YearRow>, DbErr> {
    let years = program_years::Entity::find()
        .filter(program_years::Column::IsCurrent.eq(true))
        .all(db)
        .await?;
    Ok(with_quarters(db, years).await?.pop())
}

pub enum SavedYear {
    Saved(i32),
    LabelTaken,
}

async fn write_quarters(
    db: &impl ConnectionTrait,
    year_id: i32,
    calendar: &ProgramYearCalendar,
) -> Result<(), DbErr> {
    quarters::Entity::delete_many()
        .filter(quarters::Column::YearId.eq(year_id))
        .exec(db)
        .await?;
    quarters::Entity::insert_many(calendar.quarters().iter().map(|quarter| {
        quarters::ActiveModel {
            year_id: Set(year_id),
            name: Set(quarter.name),
            starts_on: Set(quarter.starts_on),
            ends_on: Set(quarter.ends_on),
            ..Default::default()
        }
    }))
    .exec(db)
    .await?;
    Ok(())
}

/// Creates a year in the enrolling phase; the first year ever created becomes the current one.
/// (In the caller's transaction: the year and its quarters go together.)
pub async fn create_year(
    txn: &impl ConnectionTrait,
    calendar: &ProgramYearCalendar,
    enrollment_deadline: NaiveDate,
) -> Result<SavedYear, DbErr> {
    let no_current = current_year(txn).await?.is_none();
    let inserted = program_years::ActiveModel {
        label: Set(calendar.label()),
        phase: Set(Phase::Enrolling),
        enrollment_deadline: Set(enrollment_deadline),
        is_current: Set(no_current),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await;
    let year = match inserted {
        Ok(year) => year,
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(SavedYear::LabelTaken);
        }
        Err(err) => return Err(err),
    };
    write_quarters(txn, year.id, calendar).await?;
    Ok(SavedYear::Saved(year.id))
}

/// Changes a year's dates (the caller refuses closed years). The label follows the fall quarter.
/// (In the caller's transaction, with the quarters.)
pub async fn update_year(
    txn: &impl ConnectionTrait,
    year_id: i32,
    calendar: &ProgramYearCalendar,
    enrollment_deadline: NaiveDate,
) -> Result<SavedYear, DbErr> {
    let updated = program_years::ActiveModel {
        id: Set(year_id),
        label: Set(calendar.label()),
        enrollment_deadline: Set(enrollment_deadline),
        ..Default::default()
    }
    .update(txn)
    .await;
    match updated {
        Ok(_) => {}
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Ok(SavedYear::LabelTaken);
        }
        Err(err) => return Err(err),
    }
    write_quarters(txn, year_id, calendar).await?;
    Ok(SavedYear::Saved(year_id))
}

pub async fn set_phase(db: &impl ConnectionTrait, year_id: i32, phase: Phase) -> Result<(), DbErr> {
    program_years::ActiveModel {
        id: Set(year_id),
        phase: Set(phase),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Makes this year the current one; the partial unique index guarantees there is only ever one.
/// (In the caller's transaction: the old one stops being current at the same moment.)
pub async fn make_current(txn: &impl ConnectionTrait, year_id: i32) -> Result<(), DbErr> {
    program_years::Entity::update_many()
        .col_expr(program_years::Column::IsCurrent, false.into())
        .filter(program_years::Column::IsCurrent.eq(true))
        .exec(txn)
        .await?;
    program_years::ActiveModel {
        id: Set(year_id),
        is_current: Set(true),
        ..Default::default()
    }
    .update(txn)
    .await?;
    Ok(())
}

pub async fn list_bodies(
    db: &impl ConnectionTrait,
) -> Result<Vec<organizing_bodies::Model>, DbErr> {
    organizing_bodies::Entity::find()
        .order_by_asc(organizing_bodies::Column::Position)
        .order_by_asc(organizing_bodies::Column::Id)
        .all(db)
        .await
}

/// Adds a body (`id` None) or renames one; `false` when the name is already used.
pub async fn save_body(
    db: &impl ConnectionTrait,
    id: Option<i32>,
    name: &str,
    short_name: &str,
) -> Result<bool, DbErr> {
    let result = match id {
        Some(id) => organizing_bodies::ActiveModel {
            id: Set(id),
            name: Set(name.to_owned()),
            short_name: Set(short_name.to_owned()),
            ..Default::default()
        }
        .update(db)
        .await
        .map(|_| ()),
        None => {
            let position = list_bodies(db).await?.len() as i32;
            organizing_bodies::ActiveModel {
                name: Set(name.to_owned()),
                short_name: Set(short_name.to_owned()),
                position: Set(position),
                ..Default::default()
            }
            .insert(db)
            .await
            .map(|_| ())
        }
    };
    match result {
        Ok(()) => Ok(true),
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            Ok(false)
        }
        Err(err) => Err(err),
    }
}

/// Removes a body; participants who came through it are left without one. (In the caller's
/// transaction, with the enrollments it leaves.)
pub async fn remove_body(txn: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    enrollments::Entity::update_many()
        .col_expr(
            enrollments::Column::BodyId,
            sea_orm::sea_query::Expr::value(Option::<i32>::None),
        )
        .filter(enrollments::Column::BodyId.eq(id))
        .exec(txn)
        .await?;
    let deleted = organizing_bodies::Entity::delete_by_id(id)
        .exec(txn)
        .await?;
    Ok(deleted.rows_affected > 0)
}

/// Every tag, curated first, then by label.
pub async fn list_tags(db: &impl ConnectionTrait) -> Result<Vec<tags::Model>, DbErr> {
    tags::Entity::find()
        .order_by_desc(tags::Column::Curated)
        .order_by_asc(tags::Column::Key)
        .all(db)
        .await
}

pub async fn curated_tags(db: &impl ConnectionTrait) -> Result<Vec<tags::Model>, DbErr> {
    tags::Entity::find()
        .filter(tags::Column::Curated.eq(true))
        .order_by_asc(tags::Column::Key)
        .all(db)
        .await
}

/// Finds the tag with this label ignoring case, creating it (uncurated) if new.
pub async fn tag_for_label(db: &impl ConnectionTrait, label: &str) -> Result<tags::Model, DbErr> {
    let key = label.to_lowercase();
    if let Some(tag) = tags::Entity::find()
        .filter(tags::Column::Key.eq(&key))
        .one(db)
        .await?
    {
        return Ok(tag);
    }
    tags::ActiveModel {
        key: Set(key),
        label: Set(label.to_owned()),
        curated: Set(false),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Adds a term to the vocabulary, or brings an existing free tag into it.
pub async fn curate_tag(db: &impl ConnectionTrait, label: &str) -> Result<(), DbErr> {
    let tag = tag_for_label(db, label).await?;
    set_tag_curated(db, tag.id, true).await.map(|_| ())
}

pub async fn set_tag_curated(
    db: &impl ConnectionTrait,
    tag_id: i32,
    curated: bool,
) -> Result<bool, DbErr> {
    let updated = tags::Entity::update_many()
        .col_expr(tags::Column::Curated, curated.into())
        .filter(tags::Column::Id.eq(tag_id))
        .exec(db)
        .await?;
    Ok(updated.rows_affected > 0)
}
