//! The audit log: every organizer action that changes data, with who, when and what, written in
//! the same transaction as the change. Every area that changes data writes here, so it lives below
//! them all; the organizers' page that reads it is the dashboard's (`dashboard::audit`).

use serde::{Deserialize, Serialize};

use crate::domain::choices::AuditAction;

/// Entries per page of the log.
pub const PER_PAGE: u64 = 50;

/// One entry as the log page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// "2026-11-27 18:05 UTC".
    pub at: String,
    pub actor: String,
    pub action: Option<AuditAction>,
    pub subject: String,
    pub details: String,
}

/// One page of the log, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLogPage {
    pub entries: Vec<AuditEntry>,
    /// Entries matching the filters, on every page.
    pub total: u64,
    /// From 1.
    pub page: u64,
    pub pages: u64,
}

#[cfg(feature = "ssr")]
pub mod db {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    use sea_orm::{
        ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
        QueryOrder, Set,
    };

    use super::*;
    use crate::entities::{audit_log, users};

    /// Writes one entry: `actor` did `action` to `subject`.
    pub async fn record(
        db: &impl ConnectionTrait,
        actor: &users::Model,
        action: AuditAction,
        subject: impl Into<String>,
        details: impl Into<String>,
    ) -> Result<(), DbErr> {
        let subject: String = subject.into().chars().take(300).collect();
        audit_log::ActiveModel {
            at: Set(chrono::Utc::now()),
            actor_id: Set(Some(actor.id)),
            actor_name: Set(actor.display_name.clone()),
            action: Set(action),
            subject: Set(subject),
            details: Set(details.into()),
            ..Default::default()
        }
        .insert(db)
        .await
        .map(|_| ())
    }

    /// One page (from 1) of the entries of this kind (if any) by people whose name contains
    /// `who` (any case), newest first; with the number of matching entries.
    pub async fn page_of(
        db: &impl ConnectionTrait,
        action: Option<AuditAction>,
        who: &str,
        page: u64,
    ) -> Result<(Vec<audit_log::Model>, u64), DbErr> {
        let mut query = audit_log::Entity::find();
        if let Some(action) = action {
            query = query.filter(audit_log::Column::Action.eq(action));
        }
        let who = who.trim().to_lowercase();
        if !who.is_empty() {
            let pattern = format!("%{}%", who.replace(['%', '_'], ""));
            query = query.filter(
                Expr::expr(Func::lower(Expr::col(audit_log::Column::ActorName))).like(pattern),
            );
        }
        let newest_first = query.order_by_desc(audit_log::Column::Id);
        crate::database::page_and_total(newest_first, db, PER_PAGE, page).await
    }
}
