//! A program year at scale, written straight into the database in bulk: thousands of participants
//! with applications in every state, pairs, meetings, goals, check-ins, an orientation session and
//! concerns. The dashboard's tests and benchmark count against it; every name is invented.
//!
//! Today falls in the year's winter quarter, so "no meeting this quarter" and "none in two
//! quarters" both mean something.

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use app::domain::choices::{
    ConcernStatus, EnrollmentStatus, GoalStatus, MeetingMode, MeetingStatus, MentorSource, Phase,
    Role,
};
use app::domain::quarters::{ProgramYearCalendar, Quarter, QuarterName};
use app::entities::{
    checkins, concerns, enrollments, goals, meetings, organizing_bodies, orientation_rsvps,
    orientation_sessions, pairs, profiles, users,
};

/// Rows per insert statement (well under both engines' limits on bound values).
const CHUNK: usize = 200;

async fn insert_all<A>(db: &DatabaseConnection, rows: Vec<A>) -> anyhow::Result<()>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(CHUNK).collect();
        A::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(())
}

/// Participant `n`'s side: three in ten are mentors.
pub fn role_of(n: usize) -> Role {
    if n % 10 < 3 {
        Role::Mentor
    } else {
        Role::Mentee
    }
}

/// Participant `n`'s application: most approved, some waiting, waitlisted or declined.
pub fn status_of(n: usize) -> EnrollmentStatus {
    match n % 20 {
        0 => EnrollmentStatus::Applied,
        1 => EnrollmentStatus::Waitlisted,
        2 => EnrollmentStatus::Declined,
        _ => EnrollmentStatus::Approved,
    }
}

/// Mentor `n`'s source (some gave none).
pub fn source_of(n: usize) -> Option<MentorSource> {
    match (n / 10) % 7 {
        0..=2 => Some(MentorSource::LibraryStaff),
        3 | 4 => Some(MentorSource::Alumni),
        5 => Some(MentorSource::Other),
        _ => None,
    }
}

/// A year with today in its winter quarter.
fn calendar_around(today: NaiveDate) -> anyhow::Result<ProgramYearCalendar> {
    let quarter = |name, from: i64, to: i64| Quarter {
        name,
        starts_on: today + Duration::days(from),
        ends_on: today + Duration::days(to),
    };
    ProgramYearCalendar::parse([
        quarter(QuarterName::Fall, -150, -70),
        quarter(QuarterName::Winter, -60, 20),
        quarter(QuarterName::Spring, 30, 100),
    ])
    .map_err(anyhow::Error::msg)
}

/// Seeds a year of `participants` people around `today` and returns its id.
pub async fn seed_year(
    db: &DatabaseConnection,
    participants: usize,
    today: NaiveDate,
) -> anyhow::Result<i32> {
    let now = Utc::now();
    let calendar = calendar_around(today)?;
    let [fall, winter, _] = *calendar.quarters();
    app::program::db::create_year(db, &calendar, fall.starts_on).await?;
    let year_id = app::program::db::list_years(db)
        .await?
        .into_iter()
        .find(|row| row.year.label == calendar.label())
        .ok_or_else(|| anyhow::anyhow!("the seeded year is missing"))?
        .year
        .id;
    app::program::db::set_phase(db, year_id, Phase::Active).await?;
    let bodies = organizing_bodies::Entity::find()
        .order_by_asc(organizing_bodies::Column::Position)
        .all(db)
        .await?;
    let body = |short: &str| bodies.iter().find(|b| b.short_name == short).map(|b| b.id);
    let (ischool, library, alumni) = (body("iSchool"), body("Library"), body("LISAA"));

    insert_all(
        db,
        (0..participants)
            .map(|n| users::ActiveModel {
                id: NotSet,
                email: Set(format!("scale-{year_id}-{n}@example.edu")),
                display_name: Set(format!("Participant {n:05}")),
                // Not a valid hash: seeded people cannot sign in.
                password_hash: Set("seeded".to_owned()),
                is_organizer: Set(false),
                disabled_at: Set(None),
                created_at: Set(now),
            })
            .collect(),
    )
    .await?;
    let mut user_ids = vec![0; participants];
    for user in users::Entity::find()
        .filter(users::Column::Email.starts_with(format!("scale-{year_id}-")))
        .all(db)
        .await?
    {
        let n: usize = user.email[format!("scale-{year_id}-").len()..]
            .trim_end_matches("@example.edu")
            .parse()?;
        user_ids[n] = user.id;
    }

    let mut profile_rows = Vec::new();
    let mut enrollment_rows = Vec::new();
    for (n, &user_id) in user_ids.iter().enumerate() {
        let role = role_of(n);
        let source = (role == Role::Mentor).then(|| source_of(n)).flatten();
        profile_rows.push(profiles::ActiveModel {
            user_id: Set(user_id),
            side: Set(Some(role)),
            pronouns: Set(String::new()),
            bio: Set(String::new()),
            location: Set("Los Angeles".to_owned()),
            remote_ok: Set(true),
            meeting_modes: Set("video".to_owned()),
            time_zone: Set("America/Los_Angeles".to_owned()),
            contact_preferences: Set(String::new()),
            employer: Set(String::new()),
            job_title: Set(String::new()),
            mentor_source: Set(source),
            years_experience: Set(None),
            offers: Set(String::new()),
            alumni_graduation_year: Set(None),
            degree_program: Set(None),
            expected_graduation_year: Set(None),
            dream_jobs: Set(String::new()),
            unwanted_jobs: Set(String::new()),
            wants: Set(String::new()),
            wants_from_mentor: Set(String::new()),
            updated_at: Set(now),
        });
        let body_id = match (role, source) {
            (Role::Mentee, _) => ischool,
            (_, Some(MentorSource::LibraryStaff)) => library,
            (_, Some(MentorSource::Alumni)) => alumni,
            _ => None,
        };
        enrollment_rows.push(enrollments::ActiveModel {
            id: NotSet,
            user_id: Set(user_id),
            year_id: Set(year_id),
            role: Set(role),
            status: Set(status_of(n)),
            capacity: Set((role == Role::Mentor).then_some(1 + (n % 3) as i32)),
            goals: Set(String::new()),
            availability: Set(String::new()),
            notes_for_organizers: Set(String::new()),
            decision_message: Set(String::new()),
            decided_by: Set(None),
            body_id: Set(body_id),
            decided_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
    }
    insert_all(db, profile_rows).await?;
    insert_all(db, enrollment_rows).await?;

    // Approved mentees in order fill approved mentors' places, one mentor after another; one pair
    // in twenty has ended.
    let approved = |role: Role| {
        (0..participants)
            .filter(move |&n| role_of(n) == role && status_of(n) == EnrollmentStatus::Approved)
    };
    let mut places: Vec<usize> = approved(Role::Mentor)
        .flat_map(|n| std::iter::repeat_n(n, 1 + n % 3))
        .collect();
    places.reverse();
    let mut pair_rows = Vec::new();
    for (k, mentee) in approved(Role::Mentee).enumerate() {
        let Some(mentor) = places.pop() else { break };
        pair_rows.push(pairs::ActiveModel {
            id: NotSet,
            year_id: Set(year_id),
            mentee_id: Set(user_ids[mentee]),
            mentor_id: Set(user_ids[mentor]),
            started_on: Set(fall.starts_on + Duration::days(7)),
            ended_on: Set((k % 20 == 19).then_some(winter.starts_on)),
            end_reason: Set(String::new()),
            created_by: Set(None),
            created_at: Set(now),
        });
    }
    insert_all(db, pair_rows).await?;
    let pair_list = pairs::Entity::find()
        .filter(pairs::Column::YearId.eq(year_id))
        .order_by_asc(pairs::Column::Id)
        .all(db)
        .await?;

    let at = |date: NaiveDate| app::context::program_day_start(date) + Duration::hours(10);
    let mut meeting_rows = Vec::new();
    let mut goal_rows = Vec::new();
    let mut checkin_rows = Vec::new();
    let mut concern_rows = Vec::new();
    for (k, pair) in pair_list.iter().enumerate() {
        let meeting = |when: NaiveDate, status: MeetingStatus| meetings::ActiveModel {
            id: NotSet,
            pair_id: Set(pair.id),
            proposed_by: Set(pair.mentee_id),
            starts_at: Set(at(when)),
            duration_minutes: Set(60),
            mode: Set(MeetingMode::Video),
            place: Set(String::new()),
            status: Set(status),
            shared_notes: Set(String::new()),
            created_at: Set(now),
            updated_at: Set(now),
        };
        let in_fall = fall.starts_on + Duration::days(20);
        let in_winter = winter.starts_on + Duration::days(10);
        match k % 5 {
            1 => meeting_rows.push(meeting(in_fall, MeetingStatus::Held)),
            2 => meeting_rows.push(meeting(in_winter, MeetingStatus::Held)),
            3 => {
                meeting_rows.push(meeting(in_fall, MeetingStatus::Held));
                meeting_rows.push(meeting(in_winter, MeetingStatus::Held));
            }
            4 => {
                meeting_rows.push(meeting(in_winter, MeetingStatus::Cancelled));
                meeting_rows.push(meeting(today + Duration::days(3), MeetingStatus::Proposed));
            }
            _ => {}
        }
        for g in 0..k % 4 {
            goal_rows.push(goals::ActiveModel {
                id: NotSet,
                pair_id: Set(pair.id),
                position: Set(g as i32),
                title: Set(format!("Goal {g}")),
                why: Set(String::new()),
                target: Set(String::new()),
                status: Set(GoalStatus::ALL[(k + g) % GoalStatus::ALL.len()]),
                shareable: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            });
        }
        let checkin =
            |user_id: i32, quarter: QuarterName, rating: usize, met: bool| checkins::ActiveModel {
                id: NotSet,
                pair_id: Set(pair.id),
                user_id: Set(user_id),
                quarter: Set(quarter),
                rating: Set(rating as i32),
                met: Set(met),
                message: Set(String::new()),
                created_at: Set(now),
            };
        checkin_rows.push(checkin(
            pair.mentee_id,
            QuarterName::Fall,
            1 + k % 5,
            k % 2 == 0,
        ));
        if k % 3 == 0 {
            checkin_rows.push(checkin(
                pair.mentor_id,
                QuarterName::Winter,
                2 + k % 4,
                true,
            ));
        }
        if k % 25 == 0 {
            let status = [
                ConcernStatus::New,
                ConcernStatus::InProgress,
                ConcernStatus::Resolved,
            ][k / 25 % 3];
            concern_rows.push(concerns::ActiveModel {
                id: NotSet,
                pair_id: Set(pair.id),
                reporter_id: Set(pair.mentee_id),
                body: Set("Seeded concern.".to_owned()),
                status: Set(status),
                reply: Set(String::new()),
                created_at: Set(now - Duration::days((k % 60) as i64) - Duration::hours(1)),
                updated_at: Set(now),
            });
        }
    }
    insert_all(db, meeting_rows).await?;
    insert_all(db, goal_rows).await?;
    insert_all(db, checkin_rows).await?;
    insert_all(db, concern_rows).await?;

    let session = orientation_sessions::Entity::insert(orientation_sessions::ActiveModel {
        id: NotSet,
        year_id: Set(year_id),
        starts_at: Set(at(fall.starts_on + Duration::days(3))),
        duration_minutes: Set(90),
        place: Set("Young Research Library".to_owned()),
        video_url: Set(String::new()),
        capacity: Set(i32::try_from(participants).unwrap_or(i32::MAX)),
        created_at: Set(now),
    })
    .exec(db)
    .await?
    .last_insert_id;
    insert_all(
        db,
        (0..participants)
            .filter(|n| n % 3 == 0)
            .map(|n| orientation_rsvps::ActiveModel {
                session_id: Set(session),
                user_id: Set(user_ids[n]),
                attended: Set(n % 2 == 0),
                created_at: Set(now),
            })
            .collect(),
    )
    .await?;
    Ok(year_id)
}
