//! The matching workflow over HTTP, on both engines: saving settings with a version check and the
//! browser's fingerprint, publishing all or nothing, capacity under concurrency, ending pairs.

use sea_orm::ConnectionTrait;

use app::directory::api::GetProfile;
use app::domain::matching::workspace::run;
use app::enrollment::api::{GetApplicationState, SaveRanking};
use app::error::AppError;
use app::matching::api::{
    AssignPair, EndPair, GetMatchingWorkspace, MatchingWorkspace, MyMatches, PublishDraft,
    SaveMatchingSettings, SettingsForm,
};
use app::notify::notices::MyNotices;

use crate::helpers::{Engine, Refusal, TestApp, spawn_app};
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
            person.apply(role, capacity).await.expect("apply");
            people.push(person);
        }
    }
    organizer.approve_every_application().await;
    organizer.advance_to("matching").await;
    (organizer, people)
}

async fn workspace(organizer: &TestApp) -> MatchingWorkspace {
    organizer
        .call(GetMatchingWorkspace {})
        .await
        .expect("read the matching workspace")
}

fn assign(mentee: i32, mentor: i32) -> AssignPair {
    AssignPair { mentee, mentor }
}

fn ranking(first: &str, second: &str, third: &str) -> SaveRanking {
    SaveRanking {
        first: first.into(),
        second: second.into(),
        third: third.into(),
    }
}

/// The settings form with these weights and the fingerprint of the draft they give.
fn settings_form(
    ws: &MatchingWorkspace,
    version: i32,
    weights: [u32; 7],
    fingerprint: Option<String>,
) -> SaveMatchingSettings {
    let mut state = ws.state.clone();
    state.settings.weights = weights;
    let computed = run(&ws.participants, &ws.standing_exclusions, &state)
        .fingerprint()
        .to_string();
    SaveMatchingSettings {
        version,
        form: SettingsForm {
            method: "optimal".into(),
            weights: weights.iter().map(u32::to_string).collect(),
            musts: vec!["meeting_modes".into()],
            fingerprint: fingerprint.unwrap_or(computed),
        },
    }
}

async fn settings_are_saved_only_with_the_current_version_and_the_same_draft(engine: Engine) {
    let (organizer, _) = matching_year(engine, 2, "2", 3).await;
    let colleague = organizer.new_browser();
    colleague
        .sign_in("olga@example.edu", crate::helpers::PASSWORD)
        .await
        .expect("sign in");
    let ws = workspace(&organizer).await;

    let wrong_fingerprint = organizer
        .call(settings_form(
            &ws,
            0,
            [1, 1, 1, 1, 1, 1, 1],
            Some("42".into()),
        ))
        .await;
    let first = organizer
        .call(settings_form(&ws, 0, [9, 1, 1, 1, 1, 0, 0], None))
        .await;
    let stale = colleague
        .call(settings_form(&ws, 0, [0, 9, 0, 0, 0, 0, 0], None))
        .await;

    assert!(
        wrong_fingerprint
            .refusal()
            .is_some_and(|m| m.contains("differs from the server")),
        "{wrong_fingerprint:?}"
    );
    assert_eq!(first, Ok(()));
    assert!(
        stale
            .refusal()
            .unwrap()
            .contains("Another organizer changed this draft"),
        "{stale:?}"
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

    let published = organizer.call(PublishDraft { version: 0 }).await;

    assert_eq!(published, Ok(()));
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
    let matches = mentee.call(MyMatches {}).await.expect("read my matches");
    let partner = &matches[0].partner;
    let mentor_email = partner.contact.as_ref().unwrap().email.clone();
    assert!(mentor_email.starts_with("mentor"), "{mentor_email}");
    let notices = mentee.call(MyNotices {}).await.expect("read my notices");
    assert!(
        notices[0]
            .message
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
    let user_id = mentee.my_id().await;
    let seen = mentor
        .unwrap()
        .call(GetProfile { user_id })
        .await
        .expect("the mentee's profile");
    assert_eq!(seen.contact.unwrap().email, "mentee0@example.edu");
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

    let published = organizer.call(PublishDraft { version: 0 }).await;

    assert!(
        matches!(published, Err(AppError::Internal { .. })),
        "{published:?}"
    );
    let after = workspace(&organizer).await;
    assert!(after.pairs.is_empty(), "{:?}", after.pairs);
    assert_eq!(after.year.phase, app::domain::choices::Phase::Matching);
    assert_eq!(people[2].call(MyNotices {}).await, Ok(vec![]));
}

async fn hundred_simultaneous_assignments_to_one_free_place_give_exactly_one_pair(engine: Engine) {
    let (organizer, people) = matching_year(engine, 1, "1", 100).await;
    let mentor = people[0].my_id().await;
    let mut mentees = Vec::new();
    for person in &people[1..] {
        mentees.push(person.my_id().await);
    }

    let attempts = mentees
        .iter()
        .map(|&mentee| organizer.call(assign(mentee, mentor)));
    let outcomes = futures::future::join_all(attempts).await;

    let placed = outcomes.iter().filter(|r| r.is_ok()).count();
    let full = outcomes
        .iter()
        .filter(|r| r.refusal() == Some("That mentor has no free place."))
        .count();
    assert_eq!((placed, full), (1, 99));
    assert_eq!(workspace(&organizer).await.pairs.len(), 1);
}

async fn an_ended_pair_is_kept_and_never_suggested_again(engine: Engine) {
    let (organizer, people) = matching_year(engine, 1, "1", 1).await;
    let mentor = people[0].my_id().await;
    let mentee = people[1].my_id().await;
    organizer
        .call(assign(mentee, mentor))
        .await
        .expect("assign the pair");
    let pair_id = workspace(&organizer).await.pairs[0].id;
    let end = |reason: &str| EndPair {
        pair_id,
        reason: reason.into(),
    };

    let no_reason = organizer.call(end(" ")).await;
    let ended = organizer.call(end("Schedules never matched")).await;

    assert_eq!(
        no_reason.field_error("reason").as_deref(),
        Some("Enter why the pair ends.")
    );
    assert_eq!(ended, Ok(()));
    let ws = workspace(&organizer).await;
    assert_eq!(ws.pairs[0].end_reason, "Schedules never matched");
    assert!(ws.pairs[0].ended_on.is_some());
    assert_eq!(ws.standing_exclusions, vec![(mentee, mentor)]);
    let draft = run(&ws.participants, &ws.standing_exclusions, &ws.state);
    assert!(draft.pairs.is_empty(), "the two are not suggested again");
    assert_eq!(people[1].call(MyMatches {}).await, Ok(vec![]));
}

async fn participants_cannot_reach_the_matching_functions(engine: Engine) {
    let (organizer, people) = matching_year(engine, 1, "1", 1).await;
    let mentor = people[0].my_id().await;
    let mentee = people[1].my_id().await;

    let calls = [
        people[1].call(GetMatchingWorkspace {}).await.err(),
        people[1].call(PublishDraft { version: 0 }).await.err(),
        people[1].call(assign(mentee, mentor)).await.err(),
        organizer
            .new_browser()
            .call(GetMatchingWorkspace {})
            .await
            .err(),
    ];

    use AppError::{Forbidden, Unauthenticated};
    assert_eq!(
        calls,
        [
            Some(Forbidden),
            Some(Forbidden),
            Some(Forbidden),
            Some(Unauthenticated)
        ]
    );
    assert!(workspace(&organizer).await.pairs.is_empty());
}

async fn nothing_is_published_while_enrollment_is_open(engine: Engine) {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    organizer.create_year(10).await;

    let published = organizer.call(PublishDraft { version: 0 }).await;

    assert!(
        published
            .refusal()
            .is_some_and(|m| m.contains("Move the year to the matching phase")),
        "{published:?}"
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

    let state = mentee.call(GetApplicationState {}).await.unwrap();
    let not_a_mentor = mentee.call(ranking("999999", "", "")).await;
    let twice = mentee
        .call(ranking(&mentor_ids[2], &mentor_ids[2], ""))
        .await;
    let by_outsider = outsider.call(ranking(&mentor_ids[2], "", "")).await;
    let saved = mentee
        .call(ranking(&mentor_ids[2], "", &mentor_ids[0]))
        .await;

    assert_eq!(state.to_rank.len(), 3);
    assert_eq!(
        not_a_mentor.field_error("first").as_deref(),
        Some("Choose one of this year's mentors.")
    );
    assert_eq!(
        twice.field_error("second").as_deref(),
        Some("You already chose this person above.")
    );
    assert!(by_outsider.refusal().is_some(), "{by_outsider:?}");
    assert_eq!(saved, Ok(()));
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
        let ranked = mentee.call(ranking(&wanted_id, "", "")).await;
        assert_eq!(ranked, Ok(()));
    }
    let (early_id, late_id, shy_id) = (early.my_id().await, late.my_id().await, shy.my_id().await);

    let state = wanted.call(GetApplicationState {}).await.unwrap();
    let not_asked = wanted.call(ranking(&shy_id.to_string(), "", "")).await;
    let other_state = other_mentor.call(GetApplicationState {}).await.unwrap();
    let saved = wanted.call(ranking(&late_id.to_string(), "", "")).await;

    // The mentor sees the two who asked (not the third mentee), and may rank only them.
    let shown: Vec<i32> = state.to_rank.iter().map(|candidate| candidate.0).collect();
    assert_eq!(shown, vec![early_id, late_id]);
    assert_eq!(
        not_asked.field_error("first").as_deref(),
        Some("Choose one of the mentees who asked for you.")
    );
    assert!(other_state.to_rank.is_empty());
    assert_eq!(saved, Ok(()));
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
