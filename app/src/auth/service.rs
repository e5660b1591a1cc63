//! Organizers' changes to other people's accounts: each writes the account and its audit entry
//! in one transaction.

use sea_orm::DatabaseConnection;

use crate::domain::choices::AuditAction;
use crate::entities::users;
use crate::error::AppError;

/// Makes someone an organizer; the person promoted.
pub async fn promote_to_organizer(
    db: &DatabaseConnection,
    organizer: &users::Model,
    user_id: i32,
) -> Result<users::Model, AppError> {
    let txn = crate::database::begin_write(db).await?;
    let promoted = super::db::promote_to_organizer(&txn, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::RoleChanged,
        format!("{} <{}>", promoted.display_name, promoted.email),
        "Made an organizer",
    )
    .await?;
    txn.commit().await?;
    Ok(promoted)
}

/// Disables an account (signed out everywhere at once) or enables it again. The caller refuses
/// an organizer's own account.
pub async fn set_account_disabled(
    db: &DatabaseConnection,
    organizer: &users::Model,
    user_id: i32,
    disabled: bool,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    let person = super::db::set_disabled(&txn, user_id, disabled)
        .await?
        .ok_or(AppError::NotFound)?;
    if disabled {
        super::db::end_other_sessions(&txn, user_id, None).await?;
    }
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::AccountAccess,
        format!("{} <{}>", person.display_name, person.email),
        if disabled {
            "Disabled"
        } else {
            "Enabled again"
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
