//! Program years, profiles, applications and decisions, the directory, orientation and the CSV
//! import, over HTTP, on both engines.

use crate::helpers::{Engine, TestApp, profile_form, spawn_app, year_form};
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

    assert_eq!(without_profile.status, 400);
    assert!(
        without_profile.body["Refused"]
            .as_str()
            .unwrap()
            .contains("complete your profile as a mentee")
    );
    assert_eq!(as_mentor_too.status, 400);
    assert!(
        as_mentor_too.body["Refused"]
            .as_str()
            .unwrap()
            .contains("cannot be both mentee and mentor"),
        "{:?}",
        as_mentor_too.body
    );
    let state = mentee.call("application_state", &[]).await;
    assert_eq!(state.body["enrollment"]["role"], "Mentee");
    assert_eq!(state.body["enrollment"]["status"], "Applied");
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
        assert_eq!(refused.status, 422);
        assert_eq!(
            refused.field_error("capacity").as_deref(),
            Some("Enter how many mentees you can take as a whole number from 1 to 5.")
        );
    }
    assert_eq!(five.status, 200, "{:?}", five.body);
}

async fn applying_after_the_deadline_is_refused_with_the_date(engine: Engine) {
    let organizer = program_with_year(engine, -1).await;
    let mentee = organizer
        .participant("Lu Late", "lu@example.edu", "mentee")
        .await;

    let response = mentee.apply("mentee", "").await;

    assert_eq!(response.status, 400);
    let message = response.body["Refused"].as_str().unwrap().to_owned();
    let deadline = app::context::program_today() - chrono::Duration::days(1);
    assert!(message.contains("closed on"), "{message}");
    assert!(
        message.contains(&deadline.format("%B %-d, %Y").to_string()),
        "{message}"
    );
    assert_eq!(
        mentee.call("application_state", &[]).await.body["enrollment"],
        serde_json::Value::Null
    );
}

async fn enrollment_id_of(organizer: &TestApp, email: &str) -> String {
    let table = organizer.call("applications", &[]).await;
    assert_eq!(table.status, 200, "{:?}", table.body);
    table.body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["email"] == email)
        .map(|row| row["enrollment_id"].to_string())
        .expect("the application is listed")
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

    let by_participant = other
        .call(
            "decide_application",
            &[("enrollment_id", &id), ("status", "approved")],
        )
        .await;
    let by_self = mentee
        .call(
            "decide_application",
            &[("enrollment_id", &id), ("status", "approved")],
        )
        .await;
    let by_anonymous = organizer
        .new_browser()
        .call(
            "decide_application",
            &[("enrollment_id", &id), ("status", "approved")],
        )
        .await;
    let listing_by_participant = other.call("applications", &[]).await;

    assert_eq!(by_participant.status, 403);
    assert_eq!(by_self.status, 403);
    assert_eq!(by_anonymous.status, 401);
    assert_eq!(listing_by_participant.status, 403);
    assert_eq!(
        mentee.call("application_state", &[]).await.body["enrollment"]["status"],
        "Applied"
    );

    for (status, shown) in [
        ("waitlisted", "Waitlisted"),
        ("declined", "Declined"),
        ("approved", "Approved"),
    ] {
        let decided = organizer
            .call(
                "decide_application",
                &[
                    ("enrollment_id", &id),
                    ("status", status),
                    ("message", "Welcome!"),
                ],
            )
            .await;
        assert_eq!(decided.status, 200, "{:?}", decided.body);
        let seen = mentee.call("application_state", &[]).await;
        assert_eq!(seen.body["enrollment"]["status"], shown);
        assert_eq!(seen.body["enrollment"]["decision_message"], "Welcome!");
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

    let mut tampered = profile_form(mentor_id, "mentor");
    tampered.retain(|(field, _)| *field != "bio");
    tampered.push(("bio", "Hacked".into()));
    let by_intruder = intruder.call_owned("save_profile", &tampered).await;
    let read_form = intruder
        .call("editable_profile", &[("user_id", &mentor_id.to_string())])
        .await;
    let by_organizer = organizer
        .call_owned("save_profile", &profile_form(mentor_id, "mentor"))
        .await;

    assert_eq!(by_intruder.status, 403);
    assert_eq!(read_form.status, 403);
    assert_eq!(by_organizer.status, 200, "{:?}", by_organizer.body);
    let own = mentor.call("editable_profile", &[("user_id", "0")]).await;
    assert_eq!(
        own.body["input"]["bio"],
        "Interested in archives and the people who use them."
    );
    assert_eq!(
        own.body["input"]["expertise"],
        serde_json::json!(["Archives", "Digitization", "Oral history"])
    );
}

async fn invalid_profile_names_each_field_and_keeps_the_saved_one(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let mentee = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;
    let id = mentee.my_id().await;
    let mut bad = profile_form(id, "mentee");
    bad.retain(|(field, _)| !matches!(*field, "bio" | "meeting_modes[]" | "degree_program"));
    bad.extend([
        ("bio", "x".repeat(1001)),
        ("meeting_modes[]", "telepathy".into()),
        ("degree_program", "MBA".into()),
    ]);

    let response = mentee.call_owned("save_profile", &bad).await;

    assert_eq!(response.status, 422);
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
    let saved = mentee.call("editable_profile", &[("user_id", "0")]).await;
    assert_eq!(saved.body["input"]["degree_program"], "MLIS");
    assert_eq!(
        saved.body["input"]["bio"],
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
            .call(
                "decide_application",
                &[("enrollment_id", &id), ("status", "approved")],
            )
            .await;
    }

    let seen_by_mentee = mentee.call("directory", &[]).await;
    let seen_by_waiting = waiting.call("directory", &[]).await;
    let seen_by_organizer = organizer.call("directory", &[("role", "mentee")]).await;
    let mentor_profile = mentee
        .call("profile", &[("user_id", &mentor.my_id().await.to_string())])
        .await;
    let peer_profile = mentee
        .call(
            "profile",
            &[("user_id", &other_mentee.my_id().await.to_string())],
        )
        .await;

    let entries = seen_by_mentee.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0]["display_name"], "Max Mentor");
    assert_eq!(entries[0]["source"], "LibraryStaff");
    assert_eq!(entries[0]["email"], serde_json::Value::Null);
    assert!(!seen_by_mentee.body.to_string().contains("@example.edu"));
    assert_eq!(seen_by_waiting.status, 400);
    let organizer_view = seen_by_organizer.body["entries"].as_array().unwrap();
    assert_eq!(organizer_view.len(), 3);
    assert!(
        organizer_view
            .iter()
            .all(|e| e["email"].as_str().unwrap().ends_with("@example.edu"))
    );
    assert_eq!(mentor_profile.status, 200);
    assert_eq!(mentor_profile.body["contact"], serde_json::Value::Null);
    assert_eq!(mentor_profile.body["mentee"], serde_json::Value::Null);
    assert_eq!(peer_profile.status, 404);
}

async fn full_orientation_session_refuses_another_rsvp(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let year_id = organizer.call("current_year", &[]).await.body["id"].to_string();
    let created = organizer
        .call(
            "create_orientation_session",
            &[
                ("year_id", &year_id),
                ("starts_at", "2026-10-06T17:00"),
                ("duration_minutes", "90"),
                ("place", "Young Research Library"),
                ("capacity", "1"),
            ],
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let first = organizer
        .participant("Mo Mentee", "mo@example.edu", "mentee")
        .await;
    let second = organizer
        .participant("Pat Peer", "pat@example.edu", "mentee")
        .await;
    first.apply_as("mentee").await;
    second.apply_as("mentee").await;
    let offer = first.call("my_orientation", &[]).await;
    let session_id = offer.body["sessions"][0]["id"].to_string();

    let booked = first
        .call("rsvp_orientation", &[("session_id", &session_id)])
        .await;
    let refused = second
        .call("rsvp_orientation", &[("session_id", &session_id)])
        .await;

    assert_eq!(booked.status, 200, "{:?}", booked.body);
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.body["Refused"],
        "Sorry, that session is full. Please choose another session."
    );
    let sessions = organizer
        .call("orientation_sessions", &[("year_id", &year_id)])
        .await;
    let attendees = sessions.body[0]["attendees"].as_array().unwrap();
    assert_eq!(attendees.len(), 1);
    assert_eq!(attendees[0]["display_name"], "Mo Mentee");
    let user_id = attendees[0]["user_id"].to_string();
    let marked = organizer
        .call(
            "mark_orientation_attendance",
            &[
                ("session_id", &session_id),
                ("user_id", &user_id),
                ("attended", "true"),
            ],
        )
        .await;
    assert_eq!(marked.status, 200, "{:?}", marked.body);
    let after = organizer
        .call("orientation_sessions", &[("year_id", &year_id)])
        .await;
    assert_eq!(after.body[0]["attendees"][0]["attended"], true);
}

/// Creates an orientation session in the current year and returns its id.
async fn orientation_session(organizer: &TestApp, seats: &str) -> String {
    let year_id = organizer.call("current_year", &[]).await.body["id"].to_string();
    let created = organizer
        .call(
            "create_orientation_session",
            &[
                ("year_id", &year_id),
                ("starts_at", "2026-10-06T17:00"),
                ("duration_minutes", "90"),
                ("video_url", "https://zoom.example.edu/j/1"),
                ("capacity", seats),
            ],
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let sessions = organizer
        .call("orientation_sessions", &[("year_id", &year_id)])
        .await;
    sessions.body[0]["id"].to_string()
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

    let form = [("session_id", session_id.as_str())];
    let attempts = people
        .iter()
        .map(|person| person.call("rsvp_orientation", &form));
    let outcomes = futures::future::join_all(attempts).await;

    let booked = outcomes.iter().filter(|r| r.status == 200).count();
    let full = outcomes
        .iter()
        .filter(|r| {
            r.body["Refused"] == "Sorry, that session is full. Please choose another session."
        })
        .count();
    assert_eq!(
        (booked, full),
        (5, 15),
        "{:?}",
        outcomes.iter().map(|r| &r.body).collect::<Vec<_>>()
    );
    let year_id = organizer.call("current_year", &[]).await.body["id"].to_string();
    let sessions = organizer
        .call("orientation_sessions", &[("year_id", &year_id)])
        .await;
    assert_eq!(sessions.body[0]["booked"], 5);
}

async fn closed_year_cannot_be_changed_and_only_one_year_is_current(engine: Engine) {
    let organizer = program_with_year(engine, 10).await;
    let year_id = organizer.call("current_year", &[]).await.body["id"].to_string();
    let skipped = organizer
        .call(
            "advance_phase",
            &[("year_id", &year_id), ("phase", "active")],
        )
        .await;
    for phase in ["matching", "active", "closed"] {
        let moved = organizer
            .call("advance_phase", &[("year_id", &year_id), ("phase", phase)])
            .await;
        assert_eq!(moved.status, 200, "{:?}", moved.body);
    }
    let mut edit = year_form(20);
    edit.push(("year_id", year_id.clone()));

    let edited = organizer.call_owned("update_program_year", &edit).await;

    assert_eq!(skipped.status, 400);
    assert_eq!(edited.status, 400);
    assert!(edited.body["Refused"].as_str().unwrap().contains("closed"));
    // A second year (the next fall) becomes current only when asked; there is always one.
    let next: Vec<(&str, String)> = year_form(10)
        .into_iter()
        .map(|(field, date)| {
            let date = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap()
                + chrono::Duration::days(365);
            (field, date.format("%Y-%m-%d").to_string())
        })
        .collect();
    assert_eq!(
        organizer
            .call_owned("create_program_year", &next)
            .await
            .status,
        200
    );
    assert_eq!(
        organizer.call("current_year", &[]).await.body["id"].to_string(),
        year_id
    );
    let years = organizer.call("list_program_years", &[]).await;
    let newest = years.body[0]["id"].to_string();
    organizer
        .call("make_year_current", &[("year_id", &newest)])
        .await;
    let years = organizer.call("list_program_years", &[]).await;
    let current: Vec<_> = years
        .body
        .as_array()
        .unwrap()
        .iter()
        .filter(|y| y["is_current"] == true)
        .collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["id"].to_string(), newest);
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
        .call("import_preview", &[("import_id", &first.to_string())])
        .await;

    assert_eq!(preview.status, 200, "{:?}", preview.body);
    assert_eq!(preview.body["to_import"].as_array().unwrap().len(), 980);
    let problems = preview.body["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 20);
    let lines: Vec<u64> = problems
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, (1..=20).map(|k| k * 50 + 1).collect::<Vec<u64>>());
    // Rows 50, 100, 150 and 200 show each kind of problem, in turn.
    let expected = [
        "Unknown program “MBA”",
        "Duplicate",
        "Capacity",
        "not a valid email",
    ];
    for (problem, wanted) in problems.iter().zip(expected) {
        let text = problem["problems"].to_string();
        assert!(text.contains(wanted), "{text} should mention {wanted}");
    }

    let committed = organizer
        .call("import_commit", &[("import_id", &first.to_string())])
        .await;
    assert_eq!(committed.status, 200, "{:?}", committed.body);
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
        .call("import_preview", &[("import_id", &second.to_string())])
        .await;
    assert_eq!(again.body["to_import"].as_array().unwrap().len(), 0);
    assert_eq!(again.body["already"].as_array().unwrap().len(), 980);
    let committed = organizer
        .call("import_commit", &[("import_id", &second.to_string())])
        .await;
    assert_eq!(committed.status, 200, "{:?}", committed.body);
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
        .call("import_commit", &[("import_id", &import.to_string())])
        .await;
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
        .call("invitation_details", &[("token", token)])
        .await;
    let accepted = invitee
        .call(
            "accept_invitation",
            &[
                ("token", token),
                ("display_name", "Pia Preprint"),
                ("password", "a long enough passphrase"),
            ],
        )
        .await;
    let again = organizer
        .new_browser()
        .call(
            "accept_invitation",
            &[
                ("token", token),
                ("display_name", "Someone Else"),
                ("password", "another passphrase"),
            ],
        )
        .await;

    assert_eq!(details.body["role"], "Mentee");
    assert_eq!(accepted.status, 200, "{:?}", accepted.body);
    assert_eq!(invitee.whoami().await.as_deref(), Some("pia@example.edu"));
    let state = invitee.call("application_state", &[]).await;
    assert_eq!(state.body["enrollment"]["status"], "Approved");
    let profile = invitee.call("editable_profile", &[("user_id", "0")]).await;
    assert_eq!(profile.body["input"]["side"], "mentee");
    assert_eq!(profile.body["input"]["degree_program"], "PhD");
    assert_eq!(again.status, 400);
    assert_eq!(
        again.body["Refused"],
        "This invitation has already been used. Sign in instead."
    );
}
