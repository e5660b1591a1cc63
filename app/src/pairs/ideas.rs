//! Meeting ideas: the library everyone can browse (seeded with the program's meeting ideas and
//! first-position advice), a pair's own ideas (which they may suggest to the library), and the
//! ideas and goals on a meeting's agenda, marked done as the pair covers them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::components::routing::with_done;
use crate::domain::choices::IdeaCategory;
#[cfg(feature = "ssr")]
use crate::domain::choices::IdeaSuggestion;
use crate::error::AppError;

crate::domain::choices::choices!(
    /// What a form of the ideas library just did, for its message.
    IdeasDone {
        Saved = "saved": "The idea was saved.",
        Reviewed = "reviewed": "The suggestion was answered.",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Idea {
    pub id: i32,
    pub category: IdeaCategory,
    pub title: String,
    pub how_to: String,
    /// The pair's own idea rather than the library's.
    pub own: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeasLibrary {
    pub ideas: Vec<Idea>,
    /// For organizers: pairs' ideas offered to the library.
    pub suggestions: Vec<Idea>,
    pub organizer: bool,
}

/// An idea or a goal on a meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaEntry {
    pub id: i32,
    pub title: String,
    pub done: bool,
    /// One of the pair's goals rather than an idea.
    pub is_goal: bool,
}

/// An idea as posted (by a pair, or by an organizer for the library).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IdeaForm {
    pub category: String,
    pub title: String,
    pub how_to: String,
    /// A checkbox: offer the pair's idea to the library.
    pub suggest: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::entities::ideas;

    pub fn idea(model: ideas::Model) -> Idea {
        Idea {
            id: model.id,
            category: model.category,
            own: model.pair_id.is_some(),
            title: model.title,
            how_to: model.how_to,
        }
    }

    /// The idea's fields, checked; the fields at fault otherwise.
    pub fn checked(form: &IdeaForm) -> Result<(IdeaCategory, String, String), AppError> {
        use crate::error::Checked;
        (
            (
                "category",
                IdeaCategory::from_code(&form.category)
                    .ok_or_else(|| "Choose a category.".to_owned()),
            ),
            (
                "title",
                crate::domain::profile::text(&form.title, 200, Some("the idea")),
            ),
            (
                "how_to",
                crate::domain::profile::text(&form.how_to, 1000, None),
            ),
        )
            .checked()
            .map_err(|error| {
                error.keeping([
                    ("title", form.title.as_str()),
                    ("how_to", form.how_to.as_str()),
                ])
            })
    }
}

/// The agenda of each of these meetings, titled from their ideas and goals. Someone outside the
/// pair (an organizer) reads a goal's title only if the mentee shared that goal.
#[cfg(feature = "ssr")]
pub(crate) async fn agendas(
    meeting_ids: &[i32],
    member: bool,
) -> Result<Vec<(i32, AgendaEntry)>, AppError> {
    let db = crate::context::db()?;
    let mut entries = Vec::new();
    for item in super::db::agenda_of(&db, meeting_ids).await? {
        let title = match (item.idea_id, item.goal_id) {
            (Some(idea), _) => super::db::find_idea(&db, idea).await?.map(|i| i.title),
            (_, Some(goal)) => super::db::find_goal(&db, goal).await?.map(|g| {
                if member || g.shareable {
                    format!("Goal: {}", g.title)
                } else {
                    "A goal the mentee has not shared".to_owned()
                }
            }),
            _ => None,
        };
        entries.push((
            item.meeting_id,
            AgendaEntry {
                id: item.id,
                title: title.unwrap_or_default(),
                done: item.done,
                is_goal: item.goal_id.is_some(),
            },
        ));
    }
    Ok(entries)
}

/// The library, for everyone signed in; organizers also get the suggestions waiting.
#[server(endpoint = "ideas_library")]
pub async fn get_ideas_library() -> Result<IdeasLibrary, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let ideas = super::db::ideas_for(&db, None).await?;
    let suggestions = if user.is_organizer {
        super::db::pending_suggestions(&db).await?
    } else {
        Vec::new()
    };
    Ok(IdeasLibrary {
        ideas: ideas.into_iter().map(ssr::idea).collect(),
        suggestions: suggestions.into_iter().map(ssr::idea).collect(),
        organizer: user.is_organizer,
    })
}

/// An organizer adds an idea to the library (`idea_id` 0) or changes one.
#[server(endpoint = "save_library_idea")]
pub async fn save_library_idea(
    #[server(default)] idea_id: i32,
    #[server(flatten)] form: IdeaForm,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let fields = ssr::checked(&form)?;
    let idea_id = (idea_id != 0).then_some(idea_id);
    super::service::save_library_idea(&crate::context::db()?, &organizer, idea_id, fields).await?;
    leptos_axum::redirect(&with_done("/ideas", IdeasDone::Saved));
    Ok(())
}

/// An organizer takes a pair's suggested idea into the library, or declines it.
#[server(endpoint = "review_idea_suggestion")]
pub async fn review_idea_suggestion(idea_id: i32, decision: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let accepted = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::field("decision", "Choose accept or decline.")),
    };
    super::service::review_idea_suggestion(&crate::context::db()?, &organizer, idea_id, accepted)
        .await?;
    leptos_axum::redirect(&with_done("/ideas", IdeasDone::Reviewed));
    Ok(())
}

/// Either member writes an idea of the pair's own, and may offer it to the library.
#[server(endpoint = "add_pair_idea")]
pub async fn add_pair_idea(
    pair_id: i32,
    #[server(flatten)] form: IdeaForm,
) -> Result<(), AppError> {
    let (user, pair) = super::access::change_pair(pair_id, None).await?;
    let fields = ssr::checked(&form)?;
    let suggestion = if form.suggest.is_empty() {
        IdeaSuggestion::NotOffered
    } else {
        IdeaSuggestion::Pending
    };
    super::db::add_idea(
        &crate::context::db()?,
        super::db::new_idea(fields, Some(pair.id), suggestion, user.id),
    )
    .await?;
    super::access::back_to(pair.id, super::access::PairDone::Idea);
    Ok(())
}

/// Either member puts an idea (the library's or the pair's) or one of the pair's goals on a
/// meeting's agenda: `item` is `idea:ID` or `goal:ID`.
#[server(endpoint = "add_to_agenda")]
pub async fn add_to_agenda(meeting_id: i32, item: String) -> Result<(), AppError> {
    use sea_orm::{ActiveModelTrait, Set};
    let (_, meeting) = super::access::change_meeting(meeting_id).await?;
    let db = crate::context::db()?;
    let not_this_pair = || AppError::field("item", "Choose one of the ideas or goals listed.");
    let (kind, id) = item.split_once(':').ok_or_else(not_this_pair)?;
    let id: i32 = id.parse().map_err(|_| not_this_pair())?;
    let (idea_id, goal_id) = match kind {
        "idea" => {
            let idea = super::db::find_idea(&db, id)
                .await?
                .ok_or_else(not_this_pair)?;
            if idea.pair_id.is_some_and(|owner| owner != meeting.pair_id) || idea.retired {
                return Err(not_this_pair());
            }
            (Some(id), None)
        }
        "goal" => {
            let goal = super::db::find_goal(&db, id)
                .await?
                .ok_or_else(not_this_pair)?;
            if goal.pair_id != meeting.pair_id {
                return Err(not_this_pair());
            }
            (None, Some(id))
        }
        _ => return Err(not_this_pair()),
    };
    crate::entities::agenda_items::ActiveModel {
        meeting_id: Set(meeting.id),
        idea_id: Set(idea_id),
        goal_id: Set(goal_id),
        done: Set(false),
        ..Default::default()
    }
    .insert(&db)
    .await?;
    super::access::back_to(meeting.pair_id, super::access::PairDone::Agenda);
    Ok(())
}

/// Either member marks an agenda item done, or not done again.
#[server(endpoint = "toggle_agenda_item")]
pub async fn toggle_agenda_item(item_id: i32) -> Result<(), AppError> {
    use sea_orm::{ActiveModelTrait, Set};
    let db = crate::context::db()?;
    let item = super::db::find_agenda_item(&db, item_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, meeting) = super::access::change_meeting(item.meeting_id).await?;
    let done = !item.done;
    let mut active: crate::entities::agenda_items::ActiveModel = item.into();
    active.done = Set(done);
    active.update(&db).await?;
    super::access::back_to(meeting.pair_id, super::access::PairDone::Agenda);
    Ok(())
}
