//! The dashboard's one write: an announcement queued to its audience, with its audit entry, in
//! one transaction.

use sea_orm::DatabaseConnection;

use crate::domain::choices::{AuditAction, EmailKind};
use crate::entities::users;
use crate::error::AppError;
use crate::outbox::emails::Letter;

/// Queues the organizers' words (`letter`, before each person's greeting) to each of `people`
/// (the `audience`, as the log names it) who accepts announcements; how many were queued.
pub async fn queue_announcement(
    db: &DatabaseConnection,
    organizer: &users::Model,
    people: &[users::Model],
    audience: &str,
    letter: &Letter,
) -> Result<u64, AppError> {
    let txn = crate::database::begin_write(db).await?;
    let mut queued = 0;
    for person in people {
        let addressed = crate::outbox::emails::announcement(
            &person.display_name,
            &letter.subject,
            &letter.body,
        );
        let email = crate::outbox::db::Email::to_user(
            person,
            EmailKind::Announcements,
            &addressed.subject,
            &addressed.body,
        );
        if crate::outbox::db::queue(&txn, email).await? {
            queued += 1;
        }
    }
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::AnnouncementQueued,
        letter.subject.clone(),
        format!(
            "To {}: {queued} of {} queued",
            audience.to_lowercase(),
            people.len()
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(queued)
}
