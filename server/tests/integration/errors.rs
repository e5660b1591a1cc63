//! What people see when something breaks on our side, and the demo program.

use sea_orm::ConnectionTrait;

use app::auth::api::ListPeople;
use app::directory::api::{DirectoryFilter, GetDirectory};
use app::enrollment::api::{ApplicationQuery, ListApplications};
use app::error::AppError;
use app::program::api::{
    AddVocabularyTerm, ListOrganizingBodies, RemoveOrganizingBody, SaveOrganizingBody,
};

use crate::helpers::{Engine, Refusal, TestApp, spawn_app};
use crate::on_both_engines;

on_both_engines!(
    database_failure_shows_a_reference_but_never_the_database_text,
    demo_data_fills_a_program_once,
    a_form_for_something_removed_meanwhile_asks_to_reload,
    an_unknown_address_gets_the_404_page_with_the_signed_in_navigation,
    a_long_refused_value_gets_a_short_message_naming_the_field,
);

async fn a_form_for_something_removed_meanwhile_asks_to_reload(engine: Engine) {
    let (organizer, _) = TestApp::organizer_and_participant(engine).await;
    let added = organizer
        .call(SaveOrganizingBody {
            body_id: None,
            name: "Friends of the Library".into(),
            short_name: "Friends".into(),
        })
        .await;
    assert_eq!(added, Ok(()));
    let bodies = organizer.call(ListOrganizingBodies {}).await.unwrap();
    let id = bodies
        .iter()
        .find(|body| body.short_name == "Friends")
        .unwrap()
        .id;
    // Another organizer removes it while this one's rename form is open.
    let removed = organizer.call(RemoveOrganizingBody { body_id: id }).await;
    assert_eq!(removed, Ok(()));

    let renamed = organizer
        .call(SaveOrganizingBody {
            body_id: Some(id),
            name: "Library Friends".into(),
            short_name: "Friends".into(),
        })
        .await;

    assert_eq!(renamed, Err(AppError::Stale));
}

async fn an_unknown_address_gets_the_404_page_with_the_signed_in_navigation(engine: Engine) {
    let (_, ada) = TestApp::organizer_and_participant(engine).await;

    let response = ada.get("/no/such/page").await;

    assert_eq!(response.status(), 404);
    let page = response.text().await.unwrap();
    assert!(page.contains("That page or item does not exist."), "{page}");
    assert!(
        page.contains("Sign out"),
        "the navigation forgot who is signed in: {page}"
    );
}

async fn a_long_refused_value_gets_a_short_message_naming_the_field(engine: Engine) {
    let (organizer, _) = TestApp::organizer_and_participant(engine).await;
    let label = "x".repeat(60_000);

    let refused = organizer.call(AddVocabularyTerm { label }).await;

    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    let message = refused
        .field_error("label")
        .expect("a message on the label");
    assert!(message.contains("60 characters or fewer"), "{message}");
    assert!(message.chars().count() < 200, "{message}");
}

async fn database_failure_shows_a_reference_but_never_the_database_text(engine: Engine) {
    let app = spawn_app(engine).await;
    // Arrange a failure no input can cause: the table behind sign-in is gone.
    app.db
        .execute_unprepared("DROP TABLE sign_in_failures")
        .await
        .unwrap();

    let response = app.sign_in("ada@example.edu", "whatever password").await;

    let error = response.expect_err("sign-in failed");
    let AppError::Internal { reference } = &error else {
        panic!("not an internal error: {error:?}");
    };
    assert!(!reference.is_empty());
    let text = serde_json::to_string(&error).unwrap().to_lowercase();
    for leak in [
        "sign_in_failures",
        "no such table",
        "relation",
        "sql",
        "select",
    ] {
        assert!(!text.contains(leak), "{leak} leaked: {text}");
    }
}

async fn demo_data_fills_a_program_once(engine: Engine) {
    let app = spawn_app(engine).await;

    let first = server::demo::fill(&app.db).await.unwrap();
    let second = server::demo::fill(&app.db).await.unwrap();

    assert!(first.contains("35 accounts created"), "{first}");
    assert!(second.contains("0 accounts created"), "{second}");
    let organizer = app.new_browser();
    let response = organizer
        .sign_in("marian.stacks@example.edu", server::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(response, Ok(()));
    assert_eq!(organizer.call(ListPeople {}).await.unwrap().len(), 35);
    // Every mentor and mentee applied to the current year, once, and most were approved.
    let applications = |status: &str| ListApplications {
        query: ApplicationQuery {
            status: status.into(),
            ..Default::default()
        },
    };
    let all = organizer.call(applications("")).await.unwrap();
    assert_eq!(all.total, 32);
    let approved = organizer.call(applications("approved")).await.unwrap();
    assert_eq!(approved.rows.len(), 28);
    let mentors = organizer
        .call(GetDirectory {
            filter: DirectoryFilter {
                role: "mentor".into(),
                ..Default::default()
            },
        })
        .await
        .unwrap();
    assert_eq!(mentors.entries.len(), 12);
}
