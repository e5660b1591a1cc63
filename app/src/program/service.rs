//! The program area's writes: a year's dates, phase and being current, the organizing bodies and
//! the vocabulary. Each opens its transaction and writes its rows and its audit entry together,
//! so the audit log never disagrees with the data.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::db::SavedYear;
use super::year::{ProgramYear, ensure_open, year_in};
use crate::domain::choices::{AuditAction, Phase};
use crate::domain::quarters::ProgramYearCalendar;
use crate::entities::users;
use crate::error::AppError;

/// Logs an organizer's change to the year labelled `label`.
async fn year_changed(
    db: &impl ConnectionTrait,
    organizer: &users::Model,
    label: &str,
    what: &str,
) -> Result<(), AppError> {
    crate::audit::db::record(
        db,
        organizer,
        AuditAction::YearChanged,
        format!("Program year {label}"),
        what,
    )
    .await?;
    Ok(())
}

/// The year form's answer when another year already has this calendar's label.
fn label_taken(calendar: &ProgramYearCalendar) -> AppError {
    AppError::field(
        "fall_starts_on",
        format!("The {} year already exists.", calendar.label()),
    )
}

/// Creates a year in the enrolling phase (the first one ever becomes current); its id.
pub async fn create_year(
    db: &DatabaseConnection,
    organizer: &users::Model,
    calendar: &ProgramYearCalendar,
    enrollment_deadline: NaiveDate,
) -> Result<i32, AppError> {
    let txn = crate::database::begin_write(db).await?;
    let SavedYear::Saved(id) = super::db::create_year(&txn, calendar, enrollment_deadline).await?
    else {
        return Err(label_taken(calendar));
    };
    year_changed(&txn, organizer, &calendar.label(), "Created").await?;
    txn.commit().await?;
    tracing::info!(
        organizer_id = organizer.id,
        year_id = id,
        "program year created"
    );
    Ok(id)
}

/// Changes an open year's dates.
pub async fn update_year(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year_id: i32,
    calendar: &ProgramYearCalendar,
    enrollment_deadline: NaiveDate,
) -> Result<(), AppError> {
    ensure_open(&year_in(db, year_id).await?)?;
    let txn = crate::database::begin_write(db).await?;
    let SavedYear::Saved(_) =
        super::db::update_year(&txn, year_id, calendar, enrollment_deadline).await?
    else {
        return Err(label_taken(calendar));
    };
    year_changed(&txn, organizer, &calendar.label(), "Dates changed").await?;
    txn.commit().await?;
    Ok(())
}

/// What moving a year to a phase did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseChange {
    /// The year was already in that phase (another organizer was quicker).
    AlreadyThere,
    /// Moved; `surveyed` participants were sent the final survey (only on closing).
    Moved { surveyed: usize },
}

/// Moves a year to `wanted`, which must be the phase after its current one (so two organizers
/// clicking at once cannot skip a phase); closing sends the final survey.
pub async fn advance_phase(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year_id: i32,
    wanted: Phase,
    site_url: &str,
) -> Result<PhaseChange, AppError> {
    let year = year_in(db, year_id).await?;
    if year.phase == wanted {
        return Ok(PhaseChange::AlreadyThere);
    }
    ensure_open(&year)?;
    if year.phase.next() != Some(wanted) {
        return Err(AppError::Refused(format!(
            "The {} year is in the {} phase; it can only move to the next phase.",
            year.label,
            year.phase.label().to_lowercase()
        )));
    }
    let txn = crate::database::begin_write(db).await?;
    super::db::set_phase(&txn, year_id, wanted).await?;
    let mut what = format!("Moved to the {} phase", wanted.label().to_lowercase());
    let mut surveyed = 0;
    if wanted == Phase::Closed {
        surveyed = super::closing::ssr::send_final_survey(&txn, &year, site_url).await?;
        what.push_str(&format!("; final survey sent to {surveyed} participants"));
    }
    year_changed(&txn, organizer, &year.label, &what).await?;
    txn.commit().await?;
    tracing::info!(
        organizer_id = organizer.id,
        year_id,
        phase = wanted.code(),
        "phase changed"
    );
    Ok(PhaseChange::Moved { surveyed })
}

/// Makes a year the current one (the one participants apply to and see).
pub async fn make_current(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year_id: i32,
) -> Result<ProgramYear, AppError> {
    let year = year_in(db, year_id).await?;
    let txn = crate::database::begin_write(db).await?;
    super::db::make_current(&txn, year.id).await?;
    year_changed(&txn, organizer, &year.label, "Made the current year").await?;
    txn.commit().await?;
    Ok(year)
}

/// An organizing body's names, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyNames {
    pub name: String,
    pub short_name: String,
}

/// Adds a body (`body_id` None) or renames one.
pub async fn save_body(
    db: &DatabaseConnection,
    organizer: &users::Model,
    body_id: Option<i32>,
    names: &BodyNames,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    if !super::db::save_body(&txn, body_id, &names.name, &names.short_name).await? {
        return Err(AppError::field(
            "name",
            "Another organizing body already has this name.",
        ));
    }
    let what = if body_id.is_some() {
        "Renamed"
    } else {
        "Added"
    };
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::BodyChanged,
        names.name.clone(),
        what,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes a body; participants who came through it are left without one.
pub async fn remove_body(
    db: &DatabaseConnection,
    organizer: &users::Model,
    body_id: i32,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    let name = super::db::list_bodies(&txn)
        .await?
        .into_iter()
        .find(|body| body.id == body_id)
        .map(|body| body.name)
        .ok_or(AppError::NotFound)?;
    if !super::db::remove_body(&txn, body_id).await? {
        return Err(AppError::NotFound);
    }
    crate::audit::db::record(&txn, organizer, AuditAction::BodyChanged, name, "Removed").await?;
    txn.commit().await?;
    Ok(())
}

/// Takes these (checked) labels into the vocabulary, adding the new ones.
pub async fn add_terms(
    db: &DatabaseConnection,
    organizer: &users::Model,
    labels: Vec<String>,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    for label in labels {
        super::db::curate_tag(&txn, &label).await?;
        crate::audit::db::record(
            &txn,
            organizer,
            AuditAction::VocabularyChanged,
            label,
            "Term added",
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Takes a term into the vocabulary (`curated`) or retires it (profiles keep it as a free tag).
pub async fn set_term_curated(
    db: &DatabaseConnection,
    organizer: &users::Model,
    tag_id: i32,
    curated: bool,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    if !super::db::set_tag_curated(&txn, tag_id, curated).await? {
        return Err(AppError::NotFound);
    }
    let what = if curated {
        "Term taken into the vocabulary"
    } else {
        "Term retired"
    };
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::VocabularyChanged,
        format!("Term {tag_id}"),
        what,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
