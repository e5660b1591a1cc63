//! Server functions for the pair's workspace. Only the pair's two members may change anything;
//! organizers may open the page but see goals only as counts, unless the mentee shared one; anyone
//! else is told the pair does not exist.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::access::Viewer;
use crate::domain::choices::{GoalStatus, Role};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Checked;
use crate::profiles::api::PublicProfile;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairSummary {
    pub pair_id: i32,
    pub year_label: String,
    pub my_role: Role,
    pub partner_name: String,
    /// Where the quarter under way stands, e.g. "No meeting yet this Winter quarter".
    pub this_quarter: Option<String>,
    /// Said when the quarter is half over without a meeting.
    pub nudge: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub meeting_plan: String,
    pub communication: String,
    pub mentee_hopes: String,
    pub mentor_hopes: String,
    pub off_limits: String,
    pub meetings_per_quarter: i32,
    /// When it was last written; none until the pair records it.
    pub updated_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: i32,
    pub text: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub author_name: String,
    pub body: String,
    pub written_on: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: i32,
    pub title: String,
    pub why: String,
    pub target: String,
    pub status: GoalStatus,
    pub shareable: bool,
    pub steps: Vec<Step>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairPage {
    pub id: i32,
    pub year_label: String,
    pub viewer: Viewer,
    pub mentee_name: String,
    pub mentor_name: String,
    /// The other member's profile with contact details; none for organizers.
    pub partner: Option<PublicProfile>,
    pub agreement: Agreement,
    /// Every goal for the members; for organizers only those the mentee shared.
    pub goals: Vec<Goal>,
    /// How many goals stand at each status (what organizers see of the rest).
    pub goal_counts: Vec<(GoalStatus, usize)>,
    /// "Ended on …: reason" once the pair has ended; the page is then read-only.
    pub ended: Option<String>,
    pub meetings: Vec<super::meetings::Meeting>,
    /// Meetings held each quarter against the minimum and the pair's plan.
    pub rhythm: Vec<crate::domain::rhythm::QuarterRhythm>,
    /// Said when the current quarter is half over without a meeting.
    pub nudge: Option<String>,
    /// What can go on a meeting's agenda: (`idea:ID` or `goal:ID`, title).
    pub agenda_options: Vec<(String, String)>,
    /// Ideas the pair wrote themselves.
    pub own_ideas: Vec<super::ideas::Idea>,
    /// Ideas the pair has covered in a meeting.
    pub done_ideas: Vec<String>,
    /// The viewer's own concerns about this pair (organizers use their queue).
    pub my_concerns: Vec<super::concerns::MyConcern>,
    /// The quarter under way, if any, whose check-in a member answers.
    pub checkin_quarter: Option<String>,
    /// The viewer's check-ins; for organizers, both members'.
    pub checkins: Vec<super::concerns::Checkin>,
    /// The resource pages for the member's side now: tips until the first meeting is held,
    /// advice for a first position in the last quarter.
    pub guides: Vec<crate::resources::api::Guide>,
}

impl PairPage {
    /// Whether the person looking may change things here.
    pub fn editable_by_member(&self) -> bool {
        matches!(self.viewer, Viewer::Member(_)) && self.ended.is_none()
    }
}

/// The agreement form, as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementForm {
    pub meeting_plan: String,
    pub communication: String,
    pub mentee_hopes: String,
    pub mentor_hopes: String,
    pub off_limits: String,
    pub meetings_per_quarter: String,
}

/// A goal as the mentee posts it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GoalForm {
    pub title: String,
    pub why: String,
    pub target: String,
    pub status: String,
    /// A checkbox: present ("on") when ticked.
    pub shareable: String,
}

/// The signed-in person's active pairs (a mentor may have several).
#[server(endpoint = "my_pairs")]
pub async fn get_my_pairs() -> Result<Vec<PairSummary>, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let mut summaries = Vec::new();
    for pair in crate::matching::db::active_pairs_of(&db, user.id).await? {
        let (my_role, partner_id) = if pair.mentee_id == user.id {
            (Role::Mentee, pair.mentor_id)
        } else {
            (Role::Mentor, pair.mentee_id)
        };
        let partner_name = crate::auth::db::display_name(&db, partner_id).await?;
        let year = crate::program::year::load_year(pair.year_id).await?;
        let held = super::meetings::held_dates(pair.id).await?;
        let today = crate::context::program_today();
        summaries.push(PairSummary {
            pair_id: pair.id,
            this_quarter: crate::domain::rhythm::this_quarter(&year.calendar, &held, today),
            nudge: crate::domain::rhythm::nudge(&year.calendar, &held, today),
            year_label: year.label,
            my_role,
            partner_name,
        });
    }
    Ok(summaries)
}

#[server(endpoint = "pair_page")]
pub async fn get_pair(pair_id: i32) -> Result<PairPage, AppError> {
    use std::collections::BTreeMap;
    let (user, pair, viewer) = super::access::open_pair(pair_id).await?;
    let db = crate::context::db()?;
    let name_of = |id: i32| crate::auth::db::display_name(&db, id);
    let partner = match viewer {
        Viewer::Organizer => None,
        Viewer::Member(_) => {
            let partner_id = if pair.mentee_id == user.id {
                pair.mentor_id
            } else {
                pair.mentee_id
            };
            match crate::auth::db::find_user(&db, partner_id).await? {
                Some(partner) => {
                    let profile = crate::profiles::db::find_profile(&db, partner.id).await?;
                    Some(crate::profiles::api::partner_profile(
                        &partner,
                        profile.as_ref(),
                    ))
                }
                None => None,
            }
        }
    };
    let agreement = super::db::agreement(&db, pair.id)
        .await?
        .map(|a| Agreement {
            meeting_plan: a.meeting_plan,
            communication: a.communication,
            mentee_hopes: a.mentee_hopes,
            mentor_hopes: a.mentor_hopes,
            off_limits: a.off_limits,
            meetings_per_quarter: a.meetings_per_quarter,
            updated_on: Some(a.updated_at.date_naive()),
        })
        .unwrap_or(Agreement {
            meetings_per_quarter: 1,
            ..Default::default()
        });
    let all_goals = super::db::goals_of(&db, pair.id).await?;
    let mut goal_counts: BTreeMap<&'static str, (GoalStatus, usize)> = BTreeMap::new();
    for goal in &all_goals {
        goal_counts
            .entry(goal.status.code())
            .or_insert((goal.status, 0))
            .1 += 1;
    }
    let visible: Vec<_> = all_goals
        .into_iter()
        .filter(|goal| viewer != Viewer::Organizer || goal.shareable)
        .collect();
    let ids: Vec<i32> = visible.iter().map(|g| g.id).collect();
    let steps = super::db::steps_of(&db, &ids).await?;
    let comments = super::db::comments_of(&db, &ids).await?;
    let mut authors: BTreeMap<i32, String> = BTreeMap::new();
    for comment in &comments {
        if let std::collections::btree_map::Entry::Vacant(entry) = authors.entry(comment.author_id)
        {
            entry.insert(name_of(comment.author_id).await?);
        }
    }
    let goals: Vec<Goal> = visible
        .into_iter()
        .map(|goal| Goal {
            id: goal.id,
            status: goal.status,
            steps: steps
                .iter()
                .filter(|s| s.goal_id == goal.id)
                .map(|s| Step {
                    id: s.id,
                    text: s.text.clone(),
                    done: s.done,
                })
                .collect(),
            comments: comments
                .iter()
                .filter(|c| c.goal_id == goal.id)
                .map(|c| Comment {
                    author_name: authors.get(&c.author_id).cloned().unwrap_or_default(),
                    body: c.body.clone(),
                    written_on: c.created_at.date_naive(),
                })
                .collect(),
            title: goal.title,
            why: goal.why,
            target: goal.target,
            shareable: goal.shareable,
        })
        .collect();
    let year = crate::program::year::load_year(pair.year_id).await?;
    let held = super::meetings::held_dates(pair.id).await?;
    let today = crate::context::program_today();
    let ongoing = pair.ended_on.is_none();
    let order = |status: &GoalStatus| GoalStatus::ALL.iter().position(|s| s == status);
    let mut goal_counts: Vec<(GoalStatus, usize)> = goal_counts.into_values().collect();
    goal_counts.sort_by_key(|(status, _)| order(status));
    let meetings =
        super::meetings::meetings_for(&pair, user.id, viewer != Viewer::Organizer).await?;
    let mut done_ideas: Vec<String> = meetings
        .iter()
        .flat_map(|m| m.agenda.iter())
        .filter(|entry| entry.done && !entry.is_goal)
        .map(|entry| entry.title.clone())
        .collect();
    done_ideas.sort();
    done_ideas.dedup();
    let ideas: Vec<super::ideas::Idea> = super::db::ideas_for(&db, Some(pair.id))
        .await?
        .into_iter()
        .map(super::ideas::ssr::idea)
        .collect();
    let agenda_options = ideas
        .iter()
        .map(|idea| (format!("idea:{}", idea.id), idea.title.clone()))
        .chain(
            goals
                .iter()
                .map(|goal| (format!("goal:{}", goal.id), format!("Goal: {}", goal.title))),
        )
        .collect();
    let member = viewer != Viewer::Organizer;
    let guides = match viewer {
        Viewer::Member(role) => {
            let in_last_quarter = year.calendar.quarters()[2].contains(today);
            crate::resources::api::ssr::guides_for(role, !held.is_empty(), in_last_quarter).await?
        }
        Viewer::Organizer => Vec::new(),
    };
    Ok(PairPage {
        id: pair.id,
        guides,
        my_concerns: if member {
            super::concerns::my_concerns(pair.id, user.id).await?
        } else {
            Vec::new()
        },
        checkin_quarter: super::concerns::ssr::current_quarter(&year)
            .map(|quarter| quarter.label().to_owned()),
        checkins: super::concerns::checkins_of(pair.id, member.then_some(user.id)).await?,
        meetings,
        agenda_options,
        own_ideas: ideas.into_iter().filter(|idea| idea.own).collect(),
        done_ideas,
        rhythm: crate::domain::rhythm::rhythm(
            &year.calendar,
            &held,
            usize::try_from(agreement.meetings_per_quarter).unwrap_or(1),
            today,
        ),
        nudge: crate::domain::rhythm::nudge(&year.calendar, &held, today).filter(|_| ongoing),
        year_label: year.label,
        viewer,
        mentee_name: name_of(pair.mentee_id).await?,
        mentor_name: name_of(pair.mentor_id).await?,
        partner,
        agreement,
        goals,
        goal_counts,
        ended: pair
            .ended_on
            .map(|on| format!("This pair ended on {on}: {}", pair.end_reason)),
    })
}

/// Either member records or changes the pair's agreement.
#[server(endpoint = "save_agreement")]
pub async fn save_agreement(
    pair_id: i32,
    #[server(flatten)] form: AgreementForm,
) -> Result<(), AppError> {
    let (user, pair) = super::access::change_pair(pair_id, None).await?;
    let fields = [
        ("meeting_plan", &form.meeting_plan),
        ("communication", &form.communication),
        ("mentee_hopes", &form.mentee_hopes),
        ("mentor_hopes", &form.mentor_hopes),
        ("off_limits", &form.off_limits),
    ];
    let long =
        |(field, value): &(&'static str, &String)| (*field, super::access::long_text(value, None));
    let (meeting_plan, communication, mentee_hopes, mentor_hopes, off_limits, per_quarter) = (
        long(&fields[0]),
        long(&fields[1]),
        long(&fields[2]),
        long(&fields[3]),
        long(&fields[4]),
        (
            "meetings_per_quarter",
            crate::domain::profile::number_in(
                &form.meetings_per_quarter,
                1..=12,
                "how many times a quarter you plan to meet (1 to 12)",
            ),
        ),
    )
        .checked()
        .map_err(|error| {
            error
                .keeping(fields.iter().map(|(field, value)| (*field, value.as_str())))
                .keeping([("meetings_per_quarter", form.meetings_per_quarter.as_str())])
        })?;
    super::db::save_agreement(
        &crate::context::db()?,
        crate::entities::pair_agreements::Model {
            pair_id: pair.id,
            meeting_plan,
            communication,
            mentee_hopes,
            mentor_hopes,
            off_limits,
            meetings_per_quarter: per_quarter,
            updated_by: Some(user.id),
            updated_at: chrono::Utc::now(),
        },
    )
    .await?;
    super::access::back_to(pair.id, super::access::PairDone::Agreement);
    Ok(())
}

/// The mentee adds a goal (`goal_id` 0) or changes one.
#[server(endpoint = "save_goal")]
pub async fn save_goal(
    pair_id: i32,
    #[server(default)] goal_id: i32,
    #[server(flatten)] form: GoalForm,
) -> Result<(), AppError> {
    let (_, pair) = super::access::change_pair(pair_id, Some(Role::Mentee)).await?;
    let db = crate::context::db()?;
    if goal_id != 0 {
        let goal = super::db::find_goal(&db, goal_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if goal.pair_id != pair.id {
            return Err(AppError::NotFound);
        }
    }
    let (title, why, target, status) = (
        (
            "title",
            crate::domain::profile::text(&form.title, 200, Some("the goal")),
        ),
        ("why", super::access::long_text(&form.why, None)),
        (
            "target",
            crate::domain::profile::text(&form.target, 100, None),
        ),
        (
            "status",
            GoalStatus::from_code(&form.status)
                .ok_or_else(|| "Choose where the goal stands.".to_owned()),
        ),
    )
        .checked()
        .map_err(|error| {
            error.keeping([
                ("title", form.title.as_str()),
                ("why", form.why.as_str()),
                ("target", form.target.as_str()),
            ])
        })?;
    let fields = super::db::GoalFields {
        title,
        why,
        target,
        status,
        shareable: !form.shareable.is_empty(),
    };
    if goal_id == 0 {
        super::db::add_goal(&db, pair.id, fields).await?;
    } else {
        super::db::update_goal(&db, goal_id, fields).await?;
    }
    super::access::back_to(pair.id, super::access::PairDone::Goal);
    Ok(())
}

/// The mentee moves a goal up or down their list (`direction` "up" or "down", with the buttons)
/// or to the Nth place ("to:N", from 1, by dragging it there).
#[server(endpoint = "move_goal")]
pub async fn move_goal(goal_id: i32, direction: String) -> Result<(), AppError> {
    use super::db::GoalMove;
    let (_, goal) = super::access::change_goal(goal_id, Some(Role::Mentee)).await?;
    let to = match direction.as_str() {
        "up" => GoalMove::Up,
        "down" => GoalMove::Down,
        other => match other
            .strip_prefix("to:")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(place @ 1..) => GoalMove::To(place - 1),
            _ => return Err(AppError::field("direction", "Choose up or down.")),
        },
    };
    let db = crate::context::db()?;
    let txn = crate::database::begin_write(&db).await?;
    super::db::move_goal(&txn, &goal, to).await?;
    txn.commit().await?;
    super::access::back_to(goal.pair_id, super::access::PairDone::Moved);
    Ok(())
}

/// The mentee adds a step to a goal's checklist.
#[server(endpoint = "add_goal_step")]
pub async fn add_goal_step(goal_id: i32, text: String) -> Result<(), AppError> {
    let (_, goal) = super::access::change_goal(goal_id, Some(Role::Mentee)).await?;
    let text = crate::domain::profile::text(&text, 300, Some("the step"))
        .map_err(|message| AppError::field("text", message))?;
    super::db::add_step(&crate::context::db()?, goal.id, text).await?;
    super::access::back_to(goal.pair_id, super::access::PairDone::Step);
    Ok(())
}

/// Either member ticks a step done, or not done again.
#[server(endpoint = "toggle_goal_step")]
pub async fn toggle_goal_step(step_id: i32) -> Result<(), AppError> {
    let db = crate::context::db()?;
    let step = super::db::find_step(&db, step_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, goal) = super::access::change_goal(step.goal_id, None).await?;
    super::db::set_step_done(&db, step.id, !step.done).await?;
    super::access::back_to(goal.pair_id, super::access::PairDone::Step);
    Ok(())
}

/// Either member comments on a goal (the tips ask the mentor to respond to the mentee's goals).
#[server(endpoint = "comment_on_goal")]
pub async fn comment_on_goal(goal_id: i32, body: String) -> Result<(), AppError> {
    let (user, goal) = super::access::change_goal(goal_id, None).await?;
    let body = super::access::long_text(&body, Some("a comment"))
        .map_err(|message| AppError::field("body", message))?;
    super::db::add_comment(&crate::context::db()?, goal.id, user.id, body).await?;
    super::access::back_to(goal.pair_id, super::access::PairDone::Comment);
    Ok(())
}
