//! Who may see whom: one person's profile (the whole of it for themselves, their partner and
//! organizers; approved mentors' public part for the year's approved participants) and the
//! directory of the current year. Deciding needs enrollments and pairs, so this sits above both.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{EnrollmentStatus, MentorSource, Role};
use crate::error::AppError;
use crate::profiles::api::PublicProfile;

/// One row of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    pub user_id: i32,
    pub display_name: String,
    pub initials: String,
    pub role: Role,
    pub status: EnrollmentStatus,
    pub source: Option<MentorSource>,
    pub headline: String,
    pub location: String,
    pub tags: Vec<String>,
    /// Organizers only.
    pub email: Option<String>,
}

/// The directory's filters, as its GET form sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryFilter {
    pub q: String,
    pub role: String,
    pub source: String,
    pub tag: String,
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directory {
    pub is_organizer: bool,
    pub year_label: String,
    pub entries: Vec<DirectoryEntry>,
    /// Tags in use, for the filter.
    pub tags: Vec<String>,
}

/// One person's profile. Mentors approved for the current year are visible to that year's approved
/// participants; everyone else only to organizers and themselves.
#[server(endpoint = "profile")]
pub async fn get_profile(user_id: i32) -> Result<PublicProfile, AppError> {
    use crate::enrollment::db as enrollment_db;
    let viewer = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let user = crate::auth::db::find_user(&db, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let partners = crate::matching::db::active_pairs_of(&db, viewer.id)
        .await?
        .iter()
        .any(|pair| pair.mentee_id == user.id || pair.mentor_id == user.id);
    let private = viewer.is_organizer || viewer.id == user.id || partners;
    if !private {
        let year = crate::program::db::current_year(&db)
            .await?
            .ok_or(AppError::NotFound)?;
        let viewer_approved = enrollment_db::find_enrollment(&db, viewer.id, year.year.id)
            .await?
            .is_some_and(|e| e.status == EnrollmentStatus::Approved);
        let is_listed_mentor = enrollment_db::find_enrollment(&db, user.id, year.year.id)
            .await?
            .is_some_and(|e| e.status == EnrollmentStatus::Approved && e.role == Role::Mentor);
        if !viewer_approved {
            return Err(AppError::Forbidden);
        }
        if !is_listed_mentor {
            // Mentees' profiles are private: not even their existence is confirmed.
            return Err(AppError::NotFound);
        }
    }
    let row = crate::profiles::db::find_profile(&db, user.id).await?;
    Ok(crate::profiles::api::ssr::public_profile(
        &user,
        row.as_ref(),
        private,
    ))
}

/// The directory of the current year: approved participants see approved mentors (no contact
/// details); organizers see everyone enrolled, with filters by role, source, tag and status.
#[server(endpoint = "directory")]
pub async fn get_directory(
    #[server(flatten)] filter: DirectoryFilter,
) -> Result<Directory, AppError> {
    use crate::enrollment::db as enrollment_db;
    let viewer = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let Some(year) = crate::program::db::current_year(&db).await? else {
        return Err(AppError::Refused(
            "There is no current program year yet.".into(),
        ));
    };
    if !viewer.is_organizer {
        let approved = enrollment_db::find_enrollment(&db, viewer.id, year.year.id)
            .await?
            .is_some_and(|e| e.status == EnrollmentStatus::Approved);
        if !approved {
            return Err(AppError::Refused(
                "The directory opens once your application for this year is approved.".into(),
            ));
        }
    }
    let rows = enrollment_db::participants(&db, year.year.id).await?;
    let user_ids: Vec<i32> = rows.iter().map(|(_, user)| user.id).collect();
    let profiles = crate::profiles::db::profiles_of(&db, &user_ids).await?;
    let query = filter.q.trim().to_lowercase();
    let mut tags_in_use = std::collections::BTreeSet::new();
    let mut entries = Vec::new();
    for (enrollment, user) in rows {
        let (role, status) = (enrollment.role, enrollment.status);
        if !viewer.is_organizer && (role != Role::Mentor || status != EnrollmentStatus::Approved) {
            continue;
        }
        let public =
            crate::profiles::api::ssr::public_profile(&user, profiles.get(&user.id), false);
        let tags: Vec<String> = match (role, profiles.get(&user.id)) {
            (Role::Mentor, _) => public
                .expertise
                .iter()
                .chain(&public.sectors)
                .cloned()
                .collect(),
            (Role::Mentee, Some(row)) => row.labels(crate::domain::choices::TagKind::Interest),
            (Role::Mentee, None) => Vec::new(),
        };
        tags_in_use.extend(tags.iter().cloned());
        let headline = match role {
            Role::Mentor if !public.job_title.is_empty() => {
                format!("{}, {}", public.job_title, public.employer)
            }
            Role::Mentor => String::new(),
            Role::Mentee => profiles
                .get(&user.id)
                .and_then(|row| row.profile.degree_program)
                .map(|program| format!("{program} student"))
                .unwrap_or_default(),
        };
        let entry = DirectoryEntry {
            user_id: user.id,
            display_name: user.display_name.clone(),
            initials: public.initials,
            role,
            status,
            source: if role == Role::Mentor {
                public.source
            } else {
                None
            },
            headline,
            location: public.location,
            tags,
            email: viewer.is_organizer.then(|| user.email.clone()),
        };
        if filter.matches(&entry, &query, &public.bio) {
            entries.push(entry);
        }
    }
    entries.sort_by(|a, b| {
        a.display_name
            .to_lowercase()
            .cmp(&b.display_name.to_lowercase())
    });
    Ok(Directory {
        is_organizer: viewer.is_organizer,
        year_label: year.year.label,
        entries,
        tags: tags_in_use.into_iter().collect(),
    })
}

impl DirectoryFilter {
    /// Whether an entry passes every filter that is set; `query` is the lower-cased search text,
    /// matched against name, headline, location, tags and bio.
    pub fn matches(&self, entry: &DirectoryEntry, query: &str, bio: &str) -> bool {
        let role_ok = self.role.is_empty() || entry.role.code() == self.role;
        let status_ok = self.status.is_empty() || entry.status.code() == self.status;
        let source_ok =
            self.source.is_empty() || entry.source.map(|s| s.code()) == Some(self.source.as_str());
        let tag_ok = self.tag.is_empty()
            || entry
                .tags
                .iter()
                .any(|tag| tag.eq_ignore_ascii_case(&self.tag));
        let text_ok = query.is_empty()
            || [
                entry.display_name.as_str(),
                &entry.headline,
                &entry.location,
                bio,
            ]
            .iter()
            .any(|text| text.to_lowercase().contains(query))
            || entry
                .tags
                .iter()
                .any(|tag| tag.to_lowercase().contains(query));
        role_ok && status_ok && source_ok && tag_ok && text_ok
    }
}
