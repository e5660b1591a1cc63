//! A program year as every area sees it, and the loaders and checks other areas call: the
//! current year, a year by id, and the refusal to change a closed one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::choices::Phase;
use crate::domain::quarters::ProgramYearCalendar;
#[cfg(feature = "ssr")]
use crate::error::AppError;

/// A program year as pages see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramYear {
    pub id: i32,
    pub label: String,
    pub phase: Phase,
    pub enrollment_deadline: NaiveDate,
    pub is_current: bool,
    pub calendar: ProgramYearCalendar,
}

impl ProgramYear {
    pub fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// Whether people may still apply on `today` (the program's own day).
    pub fn accepts_applications(&self, today: NaiveDate) -> bool {
        self.phase == Phase::Enrolling && today <= self.enrollment_deadline
    }
}

#[cfg(feature = "ssr")]
impl TryFrom<super::db::YearRow> for ProgramYear {
    type Error = AppError;

    fn try_from(row: super::db::YearRow) -> Result<Self, AppError> {
        let calendar = row.calendar().ok_or_else(|| {
            crate::context::internal_error(format!("year {} has no valid quarters", row.year.id))
        })?;
        let phase = Some(row.year.phase).ok_or_else(|| {
            crate::context::internal_error(format!(
                "year {} has phase {}",
                row.year.id, row.year.phase
            ))
        })?;
        Ok(Self {
            id: row.year.id,
            label: row.year.label,
            phase,
            enrollment_deadline: row.year.enrollment_deadline,
            is_current: row.year.is_current,
            calendar,
        })
    }
}

/// The current year, loaded for anyone (the home page and the application form use it).
#[cfg(feature = "ssr")]
pub async fn load_current_year() -> Result<Option<ProgramYear>, AppError> {
    let row = super::db::current_year(&crate::context::db()?).await?;
    row.map(ProgramYear::try_from).transpose()
}

/// A year by id, for organizers' pages and checks.
#[cfg(feature = "ssr")]
pub async fn load_year(year_id: i32) -> Result<ProgramYear, AppError> {
    year_in(&crate::context::db()?, year_id).await
}

/// A year by id, read on `db` (a service's connection or transaction).
#[cfg(feature = "ssr")]
pub async fn year_in(
    db: &impl sea_orm::ConnectionTrait,
    year_id: i32,
) -> Result<ProgramYear, AppError> {
    super::db::find_year(db, year_id)
        .await?
        .ok_or(AppError::NotFound)
        .and_then(ProgramYear::try_from)
}

/// Refuses any change to a closed year.
#[cfg(feature = "ssr")]
pub fn ensure_open(year: &ProgramYear) -> Result<(), AppError> {
    if year.is_closed() {
        return Err(AppError::Refused(format!(
            "The {} year is closed: it can be read but no longer changed.",
            year.label
        )));
    }
    Ok(())
}
