//! Program years, profiles, applications and decisions, the directory, orientation and the CSV
//! import, over HTTP, on both engines.

use app::directory::api::DirectoryFilter;
use app::directory::api::{GetDirectory, GetProfile};
use app::domain::choices::{EnrollmentStatus, MentorSource, Role};
use app::domain::profile::ProfileInput;
use app::enrollment::api::{
    AcceptInvitation, DecideApplication, GetApplicationState, GetImportPreview,
    GetInvitationDetails, ImportCommit, ListApplications,
};
use app::enrollment::orientation::{
    CreateOrientationSession, MarkOrientationAttendance, MyOrientation, OrientationSessions,
    RsvpOrientation,
};
use app::error::AppError;
use app::profiles::api::{GetEditableProfile, SaveProfile};
use app::program::api::{
    AdvancePhase, CreateProgramYear, ListProgramYears, MakeYearCurrent, UpdateProgramYear,
};

use crate::helpers::{
    Engine, Refusal, TestApp, profile_input, spawn_app, year_dates, year_dates_moved,
};
use crate::on_both_engines;

on_both_engines!(
    applying_needs_a_profile_for_that_role_and_one_role_per_year,
    mentor_capacity_must_be_between_one_and_five,
    applying_after_the_deadline_is_refused_with_the_date,
    only_organizers_approve_waitlist_or_decline,
    participant_cannot_edit_another_participants_profile,
    invalid_profile_names_each_field_and_keeps_the_saved_one,
    directory_shows_participants_only_mentors_and_no_contact_details,
    full_orientation_session_refuses_another_rsvp,
    a_declined_applicant_cannot_reserve_an_orientation_seat,
    simultaneous_rsvps_never_overfill_a_session,
    closed_year_cannot_be_changed_and_only_one_year_is_current,
    csv_import_names_bad_rows_and_a_second_import_changes_nothing,
    oversized_request_is_refused_before_it_is_read,
    imported_person_accepts_the_emailed_link_once_and_is_enrolled,
);

/// An organizer's client on a fresh server, with the current year's deadline `deadline_in_days` away.
async fn program_with_year(engine: Engine, deadline_in_days: i64) -> TestApp {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    organizer.create_year(deadline_in_days).await;
    organizer
}

async fn applying_needs_a_profile_for_that_role_and_one_role_per_year(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let no_profile = organizer
        .new_browser()
        .signed_up("Nia New", "nia@example.edu")
        .await;
    let mentee = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;

    let without_profile = no_profile.apply("mentee", "").await;
    mentee.apply_as("mentee").await;
    let as_mentor_too = mentee.apply("mentor", "2").await;

    assert!(
        without_profile
            .refusal()
            .unwrap()
            .contains("complete your profile as a mentee"),
        "{without_profile:?}"
    );
    assert!(
        as_mentor_too
            .refusal()
            .unwrap()
            .contains("cannot be both mentee and mentor"),
        "{as_mentor_too:?}"
    );
    let enrollment = application_state(&mentee).await.enrollment.unwrap();
    assert_eq!(enrollment.role, Role::Mentee);
    assert_eq!(enrollment.status, EnrollmentStatus::Applied);
}

async fn mentor_capacity_must_be_between_one_and_five(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let mentor = organizer
        .participant("Max Mentor", "max@example.edu", "mentor")
        .await;

    let none = mentor.apply("mentor", "0").await;
    let too_many = mentor.apply("mentor", "6").await;
    let five = mentor.apply("mentor", "5").await;

    for refused in [none, too_many] {
        assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
        assert_eq!(
            refused.field_error("capacity").as_deref(),
            Some("Enter how many mentees you can take as a whole number from 1 to 5.")
        );
    }
    assert_eq!(five, Ok(()));
}

async fn applying_after_the_deadline_is_refused_with_the_date(engine: Engine) {
    let organizer = program_with_year(engine, -1).await;
    let mentee = organizer
        .participant("Lu Late", "lu@example.edu", "mentee")
        .await;

    let response = mentee.apply("mentee", "").await;

    let message = response.refusal().expect("refused").to_owned();
    let deadline = app::context::program_today() - chrono::Duration::days(1);
    assert!(message.contains("closed on"), "{message}");
    assert!(
        message.contains(&deadline.format("%B %-d, %Y").to_string()),
        "{message}"
    );
    assert_eq!(application_state(&mentee).await.enrollment, None);
}

/// What the signed-in person's application page shows.
async fn application_state(person: &TestApp) -> app::enrollment::api::ApplicationState {
    person
        .call(GetApplicationState {})
        .await
        .expect("read the application")
}

fn all_applications() -> ListApplications {
    ListApplications {
        query: Default::default(),
    }
}

async fn enrollment_id_of(organizer: &TestApp, email: &str) -> i32 {
    let table = organizer
        .call(all_applications())
        .await
        .expect("list the applications");
    table
        .rows
        .iter()
        .find(|row| row.email == email)
        .map(|row| row.enrollment_id)
        .expect("the application is listed")
}

/// The organizer's decision on an application, with no message.
fn decision(enrollment_id: i32, status: &str) -> DecideApplication {
    DecideApplication {
        enrollment_id,
        status: status.into(),
        message: String::new(),
        body_id: String::new(),
    }
}

async fn only_organizers_approve_waitlist_or_decline(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let mentee = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;
    let other = organizer
        .participant("Pat Peer", "pat@example.edu", "mentee")
        .await;
    mentee.apply_as("mentee").await;
    let id = enrollment_id_of(&organizer, "mo@example.edu").await;

    let by_participant = other.call(decision(id, "approved")).await;
    let by_self = mentee.call(decision(id, "approved")).await;
    let by_anonymous = organizer.new_browser().call(decision(id, "approved")).await;
    let listing_by_participant = other.call(all_applications()).await;

    assert_eq!(by_participant, Err(AppError::Forbidden));
    assert_eq!(by_self, Err(AppError::Forbidden));
    assert_eq!(by_anonymous, Err(AppError::Unauthenticated));
    assert_eq!(listing_by_participant.unwrap_err(), AppError::Forbidden);
    assert_eq!(
        application_state(&mentee).await.enrollment.unwrap().status,
        EnrollmentStatus::Applied
    );

    for (status, shown) in [
        ("waitlisted", EnrollmentStatus::Waitlisted),
        ("declined", EnrollmentStatus::Declined),
        ("approved", EnrollmentStatus::Approved),
    ] {
        let decided = organizer
            .call(DecideApplication {
                message: "Welcome!".into(),
                ..decision(id, status)
            })
            .await;
        assert_eq!(decided, Ok(()));
        let seen = application_state(&mentee).await.enrollment.unwrap();
        assert_eq!(seen.status, shown);
        assert_eq!(seen.decision_message, "Welcome!");
    }
    let emails = app::outbox::db::outbox_for(&organizer.db, "mo@example.edu")
        .await
        .unwrap();
    assert_eq!(emails.len(), 3);
    assert!(emails[2].body.contains("approved"), "{}", emails[2].body);
}

async fn participant_cannot_edit_another_participants_profile(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let mentor = organizer
        .participant("Max Mentor", "max@example.edu", "mentor")
        .await;
    let intruder = organizer
        .participant("Ivy Intruder", "ivy@example.edu", "mentee")
        .await;
    let mentor_id = mentor.my_id().await;

    let tampered = SaveProfile {
        user_id: mentor_id,
        profile: ProfileInput {
            bio: "Hacked".into(),
            ..profile_input("mentor")
        },
    };
    let by_intruder = intruder.call(tampered).await;
    let read_form = intruder
        .call(GetEditableProfile { user_id: mentor_id })
        .await;
    let by_organizer = organizer
        .call(SaveProfile {
            user_id: mentor_id,
            profile: profile_input("mentor"),
        })
        .await;

    assert_eq!(by_intruder, Err(AppError::Forbidden));
    assert_eq!(read_form.unwrap_err(), AppError::Forbidden);
    assert_eq!(by_organizer, Ok(()));
    let own = own_profile(&mentor).await;
    assert_eq!(
        own.bio,
        "Interested in archives and the people who use them."
    );
    assert_eq!(own.expertise, ["Archives", "Digitization", "Oral history"]);
}

/// The signed-in person's own profile form, as saved.
async fn own_profile(person: &TestApp) -> ProfileInput {
    person
        .call(GetEditableProfile { user_id: 0 })
        .await
        .expect("read the own profile")
        .input
}

async fn invalid_profile_names_each_field_and_keeps_the_saved_one(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let mentee = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;
    let user_id = mentee.my_id().await;
    let bad = SaveProfile {
        user_id,
        profile: ProfileInput {
            bio: "x".repeat(1001),
            meeting_modes: vec!["telepathy".into()],
            degree_program: "MBA".into(),
            ..profile_input("mentee")
        },
    };

    let response = mentee.call(bad).await;

    assert!(
        matches!(response, Err(AppError::Invalid(_))),
        "{response:?}"
    );
    assert!(
        response
            .field_error("bio")
            .unwrap()
            .contains("1000 characters")
    );
    assert!(
        response
            .field_error("meeting_modes")
            .unwrap()
            .contains("telepathy")
    );
    assert_eq!(
        response.field_error("degree_program").as_deref(),
        Some("Choose your degree program.")
    );
    let saved = own_profile(&mentee).await;
    assert_eq!(saved.degree_program, "MLIS");
    assert_eq!(
        saved.bio,
        "Interested in archives and the people who use them."
    );
}

async fn directory_shows_participants_only_mentors_and_no_contact_details(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let mentor = organizer
        .participant("Max Mentor", "max@example.edu", "mentor")
        .await;
    let mentee = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;
    let other_mentee = organizer
        .participant("Pat Peer", "pat@example.edu", "mentee")
        .await;
    let waiting = organizer
        .participant("Wes Waiting", "wes@example.edu", "mentee")
        .await;
    for (person, role) in [
        (&mentor, "mentor"),
        (&mentee, "mentee"),
        (&other_mentee, "mentee"),
        (&waiting, "mentee"),
    ] {
        person.apply_as(role).await;
    }
    for email in ["max@example.edu", "mo@example.edu", "pat@example.edu"] {
        let id = enrollment_id_of(&organizer, email).await;
        organizer
            .call(decision(id, "approved"))
            .await
            .expect("approve");
    }
    let directory = |role: &str| GetDirectory {
        filter: DirectoryFilter {
            role: role.into(),
            ..Default::default()
        },
    };

    let seen_by_mentee = mentee.call(directory("")).await.unwrap();
    let seen_by_waiting = waiting.call(directory("")).await;
    let seen_by_organizer = organizer.call(directory("mentee")).await.unwrap();
    let mentor_profile = mentee
        .call(GetProfile {
            user_id: mentor.my_id().await,
        })
        .await;
    let peer_profile = mentee
        .call(GetProfile {
            user_id: other_mentee.my_id().await,
        })
        .await;

    let entries = &seen_by_mentee.entries;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].display_name, "Max Mentor");
    assert_eq!(entries[0].source, Some(MentorSource::LibraryStaff));
    assert_eq!(entries[0].email, None);
    assert!(
        !serde_json::to_string(&seen_by_mentee)
            .unwrap()
            .contains("@example.edu")
    );
    assert!(
        matches!(seen_by_waiting, Err(AppError::Refused(_))),
        "{seen_by_waiting:?}"
    );
    let organizer_view = &seen_by_organizer.entries;
    assert_eq!(organizer_view.len(), 3);
    assert!(
        organizer_view
            .iter()
            .all(|e| e.email.as_deref().unwrap().ends_with("@example.edu"))
    );
    let mentor_profile = mentor_profile.expect("the mentor's profile");
    assert_eq!(mentor_profile.contact, None);
    assert_eq!(mentor_profile.mentee, None);
    assert_eq!(peer_profile.unwrap_err(), AppError::NotFound);
}

async fn full_orientation_session_refuses_another_rsvp(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let year_id = organizer.current_year().await.id;
    let created = organizer
        .call(crate::helpers::library_orientation(year_id, "1"))
        .await;
    assert_eq!(created, Ok(()));
    let first = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;
    let second = organizer
        .participant("Pat Peer", "pat@example.edu", "mentee")
        .await;
    first.apply_as("mentee").await;
    second.apply_as("mentee").await;
    let offer = first
        .call(MyOrientation {})
        .await
        .unwrap()
        .expect("an orientation is offered");
    let session_id = offer.sessions[0].id;

    let booked = first.call(RsvpOrientation { session_id }).await;
    let refused = second.call(RsvpOrientation { session_id }).await;

    assert_eq!(booked, Ok(()));
    assert_eq!(
        refused.refusal(),
        Some("Sorry, that session is full. Please choose another session.")
    );
    let sessions = sessions_of(&organizer, year_id).await;
    let attendees = &sessions[0].attendees;
    assert_eq!(attendees.len(), 1);
    assert_eq!(attendees[0].display_name, "Mo Mentee");
    let user_id = attendees[0].user_id;
    let marked = organizer
        .call(MarkOrientationAttendance {
            session_id,
            user_id,
            attended: true,
        })
        .await;
    assert_eq!(marked, Ok(()));
    let after = sessions_of(&organizer, year_id).await;
    assert!(after[0].attendees[0].attended);
}

async fn a_declined_applicant_cannot_reserve_an_orientation_seat(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let year_id = organizer.current_year().await.id;
    organizer
        .call(crate::helpers::library_orientation(year_id, "5"))
        .await
        .expect("create the orientation session");
    let applicant = organizer
        .participant("Dee Declined", "dee@example.edu", "mentee")
        .await;
    applicant.apply_as("mentee").await;
    let session_id = sessions_of(&organizer, year_id).await[0].id;
    organizer.decide_every_application("declined").await;

    let refused = applicant.call(RsvpOrientation { session_id }).await;

    assert_eq!(
        refused.refusal(),
        Some("Orientation is for this year's participants: apply first.")
    );
    assert!(
        sessions_of(&organizer, year_id).await[0]
            .attendees
            .is_empty()
    );
}

/// The orientation sessions of a year, as an organizer sees them.
async fn sessions_of(
    organizer: &TestApp,
    year_id: i32,
) -> Vec<app::enrollment::orientation::OrientationSession> {
    organizer
        .call(OrientationSessions { year_id })
        .await
        .expect("list the orientation sessions")
}

/// Creates an orientation session in the current year and returns its id.
async fn orientation_session(organizer: &TestApp, seats: &str) -> i32 {
    let year_id = organizer.current_year().await.id;
    organizer
        .call(CreateOrientationSession {
            year_id,
            starts_at: "2026-10-06T17:00".into(),
            duration_minutes: "90".into(),
            place: String::new(),
            video_url: "https://zoom.example.edu/j/1".into(),
            capacity: seats.into(),
        })
        .await
        .expect("create the orientation session");
    sessions_of(organizer, year_id).await[0].id
}

async fn simultaneous_rsvps_never_overfill_a_session(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let session_id = orientation_session(&organizer, "5").await;
    let mut people = Vec::new();
    for n in 0..20 {
        let person = organizer
            .participant(
                &format!("Person {n}"),
                &format!("p{n}@example.edu"),
                "mentee",
            )
            .await;
        person.apply_as("mentee").await;
        people.push(person);
    }

    let attempts = people
        .iter()
        .map(|person| person.call(RsvpOrientation { session_id }));
    let outcomes = futures::future::join_all(attempts).await;

    let booked = outcomes.iter().filter(|r| r.is_ok()).count();
    let full = outcomes
        .iter()
        .filter(|r| {
            r.refusal() == Some("Sorry, that session is full. Please choose another session.")
        })
        .count();
    assert_eq!((booked, full), (5, 15), "{outcomes:?}");
    let year_id = organizer.current_year().await.id;
    assert_eq!(sessions_of(&organizer, year_id).await[0].booked, 5);
}

async fn closed_year_cannot_be_changed_and_only_one_year_is_current(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let year_id = organizer.current_year().await.id;
    let advance = |phase: &str| AdvancePhase {
        year_id,
        phase: phase.into(),
    };
    let skipped = organizer.call(advance("active")).await;
    for phase in ["matching", "active", "closed"] {
        let moved = organizer.call(advance(phase)).await;
        assert_eq!(moved, Ok(()));
    }

    let edited = organizer
        .call(UpdateProgramYear {
            year_id,
            dates: year_dates(20),
        })
        .await;

    assert!(skipped.refusal().is_some(), "{skipped:?}");
    assert!(edited.refusal().unwrap().contains("closed"), "{edited:?}");
    // A second year (the next fall) becomes current only when asked; there is always one.
    let next = year_dates_moved(&year_dates(10), 365);
    assert_eq!(
        organizer.call(CreateProgramYear { dates: next }).await,
        Ok(())
    );
    assert_eq!(organizer.current_year().await.id, year_id);
    let years = organizer.call(ListProgramYears {}).await.unwrap();
    let newest = years[0].id;
    organizer
        .call(MakeYearCurrent { year_id: newest })
        .await
        .expect("make the newest year current");
    let years = organizer.call(ListProgramYears {}).await.unwrap();
    let current: Vec<_> = years.iter().filter(|y| y.is_current).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].id, newest);
}

/// 1,000 rows, of which rows 50, 100, … 1000 (20 rows) have a problem of some kind.
fn roster_csv() -> String {
    let mut csv = String::from("\u{feff}Name,Email,Role,Program,Source,Capacity\r\n");
    for n in 1..=1000 {
        let row = match n % 50 {
            0 => match (n / 50) % 4 {
                0 => format!("Bad Email {n},not-an-email-{n},mentee,MLIS,,"),
                1 => format!("Unknown Program {n},p{n}@example.edu,mentee,MBA,,"),
                2 => format!("Duplicate {n},person{}@example.edu,mentee,PhD,,", n - 1),
                _ => format!("Too Many {n},m{n}@example.edu,mentor,,alumni,9"),
            },
            _ if n % 3 == 0 => {
                format!("\"Mentor, Number {n}\",person{n}@example.edu,mentor,,library staff,2")
            }
            _ => format!("Student {n},person{n}@example.edu,mentee,MLIS,,"),
        };
        csv.push_str(&row);
        csv.push_str("\r\n");
    }
    csv
}

pub(crate) async fn upload(organizer: &TestApp, csv: &str) -> i32 {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::text(csv.to_owned()).file_name("participants.csv"),
    );
    let response = organizer
        .client
        .post(organizer.url("/api/upload_roster"))
        .header("origin", &organizer.address)
        .header("accept", "text/html")
        .header("referer", organizer.url("/program/invitations"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location
        .strip_prefix("/program/import/")
        .unwrap_or_else(|| panic!("redirected to {location}"))
        .parse()
        .unwrap()
}

async fn csv_import_names_bad_rows_and_a_second_import_changes_nothing(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    // Someone already has an account: the import enrolls them instead of inviting them.
    organizer
        .new_browser()
        .signed_up("Student One", "person1@example.edu")
        .await;
    let csv = roster_csv();

    let first = upload(&organizer, &csv).await;
    let preview = organizer
        .call(GetImportPreview { import_id: first })
        .await
        .expect("preview the import");

    assert_eq!(preview.to_import.len(), 980);
    let problems = &preview.problems;
    assert_eq!(problems.len(), 20);
    let lines: Vec<u64> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, (1..=20).map(|k| k * 50 + 1).collect::<Vec<u64>>());
    // Rows 50, 100, 150 and 200 show each kind of problem, in turn.
    let expected = [
        "Unknown program “MBA”",
        "Duplicate",
        "Capacity",
        "not a valid email",
    ];
    for (problem, wanted) in problems.iter().zip(expected) {
        let text = problem.problems.join(" ");
        assert!(text.contains(wanted), "{text} should mention {wanted}");
    }

    let committed = organizer.call(ImportCommit { import_id: first }).await;
    assert_eq!(committed, Ok(()));
    let invitations = app::enrollment::db::invitations_of_year(&organizer.db, 1)
        .await
        .unwrap();
    assert_eq!(invitations.len(), 979);
    let enrolled = app::enrollment::db::participants(&organizer.db, 1)
        .await
        .unwrap();
    assert_eq!(enrolled.len(), 1);
    assert_eq!(
        enrolled[0].0.status,
        app::domain::choices::EnrollmentStatus::Approved
    );

    let second = upload(&organizer, &csv).await;
    let again = organizer
        .call(GetImportPreview { import_id: second })
        .await
        .expect("preview the second import");
    assert_eq!(again.to_import.len(), 0);
    assert_eq!(again.already.len(), 980);
    let committed = organizer.call(ImportCommit { import_id: second }).await;
    assert_eq!(committed, Ok(()));
    assert_eq!(
        app::enrollment::db::invitations_of_year(&organizer.db, 1)
            .await
            .unwrap()
            .len(),
        979
    );
    assert_eq!(
        app::enrollment::db::participants(&organizer.db, 1)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn oversized_request_is_refused_before_it_is_read(engine: Engine) {
    let app = spawn_app(engine).await;
    let huge = "x".repeat(100 * 1024);

    let sent = app
        .client
        .post(app.url("/api/sign_up"))
        .header("origin", &app.address)
        .header("accept", "application/json")
        .form(&[
            ("display_name", huge.as_str()),
            ("email", "a@example.edu"),
            ("password", "long enough password"),
        ])
        .send()
        .await;

    // The server answers 413 from the declared length and closes the connection without
    // reading the body, so the client may see that answer or, still writing, a closed
    // connection; either way nothing was created.
    match sent {
        Ok(response) => assert_eq!(response.status().as_u16(), 413),
        Err(error) => assert!(error.is_request(), "{error:?}"),
    }
    assert_eq!(app.whoami().await, None);
}

async fn imported_person_accepts_the_emailed_link_once_and_is_enrolled(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let import = upload(
        &organizer,
        "name,email,role,program\r\nPia Preprint,pia@example.edu,mentee,PhD\r\n",
    )
    .await;
    organizer
        .call(ImportCommit { import_id: import })
        .await
        .expect("commit the import");
    let email = app::outbox::db::outbox_for(&organizer.db, "pia@example.edu")
        .await
        .unwrap()
        .pop()
        .expect("an invitation email is waiting in the outbox");
    let link = email
        .body
        .lines()
        .find(|line| line.contains("/invitation/"))
        .expect("the email holds the link");
    let token = link.rsplit('/').next().unwrap();
    let invitee = organizer.new_browser();

    let details = invitee
        .call(GetInvitationDetails {
            token: token.into(),
        })
        .await
        .expect("read the invitation");
    let accepted = invitee
        .call(AcceptInvitation {
            token: token.into(),
            display_name: "Pia Preprint".into(),
            password: "a long enough passphrase".into(),
        })
        .await;
    let again = organizer
        .new_browser()
        .call(AcceptInvitation {
            token: token.into(),
            display_name: "Someone Else".into(),
            password: "another passphrase".into(),
        })
        .await;

    assert_eq!(details.role, Role::Mentee);
    assert_eq!(accepted, Ok(()));
    assert_eq!(invitee.whoami().await.as_deref(), Some("pia@example.edu"));
    let state = application_state(&invitee).await;
    assert_eq!(state.enrollment.unwrap().status, EnrollmentStatus::Approved);
    let profile = own_profile(&invitee).await;
    assert_eq!(profile.side, "mentee");
    assert_eq!(profile.degree_program, "PhD");
    assert_eq!(
        again.refusal(),
        Some("This invitation has already been used. Sign in instead.")
    );
}
