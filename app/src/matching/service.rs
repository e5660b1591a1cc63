//! The matching area's writes: saving the draft and its settings, publishing it, assigning one
//! pair by hand and ending a pair. Each opens its transaction and writes the pairs, the two
//! people's notices and emails, the year's phase and the audit entry together.

use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::db::{Placed, SavedDraft};
use crate::domain::choices::{AuditAction, EnrollmentStatus, Phase, Role};
use crate::domain::matching::PersonId;
use crate::domain::matching::workspace::DraftState;
use crate::entities::users;
use crate::error::AppError;
use crate::program::year::ProgramYear;

/// Another organizer saved the draft since this one was loaded.
pub fn draft_changed(current: i32) -> AppError {
    AppError::Refused(format!(
        "Another organizer changed this draft while you were working on it (it is now at version {current}). Their changes are shown now; please make yours again."
    ))
}

/// Writes the draft over the one saved at `version`; the new version.
async fn write_draft(
    db: &impl ConnectionTrait,
    organizer: &users::Model,
    year_id: i32,
    version: i32,
    state: &DraftState,
) -> Result<i32, AppError> {
    match super::db::save_draft(db, year_id, version, state, organizer.id).await? {
        SavedDraft::Saved { version } => Ok(version),
        SavedDraft::Conflict { current } => Err(draft_changed(current)),
    }
}

/// Saves an edit of the draft (a pin or a block) over the one saved at `version`.
pub async fn save_draft(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year_id: i32,
    version: i32,
    state: &DraftState,
) -> Result<i32, AppError> {
    write_draft(db, organizer, year_id, version, state).await
}

/// Saves the draft with new weights, musts or method, and logs the change.
pub async fn save_settings(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year: &ProgramYear,
    version: i32,
    state: &DraftState,
) -> Result<i32, AppError> {
    let txn = crate::database::begin_write(db).await?;
    let saved = write_draft(&txn, organizer, year.id, version, state).await?;
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::MatchingSettingsSaved,
        format!("Matching settings of {}", year.label),
        format!("Method: {}", state.method.code()),
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}

/// Publishes the year's draft (as it is at `version`) as pairs: all of them or, if any place was
/// taken meanwhile, none. The year moves from matching to active. Returns how many pairs.
pub async fn publish(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year: &ProgramYear,
    version: i32,
) -> Result<usize, AppError> {
    crate::program::year::ensure_open(year)?;
    if year.phase == Phase::Enrolling {
        return Err(AppError::Refused(
            "Enrollment is still open. Move the year to the matching phase before publishing pairs."
                .into(),
        ));
    }
    let (saved_version, state) = super::db::load_draft(db, year.id).await?;
    if saved_version != version {
        return Err(draft_changed(saved_version));
    }
    let (participants, names) = super::db::participants(db, year.id).await?;
    let standing = super::db::earlier_pairs(db).await?;
    let draft = crate::domain::matching::workspace::run(&participants, &standing, &state);
    if draft.pairs.is_empty() {
        return Err(AppError::Refused(
            "The draft has no pairs to publish.".into(),
        ));
    }
    let today = crate::context::program_today();
    let name = |id: PersonId| names.get(&id).cloned().unwrap_or_default();
    let txn = crate::database::begin_write(db).await?;
    for pair in &draft.pairs {
        let refusal = match super::db::place_pair(
            &txn,
            year.id,
            pair.mentee,
            pair.mentor,
            today,
            organizer.id,
        )
        .await?
        {
            Placed::Placed => None,
            Placed::MentorFull => Some(format!("{} has no free place any more", name(pair.mentor))),
            Placed::MenteeTaken => Some(format!("{} already has a mentor", name(pair.mentee))),
        };
        if let Some(why) = refusal {
            txn.rollback().await?;
            return Err(AppError::Refused(format!(
                "Nothing was published: {why}. The draft has been recomputed; please review it and publish again."
            )));
        }
        let (Some(mentee), Some(mentor)) = (
            crate::auth::db::find_user(&txn, pair.mentee).await?,
            crate::auth::db::find_user(&txn, pair.mentor).await?,
        ) else {
            continue;
        };
        announce(&txn, &year.label, &mentee, &mentor).await?;
    }
    if year.phase == Phase::Matching {
        crate::program::db::set_phase(&txn, year.id, Phase::Active).await?;
    }
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::MatchesPublished,
        format!("Matches of {}", year.label),
        format!("{} pairs published", draft.pairs.len()),
    )
    .await?;
    txn.commit().await?;
    Ok(draft.pairs.len())
}

/// Pairs an approved mentee with an approved mentor of the year by hand (a mentor with a free
/// place, a mentee without a mentor), and tells them.
pub async fn assign(
    db: &DatabaseConnection,
    organizer: &users::Model,
    year: &ProgramYear,
    mentee: PersonId,
    mentor: PersonId,
) -> Result<(), AppError> {
    crate::program::year::ensure_open(year)?;
    let approved_as = async |user_id: PersonId, role: Role| -> Result<bool, AppError> {
        Ok(crate::enrollment::db::find_enrollment(db, user_id, year.id)
            .await?
            .is_some_and(|e| e.role == role && e.status == EnrollmentStatus::Approved))
    };
    if !approved_as(mentee, Role::Mentee).await? {
        return Err(AppError::field(
            "mentee",
            "Choose an approved mentee of this year.",
        ));
    }
    if !approved_as(mentor, Role::Mentor).await? {
        return Err(AppError::field(
            "mentor",
            "Choose an approved mentor of this year.",
        ));
    }
    let txn = crate::database::begin_write(db).await?;
    let placed = super::db::place_pair(
        &txn,
        year.id,
        mentee,
        mentor,
        crate::context::program_today(),
        organizer.id,
    )
    .await?;
    match placed {
        Placed::Placed => {}
        Placed::MentorFull => {
            txn.rollback().await?;
            return Err(AppError::Refused("That mentor has no free place.".into()));
        }
        Placed::MenteeTaken => {
            txn.rollback().await?;
            return Err(AppError::Refused(
                "That mentee already has a mentor this year.".into(),
            ));
        }
    }
    if let (Some(mentee), Some(mentor)) = (
        crate::auth::db::find_user(&txn, mentee).await?,
        crate::auth::db::find_user(&txn, mentor).await?,
    ) {
        announce(&txn, &year.label, &mentee, &mentor).await?;
        crate::audit::db::record(
            &txn,
            organizer,
            AuditAction::PairAssigned,
            format!("{} with {}", mentee.display_name, mentor.display_name),
            year.label.clone(),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Ends an active pair of an open year, for `reason` (kept on the pair and in the audit log).
pub async fn end(
    db: &DatabaseConnection,
    organizer: &users::Model,
    pair_id: i32,
    reason: &str,
) -> Result<(), AppError> {
    let pair = super::db::find_pair(db, pair_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::program::year::ensure_open(&crate::program::year::year_in(db, pair.year_id).await?)?;
    let txn = crate::database::begin_write(db).await?;
    if !super::db::end_pair(&txn, pair.id, crate::context::program_today(), reason).await? {
        txn.rollback().await?;
        return Err(AppError::Refused("This pair has already ended.".into()));
    }
    let subject = format!(
        "{} with {}",
        crate::auth::db::display_name(&txn, pair.mentee_id).await?,
        crate::auth::db::display_name(&txn, pair.mentor_id).await?
    );
    crate::audit::db::record(&txn, organizer, AuditAction::PairEnded, subject, reason).await?;
    txn.commit().await?;
    Ok(())
}

/// Tells the pair's two people about their match: a notice on their home page and an email.
async fn announce(
    db: &impl sea_orm::ConnectionTrait,
    year_label: &str,
    mentee: &crate::entities::users::Model,
    mentor: &crate::entities::users::Model,
) -> Result<(), sea_orm::DbErr> {
    use crate::domain::choices::Role;
    use crate::outbox::emails;
    for (person, partner, partner_role) in [
        (mentee, mentor, Role::Mentor),
        (mentor, mentee, Role::Mentee),
    ] {
        crate::notify::notices::add_notice(
            db,
            person.id,
            &emails::matched_notice(partner_role, &partner.display_name, year_label),
            &format!("/directory/{}", partner.id),
        )
        .await?;
        let letter = emails::matched(
            &person.display_name,
            partner_role,
            &partner.display_name,
            year_label,
        );
        crate::outbox::db::queue(
            db,
            crate::outbox::db::Email::to_user(
                person,
                crate::domain::choices::EmailKind::Program,
                &letter.subject,
                &letter.body,
            ),
        )
        .await?;
    }
    Ok(())
}
