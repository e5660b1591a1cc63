//! The audit log over HTTP, on both engines: each organizer action that changes data writes an
//! entry with who, when and what (never a concern's confidential text), and only organizers read
//! and filter it.

use std::collections::BTreeSet;

use app::audit::AuditLogPage;
use app::auth::api::PromoteToOrganizer;
use app::dashboard::audit::GetAuditLog;
use app::enrollment::api::{ImportCommit, Invite};
use app::error::AppError;
use app::matching::api::{AssignPair, EndPair};
use app::pairs::concerns::{GetConcernsQueue, HandleConcern, RaiseConcern};
use app::pairs::ideas::{IdeaForm, SaveLibraryIdea};
use app::program::api::{
    AddVocabularyTerm, ListOrganizingBodies, RemoveOrganizingBody, SaveOrganizingBody,
};
use app::resources::api::{
    GetResourceEditor, ResourceForm, ReviewResourceSuggestion, SaveResource, SuggestResourceChange,
};

use crate::helpers::{Answer, Engine, TestApp};
use crate::on_both_engines;
use crate::pairs::world;

on_both_engines!(
    every_organizer_change_is_in_the_audit_log_with_who_and_what,
    only_organizers_read_the_audit_log,
    a_change_that_is_refused_leaves_no_audit_entry,
);

async fn log(organizer: &TestApp, action: &str, who: &str) -> AuditLogPage {
    organizer
        .call(GetAuditLog {
            action: action.into(),
            who: who.into(),
            page: 0,
        })
        .await
        .expect("read the audit log")
}

/// The call was let through and did what it was asked.
fn allowed<T: std::fmt::Debug>(what: &str, answer: Answer<T>) -> T {
    answer.unwrap_or_else(|error| panic!("{what}: {error:?}"))
}

async fn every_organizer_change_is_in_the_audit_log_with_who_and_what(engine: Engine) {
    // The world's year was created, its five applications approved and its phase moved on.
    let w = world(engine).await;
    let pair_id = w.pair_id;
    let secret = "My mentor never answers my emails.";
    allowed(
        "raise_concern",
        w.mentee
            .call(RaiseConcern {
                pair_id,
                body: secret.into(),
            })
            .await,
    );
    let concern_id = allowed(
        "concerns_queue",
        w.organizer.call(GetConcernsQueue {}).await,
    )[0]
    .id;

    allowed(
        "handle_concern",
        w.organizer
            .call(HandleConcern {
                concern_id,
                status: "resolved".into(),
                note: String::new(),
                reply: String::new(),
            })
            .await,
    );
    allowed(
        "end_pair",
        w.organizer
            .call(EndPair {
                pair_id,
                reason: "Schedules never matched.".into(),
            })
            .await,
    );
    let (mentee, mentor) = (w.unmatched.my_id().await, w.mentor.my_id().await);
    allowed(
        "assign_pair",
        w.organizer.call(AssignPair { mentee, mentor }).await,
    );
    let user_id = w.other_mentee.my_id().await;
    allowed(
        "promote_to_organizer",
        w.organizer.call(PromoteToOrganizer { user_id }).await,
    );
    allowed(
        "save_resource",
        w.organizer
            .call(SaveResource {
                slug: "tips".into(),
                intent: "save".into(),
                form: ResourceForm {
                    title: "Mentorship tips".into(),
                    audience: "everyone".into(),
                    moment: "pair_start".into(),
                    body: "- Reply within a week.".into(),
                    note: "Shorter".into(),
                    version: "1".into(),
                },
            })
            .await,
    );
    allowed(
        "suggest_resource_change",
        w.mentee
            .call(SuggestResourceChange {
                slug: "about".into(),
                body: "A clearer text.".into(),
                note: "Clearer".into(),
            })
            .await,
    );
    let suggestion_id = allowed(
        "resource_editor",
        w.organizer
            .call(GetResourceEditor {
                slug: "about".into(),
            })
            .await,
    )
    .suggestions[0]
        .id;
    allowed(
        "review_resource_suggestion",
        w.organizer
            .call(ReviewResourceSuggestion {
                suggestion_id,
                decision: "decline".into(),
                reply: String::new(),
            })
            .await,
    );
    allowed(
        "save_library_idea",
        w.organizer
            .call(SaveLibraryIdea {
                idea_id: 0,
                form: IdeaForm {
                    category: "other".into(),
                    title: "Visit a special collection".into(),
                    ..Default::default()
                },
            })
            .await,
    );

    let year_id = w.organizer.current_year().await.id;
    allowed(
        "invite",
        w.organizer
            .call(Invite {
                display_name: "Ines Invited".into(),
                email: "ines@example.edu".into(),
                role: "mentor".into(),
            })
            .await,
    );
    let import_id = crate::enrollment::upload(
        &w.organizer,
        "name,email,role,program\r\nPia Preprint,pia@example.edu,mentee,PhD\r\n",
    )
    .await;
    allowed(
        "import_commit",
        w.organizer.call(ImportCommit { import_id }).await,
    );
    allowed(
        "save_organizing_body",
        w.organizer
            .call(SaveOrganizingBody {
                body_id: None,
                name: "Career Center".into(),
                short_name: "Careers".into(),
            })
            .await,
    );
    let bodies = allowed(
        "organizing_bodies",
        w.organizer.call(ListOrganizingBodies {}).await,
    );
    let body_id = bodies
        .iter()
        .find(|body| body.name == "Career Center")
        .unwrap()
        .id;
    allowed(
        "remove_organizing_body",
        w.organizer.call(RemoveOrganizingBody { body_id }).await,
    );
    allowed(
        "add_vocabulary_term",
        w.organizer
            .call(AddVocabularyTerm {
                label: "Data curation".into(),
            })
            .await,
    );
    allowed(
        "create_orientation_session",
        w.organizer
            .call(crate::helpers::library_orientation(year_id, "20"))
            .await,
    );

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

    let audit_log = |who: &str| GetAuditLog {
        action: String::new(),
        who: who.into(),
        page: 0,
    };
    let by_mentee = w.mentee.call(audit_log("")).await;
    let by_visitor = w.anonymous.call(audit_log("")).await;
    let too_long = w.organizer.call(audit_log(&"x".repeat(201))).await;

    assert_eq!(by_mentee.unwrap_err(), AppError::Forbidden);
    assert_eq!(by_visitor.unwrap_err(), AppError::Unauthenticated);
    assert!(
        matches!(too_long, Err(AppError::Invalid(_))),
        "{too_long:?}"
    );
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

/// The entry is written in the change's transaction: when the change is refused, there is none.
async fn a_change_that_is_refused_leaves_no_audit_entry(engine: Engine) {
    let organizer = crate::helpers::spawn_app(engine)
        .await
        .signed_up_organizer("Marian Stacks", "marian@example.edu")
        .await;
    let missing_idea = organizer
        .call(SaveLibraryIdea {
            idea_id: 999_999,
            form: IdeaForm {
                category: "shadowing".into(),
                title: "Tour each other's workplace".into(),
                how_to: String::new(),
                suggest: String::new(),
            },
        })
        .await;
    assert_eq!(missing_idea, Err(AppError::NotFound));
    let body = |name: &str| SaveOrganizingBody {
        body_id: None,
        name: name.into(),
        short_name: "Guild".into(),
    };
    allowed(
        "save_organizing_body",
        organizer.call(body("Archivists' Guild")).await,
    );
    let taken = organizer.call(body("Archivists' Guild")).await;
    assert!(
        taken
            .as_ref()
            .is_err_and(|error| error.field_message("name").is_some()),
        "{taken:?}"
    );

    let ideas = log(&organizer, "idea_library", "").await;
    assert_eq!(ideas.total, 0, "{:?}", ideas.entries);
    let bodies = log(&organizer, "body_changed", "").await;
    let details: Vec<&str> = bodies.entries.iter().map(|e| e.details.as_str()).collect();
    assert_eq!(details, ["Added"]);
}
