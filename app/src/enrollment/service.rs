//! The enrollment area's writes: each opens its transaction and writes its rows, the email it
//! sends and its audit entry together, so that none happens without the others.

use sea_orm::DatabaseConnection;

use crate::domain::choices::{AuditAction, EmailKind, EnrollmentStatus};
use crate::entities::users;
use crate::error::AppError;

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
