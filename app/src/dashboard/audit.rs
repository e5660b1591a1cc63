//! The organizers' page of the audit log (the log itself is `crate::audit`).

use leptos::prelude::*;

use crate::audit::AuditLogPage;
use crate::error::AppError;

/// The log for organizers: `action` an `AuditAction` code or empty for all, `who` part of a name.
#[server(endpoint = "audit_log")]
pub async fn get_audit_log(
    #[server(default)] action: String,
    #[server(default)] who: String,
    #[server(default)] page: u64,
) -> Result<AuditLogPage, AppError> {
    use crate::audit::{AuditEntry, PER_PAGE};
    use crate::domain::choices::AuditAction;
    crate::auth::ssr::require_organizer().await?;
    if who.chars().count() > 200 {
        return Err(AppError::field(
            "who",
            "Keep this to 200 characters or fewer.",
        ));
    }
    let page = page.max(1);
    let (rows, total) = crate::audit::db::page_of(
        &crate::context::db()?,
        AuditAction::from_code(&action),
        &who,
        page,
    )
    .await?;
    Ok(AuditLogPage {
        entries: rows
            .into_iter()
            .map(|row| AuditEntry {
                at: row.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                actor: row.actor_name,
                action: Some(row.action),
                subject: row.subject,
                details: row.details,
            })
            .collect(),
        total,
        page,
        pages: total.div_ceil(PER_PAGE).max(1),
    })
}
