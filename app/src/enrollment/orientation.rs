//! The fall orientation: organizers schedule sessions and take attendance; new participants RSVP.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::form::{Field, FormAlert, action_error};
use crate::components::notice::{Loaded, load};
use crate::error::AppError;
use crate::program::year::ProgramYear;

/// The program's clock is Los Angeles time, taken as UTC−8 (see `context::program_today`).
const PROGRAM_OFFSET_HOURS: i64 = 8;

crate::domain::choices::choices!(
    /// What reserving an orientation seat did, for the home page.
    RsvpDone {
        Booked = "rsvp": "Your orientation seat is reserved.",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrientationSession {
    pub id: i32,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: i32,
    pub place: String,
    pub video_url: String,
    pub capacity: i32,
    pub booked: i32,
    /// Whether the person asking has a seat.
    pub mine: bool,
    /// Organizers only: who booked, and who came.
    pub attendees: Vec<Attendee>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub user_id: i32,
    pub display_name: String,
    pub attended: bool,
}

impl OrientationSession {
    pub fn seats_left(&self) -> i32 {
        (self.capacity - self.booked).max(0)
    }

    /// "Tuesday, October 6, 2026, 5:00 PM Pacific time"
    pub fn when(&self) -> String {
        let local = self.starts_at.naive_utc() - chrono::Duration::hours(PROGRAM_OFFSET_HOURS);
        format!("{} Pacific time", local.format("%A, %B %-d, %Y, %-I:%M %p"))
    }

    pub fn where_(&self) -> String {
        match (self.place.is_empty(), self.video_url.is_empty()) {
            (false, false) => format!("{} or online", self.place),
            (false, true) => self.place.clone(),
            (true, false) => "Online (video call)".to_owned(),
            (true, true) => "To be announced".to_owned(),
        }
    }
}

/// Sessions of the current year offered to a new participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrientationOffer {
    pub year_label: String,
    pub sessions: Vec<OrientationSession>,
}

#[cfg(feature = "ssr")]
async fn sessions_for(
    year_id: i32,
    viewer_id: i32,
    with_attendees: bool,
) -> Result<Vec<OrientationSession>, AppError> {
    let db = crate::context::db()?;
    let rows = super::db::orientation_sessions_of(&db, year_id).await?;
    let mut names = std::collections::HashMap::new();
    if with_attendees {
        let ids: Vec<i32> = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|r| r.user_id))
            .collect();
        for id in ids {
            if let Some(user) = crate::auth::db::find_user(&db, id).await? {
                names.insert(id, user.display_name);
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|(session, rsvps)| OrientationSession {
            id: session.id,
            starts_at: session.starts_at,
            duration_minutes: session.duration_minutes,
            place: session.place,
            video_url: session.video_url,
            capacity: session.capacity,
            booked: rsvps.len() as i32,
            mine: rsvps.iter().any(|r| r.user_id == viewer_id),
            attendees: if with_attendees {
                rsvps
                    .iter()
                    .map(|r| Attendee {
                        user_id: r.user_id,
                        display_name: names.get(&r.user_id).cloned().unwrap_or_default(),
                        attended: r.attended,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect())
}

#[server(endpoint = "orientation_sessions")]
pub async fn orientation_sessions(year_id: i32) -> Result<Vec<OrientationSession>, AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    sessions_for(year_id, organizer.id, true).await
}

#[server(endpoint = "create_orientation_session")]
pub async fn create_orientation_session(
    year_id: i32,
    starts_at: String,
    duration_minutes: String,
    #[server(default)] place: String,
    #[server(default)] video_url: String,
    capacity: String,
) -> Result<(), AppError> {
    use crate::domain::profile::{number_in, text};
    use crate::error::Checked;
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = crate::program::year::load_year(year_id).await?;
    crate::program::year::ensure_open(&year)?;
    let starts_checked = chrono::NaiveDateTime::parse_from_str(starts_at.trim(), "%Y-%m-%dT%H:%M")
        .map(|local| (local + chrono::Duration::hours(PROGRAM_OFFSET_HOURS)).and_utc())
        .map_err(|_| "Enter the date and time the session starts.".to_owned());
    let duration_checked = number_in(&duration_minutes, 15..=480, "the length in minutes");
    let place_checked = text(&place, 200, None);
    let video_checked = text(&video_url, 500, None).and_then(|url| {
        if url.is_empty() || url.starts_with("https://") {
            Ok(url)
        } else {
            Err("Enter a video link starting with https://".to_owned())
        }
    });
    let capacity_checked = number_in(&capacity, 1..=1000, "how many people fit");
    let where_missing =
        matches!((&place_checked, &video_checked), (Ok(p), Ok(v)) if p.is_empty() && v.is_empty());
    let place_checked = if where_missing {
        Err("Enter a place, a video link, or both.".to_owned())
    } else {
        place_checked
    };
    let (starts, duration, place_ok, video_ok, seats) = (
        ("starts_at", starts_checked),
        ("duration_minutes", duration_checked),
        ("place", place_checked),
        ("video_url", video_checked),
        ("capacity", capacity_checked),
    )
        .checked()
        .map_err(|error| {
            error.keeping([
                ("starts_at", starts_at.as_str()),
                ("duration_minutes", duration_minutes.as_str()),
                ("place", place.as_str()),
                ("video_url", video_url.as_str()),
                ("capacity", capacity.as_str()),
            ])
        })?;
    let session = super::service::NewSession {
        starts_at: starts,
        duration_minutes: duration,
        place: place_ok,
        video_url: video_ok,
        capacity: seats,
    };
    super::service::add_orientation_session(&crate::context::db()?, &organizer, &year, &session)
        .await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/program/years/{year_id}"),
        crate::program::api::YearDone::Orientation,
    ));
    Ok(())
}

/// The current year's sessions, for someone enrolled this year who has not taken part before.
#[server(endpoint = "my_orientation")]
pub async fn my_orientation() -> Result<Option<OrientationOffer>, AppError> {
    use crate::domain::choices::EnrollmentStatus;
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let Some(year) = crate::program::year::load_current_year().await? else {
        return Ok(None);
    };
    let enrolled = super::db::find_enrollment(&db, user.id, year.id)
        .await?
        .is_some_and(|e| e.status != EnrollmentStatus::Declined);
    if !enrolled || super::db::took_part_before(&db, user.id, year.id).await? {
        return Ok(None);
    }
    Ok(Some(OrientationOffer {
        year_label: year.label,
        sessions: sessions_for(year.id, user.id, false).await?,
    }))
}

#[cfg(feature = "ssr")]
async fn session_of_current_year(
    session_id: i32,
) -> Result<crate::entities::orientation_sessions::Model, AppError> {
    let db = crate::context::db()?;
    let session = super::db::find_orientation_session(&db, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year = crate::program::year::load_year(session.year_id).await?;
    crate::program::year::ensure_open(&year)?;
    Ok(session)
}

#[server(endpoint = "rsvp_orientation")]
pub async fn rsvp_orientation(session_id: i32) -> Result<(), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let session = session_of_current_year(session_id).await?;
    let db = crate::context::db()?;
    // A declined applicant is not a participant: no seat for them.
    let enrolled = super::db::find_enrollment(&db, user.id, session.year_id)
        .await?
        .is_some_and(|e| e.status != crate::domain::choices::EnrollmentStatus::Declined);
    if !enrolled {
        return Err(AppError::Refused(
            "Orientation is for this year's participants: apply first.".into(),
        ));
    }
    match super::db::book_orientation(&db, &session, user.id).await? {
        super::db::Rsvp::Booked => {
            leptos_axum::redirect(&crate::components::routing::with_done(
                "/",
                RsvpDone::Booked,
            ));
            Ok(())
        }
        super::db::Rsvp::Full => Err(AppError::Refused(
            "Sorry, that session is full. Please choose another session.".into(),
        )),
    }
}

#[server(endpoint = "cancel_orientation_rsvp")]
pub async fn cancel_orientation_rsvp(session_id: i32) -> Result<(), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    session_of_current_year(session_id).await?;
    super::db::cancel_orientation(&crate::context::db()?, session_id, user.id).await?;
    leptos_axum::redirect("/");
    Ok(())
}

#[server(endpoint = "mark_orientation_attendance")]
pub async fn mark_orientation_attendance(
    session_id: i32,
    user_id: i32,
    attended: bool,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let session = session_of_current_year(session_id).await?;
    super::service::mark_attendance(
        &crate::context::db()?,
        &organizer,
        session.id,
        user_id,
        attended,
    )
    .await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/program/years/{}", session.year_id),
        crate::program::api::YearDone::Attendance,
    ));
    Ok(())
}

/// The organizers' orientation card's actions and data, made at the top of the year's page.
#[derive(Clone, Copy)]
pub struct OrientationAdminState {
    create: ServerAction<CreateOrientationSession>,
    mark: ServerAction<MarkOrientationAttendance>,
    sessions: Resource<Result<Vec<OrientationSession>, AppError>>,
}

impl OrientationAdminState {
    pub fn load(year_id: Memo<Option<i32>>) -> Self {
        let create = ServerAction::<CreateOrientationSession>::new();
        let mark = ServerAction::<MarkOrientationAttendance>::new();
        Self {
            create,
            mark,
            sessions: load(
                move || (year_id.get(), create.version().get(), mark.version().get()),
                |(year_id, ..)| crate::components::routing::found(year_id, orientation_sessions),
            ),
        }
    }
}

/// Organizers' part of a year's page: the sessions, who booked and came, and a form for another.
#[component]
pub fn OrientationAdmin(year: ProgramYear, state: OrientationAdminState) -> impl IntoView {
    let OrientationAdminState {
        create,
        mark,
        sessions,
    } = state;
    let error = action_error(create);
    view! {
        <section class="card">
            <h2>"Orientation"</h2>
            <p>"New participants see these sessions on their home page and can reserve a seat."</p>
            <Loaded resource=sessions let:sessions>
                {sessions.is_empty().then(|| view! { <p>"No orientation session yet."</p> })}
                {sessions
                    .into_iter()
                    .map(|session| view! { <SessionAttendance session mark /> })
                    .collect_view()}
            </Loaded>
            {(!year.is_closed())
                .then(|| {
                    view! {
                        <h3>"Add a session"</h3>
                        <ActionForm action=create attr:class="form" attr:novalidate="">
                            <FormAlert error />
                            <input type="hidden" name="year_id" value=year.id />
                            <Field label="Starts (Pacific time)" name="starts_at" input_type="datetime-local" error />
                            <Field label="Length in minutes" name="duration_minutes" input_type="number" value="90" error />
                            <Field label="Place" name="place" error hint="A room, or leave empty for online only." />
                            <Field label="Video link" name="video_url" input_type="url" error hint="Optional, https://…" />
                            <Field label="Seats" name="capacity" input_type="number" error />
                            <button type="submit" class="button">"Add session"</button>
                        </ActionForm>
                    }
                })}
        </section>
    }
}

#[component]
fn SessionAttendance(
    session: OrientationSession,
    mark: ServerAction<MarkOrientationAttendance>,
) -> impl IntoView {
    let heading = session.when();
    view! {
        <article class="orientation-session">
            <h3>{heading.clone()}</h3>
            <p>{format!("{} · {} of {} seats taken", session.where_(), session.booked, session.capacity)}</p>
            {(!session.attendees.is_empty())
                .then(|| {
                    view! {
                        <ul class="plain-list">
                            {session
                                .attendees
                                .into_iter()
                                .map(|attendee| {
                                    let (label, next) = if attendee.attended {
                                        ("Attended", false)
                                    } else {
                                        ("Booked", true)
                                    };
                                    let button = if next { "Mark attended" } else { "Mark absent" };
                                    view! {
                                        <li class="row-form">
                                            <span>{format!("{} · {label}", attendee.display_name)}</span>
                                            <ActionForm action=mark>
                                                <input type="hidden" name="session_id" value=session.id />
                                                <input type="hidden" name="user_id" value=attendee.user_id />
                                                <input type="hidden" name="attended" value=next.to_string() />
                                                <button type="submit" class="button button--small button--secondary">
                                                    {button}
                                                    <span class="visually-hidden">{format!(" {}", attendee.display_name)}</span>
                                                </button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </article>
    }
}

/// The orientation card's buttons, made by the page at its top so that the page's data is
/// loaded again when one of them is used.
#[derive(Clone, Copy)]
pub struct OrientationActions {
    pub rsvp: ServerAction<RsvpOrientation>,
    pub cancel: ServerAction<CancelOrientationRsvp>,
}

impl OrientationActions {
    pub fn new() -> Self {
        Self {
            rsvp: ServerAction::new(),
            cancel: ServerAction::new(),
        }
    }

    /// Changes whenever a seat is reserved or given back.
    pub fn completed(&self) -> usize {
        self.rsvp.version().get() + self.cancel.version().get()
    }
}

impl Default for OrientationActions {
    fn default() -> Self {
        Self::new()
    }
}

/// The orientation card's data, for a page that shows the card (made at the page's top).
pub fn load_my_orientation(
    actions: OrientationActions,
) -> Resource<Result<Option<OrientationOffer>, AppError>> {
    load(move || actions.completed(), |_| my_orientation())
}

/// A new participant's card: the sessions, with a button to reserve a seat (nothing when the
/// person is not offered an orientation).
#[component]
pub fn OrientationCard(
    offer: Option<OrientationOffer>,
    actions: OrientationActions,
) -> impl IntoView {
    let error = action_error(actions.rsvp);
    offer.map(|offer| {
        view! { <OrientationOfferView offer rsvp=actions.rsvp cancel=actions.cancel error /> }
    })
}

#[component]
fn OrientationOfferView(
    offer: OrientationOffer,
    rsvp: ServerAction<RsvpOrientation>,
    cancel: ServerAction<CancelOrientationRsvp>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let booked = offer.sessions.iter().any(|s| s.mine);
    view! {
        <section class="card" aria-labelledby="orientation-heading">
            <h2 id="orientation-heading">"Orientation"</h2>
            <p>
                {format!("New participants of {} are invited to an orientation. ", offer.year_label)}
                {if booked { "You have a seat; see you there." } else { "Choose a session that suits you." }}
            </p>
            <FormAlert error />
            {offer.sessions.is_empty().then(|| view! { <p>"Sessions will be announced here soon."</p> })}
            <ul class="plain-list">
                {offer
                    .sessions
                    .into_iter()
                    .map(|session| {
                        let when = session.when();
                        let status = if session.mine {
                            "You are booked".to_owned()
                        } else {
                            format!("{} seats left", session.seats_left())
                        };
                        view! {
                            <li class="orientation-session">
                                <h3>{when.clone()}</h3>
                                <p>{format!("{} · {} minutes · {status}", session.where_(), session.duration_minutes)}</p>
                                {(session.mine && !session.video_url.is_empty())
                                    .then(|| view! { <p><a href=session.video_url.clone()>"Video link"</a></p> })}
                                {if session.mine {
                                    view! {
                                        <ActionForm action=cancel>
                                            <input type="hidden" name="session_id" value=session.id />
                                            <button type="submit" class="button button--secondary">
                                                "Cancel my seat"
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <ActionForm action=rsvp>
                                            <input type="hidden" name="session_id" value=session.id />
                                            <button type="submit" class="button">
                                                "Reserve a seat"
                                                <span class="visually-hidden">{format!(" on {when}")}</span>
                                            </button>
                                        </ActionForm>
                                    }
                                        .into_any()
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
