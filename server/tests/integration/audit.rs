//! The audit log over HTTP, on both engines: each organizer action that changes data writes an
//! entry with who, when and what (never a concern's confidential text), and only organizers read
//! and filter it.

use std::collections::BTreeSet;

use app::audit::AuditLogPage;

use crate::helpers::{Engine, TestApp};
use crate::on_both_engines;
use crate::pairs::world;

on_both_engines!(
    every_organizer_change_is_in_the_audit_log_with_who_and_what,
    only_organizers_read_the_audit_log,
);

async fn log(organizer: &TestApp, action: &str, who: &str) -> AuditLogPage {
    let response = organizer
        .call("audit_log", &[("action", action), ("who", who)])
        .await;
    assert_eq!(response.status, 200, "{:?}", response.body);
    serde_json::from_value(response.body).unwrap()
}

async fn allowed(client: &TestApp, function: &str, form: &[(&str, &str)]) {
    let response = client.call(function, form).await;
    assert_eq!(response.status, 200, "{function}: {:?}", response.body);
}

async fn every_organizer_change_is_in_the_audit_log_with_who_and_what(engine: Engine) {
    // The world's year was created, its five applications approved and its phase moved on.
    let w = world(engine).await;
    let pair = w.pair_id.to_string();
    let secret = "My mentor never answers my emails.";
    allowed(
        &w.mentee,
        "raise_concern",
        &[("pair_id", &pair), ("body", secret)],
    )
    .await;
    let concern = w.organizer.call("concerns_queue", &[]).await.body[0]["id"].to_string();

    allowed(
        &w.organizer,
        "handle_concern",
        &[("concern_id", &concern), ("status", "resolved")],
    )
    .await;
    allowed(
        &w.organizer,
        "end_pair",
        &[("pair_id", &pair), ("reason", "Schedules never matched.")],
    )
    .await;
    let (waiting, mentor) = (
        w.unmatched.my_id().await.to_string(),
        w.mentor.my_id().await.to_string(),
    );
    allowed(
        &w.organizer,
        "assign_pair",
        &[("mentee", &waiting), ("mentor", &mentor)],
    )
    .await;
    let promoted = w.other_mentee.my_id().await.to_string();
    allowed(
        &w.organizer,
        "promote_to_organizer",
        &[("user_id", &promoted)],
    )
    .await;
    allowed(
        &w.organizer,
        "save_resource",
        &[
            ("slug", "tips"),
            ("intent", "save"),
            ("title", "Mentorship tips"),
            ("audience", "everyone"),
            ("moment", "pair_start"),
            ("body", "- Reply within a week."),
            ("note", "Shorter"),
            ("version", "1"),
        ],
    )
    .await;
    allowed(
        &w.mentee,
        "suggest_resource_change",
        &[
            ("slug", "about"),
            ("body", "A clearer text."),
            ("note", "Clearer"),
        ],
    )
    .await;
    let suggestion = w
        .organizer
        .call("resource_editor", &[("slug", "about")])
        .await
        .body["suggestions"][0]["id"]
        .to_string();
    allowed(
        &w.organizer,
        "review_resource_suggestion",
        &[("suggestion_id", &suggestion), ("decision", "decline")],
    )
    .await;
    allowed(
        &w.organizer,
        "save_library_idea",
        &[
            ("category", "other"),
            ("title", "Visit a special collection"),
        ],
    )
    .await;

    let year = w.organizer.call("current_year", &[]).await.body["id"].to_string();
    allowed(
        &w.organizer,
        "invite",
        &[
            ("display_name", "Ines Invited"),
            ("email", "ines@example.edu"),
            ("role", "mentor"),
        ],
    )
    .await;
    let import = crate::enrollment::upload(
        &w.organizer,
        "name,email,role,program\r\nPia Preprint,pia@example.edu,mentee,PhD\r\n",
    )
    .await
    .to_string();
    allowed(&w.organizer, "import_commit", &[("import_id", &import)]).await;
    allowed(
        &w.organizer,
        "save_organizing_body",
        &[("name", "Career Center"), ("short_name", "Careers")],
    )
    .await;
    let bodies = w.organizer.call("organizing_bodies", &[]).await.body;
    let added = bodies
        .as_array()
        .unwrap()
        .iter()
        .find(|body| body["name"] == "Career Center")
        .unwrap()["id"]
        .to_string();
    allowed(
        &w.organizer,
        "remove_organizing_body",
        &[("body_id", &added)],
    )
    .await;
    allowed(
        &w.organizer,
        "add_vocabulary_term",
        &[("label", "Data curation")],
    )
    .await;
    allowed(
        &w.organizer,
        "create_orientation_session",
        &[
            ("year_id", &year),
            ("starts_at", "2026-10-06T17:00"),
            ("duration_minutes", "90"),
            ("place", "Young Research Library"),
            ("capacity", "20"),
        ],
    )
    .await;

    let everything = log(&w.organizer, "", "").await;

    let kinds: BTreeSet<&str> = everything
        .entries
        .iter()
        .filter_map(|entry| entry.action.map(|action| action.code()))
        .collect();
    for kind in [
        "year_changed",
        "application_decided",
        "concern_handled",
        "pair_ended",
        "pair_assigned",
        "role_changed",
        "resource_changed",
        "suggestion_answered",
        "idea_library",
        "invited",
        "imported",
        "body_changed",
        "vocabulary_changed",
        "orientation_changed",
    ] {
        assert!(kinds.contains(kind), "no {kind} entry in {kinds:?}");
    }
    assert!(
        everything
            .entries
            .iter()
            .all(|e| e.actor == "Olga Organizer")
    );
    assert!(
        everything
            .entries
            .iter()
            .all(|e| !e.subject.contains(secret) && !e.details.contains(secret)),
        "a concern's text stays out of the log"
    );
    let ended = log(&w.organizer, "pair_ended", "").await.entries;
    assert_eq!(ended.len(), 1);
    assert_eq!(ended[0].subject, "mentee 0 with mentor 0");
    assert_eq!(ended[0].details, "Schedules never matched.");
    let assigned = log(&w.organizer, "pair_assigned", "").await.entries;
    assert_eq!(assigned[0].subject, "mentee 2 with mentor 0");
    let decided = log(&w.organizer, "application_decided", "").await;
    assert_eq!(decided.total, 5);
    assert!(decided.entries.iter().all(|e| e.details == "Approved"));
    let bodies: Vec<(String, String)> = log(&w.organizer, "body_changed", "")
        .await
        .entries
        .into_iter()
        .map(|e| (e.subject, e.details))
        .collect();
    assert_eq!(
        bodies,
        [
            ("Career Center".to_owned(), "Removed".to_owned()),
            ("Career Center".to_owned(), "Added".to_owned())
        ]
    );
    assert_eq!(
        log(&w.organizer, "invited", "").await.entries[0].subject,
        "Ines Invited <ines@example.edu>"
    );
    let concern_entry = &log(&w.organizer, "concern_handled", "").await.entries[0];
    assert_eq!(concern_entry.details, "Status: Resolved");
    assert_eq!(log(&w.organizer, "", "OLGA").await.total, everything.total);
    assert_eq!(log(&w.organizer, "", "nobody").await.total, 0);
}

async fn only_organizers_read_the_audit_log(engine: Engine) {
    let w = world(engine).await;

    let by_mentee = w.mentee.call("audit_log", &[]).await;
    let by_visitor = w.anonymous.call("audit_log", &[]).await;
    let too_long = w
        .organizer
        .call("audit_log", &[("who", &"x".repeat(201))])
        .await;

    assert_eq!(by_mentee.status, 403);
    assert_eq!(by_visitor.status, 401);
    assert_eq!(too_long.status, 422);
    assert!(
        w.organizer
            .get("/program/audit")
            .await
            .text()
            .await
            .unwrap()
            .contains("Audit log")
    );
}
