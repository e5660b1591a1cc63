//! Meetings of a pair: either member proposes a time, the other agrees or suggests another; once
//! it has happened either marks it held (or cancelled) and writes the shared notes, and each keeps
//! private notes the partner never sees. Times are shown in each person's own time zone.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{MeetingMode, MeetingStatus};
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: i32,
    pub status: MeetingStatus,
    pub mode: MeetingMode,
    pub place: String,
    pub duration_minutes: i32,
    /// The time in the viewer's time zone, and in the partner's (organizers: the program's).
    pub when: String,
    pub when_for_partner: String,
    /// The viewer proposed the time now on the table.
    pub proposed_by_me: bool,
    /// It has begun, so it can be marked held.
    pub started: bool,
    /// Empty for organizers: the notes are the pair's.
    pub shared_notes: String,
    /// The viewer's own notes.
    pub my_notes: String,
    pub agenda: Vec<super::ideas::AgendaEntry>,
}

/// A meeting time as posted: a date and a time in the proposer's own time zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub date: String,
    pub time: String,
    pub duration_minutes: String,
    pub mode: String,
    pub place: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

    use super::*;
    use crate::entities::meetings;

    /// The program's zone, for anyone without one in their profile.
    const DEFAULT_ZONE: &str = "America/Los_Angeles";

    pub async fn zone_of(user_id: i32) -> Result<chrono_tz::Tz, AppError> {
        zone_in(&crate::context::db()?, user_id).await
    }

    /// `user_id`'s time zone, from their profile.
    pub async fn zone_in(
        db: &sea_orm::DatabaseConnection,
        user_id: i32,
    ) -> Result<chrono_tz::Tz, AppError> {
        let profile = crate::profiles::db::find_profile(db, user_id).await?;
        let name = profile
            .map(|row| row.profile.time_zone)
            .filter(|zone| !zone.is_empty())
            .unwrap_or_else(|| DEFAULT_ZONE.to_owned());
        Ok(name.parse().unwrap_or(chrono_tz::America::Los_Angeles))
    }

    /// "Tuesday 2 February 2027, 17:00 (Pacific time (Los Angeles))".
    pub fn local_time(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
        let label = crate::domain::profile::TIME_ZONES
            .iter()
            .find(|(name, _)| *name == zone.name())
            .map_or(zone.name(), |(_, label)| label);
        format!(
            "{} ({label})",
            at.with_timezone(&zone).format("%A %-d %B %Y, %H:%M")
        )
    }

    /// The start as an instant, or the fields at fault.
    pub fn parse_start(form: &MeetingForm, zone: chrono_tz::Tz) -> Result<DateTime<Utc>, AppError> {
        use crate::error::Checked;
        let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d")
            .map_err(|_| "Enter the date as year-month-day, e.g. 2027-02-02.".to_owned());
        let time = NaiveTime::parse_from_str(form.time.trim(), "%H:%M")
            .map_err(|_| "Enter the time as hours:minutes, e.g. 17:30.".to_owned());
        let (date, time) = (("date", date), ("time", time))
            .checked()
            .map_err(|error| {
                error.keeping([("date", form.date.as_str()), ("time", form.time.as_str())])
            })?;
        zone.from_local_datetime(&date.and_time(time))
            .single()
            .map(|start| start.with_timezone(&Utc))
            .ok_or_else(|| {
                AppError::field(
                    "time",
                    "That time does not exist or happens twice in your time zone (the clocks change); choose another.",
                )
            })
    }

    pub async fn set(
        meeting: meetings::Model,
        change: impl FnOnce(&mut meetings::ActiveModel),
    ) -> Result<(), AppError> {
        use sea_orm::{ActiveModelTrait, Set};
        let mut active: meetings::ActiveModel = meeting.into();
        change(&mut active);
        active.updated_at = Set(Utc::now());
        active.update(&crate::context::db()?).await?;
        Ok(())
    }

    pub fn status(meeting: &meetings::Model) -> MeetingStatus {
        meeting.status
    }
}

/// The pair's meetings as `viewer_id` sees them.
#[cfg(feature = "ssr")]
pub(crate) async fn meetings_for(
    pair: &crate::entities::pairs::Model,
    viewer_id: i32,
    member: bool,
) -> Result<Vec<Meeting>, AppError> {
    let db = crate::context::db()?;
    let rows = super::db::meetings_of(&db, pair.id).await?;
    let ids: Vec<i32> = rows.iter().map(|m| m.id).collect();
    let notes = super::db::private_notes_of(&db, viewer_id, &ids).await?;
    let (my_zone, partner_zone) = if member {
        let partner = if pair.mentee_id == viewer_id {
            pair.mentor_id
        } else {
            pair.mentee_id
        };
        (ssr::zone_of(viewer_id).await?, ssr::zone_of(partner).await?)
    } else {
        (
            chrono_tz::America::Los_Angeles,
            chrono_tz::America::Los_Angeles,
        )
    };
    let now = chrono::Utc::now();
    let agendas = super::ideas::agendas(&ids, member).await?;
    Ok(rows
        .into_iter()
        .map(|m| Meeting {
            id: m.id,
            status: ssr::status(&m),
            mode: m.mode,
            when: ssr::local_time(m.starts_at, my_zone),
            when_for_partner: ssr::local_time(m.starts_at, partner_zone),
            proposed_by_me: m.proposed_by == viewer_id,
            started: m.starts_at <= now,
            duration_minutes: m.duration_minutes,
            shared_notes: if member {
                m.shared_notes.clone()
            } else {
                String::new()
            },
            my_notes: notes
                .iter()
                .find(|n| n.meeting_id == m.id)
                .map(|n| n.body.clone())
                .unwrap_or_default(),
            agenda: agendas
                .iter()
                .filter(|(meeting, _)| *meeting == m.id)
                .map(|(_, entry)| entry.clone())
                .collect(),
            place: m.place,
        })
        .collect())
}

/// Dates (in the program's time) of the pair's held meetings, for the quarterly rhythm.
#[cfg(feature = "ssr")]
pub(crate) async fn held_dates(pair_id: i32) -> Result<Vec<chrono::NaiveDate>, AppError> {
    Ok(super::db::meetings_of(&crate::context::db()?, pair_id)
        .await?
        .into_iter()
        .filter(|m| m.status == MeetingStatus::Held)
        .map(|m| crate::context::program_date(m.starts_at))
        .collect())
}

/// Either member proposes a meeting, at a time in their own time zone.
#[server(endpoint = "propose_meeting")]
pub async fn propose_meeting(
    pair_id: i32,
    #[server(flatten)] form: MeetingForm,
) -> Result<(), AppError> {
    use sea_orm::{ActiveModelTrait, Set};
    let (user, pair) = super::access::change_pair(pair_id, None).await?;
    let start = ssr::parse_start(&form, ssr::zone_of(user.id).await?)?;
    let duration = crate::domain::profile::number_in(
        &form.duration_minutes,
        5..=480,
        "how long, in minutes (5 to 480)",
    )
    .map_err(|message| AppError::field("duration_minutes", message))?;
    let mode = MeetingMode::from_code(&form.mode)
        .ok_or_else(|| AppError::field("mode", "Choose in person, video call or phone."))?;
    let place = crate::domain::profile::text(&form.place, 300, None)
        .map_err(|message| AppError::field("place", message))?;
    let now = chrono::Utc::now();
    crate::entities::meetings::ActiveModel {
        pair_id: Set(pair.id),
        proposed_by: Set(user.id),
        starts_at: Set(start),
        duration_minutes: Set(duration),
        mode: Set(mode),
        place: Set(place),
        status: Set(MeetingStatus::Proposed),
        shared_notes: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&crate::context::db()?)
    .await?;
    super::access::back_to(pair.id, super::access::PairDone::Proposed);
    Ok(())
}

/// The member who did not propose the time agrees to it.
#[server(endpoint = "accept_meeting")]
pub async fn accept_meeting(meeting_id: i32) -> Result<(), AppError> {
    use sea_orm::Set;
    let (user, meeting) = super::access::change_meeting(meeting_id).await?;
    if ssr::status(&meeting) != MeetingStatus::Proposed {
        return Err(AppError::Refused(
            "Only a proposed meeting can be agreed to.".into(),
        ));
    }
    if meeting.proposed_by == user.id {
        return Err(AppError::Refused(
            "Your partner agrees to the time you proposed.".into(),
        ));
    }
    let pair_id = meeting.pair_id;
    ssr::set(meeting, |m| m.status = Set(MeetingStatus::Accepted)).await?;
    super::access::back_to(pair_id, super::access::PairDone::Accepted);
    Ok(())
}

/// Either member suggests another time; the other then agrees to it.
#[server(endpoint = "reschedule_meeting")]
pub async fn reschedule_meeting(
    meeting_id: i32,
    #[server(flatten)] form: MeetingForm,
) -> Result<(), AppError> {
    use sea_orm::Set;
    let (user, meeting) = super::access::change_meeting(meeting_id).await?;
    if !matches!(
        ssr::status(&meeting),
        MeetingStatus::Proposed | MeetingStatus::Accepted
    ) {
        return Err(AppError::Refused(
            "This meeting is over; propose a new one instead.".into(),
        ));
    }
    let start = ssr::parse_start(&form, ssr::zone_of(user.id).await?)?;
    let pair_id = meeting.pair_id;
    ssr::set(meeting, |m| {
        m.starts_at = Set(start);
        m.proposed_by = Set(user.id);
        m.status = Set(MeetingStatus::Proposed);
    })
    .await?;
    super::access::back_to(pair_id, super::access::PairDone::Rescheduled);
    Ok(())
}

/// Either member records that the meeting was held (once it has begun) or cancelled.
#[server(endpoint = "record_meeting")]
pub async fn record_meeting(meeting_id: i32, outcome: String) -> Result<(), AppError> {
    use sea_orm::Set;
    let (_, meeting) = super::access::change_meeting(meeting_id).await?;
    let outcome = match outcome.as_str() {
        "held" if meeting.starts_at > chrono::Utc::now() => {
            return Err(AppError::Refused(
                "This meeting has not begun yet; mark it held once it has happened.".into(),
            ));
        }
        "held" => MeetingStatus::Held,
        "cancelled" => MeetingStatus::Cancelled,
        _ => return Err(AppError::field("outcome", "Choose held or cancelled.")),
    };
    let pair_id = meeting.pair_id;
    ssr::set(meeting, |m| m.status = Set(outcome)).await?;
    let done = match outcome {
        MeetingStatus::Cancelled => super::access::PairDone::Cancelled,
        _ => super::access::PairDone::Held,
    };
    super::access::back_to(pair_id, done);
    Ok(())
}

/// Either member writes the meeting's shared notes and their own private ones.
#[server(endpoint = "save_meeting_notes")]
pub async fn save_meeting_notes(
    meeting_id: i32,
    #[server(default)] shared_notes: String,
    #[server(default)] private_notes: String,
) -> Result<(), AppError> {
    use sea_orm::Set;
    let (user, meeting) = super::access::change_meeting(meeting_id).await?;
    let long = |field: &str, value: &str| {
        super::access::long_text(value, None).map_err(|message| AppError::field(field, message))
    };
    let shared = long("shared_notes", &shared_notes)?;
    let private = long("private_notes", &private_notes)?;
    let pair_id = meeting.pair_id;
    super::db::save_private_notes(&crate::context::db()?, meeting.id, user.id, private).await?;
    ssr::set(meeting, |m| m.shared_notes = Set(shared)).await?;
    super::access::back_to(pair_id, super::access::PairDone::Notes);
    Ok(())
}
