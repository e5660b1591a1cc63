//! Who may open a pair and change it, its goals and its meetings: the checks every server
//! function of the pair's workspace starts with, and where it sends the browser back to.

use serde::{Deserialize, Serialize};

use crate::domain::choices::Role;
#[cfg(feature = "ssr")]
use crate::entities::{pairs, users};
#[cfg(feature = "ssr")]
use crate::error::AppError;

/// Characters allowed in the agreement's and goals' longer answers, and in a comment.
pub const LONG_TEXT_MAX: usize = 2000;

crate::domain::choices::choices!(
    /// What a form of the pair page just did: its code comes back in `?done=`, its label is the
    /// message the page shows.
    PairDone {
        Agreement = "agreement": "Your agreement was saved.",
        Goal = "goal": "The goal was saved.",
        Moved = "moved": "The goals were reordered.",
        Step = "step": "The checklist was updated.",
        Comment = "comment": "Your comment was added.",
        Proposed = "proposed": "Your proposal was sent.",
        Accepted = "accepted": "The meeting is agreed.",
        Rescheduled = "rescheduled": "Another time was suggested.",
        Held = "held": "The meeting was marked held.",
        Cancelled = "cancelled": "The meeting was cancelled.",
        Notes = "notes": "Your notes were saved.",
        Agenda = "agenda": "The agenda was updated.",
        Idea = "idea": "Your idea was saved.",
        Concern = "concern": "Your message reached the organizers. Your partner does not see it.",
        Checkin = "checkin": "Thank you: your check-in reached the organizers.",
    }
);

/// Who is looking at a pair page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Viewer {
    Member(Role),
    Organizer,
}

/// The person asking, the pair, and how they stand to it. Anyone who is neither a member nor
/// an organizer is told the pair does not exist.
#[cfg(feature = "ssr")]
pub async fn open_pair(pair_id: i32) -> Result<(users::Model, pairs::Model, Viewer), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let pair = crate::matching::db::find_pair(&crate::context::db()?, pair_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = if pair.mentee_id == user.id {
        Viewer::Member(Role::Mentee)
    } else if pair.mentor_id == user.id {
        Viewer::Member(Role::Mentor)
    } else if user.is_organizer {
        Viewer::Organizer
    } else {
        return Err(AppError::NotFound);
    };
    Ok((user, pair, viewer))
}

/// Like [`open_pair`], for changes: only a member (of the role given, if any) of a pair that
/// has not ended, in a year still open.
#[cfg(feature = "ssr")]
pub async fn change_pair(
    pair_id: i32,
    role: Option<Role>,
) -> Result<(users::Model, pairs::Model), AppError> {
    let (user, pair, viewer) = open_pair(pair_id).await?;
    match (viewer, role) {
        (Viewer::Organizer, _) => return Err(AppError::Forbidden),
        (Viewer::Member(mine), Some(wanted)) if mine != wanted => {
            return Err(AppError::Refused(match wanted {
                Role::Mentee => "Goals are the mentee's to set; comment on them instead.".into(),
                Role::Mentor => "Only the mentor can do that.".into(),
            }));
        }
        _ => {}
    }
    if pair.ended_on.is_some() {
        return Err(AppError::Refused(
            "This pair has ended; its page is kept as it was.".into(),
        ));
    }
    crate::program::year::ensure_open(&crate::program::year::load_year(pair.year_id).await?)?;
    Ok((user, pair))
}

/// Something of one pair (a goal, a meeting) that was looked up, for a change by a member (of
/// `role`, if given): "not found" if there is none.
#[cfg(feature = "ssr")]
async fn change_in_pair<T>(
    found: Option<T>,
    pair_of: impl Fn(&T) -> i32,
    role: Option<Role>,
) -> Result<(users::Model, T), AppError> {
    let item = found.ok_or(AppError::NotFound)?;
    let (user, _) = change_pair(pair_of(&item), role).await?;
    Ok((user, item))
}

/// The goal, for a change by a member (of `role`, if given).
#[cfg(feature = "ssr")]
pub async fn change_goal(
    goal_id: i32,
    role: Option<Role>,
) -> Result<(users::Model, crate::entities::goals::Model), AppError> {
    let goal = super::db::find_goal(&crate::context::db()?, goal_id).await?;
    change_in_pair(goal, |goal| goal.pair_id, role).await
}

/// A pair's long free text (notes, a concern, a comment), checked for length; the message if not.
#[cfg(feature = "ssr")]
pub fn long_text(value: &str, required: Option<&str>) -> Result<String, String> {
    crate::domain::profile::text(value, LONG_TEXT_MAX, required)
}

#[cfg(feature = "ssr")]
pub fn back_to(pair_id: i32, done: PairDone) {
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/pairs/{pair_id}"),
        done,
    ));
}

/// The meeting, for a change by a member of its pair (which has not ended, in an open year).
#[cfg(feature = "ssr")]
pub async fn change_meeting(
    meeting_id: i32,
) -> Result<(users::Model, crate::entities::meetings::Model), AppError> {
    let meeting = super::db::find_meeting(&crate::context::db()?, meeting_id).await?;
    change_in_pair(meeting, |meeting| meeting.pair_id, None).await
}
