//! Server functions for applications and decisions, invitations and the CSV import.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{EnrollmentStatus, MentorSource, Role};
use crate::domain::roster::{RosterRow, RowProblem};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Checked;
use crate::program::year::ProgramYear;

/// Characters allowed in each free-text answer of an application.
pub const ANSWER_MAX_CHARS: usize = 1000;
/// Where the link of an invitation just sent waits in the organizer's session to be shown once.
#[cfg(feature = "ssr")]
const JUST_SENT_KEY: &str = "invitation_just_sent";

crate::domain::choices::choices!(
    /// What the application page's forms just did, for its message.
    ApplyDone {
        Applied = "applied": "Your application was saved. The organizers will let you know their decision.",
        Ranked = "ranked": "Your choices were saved.",
    }
);

crate::domain::choices::choices!(
    /// What the import preview just did, for its message.
    ImportDone {
        Committed = "committed": "Imported. People with an account are enrolled; everyone else has been invited.",
    }
);

/// What the application page needs: the year, the person's profile side, their enrollment if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationState {
    pub year: Option<ProgramYear>,
    pub today: NaiveDate,
    pub profile_side: Option<Role>,
    pub enrollment: Option<MyEnrollment>,
    /// Whom the person may rank (id, how they are shown): for an approved mentee, this year's
    /// approved mentors; for an approved mentor, the approved mentees who asked for them.
    pub to_rank: Vec<(i32, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyEnrollment {
    pub role: Role,
    pub status: EnrollmentStatus,
    pub capacity: Option<i32>,
    pub goals: String,
    pub availability: String,
    pub notes_for_organizers: String,
    pub decision_message: String,
    /// The other side's people this person ranked, first choice first.
    pub ranking: Vec<i32>,
}

/// How many people a participant may rank.
pub const RANKED_MAX: usize = 3;

/// A row of the organizers' applications table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRow {
    pub enrollment_id: i32,
    pub user_id: i32,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub source: Option<MentorSource>,
    pub capacity: Option<i32>,
    pub status: EnrollmentStatus,
    pub applied_on: NaiveDate,
    pub goals: String,
    pub notes_for_organizers: String,
    pub decision_message: String,
    /// The organizing body the participant comes through.
    pub body_id: Option<i32>,
}

/// The applications table's sorting and filters, as its GET form sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationQuery {
    pub sort: String,
    pub role: String,
    pub status: String,
    pub source: String,
    pub q: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applications {
    pub year: ProgramYear,
    pub bodies: Vec<crate::program::api::OrganizingBody>,
    pub rows: Vec<ApplicationRow>,
    /// Before filtering.
    pub total: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub sent_on: NaiveDate,
    pub accepted: bool,
    pub expired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitations {
    pub year: ProgramYear,
    pub rows: Vec<InvitationRow>,
    /// The invitation this organizer just sent, shown once.
    pub just_sent: Option<InvitationLink>,
}

/// The link of the invitation just created, shown once to the organizer (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationLink {
    pub email: String,
    pub link: String,
}

/// What the invitation page shows before accepting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationDetails {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub year_label: String,
    pub account_exists: bool,
    pub signed_in_as_invitee: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: i32,
    pub file_name: String,
    pub year_label: String,
    /// Valid rows not yet enrolled or invited: what committing adds.
    pub to_import: Vec<RosterRow>,
    /// Valid rows whose person is already enrolled or invited this year: skipped.
    pub already: Vec<RosterRow>,
    pub problems: Vec<RowProblem>,
    /// When the file cannot be read at all.
    pub file_error: Option<String>,
    pub committed: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::*;
    use crate::entities::enrollments;

    pub fn one_role_per_year(enrolled_as: Role, year: &str) -> AppError {
        AppError::Refused(format!(
            "You are already enrolled as a {enrolled_as} in {year}. A person cannot be both mentee and mentor in the same year."
        ))
    }

    pub fn current_year_or_refuse(year: Option<ProgramYear>) -> Result<ProgramYear, AppError> {
        year.ok_or_else(|| AppError::Refused("There is no current program year yet.".into()))
    }

    pub fn my_enrollment(e: enrollments::Model, ranking: Vec<i32>) -> MyEnrollment {
        MyEnrollment {
            role: e.role,
            status: e.status,
            capacity: e.capacity,
            goals: e.goals,
            availability: e.availability,
            notes_for_organizers: e.notes_for_organizers,
            decision_message: e.decision_message,
            ranking,
        }
    }

    /// This year's approved mentors, by name.
    pub async fn approved_mentors(year_id: i32) -> Result<Vec<(i32, String)>, AppError> {
        let rows = super::super::db::participants(&crate::context::db()?, year_id).await?;
        let mut mentors: Vec<(i32, String)> = rows
            .into_iter()
            .filter(|(e, _)| e.role == Role::Mentor && e.status == EnrollmentStatus::Approved)
            .map(|(_, user)| (user.id, user.display_name))
            .collect();
        mentors.sort_by_key(|(_, name)| name.to_lowercase());
        Ok(mentors)
    }

    /// This year's approved mentees who ranked `mentor_id`, each shown with their degree program
    /// and career interests: what the mentor needs to rank them, and no more.
    pub async fn mentees_who_asked(
        year_id: i32,
        mentor_id: i32,
    ) -> Result<Vec<(i32, String)>, AppError> {
        use crate::domain::choices::TagKind;
        let db = crate::context::db()?;
        let mut mentees = Vec::new();
        let participants = super::super::db::participants(&db, year_id).await?;
        let ids: Vec<i32> = participants.iter().map(|(e, _)| e.id).collect();
        let rankings = super::super::db::rankings_of(&db, &ids).await?;
        for (enrollment, user) in participants {
            if enrollment.role != Role::Mentee
                || enrollment.status != EnrollmentStatus::Approved
                || !rankings
                    .get(&enrollment.id)
                    .is_some_and(|ranked| ranked.contains(&mentor_id))
            {
                continue;
            }
            let profile = crate::profiles::db::find_profile(&db, user.id).await?;
            let about: Vec<String> = profile
                .iter()
                .flat_map(|row| {
                    row.profile
                        .degree_program
                        .map(|program| program.label().to_owned())
                        .into_iter()
                        .chain(row.labels(TagKind::Interest))
                })
                .collect();
            let shown = if about.is_empty() {
                user.display_name
            } else {
                format!("{} ({})", user.display_name, about.join(", "))
            };
            mentees.push((user.id, shown));
        }
        Ok(mentees)
    }
}

#[server(endpoint = "application_state")]
pub async fn get_application_state() -> Result<ApplicationState, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let year = crate::program::year::load_current_year().await?;
    let enrollment = match &year {
        Some(year) => match super::db::find_enrollment(&db, user.id, year.id).await? {
            Some(enrollment) => {
                let ranking = super::db::ranking_of(&db, enrollment.id).await?;
                Some(ssr::my_enrollment(enrollment, ranking))
            }
            None => None,
        },
        None => None,
    };
    let profile_side = crate::profiles::db::find_profile(&db, user.id)
        .await?
        .and_then(|row| row.profile.side);
    let approved_as = enrollment
        .as_ref()
        .filter(|e| e.status == EnrollmentStatus::Approved)
        .map(|e| e.role);
    let to_rank = match (&year, approved_as) {
        (Some(year), Some(Role::Mentee)) => ssr::approved_mentors(year.id).await?,
        (Some(year), Some(Role::Mentor)) => ssr::mentees_who_asked(year.id, user.id).await?,
        _ => Vec::new(),
    };
    Ok(ApplicationState {
        year,
        today: crate::context::program_today(),
        profile_side,
        enrollment,
        to_rank,
    })
}

/// Applies to the current year, or changes the answers of an application still waiting for a
/// decision. Refused after the deadline, with the other role in the same year, or without a
/// profile for that role.
#[server(endpoint = "apply")]
pub async fn apply(
    role: String,
    #[server(default)] capacity: String,
    #[server(default)] goals: String,
    #[server(default)] availability: String,
    #[server(default)] notes_for_organizers: String,
) -> Result<(), AppError> {
    use super::db::{Application, Applied};
    use crate::domain::profile::{number_in, text};

    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let year = ssr::current_year_or_refuse(crate::program::year::load_current_year().await?)?;
    let today = crate::context::program_today();
    if !year.accepts_applications(today) {
        return Err(AppError::Refused(format!(
            "Applications for {} closed on {}. Please contact the organizers if you would still like to take part.",
            year.label,
            year.enrollment_deadline.format("%B %-d, %Y")
        )));
    }
    let keep = [
        ("role", role.as_str()),
        ("capacity", capacity.as_str()),
        ("goals", goals.as_str()),
        ("availability", availability.as_str()),
        ("notes_for_organizers", notes_for_organizers.as_str()),
    ];
    let role_checked = Role::from_code(&role).ok_or_else(|| "Choose mentee or mentor.".to_owned());
    let capacity_checked = match role_checked {
        Ok(Role::Mentor) => number_in(&capacity, 1..=5, "how many mentees you can take").map(Some),
        _ => Ok(None),
    };
    let goals_required = (role_checked == Ok(Role::Mentee)).then_some("your goals for the year");
    let goals_checked = text(&goals, ANSWER_MAX_CHARS, goals_required);
    let availability_checked = text(&availability, ANSWER_MAX_CHARS, None);
    let notes_checked = text(&notes_for_organizers, ANSWER_MAX_CHARS, None);
    let (role, capacity, goals, availability, notes) = (
        ("role", role_checked),
        ("capacity", capacity_checked),
        ("goals", goals_checked),
        ("availability", availability_checked),
        ("notes_for_organizers", notes_checked),
    )
        .checked()
        .map_err(|error| error.keeping(keep))?;
    let existing = super::db::find_enrollment(&db, user.id, year.id).await?;
    if let Some(existing) = existing.as_ref().filter(|e| e.role != role) {
        return Err(ssr::one_role_per_year(existing.role, &year.label));
    }
    let side = crate::profiles::db::find_profile(&db, user.id)
        .await?
        .and_then(|row| row.profile.side);
    if side != Some(role) {
        return Err(AppError::Refused(format!(
            "Please complete your profile as a {} first, then apply.",
            role.label().to_lowercase()
        )));
    }
    let application = |status| Application {
        user_id: user.id,
        year_id: year.id,
        role,
        status,
        capacity,
        goals: &goals,
        availability: &availability,
        notes_for_organizers: &notes,
    };
    match super::db::insert_enrollment(&db, application(EnrollmentStatus::Applied)).await? {
        Applied::Created(_) => {}
        Applied::AlreadyEnrolled => {
            // Re-read: a simultaneous application may have been the one that got in.
            let existing = super::db::find_enrollment(&db, user.id, year.id)
                .await?
                .ok_or(AppError::NotFound)?;
            if existing.role != role {
                return Err(ssr::one_role_per_year(existing.role, &year.label));
            }
            if existing.status != EnrollmentStatus::Applied {
                return Err(AppError::Refused(
                    "The organizers have already decided on your application; contact them to change it.".into(),
                ));
            }
            super::db::update_answers(&db, existing.id, application(EnrollmentStatus::Applied))
                .await?;
        }
    }
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/apply",
        ApplyDone::Applied,
    ));
    Ok(())
}

/// An approved participant ranks up to three people of the other side (empty choices are
/// skipped): a mentee, this year's mentors; a mentor, the mentees who asked for them (mentees'
/// profiles are not public, so a mentor only sees those who chose to be seen). The stable method
/// follows rankings; the optimal one counts them as criteria.
#[server(endpoint = "save_ranking")]
pub async fn save_ranking(
    #[server(default)] first: String,
    #[server(default)] second: String,
    #[server(default)] third: String,
) -> Result<(), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let year = ssr::current_year_or_refuse(crate::program::year::load_current_year().await?)?;
    crate::program::year::ensure_open(&year)?;
    let enrollment = super::db::find_enrollment(&db, user.id, year.id)
        .await?
        .filter(|e| e.status == EnrollmentStatus::Approved)
        .ok_or_else(|| AppError::Refused("Only approved participants of this year rank.".into()))?;
    let (candidates, not_a_candidate) = if enrollment.role == Role::Mentor {
        (
            ssr::mentees_who_asked(year.id, user.id).await?,
            "Choose one of the mentees who asked for you.",
        )
    } else {
        (
            ssr::approved_mentors(year.id).await?,
            "Choose one of this year's mentors.",
        )
    };
    let mut ranking: Vec<i32> = Vec::with_capacity(RANKED_MAX);
    for (field, choice) in [("first", &first), ("second", &second), ("third", &third)] {
        if choice.trim().is_empty() {
            continue;
        }
        let id = choice
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| candidates.iter().any(|(candidate, _)| candidate == id))
            .ok_or_else(|| AppError::field(field, not_a_candidate))?;
        if ranking.contains(&id) {
            return Err(AppError::field(
                field,
                "You already chose this person above.",
            ));
        }
        ranking.push(id);
    }
    super::db::set_ranking(&db, enrollment.id, &ranking).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/apply",
        ApplyDone::Ranked,
    ));
    Ok(())
}

#[server(endpoint = "applications")]
pub async fn list_applications(
    #[server(flatten)] query: ApplicationQuery,
) -> Result<Applications, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let year = ssr::current_year_or_refuse(crate::program::year::load_current_year().await?)?;
    let participants = super::db::participants(&db, year.id).await?;
    let user_ids: Vec<i32> = participants.iter().map(|(_, u)| u.id).collect();
    let profiles = crate::profiles::db::profiles_of(&db, &user_ids).await?;
    let total = participants.len();
    let needle = query.q.trim().to_lowercase();
    let mut rows: Vec<ApplicationRow> = participants
        .into_iter()
        .map(|(e, user)| {
            let role = e.role;
            ApplicationRow {
                enrollment_id: e.id,
                user_id: user.id,
                source: (role == Role::Mentor)
                    .then(|| profiles.get(&user.id))
                    .flatten()
                    .and_then(|p| p.profile.mentor_source),
                display_name: user.display_name,
                email: user.email,
                role,
                capacity: e.capacity,
                status: e.status,
                applied_on: e.created_at.date_naive(),
                goals: e.goals,
                notes_for_organizers: e.notes_for_organizers,
                decision_message: e.decision_message,
                body_id: e.body_id,
            }
        })
        .filter(|row| query.role.is_empty() || row.role.code() == query.role)
        .filter(|row| query.status.is_empty() || row.status.code() == query.status)
        .filter(|row| {
            query.source.is_empty() || row.source.map(|s| s.code()) == Some(query.source.as_str())
        })
        .filter(|row| {
            needle.is_empty()
                || row.display_name.to_lowercase().contains(&needle)
                || row.email.contains(&needle)
        })
        .collect();
    match query.sort.as_str() {
        "name" => rows.sort_by_key(|r| r.display_name.to_lowercase()),
        "role" => rows.sort_by_key(|r| (r.role, r.display_name.to_lowercase())),
        "status" => rows.sort_by_key(|r| (r.status, r.display_name.to_lowercase())),
        "source" => rows.sort_by_key(|r| (r.source, r.display_name.to_lowercase())),
        // Oldest application first: the order the organizers work through them.
        _ => {}
    }
    let bodies = crate::program::db::list_bodies(&db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Applications {
        year,
        bodies,
        rows,
        total,
    })
}

/// Approves, waitlists or declines an application, with an optional message to the applicant,
/// who is told by email.
#[server(endpoint = "decide_application")]
pub async fn decide_application(
    enrollment_id: i32,
    status: String,
    #[server(default)] message: String,
    #[server(default)] body_id: String,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let no_body = || AppError::field("body_id", "Choose one of the organizing bodies.");
    let body_id = match body_id.trim() {
        "" => None,
        id => Some(id.parse::<i32>().map_err(|_| no_body())?),
    };
    let status = EnrollmentStatus::from_code(&status)
        .filter(|s| *s != EnrollmentStatus::Applied)
        .ok_or_else(|| AppError::field("status", "Choose approve, waitlist or decline."))?;
    let message = crate::domain::profile::text(&message, ANSWER_MAX_CHARS, None)
        .map_err(|m| AppError::field("message", m))?;
    let decided = super::service::decide_application(
        &crate::context::db()?,
        &organizer,
        enrollment_id,
        super::service::Decision {
            status,
            message,
            body_id,
        },
    )
    .await?;
    tracing::info!(
        organizer_id = organizer.id,
        enrollment_id,
        status = status.code(),
        applicant_told = decided.applicant_told,
        "application decided"
    );
    Ok(())
}

#[server(endpoint = "invitations")]
pub async fn list_invitations() -> Result<Invitations, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let year = ssr::current_year_or_refuse(crate::program::year::load_current_year().await?)?;
    let now = chrono::Utc::now();
    let rows = super::db::invitations_of_year(&db, year.id)
        .await?
        .into_iter()
        .map(|i| InvitationRow {
            role: i.role,
            sent_on: i.created_at.date_naive(),
            accepted: i.accepted_at.is_some(),
            expired: i.accepted_at.is_none() && i.expires_at < now,
            email: i.email,
            display_name: i.display_name,
        })
        .collect();
    let just_sent = crate::auth::ssr::take_flash(JUST_SENT_KEY).await?;
    Ok(Invitations {
        year,
        rows,
        just_sent,
    })
}

/// Invites one person to the current year; the link goes to the outbox and back to the organizer.
#[server(endpoint = "invite")]
pub async fn invite(
    display_name: String,
    email: String,
    role: String,
) -> Result<InvitationLink, AppError> {
    use crate::domain::validation::{DisplayName, EmailAddress};
    let organizer = crate::auth::ssr::require_organizer().await?;
    let state = crate::context::app_state()?;
    let year = ssr::current_year_or_refuse(crate::program::year::load_current_year().await?)?;
    crate::program::year::ensure_open(&year)?;
    let keep = [
        ("display_name", display_name.as_str()),
        ("email", email.as_str()),
        ("role", role.as_str()),
    ];
    let (name, address, chosen_role) = (
        ("display_name", DisplayName::parse(&display_name)),
        ("email", EmailAddress::parse(&email)),
        (
            "role",
            Role::from_code(&role).ok_or_else(|| "Choose mentee or mentor.".to_owned()),
        ),
    )
        .checked()
        .map_err(|error| error.keeping(keep))?;
    if super::db::known_emails(&state.db, year.id)
        .await?
        .contains(address.as_str())
    {
        return Err(AppError::field(
            "email",
            format!(
                "{} is already enrolled in or invited to {}.",
                address.as_str(),
                year.label
            ),
        )
        .keeping(keep));
    }
    let invitee = RosterRow {
        line: 0,
        name: name.as_str().to_owned(),
        email: address.as_str().to_owned(),
        role: chosen_role,
        program: None,
        source: None,
        capacity: None,
    };
    let link = super::service::invite(
        &state.db,
        &state.config.site_url,
        &organizer,
        &year,
        &invitee,
    )
    .await?
    .ok_or_else(|| AppError::field("email", "This address was just invited.").keeping(keep))?;
    // Shown on the invitations page that follows, with or without JavaScript; only the hash of
    // the token is stored, so this is the one chance to see the link.
    let sent = InvitationLink {
        email: address.as_str().to_owned(),
        link,
    };
    crate::auth::ssr::put_flash(JUST_SENT_KEY, &sent).await?;
    Ok(sent)
}

/// An invitation that is still usable, or why not.
#[cfg(feature = "ssr")]
async fn usable_invitation(token: &str) -> Result<crate::entities::invitations::Model, AppError> {
    let db = crate::context::db()?;
    let invitation =
        super::db::find_invitation_by_token_hash(&db, &crate::auth::ssr::token_hash(token))
            .await?
            .ok_or(AppError::NotFound)?;
    if invitation.accepted_at.is_some() {
        return Err(AppError::Refused(
            "This invitation has already been used. Sign in instead.".into(),
        ));
    }
    if invitation.expires_at < chrono::Utc::now() {
        return Err(AppError::Refused(
            "This invitation has expired. Ask the organizers to send a new one.".into(),
        ));
    }
    Ok(invitation)
}

#[server(endpoint = "invitation_details")]
pub async fn get_invitation_details(token: String) -> Result<InvitationDetails, AppError> {
    use crate::domain::validation::EmailAddress;
    let invitation = usable_invitation(&token).await?;
    let db = crate::context::db()?;
    let year = crate::program::year::load_year(invitation.year_id).await?;
    let email = EmailAddress::parse(&invitation.email).map_err(crate::context::internal_error)?;
    let account_exists = crate::auth::db::find_user_by_email(&db, &email)
        .await?
        .is_some();
    let viewer = crate::auth::ssr::current_user().await?;
    Ok(InvitationDetails {
        signed_in_as_invitee: viewer.is_some_and(|v| v.email == invitation.email),
        role: invitation.role,
        email: invitation.email,
        display_name: invitation.display_name,
        year_label: year.label,
        account_exists,
    })
}

/// Accepts an invitation: creates the account (or uses the signed-in one with the invited
/// address) and enrolls the person, approved, in the invitation's year.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(
    token: String,
    #[server(default)] display_name: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    crate::auth::limits::limit(crate::domain::choices::LimitedAction::AcceptInvitation).await?;
    let invitation = usable_invitation(&token).await?;
    let db = crate::context::db()?;
    let viewer = crate::auth::ssr::current_user().await?;
    let user = match viewer {
        Some(viewer) if viewer.email == invitation.email => viewer,
        Some(_) => {
            return Err(AppError::Refused(format!(
                "This invitation is for {}. Sign out, then open the link again.",
                invitation.email
            )));
        }
        None => {
            let user = crate::auth::api::create_account(&display_name, &invitation.email, &password, false)
                .await
                .map_err(|err| match err {
                    AppError::Invalid(_) if err.field_message("email").is_some() => AppError::Refused(
                        "An account with this email already exists. Sign in first, then open the link again.".into(),
                    ),
                    other => other,
                })?;
            crate::auth::ssr::start_session(user.id).await?;
            user
        }
    };
    if !super::db::claim_invitation(&db, invitation.id).await? {
        return Err(AppError::Refused(
            "This invitation has already been used.".into(),
        ));
    }
    let role = invitation.role;
    let capacity = (role == Role::Mentor).then(|| invitation.capacity.unwrap_or(1));
    super::db::insert_enrollment(
        &db,
        super::db::Application {
            user_id: user.id,
            year_id: invitation.year_id,
            role,
            status: EnrollmentStatus::Approved,
            capacity,
            goals: "",
            availability: "",
            notes_for_organizers: "",
        },
    )
    .await?;
    leptos_axum::redirect("/profile");
    Ok(())
}

/// Receives a CSV upload (a plain multipart form, with or without JavaScript), keeps it, and
/// sends the organizer to its preview.
#[server(endpoint = "upload_roster", input = leptos::server_fn::codec::MultipartFormData)]
pub async fn upload_roster(data: leptos::server_fn::codec::MultipartData) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = ssr::current_year_or_refuse(crate::program::year::load_current_year().await?)?;
    crate::program::year::ensure_open(&year)?;
    let unreadable = || {
        AppError::field(
            "file",
            "The upload could not be read. Choose the CSV file again.",
        )
    };
    let mut multipart = data.into_inner().ok_or_else(unreadable)?;
    let mut upload = None;
    while let Some(field) = multipart.next_field().await.map_err(|_| unreadable())? {
        if field.name() == Some("file") {
            let name = field
                .file_name()
                .unwrap_or("upload.csv")
                .chars()
                .take(200)
                .collect::<String>();
            let bytes = field.bytes().await.map_err(|_| unreadable())?;
            upload = Some((name, bytes));
        }
    }
    let (file_name, bytes) = upload
        .filter(|(_, b)| !b.is_empty())
        .ok_or_else(|| AppError::field("file", "Choose a CSV file to upload."))?;
    let content = String::from_utf8(bytes.to_vec()).map_err(|_| {
        AppError::field(
            "file",
            "The file is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8”.",
        )
    })?;
    let id = super::db::store_import(
        &crate::context::db()?,
        year.id,
        organizer.id,
        &file_name,
        &content,
    )
    .await?;
    leptos_axum::redirect(&format!("/program/import/{id}"));
    Ok(())
}

/// The rows of an uploaded file, each classified: to import, already there, or with problems.
#[server(endpoint = "import_preview")]
pub async fn get_import_preview(import_id: i32) -> Result<ImportPreview, AppError> {
    crate::auth::ssr::require_organizer().await?;
    preview(import_id).await
}

#[cfg(feature = "ssr")]
async fn preview(import_id: i32) -> Result<ImportPreview, AppError> {
    let db = crate::context::db()?;
    let stored = super::db::find_import(&db, import_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = crate::program::year::load_year(stored.year_id).await?;
    let mut result = ImportPreview {
        id: stored.id,
        file_name: stored.file_name,
        year_label: year.label,
        to_import: Vec::new(),
        already: Vec::new(),
        problems: Vec::new(),
        file_error: None,
        committed: stored.committed_at.is_some(),
    };
    match crate::domain::roster::parse_roster(&stored.content) {
        Ok(roster) => {
            let known = super::db::known_emails(&db, stored.year_id).await?;
            let (already, to_import) = roster
                .rows
                .into_iter()
                .partition(|row| known.contains(&row.email));
            result.to_import = to_import;
            result.already = already;
            result.problems = roster.problems;
        }
        Err(message) => result.file_error = Some(message),
    }
    Ok(result)
}

/// Adds every valid new row in one transaction: people with an account are enrolled (approved),
/// others invited. Running it again adds nothing, since every row is then already there.
#[server(endpoint = "import_commit")]
pub async fn import_commit(import_id: i32) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let state = crate::context::app_state()?;
    let preview = preview(import_id).await?;
    let stored = super::db::find_import(&state.db, import_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = crate::program::year::load_year(stored.year_id).await?;
    crate::program::year::ensure_open(&year)?;
    super::service::import_roster(
        &state.db,
        &state.config.site_url,
        &organizer,
        &year,
        import_id,
        &preview.to_import,
    )
    .await?;
    tracing::info!(
        organizer_id = organizer.id,
        import_id,
        rows = preview.to_import.len(),
        "import committed"
    );
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/program/import/{import_id}"),
        ImportDone::Committed,
    ));
    Ok(())
}
