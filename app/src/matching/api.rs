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

    pub fn conflict(current: i32) -> AppError {
        AppError::Refused(format!(
            "Another organizer changed this draft while you were working on it (it is now at version {current}). Their changes are shown now; please make yours again."
        ))
    }

    pub async fn save(
        year_id: i32,
        version: i32,
        state: &DraftState,
        organizer_id: i32,
    ) -> Result<i32, AppError> {
        use super::super::db::{SavedDraft, save_draft};
        match save_draft(
            &crate::context::db()?,
            year_id,
            version,
            state,
            organizer_id,
        )
        .await?
        {
            SavedDraft::Saved { version } => Ok(version),
            SavedDraft::Conflict { current } => Err(conflict(current)),
        }
    }

    /// Tells the pair's two people about their match: a notice on their home page and an email.
    pub async fn announce(
        db: &impl sea_orm::ConnectionTrait,
        year_label: &str,
        mentee: &crate::entities::users::Model,
        mentor: &crate::entities::users::Model,
    ) -> Result<(), sea_orm::DbErr> {
        use crate::domain::choices::Role;
        use crate::outbox::emails;
        for (person, partner, partner_role) in [
            (mentee, mentor, Role::Mentor),
            (mentor, mentee, Role::Mentee),
        ] {
            crate::notify::notices::add_notice(
                db,
                person.id,
                &emails::matched_notice(partner_role, &partner.display_name, year_label),
                &format!("/directory/{}", partner.id),
            )
            .await?;
            let letter = emails::matched(
                &person.display_name,
                partner_role,
                &partner.display_name,
                year_label,
            );
            crate::outbox::db::queue(
                db,
                crate::outbox::db::Email::to_user(
                    person,
                    crate::domain::choices::EmailKind::Program,
                    &letter.subject,
                    &letter.body,
                ),
            )
            .await?;
        }
        Ok(())
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
    ssr::save(year.id, version, &state, organizer.id).await?;
    crate::audit::db::record(
        &db,
        &organizer,
        crate::domain::choices::AuditAction::MatchingSettingsSaved,
        format!("Matching settings of {}", year.label),
        format!("Method: {}", method.code()),
    )
    .await?;
    leptos_axum::redirect("/program/matching?done=settings");
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
    ssr::save(year.id, version, &state, organizer.id).await?;
    leptos_axum::redirect("/program/matching?done=edited");
    Ok(())
}

/// Makes the draft the year's pairs, all or nothing. Capacity is checked by the database for every
/// pair, so a mentor filled meanwhile (by a late assignment, say) stops the whole publication.
#[server(endpoint = "publish_draft")]
pub async fn publish_draft(version: i32) -> Result<(), AppError> {
    use super::db::Placed;
    use crate::domain::choices::Phase;
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year().await?;
    crate::program::year::ensure_open(&year)?;
    if year.phase == Phase::Enrolling {
        return Err(AppError::Refused(
            "Enrollment is still open. Move the year to the matching phase before publishing pairs."
                .into(),
        ));
    }
    let db = crate::context::db()?;
    let (saved_version, state) = super::db::load_draft(&db, year.id).await?;
    if saved_version != version {
        return Err(ssr::conflict(saved_version));
    }
    let (participants, names) = super::db::participants(&db, year.id).await?;
    let standing = super::db::earlier_pairs(&db).await?;
    let draft = crate::domain::matching::workspace::run(&participants, &standing, &state);
    if draft.pairs.is_empty() {
        return Err(AppError::Refused(
            "The draft has no pairs to publish.".into(),
        ));
    }
    let today = crate::context::program_today();
    let name = |id: PersonId| names.get(&id).cloned().unwrap_or_default();
    let txn = crate::database::begin_write(&db).await?;
    for pair in &draft.pairs {
        let refusal = match super::db::place_pair(
            &txn,
            year.id,
            pair.mentee,
            pair.mentor,
            today,
            organizer.id,
        )
        .await?
        {
            Placed::Placed => None,
            Placed::MentorFull => Some(format!("{} has no free place any more", name(pair.mentor))),
            Placed::MenteeTaken => Some(format!("{} already has a mentor", name(pair.mentee))),
        };
        if let Some(why) = refusal {
            txn.rollback().await?;
            return Err(AppError::Refused(format!(
                "Nothing was published: {why}. The draft has been recomputed; please review it and publish again."
            )));
        }
        let (Some(mentee), Some(mentor)) = (
            crate::auth::db::find_user(&txn, pair.mentee).await?,
            crate::auth::db::find_user(&txn, pair.mentor).await?,
        ) else {
            continue;
        };
        ssr::announce(&txn, &year.label, &mentee, &mentor).await?;
    }
    if year.phase == Phase::Matching {
        crate::program::db::set_phase(&txn, year.id, Phase::Active).await?;
    }
    crate::audit::db::record(
        &txn,
        &organizer,
        crate::domain::choices::AuditAction::MatchesPublished,
        format!("Matches of {}", year.label),
        format!("{} pairs published", draft.pairs.len()),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        organizer_id = organizer.id,
        year_id = year.id,
        pairs = draft.pairs.len(),
        "draft published"
    );
    leptos_axum::redirect("/program/matching?done=published");
    Ok(())
}

/// Pairs a mentee (a late enrollee, say) with a mentor by hand, if the mentor has a free place.
#[server(endpoint = "assign_pair")]
pub async fn assign_pair(mentee: PersonId, mentor: PersonId) -> Result<(), AppError> {
    use super::db::Placed;
    use crate::domain::choices::EnrollmentStatus;
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year().await?;
    crate::program::year::ensure_open(&year)?;
    let db = crate::context::db()?;
    let approved_as = |role: Role| {
        let db = db.clone();
        let year_id = year.id;
        move |user_id: PersonId| {
            let db = db.clone();
            async move {
                Ok::<bool, AppError>(
                    crate::enrollment::db::find_enrollment(&db, user_id, year_id)
                        .await?
                        .is_some_and(|e| e.role == role && e.status == EnrollmentStatus::Approved),
                )
            }
        }
    };
    if !approved_as(Role::Mentee)(mentee).await? {
        return Err(AppError::field(
            "mentee",
            "Choose an approved mentee of this year.",
        ));
    }
    if !approved_as(Role::Mentor)(mentor).await? {
        return Err(AppError::field(
            "mentor",
            "Choose an approved mentor of this year.",
        ));
    }
    let txn = crate::database::begin_write(&db).await?;
    let placed = super::db::place_pair(
        &txn,
        year.id,
        mentee,
        mentor,
        crate::context::program_today(),
        organizer.id,
    )
    .await?;
    match placed {
        Placed::Placed => {}
        Placed::MentorFull => {
            txn.rollback().await?;
            return Err(AppError::Refused("That mentor has no free place.".into()));
        }
        Placed::MenteeTaken => {
            txn.rollback().await?;
            return Err(AppError::Refused(
                "That mentee already has a mentor this year.".into(),
            ));
        }
    }
    if let (Some(mentee), Some(mentor)) = (
        crate::auth::db::find_user(&txn, mentee).await?,
        crate::auth::db::find_user(&txn, mentor).await?,
    ) {
        ssr::announce(&txn, &year.label, &mentee, &mentor).await?;
        crate::audit::db::record(
            &txn,
            &organizer,
            crate::domain::choices::AuditAction::PairAssigned,
            format!("{} with {}", mentee.display_name, mentor.display_name),
            year.label.clone(),
        )
        .await?;
    }
    txn.commit().await?;
    leptos_axum::redirect("/program/matching?done=assigned");
    Ok(())
}

/// Ends a pair (kept for history; the two will not be paired again).
#[server(endpoint = "end_pair")]
pub async fn end_pair(pair_id: i32, reason: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let reason = crate::domain::profile::text(&reason, 500, Some("why the pair ends"))
        .map_err(|message| AppError::field("reason", message))?;
    let db = crate::context::db()?;
    let pair = super::db::find_pair(&db, pair_id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::program::year::ensure_open(&crate::program::year::load_year(pair.year_id).await?)?;
    let txn = crate::database::begin_write(&db).await?;
    if !super::db::end_pair(&txn, pair.id, crate::context::program_today(), &reason).await? {
        return Err(AppError::Refused("This pair has already ended.".into()));
    }
    let subject = format!(
        "{} with {}",
        crate::auth::db::display_name(&txn, pair.mentee_id).await?,
        crate::auth::db::display_name(&txn, pair.mentor_id).await?
    );
    crate::audit::db::record(
        &txn,
        &organizer,
        crate::domain::choices::AuditAction::PairEnded,
        subject,
        reason,
    )
    .await?;
    txn.commit().await?;
    leptos_axum::redirect("/program/matching?done=ended");
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
