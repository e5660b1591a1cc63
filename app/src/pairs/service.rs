//! The pair area's writes by organizers (the idea library, the concerns queue): each opens its
//! transaction and writes its rows and its audit entry together.

use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};

use crate::domain::choices::{AuditAction, ConcernStatus, IdeaCategory, IdeaSuggestion};
use crate::entities::{concern_notes, concerns, ideas, users};
use crate::error::AppError;

/// Adds an idea to the library (`idea_id` None) or changes one of the library's (not a pair's).
pub async fn save_library_idea(
    db: &DatabaseConnection,
    organizer: &users::Model,
    idea_id: Option<i32>,
    fields: (IdeaCategory, String, String),
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    let subject = format!("“{}”", fields.1);
    let what = match idea_id {
        None => {
            super::db::add_idea(
                &txn,
                super::db::new_idea(fields, None, IdeaSuggestion::NotOffered, organizer.id),
            )
            .await?;
            "Idea added"
        }
        Some(idea_id) => {
            let idea = super::db::find_idea(&txn, idea_id)
                .await?
                .filter(|idea| idea.pair_id.is_none())
                .ok_or(AppError::NotFound)?;
            let (category, title, how_to) = fields;
            let mut active: ideas::ActiveModel = idea.into();
            active.category = Set(category);
            active.title = Set(title);
            active.how_to = Set(how_to);
            active.update(&txn).await?;
            "Idea edited"
        }
    };
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::IdeaLibraryChanged,
        subject,
        what,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Takes a pair's suggested idea into the library (`accepted`) or declines it.
pub async fn review_idea_suggestion(
    db: &DatabaseConnection,
    organizer: &users::Model,
    idea_id: i32,
    accepted: bool,
) -> Result<(), AppError> {
    let txn = crate::database::begin_write(db).await?;
    let idea = super::db::find_idea(&txn, idea_id)
        .await?
        .filter(|idea| idea.suggestion == IdeaSuggestion::Pending)
        .ok_or(AppError::NotFound)?;
    if accepted {
        super::db::add_idea(
            &txn,
            super::db::new_idea(
                (idea.category, idea.title.clone(), idea.how_to.clone()),
                None,
                IdeaSuggestion::NotOffered,
                organizer.id,
            ),
        )
        .await?;
    }
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::IdeaLibraryChanged,
        format!("“{}”, suggested by a pair", idea.title),
        if accepted {
            "Suggestion accepted"
        } else {
            "Suggestion declined"
        },
    )
    .await?;
    let mut active: ideas::ActiveModel = idea.into();
    active.suggestion = Set(if accepted {
        IdeaSuggestion::Accepted
    } else {
        IdeaSuggestion::Declined
    });
    active.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Moves a concern along, with an internal note and/or a reply to the reporter (either may be
/// empty). The log says only which concern and where it stands: its text is confidential.
pub async fn handle_concern(
    db: &DatabaseConnection,
    organizer: &users::Model,
    concern_id: i32,
    status: ConcernStatus,
    note: String,
    reply: String,
) -> Result<(), AppError> {
    use sea_orm::EntityTrait;
    let txn = crate::database::begin_write(db).await?;
    let concern = concerns::Entity::find_by_id(concern_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !note.is_empty() {
        concern_notes::ActiveModel {
            concern_id: Set(concern.id),
            author_id: Set(organizer.id),
            body: Set(note),
            created_at: Set(chrono::Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut active: concerns::ActiveModel = concern.clone().into();
    active.status = Set(status);
    if !reply.is_empty() {
        active.reply = Set(reply);
    }
    active.updated_at = Set(chrono::Utc::now());
    active.update(&txn).await?;
    crate::audit::db::record(
        &txn,
        organizer,
        AuditAction::ConcernHandled,
        format!("Concern {}", concern.id),
        format!("Status: {}", status.label()),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
