//! What people see when something breaks on our side, and the demo program.

use sea_orm::ConnectionTrait;

use crate::helpers::{Engine, spawn_app};
use crate::on_both_engines;

on_both_engines!(
    database_failure_shows_a_reference_but_never_the_database_text,
    demo_data_fills_a_program_once,
);

async fn database_failure_shows_a_reference_but_never_the_database_text(engine: Engine) {
    let app = spawn_app(engine).await;
    // Arrange a failure no input can cause: the table behind sign-in is gone.
    app.db
        .execute_unprepared("DROP TABLE sign_in_failures")
        .await
        .unwrap();

    let response = app.sign_in("ada@example.edu", "whatever password").await;

    assert_eq!(response.status, 500);
    let reference = response.body["Internal"]["reference"]
        .as_str()
        .expect("an error reference")
        .to_owned();
    assert!(!reference.is_empty());
    let text = response.body.to_string().to_lowercase();
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
    assert_eq!(response.status, 200, "{:?}", response.body);
    assert_eq!(
        organizer
            .call("list_people", &[])
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        35
    );
    // Every mentor and mentee applied to the current year, once, and most were approved.
    let applications = organizer.call("applications", &[]).await;
    assert_eq!(applications.body["total"], 32);
    let approved = organizer
        .call("applications", &[("status", "approved")])
        .await;
    assert_eq!(approved.body["rows"].as_array().unwrap().len(), 28);
    let mentors = organizer.call("directory", &[("role", "mentor")]).await;
    assert_eq!(mentors.body["entries"].as_array().unwrap().len(), 12);
}
