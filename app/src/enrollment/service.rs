//! The enrollment area's writes: each opens its transaction and writes its rows, the email it
//! sends and its audit entry together, so that none happens without the others.

use sea_orm::DatabaseConnection;

use crate::domain::choices::{AuditAction, EmailKind, EnrollmentStatus};
use crate::domain::roster::RosterRow;
use crate::entities::users;
use crate::error::AppError;
use crate::program::year::ProgramYear;

/// An organizer's decision on an application, as parsed from their form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Approved, waitlisted or declined (never back to applied).
    pub status: EnrollmentStatus,
    /// Their note to the applicant, checked for length.
    pub message: String,
    /// The organizing body the participant comes through, if set.
    pub body_id: Option<i32>,
}

/// What a decision did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    /// Whether the applicant was emailed (only when the decision or its note changed).
    pub applicant_told: bool,
}

/// Records `decision` on an application in an open year: the enrollment, the applicant's email
/// (when the decision or its note changed: setting only the organizing body tells them nothing
/// new) and the audit entry, in one transaction.
pub async fn decide_application(
    db: &DatabaseConnection,
    organizer: &users::Model,
    enrollment_id: i32,
    decision: Decision,
) -> Result<Decided, AppError> {
    if let Some(body_id) = decision.body_id {
        let bodies = crate::program::db::list_bodies(db).await?;
        if !bodies.iter().any(|body| body.id == body_id) {
            return Err(AppError::field(
                "body_id",
                "Choose one of the organizing bodies.",
            ));
        }
    }
    let enrollment = super::db::find_enrollment_by_id(db, enrollment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = crate::program::year::year_in(db, enrollment.year_id).await?;
    crate::program::year::ensure_open(&year)?;
    let Decision {
        status,
        message,
        body_id,
    } = decision;
    let txn = crate::database::begin_write(db).await?;
    super::db::record_decision(&txn, enrollment.id, status, &message, body_id, organizer.id)
        .await?;
    let decision_changed = enrollment.status != status || enrollment.decision_message != message;
    let applicant = crate::auth::db::find_user(&txn, enrollment.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if decision_changed {
        let letter = crate::outbox::emails::application_decided(
            &applicant.display_name,
            &year.label,
            enrollment.role,
            status,
            &message,
        );
        crate::outbox::db::queue(
            &txn,
            crate::outbox::db::Email::to_user(
                &applicant,
                EmailKind::Program,
                &letter.subject,
                &letter.body,
            ),
        )
        .await?;
    }
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::ApplicationDecided,
        format!(
            "Application of {} ({}, {})",
            applicant.display_name, enrollment.role, year.label
        ),
        status.label(),
    )
    .await?;
    txn.commit().await?;
    Ok(Decided {
        applicant_told: decision_changed,
    })
}

/// How long an invitation link works.
const INVITATION_DAYS: i64 = 30;

/// Invites one person to an open year: the invitation, its email and the audit entry together.
/// The link (shown once to the organizer, since only its token's hash is kept), or `None` when
/// the address was invited to this year already.
pub async fn invite(
    db: &DatabaseConnection,
    site_url: &str,
    organizer: &users::Model,
    year: &ProgramYear,
    invitee: &RosterRow,
) -> Result<Option<String>, AppError> {
    let txn = crate::database::begin_write(db).await?;
    let Some(link) = write_invitation(&txn, site_url, year, organizer.id, invitee).await? else {
        return Ok(None);
    };
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::Invited,
        format!("{} <{}>", invitee.name, invitee.email),
        format!(
            "As {}, to {}",
            invitee.role.label().to_lowercase(),
            year.label
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(link))
}

/// Adds the new rows of an uploaded roster to an open year in one transaction: people with an
/// account are enrolled (approved), others invited; the import is marked done and logged.
pub async fn import_roster(
    db: &DatabaseConnection,
    site_url: &str,
    organizer: &users::Model,
    year: &ProgramYear,
    import_id: i32,
    rows: &[RosterRow],
) -> Result<(), AppError> {
    let emails: Vec<String> = rows.iter().map(|row| row.email.clone()).collect();
    let txn = crate::database::begin_write(db).await?;
    let accounts = super::db::users_by_email(&txn, &emails).await?;
    for row in rows {
        if let Some(user) = accounts.get(&row.email) {
            super::db::insert_enrollment(
                &txn,
                super::db::Application {
                    user_id: user.id,
                    year_id: year.id,
                    role: row.role,
                    status: EnrollmentStatus::Approved,
                    capacity: row.capacity,
                    goals: "",
                    availability: "",
                    notes_for_organizers: "",
                },
            )
            .await?;
        } else {
            write_invitation(&txn, site_url, year, organizer.id, row).await?;
        }
    }
    super::db::mark_import_committed(&txn, import_id).await?;
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::Imported,
        format!("Spreadsheet of {} people", rows.len()),
        year.label.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Writes an invitation and its email (an invitee is a roster row, typed in or imported); `None`
/// when the address was invited to this year already.
async fn write_invitation(
    db: &impl sea_orm::ConnectionTrait,
    site_url: &str,
    year: &ProgramYear,
    organizer_id: i32,
    invitee: &RosterRow,
) -> Result<Option<String>, AppError> {
    let (token, token_hash) = crate::auth::ssr::new_token();
    let created = super::db::insert_invitation(
        db,
        super::db::NewInvitation {
            year_id: year.id,
            email: &invitee.email,
            display_name: &invitee.name,
            role: invitee.role,
            degree_program: invitee.program,
            mentor_source: invitee.source,
            capacity: invitee.capacity,
            token_hash,
            invited_by: organizer_id,
            expires_at: chrono::Utc::now() + chrono::Duration::days(INVITATION_DAYS),
        },
    )
    .await?;
    if created.is_none() {
        return Ok(None);
    }
    let link = format!("{site_url}/invitation/{token}");
    let letter = crate::outbox::emails::invitation(
        &invitee.name,
        &year.label,
        invitee.role,
        &link,
        INVITATION_DAYS,
    );
    crate::outbox::db::queue(
        db,
        crate::outbox::db::Email {
            to: &invitee.email,
            user_id: None,
            kind: EmailKind::Program,
            subject: &letter.subject,
            body: &letter.body,
            // The link enrolls whoever opens it: organizers do not read it on the outbox page.
            sensitive: true,
        },
    )
    .await?;
    Ok(Some(link))
}

/// An orientation session as its form was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub duration_minutes: i32,
    pub place: String,
    pub video_url: String,
    pub capacity: i32,
}

/// Adds an orientation session to a year, with its audit entry.
pub async fn add_orientation_session(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year: &ProgramYear,
    session: &NewSession,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    super::db::create_orientation_session(
        &txn,
        year.id,
        session.starts_at,
        session.duration_minutes,
        &session.place,
        &session.video_url,
        session.capacity,
    )
    .await?;
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::OrientationChanged,
        format!(
            "Orientation session of {} UTC",
            session.starts_at.format("%Y-%m-%d %H:%M")
        ),
        format!("Added, {} seats ({})", session.capacity, year.label),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Records whether someone who reserved a seat came, with its audit entry.
pub async fn mark_attendance(
    db: &DatabaseConnection,
    organizer: &users::Model,
    session_id: i32,
    user_id: i32,
    attended: bool,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    if !super::db::mark_attendance(&txn, session_id, user_id, attended).await? {
        return Err(AppError::NotFound);
    }
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::OrientationChanged,
        crate::auth::db::display_name(&txn, user_id).await?,
        if attended {
            "Marked attended"
        } else {
            "Marked absent"
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
