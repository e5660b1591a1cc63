//! Queries behind profiles and the directory (server only). Callers check permissions first.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionSession, TransactionTrait,
};

use crate::domain::choices::{TagKind, join_codes};
use crate::domain::profile::Profile;
use crate::entities::{invitations, profile_tags, profiles, tags};
use crate::program::db::tag_for_label;

/// A stored profile with its tags' labels by kind.
pub struct ProfileRow {
    pub profile: profiles::Model,
    pub tags: Vec<(TagKind, String)>,
}

impl ProfileRow {
    pub fn labels(&self, kind: TagKind) -> Vec<String> {
        self.tags
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, label)| label.clone())
            .collect()
    }
}

/// Profiles of these people (those without one are absent), with their tags.
pub async fn profiles_of(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
) -> Result<HashMap<i32, ProfileRow>, DbErr> {
    let mut rows: HashMap<i32, ProfileRow> = HashMap::new();
    // Chunked so that a year of thousands stays under the engines' parameter limits.
    for chunk in user_ids.chunks(500) {
        let found = profiles::Entity::find()
            .filter(profiles::Column::UserId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for profile in found {
            rows.insert(
                profile.user_id,
                ProfileRow {
                    profile,
                    tags: Vec::new(),
                },
            );
        }
        let links = profile_tags::Entity::find()
            .filter(profile_tags::Column::UserId.is_in(chunk.iter().copied()))
            .find_also_related_tags(db)
            .await?;
        for (link, label) in links {
            if let Some(row) = rows.get_mut(&link.user_id) {
                row.tags.push((link.kind, label));
            }
        }
    }
    for row in rows.values_mut() {
        row.tags
            .sort_by_key(|(kind, label)| (*kind, label.to_lowercase()));
    }
    Ok(rows)
}

/// Joins each tag link with its label (the entities declare no relations: one query each).
trait AlsoTags {
    async fn find_also_related_tags(
        self,
        db: &impl ConnectionTrait,
    ) -> Result<Vec<(profile_tags::Model, String)>, DbErr>;
}

impl AlsoTags for sea_orm::Select<profile_tags::Entity> {
    async fn find_also_related_tags(
        self,
        db: &impl ConnectionTrait,
    ) -> Result<Vec<(profile_tags::Model, String)>, DbErr> {
        let links = self.all(db).await?;
        let tag_ids: Vec<i32> = links.iter().map(|link| link.tag_id).collect();
        let labels: HashMap<i32, String> = tags::Entity::find()
            .filter(tags::Column::Id.is_in(tag_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|tag| (tag.id, tag.label))
            .collect();
        Ok(links
            .into_iter()
            .filter_map(|link| labels.get(&link.tag_id).cloned().map(|label| (link, label)))
            .collect())
    }
}

pub async fn find_profile(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Option<ProfileRow>, DbErr> {
    Ok(profiles_of(db, &[user_id]).await?.remove(&user_id))
}

/// Writes the whole profile and replaces its tags, in one transaction. Answers for the other side
/// are kept, so someone who mentors after being a mentee finds their old answers.
pub async fn save_profile(
    db: &(impl ConnectionTrait + TransactionTrait),
    user_id: i32,
    profile: &Profile,
) -> Result<(), DbErr> {
    let txn = crate::database::begin_write(db).await?;
    let mut row = profiles::ActiveModel {
        user_id: Set(user_id),
        side: Set(Some(profile.side)),
        pronouns: Set(profile.pronouns.clone()),
        bio: Set(profile.bio.clone()),
        location: Set(profile.location.clone()),
        remote_ok: Set(profile.remote_ok),
        meeting_modes: Set(join_codes(&profile.meeting_modes, |m| m.code())),
        time_zone: Set(profile.time_zone.clone()),
        contact_preferences: Set(profile.contact_preferences.clone()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let mut columns = vec![
        profiles::Column::Side,
        profiles::Column::Pronouns,
        profiles::Column::Bio,
        profiles::Column::Location,
        profiles::Column::RemoteOk,
        profiles::Column::MeetingModes,
        profiles::Column::TimeZone,
        profiles::Column::ContactPreferences,
        profiles::Column::UpdatedAt,
    ];
    let mut tag_kinds: Vec<(TagKind, &[String])> = Vec::new();
    if let Some(mentor) = &profile.mentor {
        row.employer = Set(mentor.employer.clone());
        row.job_title = Set(mentor.job_title.clone());
        row.mentor_source = Set(Some(mentor.source));
        row.years_experience = Set(Some(mentor.years_experience));
        row.offers = Set(join_codes(&mentor.offers, |o| o.code()));
        row.alumni_graduation_year = Set(mentor.alumni_graduation_year);
        columns.extend([
            profiles::Column::Employer,
            profiles::Column::JobTitle,
            profiles::Column::MentorSource,
            profiles::Column::YearsExperience,
            profiles::Column::Offers,
            profiles::Column::AlumniGraduationYear,
        ]);
        tag_kinds.extend([
            (TagKind::Expertise, mentor.expertise.as_slice()),
            (TagKind::Sector, mentor.sectors.as_slice()),
        ]);
    }
    if let Some(mentee) = &profile.mentee {
        row.degree_program = Set(Some(mentee.degree_program));
        row.expected_graduation_year = Set(Some(mentee.expected_graduation_year));
        row.dream_jobs = Set(mentee.dream_jobs.clone());
        row.unwanted_jobs = Set(mentee.unwanted_jobs.clone());
        row.wants = Set(join_codes(&mentee.wants, |o| o.code()));
        row.wants_from_mentor = Set(mentee.wants_from_mentor.clone());
        columns.extend([
            profiles::Column::DegreeProgram,
            profiles::Column::ExpectedGraduationYear,
            profiles::Column::DreamJobs,
            profiles::Column::UnwantedJobs,
            profiles::Column::Wants,
            profiles::Column::WantsFromMentor,
        ]);
        tag_kinds.extend([
            (TagKind::Interest, mentee.interests.as_slice()),
            (TagKind::DreamSector, mentee.dream_sectors.as_slice()),
        ]);
    }
    profiles::Entity::insert(row)
        .on_conflict(
            OnConflict::column(profiles::Column::UserId)
                .update_columns(columns)
                .to_owned(),
        )
        .exec(&txn)
        .await?;
    let replaced: Vec<&str> = tag_kinds.iter().map(|(kind, _)| kind.code()).collect();
    profile_tags::Entity::delete_many()
        .filter(profile_tags::Column::UserId.eq(user_id))
        .filter(profile_tags::Column::Kind.is_in(replaced))
        .exec(&txn)
        .await?;
    let mut links = Vec::new();
    for (kind, labels) in tag_kinds {
        for label in labels {
            let tag = tag_for_label(&txn, label).await?;
            links.push(profile_tags::ActiveModel {
                user_id: Set(user_id),
                tag_id: Set(tag.id),
                kind: Set(kind),
            });
        }
    }
    if !links.is_empty() {
        profile_tags::Entity::insert_many(links)
            .on_conflict_do_nothing()
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}

/// The most recent invitation sent to this address, to start a new person's profile from what
/// the organizers already know (their role, program or source).
pub async fn latest_invitation_for(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<invitations::Model>, DbErr> {
    invitations::Entity::find()
        .filter(invitations::Column::Email.eq(email))
        .order_by_desc(invitations::Column::Id)
        .one(db)
        .await
}
