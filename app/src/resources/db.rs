//! Queries for resource pages. Callers have already checked who may touch what.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, sea_query::Expr,
};

use crate::domain::choices::{Audience, Moment, SuggestionStatus};
use crate::entities::{resource_drafts, resource_revisions, resource_suggestions, resources};

pub async fn all_resources(db: &impl ConnectionTrait) -> Result<Vec<resources::Model>, DbErr> {
    resources::Entity::find()
        .order_by_asc(resources::Column::Position)
        .order_by_asc(resources::Column::Id)
        .all(db)
        .await
}

pub async fn find_resource(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<resources::Model>, DbErr> {
    resources::Entity::find()
        .filter(resources::Column::Slug.eq(slug))
        .one(db)
        .await
}

pub async fn find_resource_by_id(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<resources::Model>, DbErr> {
    resources::Entity::find_by_id(id).one(db).await
}

/// A new, empty page placed after the others.
pub async fn add_resource(
    db: &impl ConnectionTrait,
    slug: &str,
    title: &str,
    audience: Audience,
    editor: i32,
) -> Result<resources::Model, DbErr> {
    let last = all_resources(db)
        .await?
        .iter()
        .map(|r| r.position)
        .max()
        .unwrap_or(0);
    resources::ActiveModel {
        slug: Set(slug.to_owned()),
        title: Set(title.to_owned()),
        audience: Set(audience),
        moment: Set(Moment::Anytime),
        position: Set(last + 1),
        body: Set(String::new()),
        version: Set(0),
        updated_by: Set(Some(editor)),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A new version of the page as it was at `expected_version`, with its revision. False when
/// someone saved another version meanwhile (nothing is written then).
pub struct NewVersion<'a> {
    pub title: &'a str,
    pub audience: Audience,
    pub moment: Moment,
    pub body: &'a str,
    pub note: &'a str,
    pub editor: i32,
}

pub async fn save_version(
    db: &impl ConnectionTrait,
    resource_id: i32,
    expected_version: i32,
    new: NewVersion<'_>,
) -> Result<bool, DbErr> {
    let now = Utc::now();
    let updated = resources::Entity::update_many()
        .col_expr(resources::Column::Title, Expr::value(new.title))
        .col_expr(resources::Column::Audience, Expr::value(new.audience))
        .col_expr(resources::Column::Moment, Expr::value(new.moment))
        .col_expr(resources::Column::Body, Expr::value(new.body))
        .col_expr(
            resources::Column::Version,
            Expr::value(expected_version + 1),
        )
        .col_expr(resources::Column::UpdatedBy, Expr::value(new.editor))
        .col_expr(resources::Column::UpdatedAt, Expr::value(now))
        .filter(resources::Column::Id.eq(resource_id))
        .filter(resources::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Ok(false);
    }
    resource_revisions::ActiveModel {
        resource_id: Set(resource_id),
        version: Set(expected_version + 1),
        title: Set(new.title.to_owned()),
        body: Set(new.body.to_owned()),
        note: Set(new.note.to_owned()),
        edited_by: Set(Some(new.editor)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

pub async fn revisions_of(
    db: &impl ConnectionTrait,
    resource_id: i32,
) -> Result<Vec<resource_revisions::Model>, DbErr> {
    resource_revisions::Entity::find()
        .filter(resource_revisions::Column::ResourceId.eq(resource_id))
        .order_by_desc(resource_revisions::Column::Version)
        .all(db)
        .await
}

pub async fn find_revision(
    db: &impl ConnectionTrait,
    resource_id: i32,
    version: i32,
) -> Result<Option<resource_revisions::Model>, DbErr> {
    resource_revisions::Entity::find()
        .filter(resource_revisions::Column::ResourceId.eq(resource_id))
        .filter(resource_revisions::Column::Version.eq(version))
        .one(db)
        .await
}

pub async fn draft_of(
    db: &impl ConnectionTrait,
    resource_id: i32,
    user_id: i32,
) -> Result<Option<resource_drafts::Model>, DbErr> {
    resource_drafts::Entity::find()
        .filter(resource_drafts::Column::ResourceId.eq(resource_id))
        .filter(resource_drafts::Column::UserId.eq(user_id))
        .one(db)
        .await
}

/// Keeps an organizer's text as their draft of the page, replacing their previous one.
pub async fn keep_draft(
    db: &impl ConnectionTrait,
    resource_id: i32,
    user_id: i32,
    title: &str,
    body: &str,
    note: &str,
) -> Result<(), DbErr> {
    let mut active: resource_drafts::ActiveModel = match draft_of(db, resource_id, user_id).await? {
        Some(draft) => draft.into(),
        None => resource_drafts::ActiveModel {
            resource_id: Set(resource_id),
            user_id: Set(user_id),
            ..Default::default()
        },
    };
    active.title = Set(title.to_owned());
    active.body = Set(body.to_owned());
    active.note = Set(note.to_owned());
    active.updated_at = Set(Utc::now());
    active.save(db).await.map(|_| ())
}

pub async fn discard_draft(
    db: &impl ConnectionTrait,
    resource_id: i32,
    user_id: i32,
) -> Result<(), DbErr> {
    resource_drafts::Entity::delete_many()
        .filter(resource_drafts::Column::ResourceId.eq(resource_id))
        .filter(resource_drafts::Column::UserId.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Suggestions still waiting for an organizer: for one page, or (None) for every page.
pub async fn pending_suggestions(
    db: &impl ConnectionTrait,
    resource_id: Option<i32>,
) -> Result<Vec<resource_suggestions::Model>, DbErr> {
    let mut query = resource_suggestions::Entity::find()
        .filter(resource_suggestions::Column::Status.eq(SuggestionStatus::Pending));
    if let Some(id) = resource_id {
        query = query.filter(resource_suggestions::Column::ResourceId.eq(id));
    }
    query
        .order_by_asc(resource_suggestions::Column::Id)
        .all(db)
        .await
}

pub async fn suggestions_by(
    db: &impl ConnectionTrait,
    user_id: i32,
    resource_id: i32,
) -> Result<Vec<resource_suggestions::Model>, DbErr> {
    resource_suggestions::Entity::find()
        .filter(resource_suggestions::Column::UserId.eq(user_id))
        .filter(resource_suggestions::Column::ResourceId.eq(resource_id))
        .order_by_desc(resource_suggestions::Column::Id)
        .all(db)
        .await
}

pub async fn pending_count_by(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    resource_suggestions::Entity::find()
        .filter(resource_suggestions::Column::UserId.eq(user_id))
        .filter(resource_suggestions::Column::Status.eq(SuggestionStatus::Pending))
        .count(db)
        .await
}

pub async fn add_suggestion(
    db: &impl ConnectionTrait,
    resource: &resources::Model,
    user_id: i32,
    body: &str,
    note: &str,
) -> Result<(), DbErr> {
    resource_suggestions::ActiveModel {
        resource_id: Set(resource.id),
        user_id: Set(user_id),
        base_version: Set(resource.version),
        body: Set(body.to_owned()),
        note: Set(note.to_owned()),
        status: Set(SuggestionStatus::Pending),
        reply: Set(String::new()),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub async fn find_suggestion(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<resource_suggestions::Model>, DbErr> {
    resource_suggestions::Entity::find_by_id(id).one(db).await
}

/// Records an organizer's answer to a suggestion still pending; false if it was answered already.
pub async fn decide_suggestion(
    db: &impl ConnectionTrait,
    id: i32,
    status: SuggestionStatus,
    reply: &str,
    organizer: i32,
) -> Result<bool, DbErr> {
    let updated = resource_suggestions::Entity::update_many()
        .col_expr(resource_suggestions::Column::Status, Expr::value(status))
        .col_expr(resource_suggestions::Column::Reply, Expr::value(reply))
        .col_expr(
            resource_suggestions::Column::DecidedBy,
            Expr::value(organizer),
        )
        .col_expr(
            resource_suggestions::Column::DecidedAt,
            Expr::value(Utc::now()),
        )
        .filter(resource_suggestions::Column::Id.eq(id))
        .filter(resource_suggestions::Column::Status.eq(SuggestionStatus::Pending))
        .exec(db)
        .await?;
    Ok(updated.rows_affected == 1)
}
