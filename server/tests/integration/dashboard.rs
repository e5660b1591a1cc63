//! The organizers' dashboard on both engines: over a seeded year of several hundred participants,
//! every figure equals what the test counts itself from the rows, with and without filters; the
//! lists behind figures hold as many rows as the figures say; only organizers see any of it.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::dashboard::figures::api::{GetDashboard, GetFigureList};
use app::dashboard::figures::{
    CapacityRow, CheckinRow, ConcernAge, Dashboard, DashboardFilter, FunnelRow,
};
use app::domain::choices::{ConcernStatus, EnrollmentStatus, GoalStatus, MentorSource, Role};
use app::domain::quarters::QuarterName;
use app::entities::{
    checkins, concerns, enrollments, goals, meetings, orientation_rsvps, pairs, profiles,
};
use app::error::AppError;

use crate::helpers::{Engine, TestApp, spawn_app};
use crate::on_both_engines;

on_both_engines!(
    dashboard_figures_equal_the_counts_of_a_seeded_year,
    filtered_figures_count_only_that_body_and_mentor_source,
    lists_behind_figures_hold_what_the_figures_count,
    only_organizers_see_the_dashboard,
);

const PARTICIPANTS: usize = 400;

/// An organizer and a seeded year of [`PARTICIPANTS`] people (today in its winter quarter).
async fn seeded(engine: Engine) -> (TestApp, i32) {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Marian Stacks", "marian@example.edu")
        .await;
    let year = server::scale::seed_year(&organizer.db, PARTICIPANTS, app::context::program_today())
        .await
        .expect("seed the year");
    (organizer, year)
}

async fn dashboard(client: &TestApp, year: i32, body: &str, source: &str) -> Dashboard {
    client
        .call(GetDashboard {
            year: Some(year),
            body: body.into(),
            source: source.into(),
        })
        .await
        .expect("a dashboard")
}

fn figure_list(year: i32, figure: &str) -> GetFigureList {
    GetFigureList {
        year: Some(year),
        figure: figure.into(),
        body: String::new(),
        source: String::new(),
    }
}

/// The year's rows, and the figures the test computes from them, the slow plain way.
struct Expected {
    funnel: Vec<FunnelRow>,
    capacity: Vec<CapacityRow>,
    none_this_quarter: u64,
    none_two_quarters: u64,
    active_pairs: u64,
    checkins: Vec<CheckinRow>,
    goals: Vec<(GoalStatus, u64)>,
    signed_up: u64,
    attended: u64,
    concerns: Vec<(ConcernAge, u64)>,
}

async fn expected(client: &TestApp, year: i32, filter: DashboardFilter) -> Expected {
    let db = &client.db;
    let enrolled = enrollments::Entity::find()
        .filter(enrollments::Column::YearId.eq(year))
        .all(db)
        .await
        .unwrap();
    let source_of: HashMap<i32, Option<MentorSource>> = profiles::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.user_id, p.mentor_source))
        .collect();
    let body_of: HashMap<i32, Option<i32>> =
        enrolled.iter().map(|e| (e.user_id, e.body_id)).collect();
    let person_counts = |e: &enrollments::Model| {
        filter.body.is_none_or(|body| e.body_id == Some(body))
            && (e.role != Role::Mentor
                || filter
                    .source
                    .is_none_or(|s| source_of[&e.user_id] == Some(s)))
    };
    let all_pairs = pairs::Entity::find()
        .filter(pairs::Column::YearId.eq(year))
        .all(db)
        .await
        .unwrap();
    let pair_counts = |p: &pairs::Model| {
        filter.body.is_none_or(|body| {
            body_of[&p.mentee_id] == Some(body) || body_of[&p.mentor_id] == Some(body)
        }) && filter
            .source
            .is_none_or(|s| source_of[&p.mentor_id] == Some(s))
    };
    let counted_pairs: Vec<&pairs::Model> = all_pairs.iter().filter(|p| pair_counts(p)).collect();
    let counted_ids: HashSet<i32> = counted_pairs.iter().map(|p| p.id).collect();
    let active: Vec<&pairs::Model> = all_pairs.iter().filter(|p| p.ended_on.is_none()).collect();
    let matched: HashSet<i32> = active
        .iter()
        .flat_map(|p| [p.mentee_id, p.mentor_id])
        .collect();

    let people: Vec<&enrollments::Model> = enrolled.iter().filter(|e| person_counts(e)).collect();
    let approved = |e: &&&&enrollments::Model| e.status == EnrollmentStatus::Approved;
    let funnel = [Role::Mentee, Role::Mentor]
        .into_iter()
        .map(|role| {
            let of_role: Vec<_> = people.iter().filter(|e| e.role == role).collect();
            FunnelRow {
                role,
                applied: of_role.len() as u64,
                approved: of_role.iter().filter(approved).count() as u64,
                matched: of_role
                    .iter()
                    .filter(approved)
                    .filter(|e| matched.contains(&e.user_id))
                    .count() as u64,
            }
        })
        .filter(|row| row.applied > 0)
        .collect();

    let mut capacity: Vec<CapacityRow> = Vec::new();
    for mentor in people
        .iter()
        .filter(|e| e.role == Role::Mentor && e.status == EnrollmentStatus::Approved)
    {
        let source = source_of[&mentor.user_id];
        let places = mentor.capacity.unwrap_or(0) as u64;
        let used = active
            .iter()
            .filter(|p| p.mentor_id == mentor.user_id)
            .count() as u64;
        let row = match capacity.iter_mut().find(|row| row.source == source) {
            Some(row) => row,
            None => {
                capacity.push(CapacityRow {
                    source,
                    mentors: 0,
                    places: 0,
                    used: 0,
                    mentors_with_room: 0,
                    free_places: 0,
                });
                capacity.last_mut().unwrap()
            }
        };
        row.mentors += 1;
        row.places += places;
        row.used += used;
        row.mentors_with_room += u64::from(places > used);
        row.free_places += places.saturating_sub(used);
    }
    capacity.sort_by_key(|row| (row.source.is_none(), row.source));

    let year_row = app::program::db::find_year(db, year)
        .await
        .unwrap()
        .unwrap();
    let calendar = year_row.calendar().unwrap();
    let [fall, winter, _] = *calendar.quarters();
    let held = meetings::Entity::find()
        .filter(meetings::Column::Status.eq("held"))
        .all(db)
        .await
        .unwrap();
    let met_between = |pair: i32, from: chrono::NaiveDate, to: chrono::NaiveDate| {
        held.iter().any(|m| {
            let day = app::context::program_date(m.starts_at);
            m.pair_id == pair && from <= day && day <= to
        })
    };
    let counted_active: Vec<&&pairs::Model> = counted_pairs
        .iter()
        .filter(|p| p.ended_on.is_none())
        .collect();
    let none_this_quarter = counted_active
        .iter()
        .filter(|p| !met_between(p.id, winter.starts_on, winter.ends_on))
        .count() as u64;
    let none_two_quarters = counted_active
        .iter()
        .filter(|p| !met_between(p.id, fall.starts_on, winter.ends_on))
        .count() as u64;

    let answers: Vec<checkins::Model> = checkins::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| counted_ids.contains(&c.pair_id))
        .collect();
    let checkin_rows = [QuarterName::Fall, QuarterName::Winter, QuarterName::Spring]
        .into_iter()
        .filter_map(|quarter| {
            let of: Vec<_> = answers.iter().filter(|c| c.quarter == quarter).collect();
            (!of.is_empty()).then(|| CheckinRow {
                quarter,
                answers: of.len() as u64,
                rating_total: of.iter().map(|c| c.rating as u64).sum(),
                met: of.iter().filter(|c| c.met).count() as u64,
            })
        })
        .collect();

    let all_goals = goals::Entity::find().all(db).await.unwrap();
    let goal_counts = GoalStatus::ALL
        .iter()
        .map(|status| {
            let n = all_goals
                .iter()
                .filter(|g| counted_ids.contains(&g.pair_id) && g.status == *status)
                .count() as u64;
            (*status, n)
        })
        .collect();

    let counted_people: HashSet<i32> = people.iter().map(|e| e.user_id).collect();
    let rsvps: Vec<_> = orientation_rsvps::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| counted_people.contains(&r.user_id))
        .collect();

    let now = Utc::now();
    let open: Vec<_> = concerns::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| counted_ids.contains(&c.pair_id) && c.status != ConcernStatus::Resolved)
        .collect();
    let aged = |from: i64, to: i64| {
        open.iter()
            .filter(|c| {
                let age = now - c.created_at;
                age >= Duration::days(from) && age < Duration::days(to)
            })
            .count() as u64
    };

    Expected {
        funnel,
        capacity,
        none_this_quarter,
        none_two_quarters,
        active_pairs: counted_active.len() as u64,
        checkins: checkin_rows,
        goals: goal_counts,
        signed_up: rsvps.len() as u64,
        attended: rsvps.iter().filter(|r| r.attended).count() as u64,
        concerns: vec![
            (ConcernAge::UnderAWeek, aged(0, 7)),
            (ConcernAge::UnderAMonth, aged(7, 28)),
            (ConcernAge::Older, aged(28, 100_000)),
        ],
    }
}

fn assert_figures_match(shown: &Dashboard, expected: &Expected) {
    let figures = &shown.figures;
    assert_eq!(figures.funnel, expected.funnel);
    assert_eq!(figures.capacity, expected.capacity);
    let meetings = figures
        .meetings
        .as_ref()
        .expect("meeting figures in winter");
    assert_eq!(
        (
            meetings.quarter.as_str(),
            meetings.previous.as_deref(),
            meetings.active_pairs,
            meetings.none_this_quarter,
            meetings.none_two_quarters,
        ),
        (
            "Winter",
            Some("Fall"),
            expected.active_pairs,
            expected.none_this_quarter,
            Some(expected.none_two_quarters),
        )
    );
    assert_eq!(figures.checkins, expected.checkins);
    assert_eq!(figures.goals, expected.goals);
    assert_eq!(figures.orientation.len(), 1);
    assert_eq!(
        (
            figures.orientation[0].signed_up,
            figures.orientation[0].attended
        ),
        (expected.signed_up, expected.attended)
    );
    assert_eq!(figures.concerns, expected.concerns);
}

async fn dashboard_figures_equal_the_counts_of_a_seeded_year(engine: Engine) {
    let (organizer, year) = seeded(engine).await;

    let shown = dashboard(&organizer, year, "", "").await;

    let expected = expected(&organizer, year, DashboardFilter::default()).await;
    assert_figures_match(&shown, &expected);
    // The seed has something in every kind of figure, so a figure stuck at zero would show.
    let mentees = shown.figures.funnel_of(Role::Mentee);
    assert!(mentees.matched > 0 && mentees.matched < mentees.approved);
    assert!(expected.none_this_quarter > 0 && expected.none_two_quarters > 0);
    assert!(
        expected.concerns.iter().all(|(_, n)| *n > 0),
        "{:?}",
        expected.concerns
    );
    assert!(shown.figures.mentors_with_room() == 0 || shown.figures.free_places() > 0);
}

async fn filtered_figures_count_only_that_body_and_mentor_source(engine: Engine) {
    let (organizer, year) = seeded(engine).await;
    let bodies = app::program::db::list_bodies(&organizer.db).await.unwrap();
    let alumni = bodies.iter().find(|b| b.short_name == "LISAA").unwrap().id;
    let filter = DashboardFilter {
        body: Some(alumni),
        source: Some(MentorSource::Alumni),
    };

    let shown = dashboard(&organizer, year, &alumni.to_string(), "alumni").await;
    let everyone = dashboard(&organizer, year, "", "").await;

    assert_eq!(shown.filter, filter);
    assert_figures_match(&shown, &expected(&organizer, year, filter).await);
    let mentors = |d: &Dashboard| d.figures.funnel_of(Role::Mentor).applied;
    assert!(0 < mentors(&shown) && mentors(&shown) < mentors(&everyone));
}

async fn lists_behind_figures_hold_what_the_figures_count(engine: Engine) {
    let (organizer, year) = seeded(engine).await;
    let shown = dashboard(&organizer, year, "", "").await;
    let list = |figure: &'static str| {
        let organizer = &organizer;
        async move {
            organizer
                .call(figure_list(year, figure))
                .await
                .unwrap_or_else(|error| panic!("{figure}: {error:?}"))
        }
    };

    let unmatched = list("unmatched-mentees").await;
    let no_meeting = list("no-meeting-1").await;
    let matched_mentors = list("matched-mentor").await;
    let unknown = organizer.call(figure_list(year, "salaries")).await;

    assert_eq!(unmatched.total, shown.figures.unmatched_mentees());
    assert_eq!(unmatched.rows.len() as u64, unmatched.total);
    assert!(
        unmatched
            .rows
            .iter()
            .all(|row| row.href.starts_with("/directory/"))
    );
    let meetings = shown.figures.meetings.clone().unwrap();
    assert_eq!(no_meeting.total, meetings.none_this_quarter);
    assert!(
        no_meeting
            .rows
            .iter()
            .all(|row| row.href.starts_with("/pairs/") && row.name.contains(" with "))
    );
    assert_eq!(
        matched_mentors.total,
        shown.figures.funnel_of(Role::Mentor).matched
    );
    assert_eq!(unknown.unwrap_err(), AppError::NotFound);
}

async fn only_organizers_see_the_dashboard(engine: Engine) {
    let (organizer, year) = seeded(engine).await;
    let mentee = organizer
        .participant("Quinn Query", "quinn@example.edu", "mentee")
        .await;
    let anonymous = organizer.new_browser();
    async fn ask(client: &TestApp, year: i32) -> Option<AppError> {
        client
            .call(GetDashboard {
                year: Some(year),
                body: String::new(),
                source: String::new(),
            })
            .await
            .err()
    }

    let statuses = [
        ask(&organizer, year).await,
        ask(&mentee, year).await,
        ask(&anonymous, year).await,
    ];

    assert_eq!(
        statuses,
        [
            None,
            Some(AppError::Forbidden),
            Some(AppError::Unauthenticated)
        ]
    );
}
