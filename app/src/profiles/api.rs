//! Server functions for profiles and the directory.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{MentorSource, Role};
use crate::domain::profile::ProfileInput;
use crate::error::AppError;

crate::domain::choices::choices!(
    /// What the profile form just did, for its message.
    ProfileDone {
        Saved = "saved": "Your profile was saved.",
    }
);

/// A profile to edit: the saved answers, as the form's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditableProfile {
    pub user_id: i32,
    pub display_name: String,
    /// Whether anything was saved yet.
    pub saved: bool,
    pub input: ProfileInput,
    /// The vocabulary to offer as checkboxes.
    pub vocabulary: Vec<String>,
}

/// What others may see of a profile. Contact details only for the person themself and organizers
/// (and, once matching publishes pairs, their partner).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicProfile {
    pub user_id: i32,
    pub display_name: String,
    pub initials: String,
    pub side: Option<Role>,
    pub pronouns: String,
    pub bio: String,
    pub location: String,
    pub remote_ok: bool,
    pub meeting_modes: Vec<String>,
    pub time_zone: String,
    pub employer: String,
    pub job_title: String,
    pub source: Option<MentorSource>,
    pub years_experience: Option<i32>,
    pub alumni_graduation_year: Option<i32>,
    pub offers: Vec<String>,
    pub expertise: Vec<String>,
    pub sectors: Vec<String>,
    /// Mentee answers: only ever filled for organizers and the person themself.
    pub mentee: Option<MenteeAnswers>,
    pub contact: Option<ContactDetails>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenteeAnswers {
    pub degree_program: String,
    pub expected_graduation_year: Option<i32>,
    pub interests: Vec<String>,
    pub dream_sectors: Vec<String>,
    pub dream_jobs: String,
    pub unwanted_jobs: String,
    pub wants: Vec<String>,
    pub wants_from_mentor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub email: String,
    pub preferences: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::domain::choices::{MeetingMode, Offer, TagKind, split_codes};
    use crate::domain::profile::{TIME_ZONES, initials};
    use crate::entities::users;
    use crate::profiles::db::ProfileRow;

    fn labels_of<T: Copy>(
        stored: &str,
        from_code: impl Fn(&str) -> Option<T>,
        label: impl Fn(T) -> &'static str,
    ) -> Vec<String> {
        split_codes(stored, from_code)
            .into_iter()
            .map(|v| label(v).to_owned())
            .collect()
    }

    pub fn time_zone_label(zone: &str) -> String {
        TIME_ZONES
            .iter()
            .find(|(code, _)| *code == zone)
            .map(|(_, label)| (*label).to_owned())
            .unwrap_or_else(|| zone.to_owned())
    }

    /// The form's fields from what is stored (or empty, for someone without a profile yet).
    pub fn input_of(row: Option<&ProfileRow>) -> ProfileInput {
        let Some(row) = row else {
            return ProfileInput {
                remote_ok: "on".into(),
                time_zone: "America/Los_Angeles".into(),
                ..Default::default()
            };
        };
        let p = &row.profile;
        let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        fn code_of(choice: Option<impl std::fmt::Display>) -> String {
            choice.map(|choice| choice.to_string()).unwrap_or_default()
        }
        let codes = |stored: &str| {
            stored
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        };
        ProfileInput {
            side: code_of(p.side),
            pronouns: p.pronouns.clone(),
            bio: p.bio.clone(),
            location: p.location.clone(),
            remote_ok: if p.remote_ok {
                "on".into()
            } else {
                String::new()
            },
            meeting_modes: codes(&p.meeting_modes),
            time_zone: p.time_zone.clone(),
            contact_preferences: p.contact_preferences.clone(),
            employer: p.employer.clone(),
            job_title: p.job_title.clone(),
            mentor_source: code_of(p.mentor_source),
            years_experience: number(p.years_experience),
            offers: codes(&p.offers),
            alumni_graduation_year: number(p.alumni_graduation_year),
            expertise: row.labels(TagKind::Expertise),
            sectors: row.labels(TagKind::Sector),
            degree_program: code_of(p.degree_program),
            expected_graduation_year: number(p.expected_graduation_year),
            interests: row.labels(TagKind::Interest),
            dream_sectors: row.labels(TagKind::DreamSector),
            dream_jobs: p.dream_jobs.clone(),
            unwanted_jobs: p.unwanted_jobs.clone(),
            wants: codes(&p.wants),
            wants_from_mentor: p.wants_from_mentor.clone(),
        }
    }

    /// What `viewer_may_see_private` allows of `user`'s profile.
    pub fn public_profile(
        user: &users::Model,
        row: Option<&ProfileRow>,
        private: bool,
    ) -> PublicProfile {
        let empty = crate::entities::profiles::Model {
            user_id: user.id,
            side: None,
            pronouns: String::new(),
            bio: String::new(),
            location: String::new(),
            remote_ok: false,
            meeting_modes: String::new(),
            time_zone: String::new(),
            contact_preferences: String::new(),
            employer: String::new(),
            job_title: String::new(),
            mentor_source: None,
            years_experience: None,
            offers: String::new(),
            alumni_graduation_year: None,
            degree_program: None,
            expected_graduation_year: None,
            dream_jobs: String::new(),
            unwanted_jobs: String::new(),
            wants: String::new(),
            wants_from_mentor: String::new(),
            updated_at: user.created_at,
        };
        let p = row.map(|row| &row.profile).unwrap_or(&empty);
        let labels = |kind| row.map(|row| row.labels(kind)).unwrap_or_default();
        let side = p.side;
        PublicProfile {
            user_id: user.id,
            display_name: user.display_name.clone(),
            initials: initials(&user.display_name),
            side,
            pronouns: p.pronouns.clone(),
            bio: p.bio.clone(),
            location: p.location.clone(),
            remote_ok: p.remote_ok,
            meeting_modes: labels_of(&p.meeting_modes, MeetingMode::from_code, MeetingMode::label),
            time_zone: time_zone_label(&p.time_zone),
            employer: p.employer.clone(),
            job_title: p.job_title.clone(),
            source: p.mentor_source,
            years_experience: p.years_experience,
            alumni_graduation_year: p.alumni_graduation_year,
            offers: labels_of(&p.offers, Offer::from_code, Offer::label),
            expertise: labels(TagKind::Expertise),
            sectors: labels(TagKind::Sector),
            mentee: (private && side == Some(Role::Mentee)).then(|| MenteeAnswers {
                degree_program: p
                    .degree_program
                    .map(|d| d.label().to_owned())
                    .unwrap_or_default(),
                expected_graduation_year: p.expected_graduation_year,
                interests: labels(TagKind::Interest),
                dream_sectors: labels(TagKind::DreamSector),
                dream_jobs: p.dream_jobs.clone(),
                unwanted_jobs: p.unwanted_jobs.clone(),
                wants: labels_of(&p.wants, Offer::from_code, Offer::label),
                wants_from_mentor: p.wants_from_mentor.clone(),
            }),
            contact: private.then(|| ContactDetails {
                email: user.email.clone(),
                preferences: p.contact_preferences.clone(),
            }),
        }
    }

    /// Organizers may edit anyone's profile (to fix an imported one); everyone else only their own.
    pub async fn require_editor_of(user_id: i32) -> Result<users::Model, AppError> {
        let viewer = crate::auth::ssr::require_user().await?;
        if viewer.id != user_id && !viewer.is_organizer {
            return Err(AppError::Forbidden);
        }
        crate::auth::db::find_user(&crate::context::db()?, user_id)
            .await?
            .ok_or(AppError::NotFound)
    }
}

/// A matched partner's whole profile, contact details included.
#[cfg(feature = "ssr")]
pub fn partner_profile(
    user: &crate::entities::users::Model,
    row: Option<&super::db::ProfileRow>,
) -> PublicProfile {
    ssr::public_profile(user, row, true)
}

/// The profile form for `user_id` (0 means the signed-in person).
#[server(endpoint = "editable_profile")]
pub async fn get_editable_profile(user_id: i32) -> Result<EditableProfile, AppError> {
    let viewer = crate::auth::ssr::require_user().await?;
    let user_id = if user_id == 0 { viewer.id } else { user_id };
    let user = ssr::require_editor_of(user_id).await?;
    let db = crate::context::db()?;
    let row = super::db::find_profile(&db, user.id).await?;
    let vocabulary = crate::program::db::curated_tags(&db).await?;
    let mut input = ssr::input_of(row.as_ref());
    if row.is_none()
        && let Some(invitation) = super::db::latest_invitation_for(&db, &user.email).await?
    {
        input.side = invitation.role.code().to_owned();
        input.degree_program = invitation
            .degree_program
            .map_or_else(String::new, |program| program.code().to_owned());
        input.mentor_source = invitation
            .mentor_source
            .map_or_else(String::new, |source| source.code().to_owned());
    }
    Ok(EditableProfile {
        user_id: user.id,
        display_name: user.display_name,
        saved: row.is_some(),
        input,
        vocabulary: vocabulary.into_iter().map(|tag| tag.label).collect(),
    })
}

/// Saves a profile. Only its owner, or an organizer, may: anyone else gets 403.
#[server(endpoint = "save_profile")]
pub async fn save_profile(
    user_id: i32,
    #[server(flatten)] profile: ProfileInput,
) -> Result<(), AppError> {
    use chrono::Datelike;
    let user = ssr::require_editor_of(user_id).await?;
    let this_year = crate::context::program_today().year();
    let checked = profile.validate(this_year).map_err(|problems| {
        let singles = [
            ("side", profile.side.as_str()),
            ("pronouns", profile.pronouns.as_str()),
            ("bio", profile.bio.as_str()),
            ("location", profile.location.as_str()),
            ("time_zone", profile.time_zone.as_str()),
            ("contact_preferences", profile.contact_preferences.as_str()),
            ("employer", profile.employer.as_str()),
            ("job_title", profile.job_title.as_str()),
            ("mentor_source", profile.mentor_source.as_str()),
            ("years_experience", profile.years_experience.as_str()),
            (
                "alumni_graduation_year",
                profile.alumni_graduation_year.as_str(),
            ),
            ("degree_program", profile.degree_program.as_str()),
            (
                "expected_graduation_year",
                profile.expected_graduation_year.as_str(),
            ),
            ("dream_jobs", profile.dream_jobs.as_str()),
            ("unwanted_jobs", profile.unwanted_jobs.as_str()),
            ("wants_from_mentor", profile.wants_from_mentor.as_str()),
        ];
        let lists = [
            ("meeting_modes", profile.meeting_modes.join("\n")),
            ("offers", profile.offers.join("\n")),
            ("expertise", profile.expertise.join("\n")),
            ("sectors", profile.sectors.join("\n")),
            ("interests", profile.interests.join("\n")),
            ("dream_sectors", profile.dream_sectors.join("\n")),
            ("wants", profile.wants.join("\n")),
        ];
        AppError::invalid(
            problems
                .into_iter()
                .map(|(field, message)| (field, Some(message))),
        )
        .keeping(singles)
        .keeping(lists.iter().map(|(field, value)| (*field, value.as_str())))
    })?;
    super::db::save_profile(&crate::context::db()?, user.id, &checked).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/profile",
        ProfileDone::Saved,
    ));
    Ok(())
}
