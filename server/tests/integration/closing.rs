//! Closing a year and starting the next, on both engines: closing sends every participant the
//! final survey and makes the year read-only; participants answer it (organizers read the
//! results without names); the next year copies the closed year's matching settings and invites
//! its mentors back, once.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::domain::matching::Criterion;
use app::entities::outbox;

use crate::helpers::{Engine, TestApp, year_form};
use crate::on_both_engines;
use crate::pairs::world;

on_both_engines!(
    closing_a_year_sends_the_final_survey_and_makes_it_read_only,
    participants_answer_the_final_survey_and_organizers_read_the_results,
    the_next_year_copies_settings_and_invites_last_years_mentors_once,
);

async fn current_year_id(client: &TestApp) -> i32 {
    client.call("current_year", &[]).await.body["id"]
        .as_i64()
        .unwrap() as i32
}

/// Moves the year phase by phase until it is closed.
async fn close(organizer: &TestApp, year_id: i32) {
    for _ in 0..4 {
        let year = organizer
            .call_owned("program_year", &[("year_id", year_id.to_string())])
            .await
            .body;
        let next = match year["phase"].as_str().unwrap() {
            "Enrolling" => "matching",
            "Matching" => "active",
            "Active" => "closed",
            _ => return,
        };
        let moved = organizer
            .call_owned(
                "advance_phase",
                &[("year_id", year_id.to_string()), ("phase", next.to_owned())],
            )
            .await;
        assert_eq!(moved.status, 200, "{:?}", moved.body);
    }
}

async fn survey_emails(client: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Subject.contains("has ended: tell us how it went"))
        .all(&client.db)
        .await
        .unwrap()
}

async fn closing_a_year_sends_the_final_survey_and_makes_it_read_only(engine: Engine) {
    let w = world(engine).await;
    let year = current_year_id(&w.organizer).await;

    close(&w.organizer, year).await;

    let emails = survey_emails(&w.organizer).await;
    assert_eq!(emails.len(), 5, "every approved participant");
    assert!(
        emails
            .iter()
            .all(|email| email.body.contains(&format!("/survey/{year}")))
    );
    let changed = w
        .organizer
        .call_owned("update_program_year", &{
            let mut form = year_form(10);
            form.push(("year_id", year.to_string()));
            form
        })
        .await;
    assert_eq!(changed.status, 400);
    assert!(changed.body.to_string().contains("is closed"));
    let reopened = w
        .organizer
        .call_owned(
            "advance_phase",
            &[("year_id", year.to_string()), ("phase", "active".into())],
        )
        .await;
    assert_eq!(reopened.status, 400);
    let logged = app::entities::audit_log::Entity::find()
        .filter(app::entities::audit_log::Column::Details.contains("final survey"))
        .one(&w.organizer.db)
        .await
        .unwrap()
        .expect("closing is audited");
    assert_eq!(
        logged.details,
        "Moved to the closed phase; final survey sent to 5 participants"
    );
}

async fn participants_answer_the_final_survey_and_organizers_read_the_results(engine: Engine) {
    let w = world(engine).await;
    let year = current_year_id(&w.organizer).await;
    let before_closing = w
        .mentee
        .call_owned("final_survey", &[("year_id", year.to_string())])
        .await;
    close(&w.organizer, year).await;
    let answer = |rating: &str, recommend: &str| {
        vec![
            ("year_id", year.to_string()),
            ("rating", rating.to_owned()),
            ("recommend", recommend.to_owned()),
            ("comments", "More socials, please.".to_owned()),
        ]
    };

    let invalid = w
        .mentee
        .call_owned("submit_final_survey", &answer("9", ""))
        .await;
    let first = w
        .mentee
        .call_owned("submit_final_survey", &answer("3", "no"))
        .await;
    let changed = w
        .mentee
        .call_owned("submit_final_survey", &answer("4", "yes"))
        .await;
    let by_mentor = w
        .mentor
        .call_owned("submit_final_survey", &answer("5", "yes"))
        .await;
    let stranger = w
        .organizer
        .new_browser()
        .signed_up("Sam Stranger", "sam@example.edu")
        .await
        .call_owned("submit_final_survey", &answer("1", "no"))
        .await;

    assert_eq!(before_closing.status, 403);
    assert_eq!(invalid.status, 422);
    assert!(invalid.field_error("rating").is_some() && invalid.field_error("recommend").is_some());
    assert_eq!(
        (first.status, changed.status, by_mentor.status),
        (200, 200, 200)
    );
    assert_eq!(stranger.status, 403);
    let mine = w
        .mentee
        .call_owned("final_survey", &[("year_id", year.to_string())])
        .await
        .body;
    assert_eq!(mine["answer"]["rating"], 4);
    let dashboard = w
        .organizer
        .call_owned("dashboard", &[("year", year.to_string())])
        .await
        .body;
    let survey = &dashboard["final_survey"];
    assert_eq!(
        (
            survey["participants"].as_u64(),
            survey["answers"].as_u64(),
            survey["rating_total"].as_u64(),
            survey["recommend"].as_u64()
        ),
        (Some(5), Some(2), Some(9), Some(2))
    );
    assert_eq!(survey["comments"].as_array().unwrap().len(), 2);
    assert!(
        !survey.to_string().contains("@example.edu"),
        "answers are shown without names"
    );
}

async fn the_next_year_copies_settings_and_invites_last_years_mentors_once(engine: Engine) {
    let w = world(engine).await;
    let old = current_year_id(&w.organizer).await;
    let (version, mut settings) = app::matching::db::load_draft(&w.organizer.db, old)
        .await
        .unwrap();
    settings.set_weight(Criterion::ALL[0], 9);
    app::matching::db::save_draft(&w.organizer.db, old, version, &settings, 1)
        .await
        .unwrap();
    // Next year: the same dates a year later.
    let next_form: Vec<(&str, String)> = year_form(10)
        .into_iter()
        .map(|(field, date)| {
            let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap();
            (field, (day + chrono::Duration::days(364)).to_string())
        })
        .collect();
    assert_eq!(
        w.organizer
            .call_owned("create_program_year", &next_form)
            .await
            .status,
        200
    );
    let years = w.organizer.call("list_program_years", &[]).await.body;
    let new = years
        .as_array()
        .unwrap()
        .iter()
        .map(|year| year["id"].as_i64().unwrap() as i32)
        .find(|id| *id != old)
        .unwrap();
    let carry_form = [
        ("year_id", new.to_string()),
        ("copy_settings", "on".to_owned()),
        ("invite_mentors", "on".to_owned()),
    ];
    let carry = || w.organizer.call_owned("carry_over", &carry_form);

    let too_early = carry().await;
    close(&w.organizer, old).await;
    let source = w
        .organizer
        .call_owned("carry_over_source", &[("year_id", new.to_string())])
        .await
        .body;
    let carried = carry().await;
    let again = carry().await;

    assert_eq!(too_early.status, 400);
    assert_eq!(source[0], old);
    assert_eq!((carried.status, again.status), (200, 200));
    let (_, copied) = app::matching::db::load_draft(&w.organizer.db, new)
        .await
        .unwrap();
    assert_eq!(copied.settings, settings.settings);
    let invitations = outbox::Entity::find()
        .filter(outbox::Column::Subject.starts_with("Mentor again in the"))
        .all(&w.organizer.db)
        .await
        .unwrap();
    assert_eq!(
        invitations.len(),
        2,
        "each of last year's two mentors, once"
    );
    assert!(
        invitations
            .iter()
            .all(|email| email.body.contains("/apply"))
    );
}
