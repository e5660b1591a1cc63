//! Server functions for the matching workflow.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::Role;
use crate::domain::matching::workspace::DraftState;
use crate::domain::matching::{Instance, PersonId};
use crate::error::AppError;
use crate::profiles::api::PublicProfile;
use crate::program::year::ProgramYear;

/// Everything the matching page needs to show the draft, and to recompute it in the browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchingWorkspace {
    pub year: ProgramYear,
    /// The saved draft's version, sent back with every change.
    pub version: i32,
    pub state: DraftState,
    /// Approved mentees without a pair and approved mentors with free places.
    pub participants: Instance,
    /// Pairs never to be made again (ended earlier).
    pub standing_exclusions: Vec<(PersonId, PersonId)>,
    /// Everyone's name, by id (mentees and mentors alike).
    pub names: Vec<(PersonId, String)>,
    /// The year's pairs already published, active and ended.
    pub pairs: Vec<PairView>,
}

impl MatchingWorkspace {
    pub fn name(&self, id: PersonId) -> String {
        self.names
            .iter()
            .find(|(person, _)| *person == id)
            .map(|(_, name)| name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }
}

crate::domain::choices::choices!(
    /// What a form of the matching page just did, for its message.
    MatchingDone {
        Settings = "settings": "Settings saved.",
        Edited = "edited": "Draft updated.",
        Published = "published": "Published: everyone matched has been told.",
        Assigned = "assigned": "Pair assigned: both have been told.",
        Ended = "ended": "Pair ended.",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairView {
    pub id: i32,
    pub mentee_id: PersonId,
    pub mentee_name: String,
    pub mentor_id: PersonId,
    pub mentor_name: String,
    pub started_on: chrono::NaiveDate,
    pub ended_on: Option<chrono::NaiveDate>,
    pub end_reason: String,
}

/// The settings form, as posted (all text: flattened fields reach serde as strings).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub method: String,
    /// One per criterion, in `Criterion::ALL` order.
    pub weights: Vec<String>,
    pub musts: Vec<String>,
    /// The draft's fingerprint as the browser computed it; empty without JavaScript.
    pub fingerprint: String,
}

/// A participant's match, as they see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMatch {
    pub pair_id: i32,
    /// The role of the person asking in this pair.
    pub my_role: Role,
    pub year_label: String,
    pub partner: PublicProfile,
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;

    pub async fn current_year() -> Result<ProgramYear, AppError> {
        crate::program::year::load_current_year()
            .await?
            .ok_or_else(|| AppError::Refused("There is no current program year yet.".into()))
    }
}

#[server(endpoint = "matching_workspace")]
pub async fn get_matching_workspace() -> Result<MatchingWorkspace, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let year = ssr::current_year().await?;
    let (version, state) = super::db::load_draft(&db, year.id).await?;
    let (participants, mut names) = super::db::participants(&db, year.id).await?;
    let pairs = super::db::all_pairs(&db, year.id).await?;
    for pair in &pairs {
        for id in [pair.mentee_id, pair.mentor_id] {
            if let std::collections::btree_map::Entry::Vacant(entry) = names.entry(id)
                && let Some(user) = crate::auth::db::find_user(&db, id).await?
            {
                entry.insert(user.display_name);
            }
        }
    }
    let name = |id: PersonId| names.get(&id).cloned().unwrap_or_default();
    let pairs = pairs
        .into_iter()
        .map(|p| PairView {
            id: p.id,
            mentee_name: name(p.mentee_id),
            mentor_name: name(p.mentor_id),
            mentee_id: p.mentee_id,
            mentor_id: p.mentor_id,
            started_on: p.started_on,
            ended_on: p.ended_on,
            end_reason: p.end_reason,
        })
        .collect();
    Ok(MatchingWorkspace {
        year,
        version,
        state,
        participants,
        standing_exclusions: super::db::earlier_pairs(&db).await?,
        names: names.into_iter().collect(),
        pairs,
    })
}

/// Saves the weights, musts and method. With JavaScript the browser sends the fingerprint of the
/// draft it computed; the server recomputes it and refuses the save if the two differ.
#[server(endpoint = "save_matching_settings")]
pub async fn save_matching_settings(
    version: i32,
    #[server(flatten)] form: SettingsForm,
) -> Result<(), AppError> {
    use crate::domain::matching::Criterion;
    use crate::domain::matching::workspace::{MAX_WEIGHT, Method};
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year().await?;
    crate::program::year::ensure_open(&year)?;
    let db = crate::context::db()?;
    let (_, mut state) = super::db::load_draft(&db, year.id).await?;
    let method = Method::from_code(&form.method)
        .ok_or_else(|| AppError::field("method", "Choose highest total, fairest or stable."))?;
    let mut problems = Vec::new();
    for (index, criterion) in Criterion::ALL.into_iter().enumerate() {
        let text = form.weights.get(index).map(String::as_str).unwrap_or("");
        match crate::domain::profile::number_in(text, 0..=MAX_WEIGHT as i32, "a weight") {
            Ok(weight) => state.set_weight(criterion, weight as u32),
            Err(message) => problems.push((criterion, message)),
        }
        state.set_must(
            criterion,
            form.musts.iter().any(|code| code == criterion.code()),
        );
    }
    if let Some((criterion, message)) = problems.first() {
        return Err(AppError::field(
            "weights",
            format!("{}: {message}", criterion.label()),
        ));
    }
    state.method = method;
    if !form.fingerprint.is_empty() {
        let (participants, _) = super::db::participants(&db, year.id).await?;
        let standing = super::db::earlier_pairs(&db).await?;
        let server =
            crate::domain::matching::workspace::run(&participants, &standing, &state).fingerprint();
        if form.fingerprint != server.to_string() {
            // Mostly a page open while applications changed, or a hand-made request: warn, not
            // error. Engines that really computed differently show up here too.
            tracing::warn!(browser = %form.fingerprint, server, "browser and server drafts differ");
            return Err(AppError::Refused(
                "The draft your browser computed differs from the server's. Please reload the page.".into(),
            ));
        }
    }
    super::service::save_settings(&db, &organizer, &year, version, &state).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/matching",
        MatchingDone::Settings,
    ));
    Ok(())
}

/// Pins, unpins, blocks or unblocks a pair in the saved draft.
#[server(endpoint = "edit_draft")]
pub async fn edit_draft(
    version: i32,
    action: String,
    mentee: PersonId,
    #[server(default)] mentor: PersonId,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year().await?;
    crate::program::year::ensure_open(&year)?;
    let db = crate::context::db()?;
    let (_, mut state) = super::db::load_draft(&db, year.id).await?;
    match action.as_str() {
        "pin" => state.pin(mentee, mentor),
        "unpin" => state.unpin(mentee),
        "block" => state.block(mentee, mentor),
        "unblock" => state.unblock(mentee, mentor),
        _ => {
            return Err(AppError::field(
                "action",
                "Choose pin, unpin, block or unblock.",
            ));
        }
    }
    super::service::save_draft(&db, &organizer, year.id, version, &state).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/matching",
        MatchingDone::Edited,
    ));
    Ok(())
}

/// Makes the draft the year's pairs, all or nothing. Capacity is checked by the database for every
/// pair, so a mentor filled meanwhile (by a late assignment, say) stops the whole publication.
#[server(endpoint = "publish_draft")]
pub async fn publish_draft(version: i32) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year().await?;
    let published =
        super::service::publish(&crate::context::db()?, &organizer, &year, version).await?;
    tracing::info!(
        organizer_id = organizer.id,
        year_id = year.id,
        pairs = published,
        "draft published"
    );
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/matching",
        MatchingDone::Published,
    ));
    Ok(())
}

/// Pairs a mentee (a late enrollee, say) with a mentor by hand, if the mentor has a free place.
#[server(endpoint = "assign_pair")]
pub async fn assign_pair(mentee: PersonId, mentor: PersonId) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year().await?;
    super::service::assign(&crate::context::db()?, &organizer, &year, mentee, mentor).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/matching",
        MatchingDone::Assigned,
    ));
    Ok(())
}

/// Ends a pair (kept for history; the two will not be paired again).
#[server(endpoint = "end_pair")]
pub async fn end_pair(pair_id: i32, reason: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let reason = crate::domain::profile::text(&reason, 500, Some("why the pair ends"))
        .map_err(|message| AppError::field("reason", message))?;
    super::service::end(&crate::context::db()?, &organizer, pair_id, &reason).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/matching",
        MatchingDone::Ended,
    ));
    Ok(())
}

/// The signed-in person's active matches, with each partner's profile and contact details.
#[server(endpoint = "my_matches")]
pub async fn my_matches() -> Result<Vec<MyMatch>, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let mut matches = Vec::new();
    for pair in super::db::active_pairs_of(&db, user.id).await? {
        let (my_role, partner_id) = if pair.mentee_id == user.id {
            (Role::Mentee, pair.mentor_id)
        } else {
            (Role::Mentor, pair.mentee_id)
        };
        let Some(partner) = crate::auth::db::find_user(&db, partner_id).await? else {
            continue;
        };
        let profile = crate::profiles::db::find_profile(&db, partner.id).await?;
        let year = crate::program::year::load_year(pair.year_id).await?;
        matches.push(MyMatch {
            pair_id: pair.id,
            my_role,
            year_label: year.label,
            partner: crate::profiles::api::partner_profile(&partner, profile.as_ref()),
        });
    }
    Ok(matches)
}
