//! Starting a year from the last closed one, in one transaction: the matching settings copied,
//! last year's mentors invited back (each once, by email and notice) and the audit entry.

use sea_orm::DatabaseConnection;

use crate::domain::choices::{AuditAction, EmailKind, Role, SentOnce};
use crate::entities::users;
use crate::error::AppError;
use crate::program::year::ProgramYear;

/// Carries `previous` (the last closed year) over into `year`: its matching settings if
/// `copy_settings`, an invitation to its mentors if `invite_mentors`. What was done, in words.
pub async fn carry_over(
    db: &DatabaseConnection,
    site_url: &str,
    organizer: &users::Model,
    year: &ProgramYear,
    previous: &ProgramYear,
    copy_settings: bool,
    invite_mentors: bool,
) -> Result<String, AppError> {
    let txn = crate::database::begin_write(db).await?;
    let mut done = Vec::new();
    if copy_settings {
        let (_, from) = crate::matching::db::load_draft(&txn, previous.id).await?;
        let (version, mut into) = crate::matching::db::load_draft(&txn, year.id).await?;
        into.settings = from.settings;
        into.method = from.method;
        if let crate::matching::db::SavedDraft::Conflict { current } =
            crate::matching::db::save_draft(&txn, year.id, version, &into, organizer.id).await?
        {
            return Err(crate::matching::service::draft_changed(current));
        }
        done.push("matching settings copied".to_owned());
    }
    if invite_mentors {
        let enrolled: std::collections::HashSet<i32> =
            crate::program::closing::ssr::participants(&txn, year.id, None)
                .await?
                .into_iter()
                .map(|user| user.id)
                .collect();
        let occasion = format!("year {}", year.id);
        let mut invited = 0;
        for mentor in
            crate::program::closing::ssr::participants(&txn, previous.id, Some(Role::Mentor))
                .await?
        {
            if enrolled.contains(&mentor.id)
                || !crate::outbox::db::log_once(
                    &txn,
                    SentOnce::InviteBack,
                    mentor.id,
                    &occasion,
                    None,
                )
                .await?
            {
                continue;
            }
            let letter = crate::outbox::emails::invite_back(
                &mentor.display_name,
                &previous.label,
                &year.label,
                &format!("{site_url}/apply"),
            );
            crate::outbox::db::queue(
                &txn,
                crate::outbox::db::Email::to_user(
                    &mentor,
                    EmailKind::Program,
                    &letter.subject,
                    &letter.body,
                ),
            )
            .await?;
            crate::notify::notices::add_notice(&txn, mentor.id, &letter.subject, "/apply").await?;
            invited += 1;
        }
        done.push(format!("{invited} of last year's mentors invited"));
    }
    let summary = format!("From {}: {}", previous.label, done.join("; "));
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::YearChanged,
        format!("Program year {}", year.label),
        summary.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(summary)
}
