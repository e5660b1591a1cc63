//! The matching workflow over HTTP, on both engines: saving settings with a version check and the
//! browser's fingerprint, publishing all or nothing, capacity under concurrency, ending pairs.

use sea_orm::ConnectionTrait;

use app::domain::matching::workspace::run;
use app::matching::api::MatchingWorkspace;

use crate::helpers::{Engine, TestApp, spawn_app};
use crate::on_both_engines;

on_both_engines!(
    settings_are_saved_only_with_the_current_version_and_the_same_draft,
    published_pairs_see_each_other_and_are_told,
    a_failure_midway_through_publishing_leaves_no_pairs,
    hundred_simultaneous_assignments_to_one_free_place_give_exactly_one_pair,
    an_ended_pair_is_kept_and_never_suggested_again,
    participants_cannot_reach_the_matching_functions,
    nothing_is_published_while_enrollment_is_open,
    a_mentee_ranks_mentors_and_the_stable_draft_follows,
    a_mentor_ranks_the_mentees_who_asked_and_the_stable_draft_follows,
);

/// An organizer's client with a current year in the matching phase, `mentors` approved mentors
/// (each with `capacity` places) and `mentees` approved mentees, all with complete profiles.
pub(crate) async fn matching_year(
    engine: Engine,
    mentors: usize,
    capacity: &str,
    mentees: usize,
) -> (TestApp, Vec<TestApp>) {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    organizer.create_year(10).await;
    let mut people = Vec::new();
    for (count, role) in [(mentors, "mentor"), (mentees, "mentee")] {
        for n in 0..count {
            let person = organizer
                .participant(
                    &format!("{role} {n}"),
                    &format!("{role}{n}@example.edu"),
                    role,
                )
                .await;
            let applied = person.apply(role, capacity).await;
            assert_eq!(applied.status, 200, "{:?}", applied.body);
            people.push(person);
        }
    }
    let table = organizer.call("applications", &[]).await;
    for row in table.body["rows"].as_array().unwrap() {
        let id = row["enrollment_id"].to_string();
        let decided = organizer
            .call(
                "decide_application",
                &[("enrollment_id", &id), ("status", "approved")],
            )
            .await;
        assert_eq!(decided.status, 200, "{:?}", decided.body);
    }
    let year_id = organizer.call("current_year", &[]).await.body["id"].to_string();
    let advanced = organizer
        .call(
            "advance_phase",
            &[("year_id", &year_id), ("phase", "matching")],
        )
        .await;
    assert_eq!(advanced.status, 200, "{:?}", advanced.body);
    (organizer, people)
}

async fn workspace(organizer: &TestApp) -> MatchingWorkspace {
    let response = organizer.call("matching_workspace", &[]).await;
    assert_eq!(response.status, 200, "{:?}", response.body);
    serde_json::from_value(response.body).expect("the workspace decodes")
}

/// The settings form with these weights and the fingerprint of the draft they give.
fn settings_form(
    ws: &MatchingWorkspace,
    version: i32,
    weights: [u32; 7],
    fingerprint: Option<String>,
) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("version", version.to_string()),
        ("method", "optimal".to_owned()),
        ("musts[]", "meeting_modes".to_owned()),
    ];
    let names = [
        "weights[0]",
        "weights[1]",
        "weights[2]",
        "weights[3]",
        "weights[4]",
        "weights[5]",
        "weights[6]",
    ];
    for (name, weight) in names.into_iter().zip(weights) {
        form.push((name, weight.to_string()));
    }
    let mut state = ws.state.clone();
    state.settings.weights = weights;
    let computed = run(&ws.participants, &ws.standing_exclusions, &state)
        .fingerprint()
        .to_string();
    form.push(("fingerprint", fingerprint.unwrap_or(computed)));
    form
}

async fn settings_are_saved_only_with_the_current_version_and_the_same_draft(engine: Engine) {
    let (organizer, _) = matching_year(engine, 2, "2", 3).await;
    let colleague = organizer.new_browser();
    colleague
        .sign_in("olga@example.edu", crate::helpers::PASSWORD)
        .await;
    let ws = workspace(&organizer).await;

    let wrong_fingerprint = organizer
        .call_owned(
            "save_matching_settings",
            &settings_form(&ws, 0, [1, 1, 1, 1, 1, 1, 1], Some("42".into())),
        )
        .await;
    let first = organizer
        .call_owned(
            "save_matching_settings",
            &settings_form(&ws, 0, [9, 1, 1, 1, 1, 0, 0], None),
        )
        .await;
    let stale = colleague
        .call_owned(
            "save_matching_settings",
            &settings_form(&ws, 0, [0, 9, 0, 0, 0, 0, 0], None),
        )
        .await;

    assert_eq!(
        wrong_fingerprint.status, 400,
        "{:?}",
        wrong_fingerprint.body
    );
    assert!(
        wrong_fingerprint.body["Refused"]
            .as_str()
            .is_some_and(|m| m.contains("differs from the server")),
        "{:?}",
        wrong_fingerprint.body
    );
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(stale.status, 400);
    assert!(
        stale.body["Refused"]
            .as_str()
            .unwrap()
            .contains("Another organizer changed this draft")
    );
    let saved = workspace(&organizer).await;
    assert_eq!(saved.version, 1);
    assert_eq!(saved.state.settings.weights, [9, 1, 1, 1, 1, 0, 0]);
}

async fn published_pairs_see_each_other_and_are_told(engine: Engine) {
    let (organizer, people) = matching_year(engine, 2, "2", 3).await;
    let ws = workspace(&organizer).await;
    let draft = run(&ws.participants, &ws.standing_exclusions, &ws.state);
    assert_eq!(draft.pairs.len(), 3, "{:?}", draft.unmatched);

    let published = organizer.call("publish_draft", &[("version", "0")]).await;

    assert_eq!(published.status, 200, "{:?}", published.body);
    let (logged, _) = app::audit::db::page_of(
        &organizer.db,
        Some(app::domain::choices::AuditAction::MatchesPublished),
        "olga",
        1,
    )
    .await
    .unwrap();
    assert_eq!(logged.len(), 1, "publishing is in the audit log");
    assert_eq!(logged[0].details, "3 pairs published");
    let after = workspace(&organizer).await;
    assert_eq!(after.pairs.len(), 3);
    assert_eq!(after.year.phase, app::domain::choices::Phase::Active);
    assert!(after.participants.mentees.is_empty(), "everyone is matched");
    let mentee = &people[2];
    let matches = mentee.call("my_matches", &[]).await;
    let partner = &matches.body[0]["partner"];
    let mentor_email = partner["contact"]["email"].as_str().unwrap().to_owned();
    assert!(mentor_email.starts_with("mentor"), "{mentor_email}");
    let notices = mentee.call("my_notices", &[]).await;
    assert!(
        notices.body[0]["message"]
            .as_str()
            .unwrap()
            .contains("You are matched with your mentor")
    );
    let emails = app::outbox::db::outbox_for(&organizer.db, &mentor_email)
        .await
        .unwrap();
    assert!(emails.iter().any(|e| e.subject.contains("Your match")));
    // The mentor now sees the mentee's whole profile, contact details included.
    let mut mentor = None;
    for person in &people {
        if person.whoami().await.as_deref() == Some(mentor_email.as_str()) {
            mentor = Some(person);
        }
    }
    let mentee_id = mentee.my_id().await.to_string();
    let seen = mentor
        .unwrap()
        .call("profile", &[("user_id", &mentee_id)])
        .await;
    assert_eq!(seen.status, 200, "{:?}", seen.body);
    assert_eq!(seen.body["contact"]["email"], "mentee0@example.edu");
}

async fn a_failure_midway_through_publishing_leaves_no_pairs(engine: Engine) {
    let (organizer, people) = matching_year(engine, 2, "2", 3).await;
    let last_mentee = people[4].my_id().await;
    // Make the database refuse the pair of the last mentee, whichever comes last in the draft.
    let trigger = match engine {
        Engine::Sqlite => vec![format!(
            "CREATE TRIGGER refuse_pair BEFORE INSERT ON pairs WHEN NEW.mentee_id = {last_mentee} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )],
        Engine::Postgres => vec![
            "CREATE FUNCTION refuse_pair() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql".to_owned(),
            format!("CREATE TRIGGER refuse_pair BEFORE INSERT ON pairs FOR EACH ROW WHEN (NEW.mentee_id = {last_mentee}) EXECUTE FUNCTION refuse_pair()"),
        ],
    };
    for statement in trigger {
        organizer.db.execute_unprepared(&statement).await.unwrap();
    }

    let published = organizer.call("publish_draft", &[("version", "0")]).await;

    assert_eq!(published.status, 500);
    let after = workspace(&organizer).await;
    assert!(after.pairs.is_empty(), "{:?}", after.pairs);
    assert_eq!(after.year.phase, app::domain::choices::Phase::Matching);
    assert_eq!(
        people[2].call("my_notices", &[]).await.body,
        serde_json::json!([])
    );
}

async fn hundred_simultaneous_assignments_to_one_free_place_give_exactly_one_pair(engine: Engine) {
    let (organizer, people) = matching_year(engine, 1, "1", 100).await;
    let mentor = people[0].my_id().await.to_string();
    let mut mentees = Vec::new();
    for person in &people[1..] {
        mentees.push(person.my_id().await.to_string());
    }

    let forms: Vec<[(&str, &str); 2]> = mentees
        .iter()
        .map(|mentee| [("mentee", mentee.as_str()), ("mentor", mentor.as_str())])
        .collect();
    let attempts = forms.iter().map(|form| organizer.call("assign_pair", form));
    let outcomes = futures::future::join_all(attempts).await;

    let placed = outcomes.iter().filter(|r| r.status == 200).count();
    let full = outcomes
        .iter()
        .filter(|r| r.body["Refused"] == "That mentor has no free place.")
        .count();
    assert_eq!((placed, full), (1, 99));
    assert_eq!(workspace(&organizer).await.pairs.len(), 1);
}

async fn an_ended_pair_is_kept_and_never_suggested_again(engine: Engine) {
    let (organizer, people) = matching_year(engine, 1, "1", 1).await;
    let mentor = people[0].my_id().await;
    let mentee = people[1].my_id().await;
    organizer
        .call(
            "assign_pair",
            &[
                ("mentee", &mentee.to_string()),
                ("mentor", &mentor.to_string()),
            ],
        )
        .await;
    let pair_id = workspace(&organizer).await.pairs[0].id.to_string();

    let no_reason = organizer
        .call("end_pair", &[("pair_id", &pair_id), ("reason", " ")])
        .await;
    let ended = organizer
        .call(
            "end_pair",
            &[("pair_id", &pair_id), ("reason", "Schedules never matched")],
        )
        .await;

    assert_eq!(
        no_reason.field_error("reason").as_deref(),
        Some("Enter why the pair ends.")
    );
    assert_eq!(ended.status, 200, "{:?}", ended.body);
    let ws = workspace(&organizer).await;
    assert_eq!(ws.pairs[0].end_reason, "Schedules never matched");
    assert!(ws.pairs[0].ended_on.is_some());
    assert_eq!(ws.standing_exclusions, vec![(mentee, mentor)]);
    let draft = run(&ws.participants, &ws.standing_exclusions, &ws.state);
    assert!(draft.pairs.is_empty(), "the two are not suggested again");
    assert_eq!(
        people[1].call("my_matches", &[]).await.body,
        serde_json::json!([])
    );
}

async fn participants_cannot_reach_the_matching_functions(engine: Engine) {
    let (organizer, people) = matching_year(engine, 1, "1", 1).await;
    let mentor = people[0].my_id().await.to_string();
    let mentee = people[1].my_id().await.to_string();

    let calls = [
        people[1].call("matching_workspace", &[]).await,
        people[1].call("publish_draft", &[("version", "0")]).await,
        people[1]
            .call("assign_pair", &[("mentee", &mentee), ("mentor", &mentor)])
            .await,
        organizer
            .new_browser()
            .call("matching_workspace", &[])
            .await,
    ];

    let statuses: Vec<u16> = calls.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![403, 403, 403, 401]);
    assert!(workspace(&organizer).await.pairs.is_empty());
}

async fn nothing_is_published_while_enrollment_is_open(engine: Engine) {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    organizer.create_year(10).await;

    let published = organizer.call("publish_draft", &[("version", "0")]).await;

    assert_eq!(published.status, 400);
    assert!(
        published.body["Refused"]
            .as_str()
            .is_some_and(|m| m.contains("Move the year to the matching phase")),
        "{:?}",
        published.body
    );
}

async fn a_mentee_ranks_mentors_and_the_stable_draft_follows(engine: Engine) {
    let (organizer, people) = matching_year(engine, 3, "1", 2).await;
    let mentor_ids: Vec<String> = {
        let mut ids = Vec::new();
        for mentor in &people[..3] {
            ids.push(mentor.my_id().await.to_string());
        }
        ids
    };
    let mentee = &people[3];
    let outsider = organizer
        .new_browser()
        .signed_up("Nobody Enrolled", "nobody@example.edu")
        .await;

    let state = mentee.call("application_state", &[]).await;
    let not_a_mentor = mentee.call("save_ranking", &[("first", "999999")]).await;
    let twice = mentee
        .call(
            "save_ranking",
            &[("first", &mentor_ids[2]), ("second", &mentor_ids[2])],
        )
        .await;
    let by_outsider = outsider
        .call("save_ranking", &[("first", &mentor_ids[2])])
        .await;
    let saved = mentee
        .call(
            "save_ranking",
            &[("first", &mentor_ids[2]), ("third", &mentor_ids[0])],
        )
        .await;

    assert_eq!(state.body["to_rank"].as_array().unwrap().len(), 3);
    assert_eq!(
        not_a_mentor.field_error("first").as_deref(),
        Some("Choose one of this year's mentors.")
    );
    assert_eq!(
        twice.field_error("second").as_deref(),
        Some("You already chose this person above.")
    );
    assert_eq!(by_outsider.status, 400);
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let ws = workspace(&organizer).await;
    let mentee_id = mentee.my_id().await;
    let ranked = ws
        .participants
        .mentees
        .iter()
        .find(|m| m.id == mentee_id)
        .unwrap()
        .preferred_mentors
        .clone();
    let expected: Vec<i32> = [&mentor_ids[2], &mentor_ids[0]]
        .iter()
        .map(|id| id.parse().unwrap())
        .collect();
    assert_eq!(ranked, expected);
    let mut state = ws.state.clone();
    state.method = app::domain::matching::workspace::Method::Stable;
    let draft = run(&ws.participants, &ws.standing_exclusions, &state);
    let mentor_of = draft
        .pairs
        .iter()
        .find(|p| p.mentee == mentee_id)
        .map(|p| p.mentor);
    assert_eq!(
        mentor_of,
        Some(expected[0]),
        "the first choice, who has a free place"
    );
}

async fn a_mentor_ranks_the_mentees_who_asked_and_the_stable_draft_follows(engine: Engine) {
    // Two mentors with one place each; both mentees want the first mentor most.
    let (organizer, people) = matching_year(engine, 2, "1", 3).await;
    let (wanted, other_mentor) = (&people[0], &people[1]);
    let (early, late, shy) = (&people[2], &people[3], &people[4]);
    let wanted_id = wanted.my_id().await.to_string();
    for mentee in [early, late] {
        let ranked = mentee.call("save_ranking", &[("first", &wanted_id)]).await;
        assert_eq!(ranked.status, 200, "{:?}", ranked.body);
    }
    let (early_id, late_id, shy_id) = (early.my_id().await, late.my_id().await, shy.my_id().await);

    let state = wanted.call("application_state", &[]).await;
    let not_asked = wanted
        .call("save_ranking", &[("first", &shy_id.to_string())])
        .await;
    let other_state = other_mentor.call("application_state", &[]).await;
    let saved = wanted
        .call("save_ranking", &[("first", &late_id.to_string())])
        .await;

    // The mentor sees the two who asked (not the third mentee), and may rank only them.
    let shown: Vec<i64> = state.body["to_rank"]
        .as_array()
        .unwrap()
        .iter()
        .map(|candidate| candidate[0].as_i64().unwrap())
        .collect();
    assert_eq!(shown, vec![i64::from(early_id), i64::from(late_id)]);
    assert_eq!(
        not_asked.field_error("first").as_deref(),
        Some("Choose one of the mentees who asked for you.")
    );
    assert!(other_state.body["to_rank"].as_array().unwrap().is_empty());
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let ws = workspace(&organizer).await;
    let mut state = ws.state.clone();
    state.method = app::domain::matching::workspace::Method::Stable;
    let draft = run(&ws.participants, &ws.standing_exclusions, &state);
    let mentor_of = |mentee: i32| {
        draft
            .pairs
            .iter()
            .find(|p| p.mentee == mentee)
            .map(|p| p.mentor)
    };
    // Equal scores would give the wanted mentor the earlier applicant; their ranking decides.
    assert_eq!(mentor_of(late_id), Some(wanted_id.parse().unwrap()));
    assert_ne!(mentor_of(early_id), Some(wanted_id.parse().unwrap()));
}
