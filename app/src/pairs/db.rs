//! Queries for the pair's workspace. Callers have already checked who may touch what.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, sea_query::Expr,
};

use crate::domain::choices::{GoalStatus, IdeaCategory, IdeaSuggestion};
use crate::entities::{goal_comments, goal_steps, goals, ideas, pair_agreements};

pub async fn agreement(
    db: &impl ConnectionTrait,
    pair_id: i32,
) -> Result<Option<pair_agreements::Model>, DbErr> {
    pair_agreements::Entity::find_by_id(pair_id).one(db).await
}

/// Writes the pair's agreement, creating it the first time.
pub async fn save_agreement(
    db: &impl ConnectionTrait,
    agreement: pair_agreements::Model,
) -> Result<(), DbErr> {
    let exists = pair_agreements::Entity::find_by_id(agreement.pair_id)
        .one(db)
        .await?
        .is_some();
    let mut active: pair_agreements::ActiveModel = agreement.into();
    if exists {
        active = active.reset_all();
        active.update(db).await.map(|_| ())
    } else {
        active = active.reset_all();
        active.insert(db).await.map(|_| ())
    }
}

/// The pair's goals in the mentee's order.
pub async fn goals_of(db: &impl ConnectionTrait, pair_id: i32) -> Result<Vec<goals::Model>, DbErr> {
    goals::Entity::find()
        .filter(goals::Column::PairId.eq(pair_id))
        .order_by_asc(goals::Column::Position)
        .order_by_asc(goals::Column::Id)
        .all(db)
        .await
}

pub async fn find_goal(db: &impl ConnectionTrait, id: i32) -> Result<Option<goals::Model>, DbErr> {
    goals::Entity::find_by_id(id).one(db).await
}

/// Adds a goal after the pair's others.
pub async fn add_goal(
    db: &impl ConnectionTrait,
    pair_id: i32,
    fields: GoalFields,
) -> Result<goals::Model, DbErr> {
    let last = goals_of(db, pair_id)
        .await?
        .last()
        .map_or(0, |goal| goal.position);
    let now = Utc::now();
    goals::ActiveModel {
        pair_id: Set(pair_id),
        position: Set(last + 1),
        title: Set(fields.title),
        why: Set(fields.why),
        target: Set(fields.target),
        status: Set(fields.status),
        shareable: Set(fields.shareable),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// What the mentee writes about a goal.
#[derive(Debug, Clone)]
pub struct GoalFields {
    pub title: String,
    pub why: String,
    pub target: String,
    pub status: GoalStatus,
    pub shareable: bool,
}

pub async fn update_goal(
    db: &impl ConnectionTrait,
    id: i32,
    fields: GoalFields,
) -> Result<(), DbErr> {
    goals::ActiveModel {
        id: Set(id),
        title: Set(fields.title),
        why: Set(fields.why),
        target: Set(fields.target),
        status: Set(fields.status),
        shareable: Set(fields.shareable),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Swaps the goal with its neighbour above (`up`) or below; nothing at either end.
/// Where a goal moves in its pair's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GoalMove {
    Up,
    Down,
    /// To this place, counted from 0 (dragged there); past the end means last.
    To(usize),
}

pub async fn move_goal(
    db: &impl ConnectionTrait,
    goal: &goals::Model,
    to: GoalMove,
) -> Result<(), DbErr> {
    let goals = goals_of(db, goal.pair_id).await?;
    let Some(index) = goals.iter().position(|g| g.id == goal.id) else {
        return Ok(());
    };
    let target = match to {
        GoalMove::Up => index.saturating_sub(1),
        GoalMove::Down => index + 1,
        GoalMove::To(place) => place,
    };
    let mut order: Vec<i32> = goals.iter().map(|g| g.id).collect();
    order.remove(index);
    order.insert(target.min(order.len()), goal.id);
    // Positions are renumbered 1, 2, … in the new order, so earlier gaps or ties disappear.
    for (position, id) in order.into_iter().enumerate() {
        goals::Entity::update_many()
            .col_expr(goals::Column::Position, Expr::value(position as i32 + 1))
            .filter(goals::Column::Id.eq(id))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn steps_of(
    db: &impl ConnectionTrait,
    goal_ids: &[i32],
) -> Result<Vec<goal_steps::Model>, DbErr> {
    goal_steps::Entity::find()
        .filter(goal_steps::Column::GoalId.is_in(goal_ids.iter().copied()))
        .order_by_asc(goal_steps::Column::Id)
        .all(db)
        .await
}

pub async fn find_step(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<goal_steps::Model>, DbErr> {
    goal_steps::Entity::find_by_id(id).one(db).await
}

pub async fn add_step(db: &impl ConnectionTrait, goal_id: i32, text: String) -> Result<(), DbErr> {
    goal_steps::ActiveModel {
        goal_id: Set(goal_id),
        text: Set(text),
        done: Set(false),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub async fn set_step_done(db: &impl ConnectionTrait, id: i32, done: bool) -> Result<(), DbErr> {
    goal_steps::ActiveModel {
        id: Set(id),
        done: Set(done),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

pub async fn comments_of(
    db: &impl ConnectionTrait,
    goal_ids: &[i32],
) -> Result<Vec<goal_comments::Model>, DbErr> {
    goal_comments::Entity::find()
        .filter(goal_comments::Column::GoalId.is_in(goal_ids.iter().copied()))
        .order_by_asc(goal_comments::Column::Id)
        .all(db)
        .await
}

pub async fn add_comment(
    db: &impl ConnectionTrait,
    goal_id: i32,
    author_id: i32,
    body: String,
) -> Result<(), DbErr> {
    goal_comments::ActiveModel {
        goal_id: Set(goal_id),
        author_id: Set(author_id),
        body: Set(body),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The pair's meetings, earliest first.
pub async fn meetings_of(
    db: &impl ConnectionTrait,
    pair_id: i32,
) -> Result<Vec<crate::entities::meetings::Model>, DbErr> {
    use crate::entities::meetings;
    meetings::Entity::find()
        .filter(meetings::Column::PairId.eq(pair_id))
        .order_by_asc(meetings::Column::StartsAt)
        .order_by_asc(meetings::Column::Id)
        .all(db)
        .await
}

pub async fn find_meeting(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<crate::entities::meetings::Model>, DbErr> {
    crate::entities::meetings::Entity::find_by_id(id)
        .one(db)
        .await
}

/// `user_id`'s own notes on these meetings, by meeting.
pub async fn private_notes_of(
    db: &impl ConnectionTrait,
    user_id: i32,
    meeting_ids: &[i32],
) -> Result<Vec<crate::entities::meeting_private_notes::Model>, DbErr> {
    use crate::entities::meeting_private_notes as notes;
    notes::Entity::find()
        .filter(notes::Column::UserId.eq(user_id))
        .filter(notes::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .all(db)
        .await
}

/// Writes `user_id`'s own notes on a meeting, replacing earlier ones.
pub async fn save_private_notes(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    user_id: i32,
    body: String,
) -> Result<(), DbErr> {
    use crate::entities::meeting_private_notes as notes;
    notes::Entity::delete_many()
        .filter(notes::Column::MeetingId.eq(meeting_id))
        .filter(notes::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    if body.is_empty() {
        return Ok(());
    }
    notes::ActiveModel {
        meeting_id: Set(meeting_id),
        user_id: Set(user_id),
        body: Set(body),
        updated_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// The library's ideas in use (no pair), and the pair's own ideas when `pair_id` is given.
pub async fn ideas_for(
    db: &impl ConnectionTrait,
    pair_id: Option<i32>,
) -> Result<Vec<crate::entities::ideas::Model>, DbErr> {
    use crate::entities::ideas;
    use sea_orm::Condition;
    let mut scope = Condition::any().add(ideas::Column::PairId.is_null());
    if let Some(pair_id) = pair_id {
        scope = scope.add(ideas::Column::PairId.eq(pair_id));
    }
    ideas::Entity::find()
        .filter(scope)
        .filter(ideas::Column::Retired.eq(false))
        .order_by_asc(ideas::Column::Id)
        .all(db)
        .await
}

pub async fn find_idea(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<crate::entities::ideas::Model>, DbErr> {
    crate::entities::ideas::Entity::find_by_id(id).one(db).await
}

/// Pairs' ideas offered to the library and not yet accepted or declined.
pub async fn pending_suggestions(
    db: &impl ConnectionTrait,
) -> Result<Vec<crate::entities::ideas::Model>, DbErr> {
    use crate::entities::ideas;
    ideas::Entity::find()
        .filter(ideas::Column::Suggestion.eq(crate::domain::choices::IdeaSuggestion::Pending))
        .order_by_asc(ideas::Column::Id)
        .all(db)
        .await
}

pub async fn add_idea(
    db: &impl ConnectionTrait,
    idea: crate::entities::ideas::ActiveModel,
) -> Result<(), DbErr> {
    idea.insert(db).await.map(|_| ())
}

/// The agenda items of these meetings.
pub async fn agenda_of(
    db: &impl ConnectionTrait,
    meeting_ids: &[i32],
) -> Result<Vec<crate::entities::agenda_items::Model>, DbErr> {
    use crate::entities::agenda_items;
    agenda_items::Entity::find()
        .filter(agenda_items::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .order_by_asc(agenda_items::Column::Id)
        .all(db)
        .await
}

pub async fn find_agenda_item(
    db: &impl ConnectionTrait,
    id: i32,
) -> Result<Option<crate::entities::agenda_items::Model>, DbErr> {
    crate::entities::agenda_items::Entity::find_by_id(id)
        .one(db)
        .await
}

/// A new idea of the library (`pair_id` None) or of one pair.
pub fn new_idea(
    (category, title, how_to): (IdeaCategory, String, String),
    pair_id: Option<i32>,
    suggestion: IdeaSuggestion,
    created_by: i32,
) -> ideas::ActiveModel {
    ideas::ActiveModel {
        category: Set(category),
        title: Set(title),
        how_to: Set(how_to),
        pair_id: Set(pair_id),
        suggestion: Set(suggestion),
        retired: Set(false),
        created_by: Set(Some(created_by)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}
