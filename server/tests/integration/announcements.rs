//! Announcements to groups, on both engines: each audience reaches exactly its people, a preview
//! queues nothing, sending needs a preview of the same text, people who turned announcements
//! off are skipped, and the send is audited.

use std::collections::BTreeSet;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::dashboard::announcements::{Announce, GetAnnouncementState};
use app::entities::{audit_log, outbox};
use app::error::AppError;
use app::notify::api::SaveEmailPreferences;

use crate::helpers::{Answer, Engine, Refusal, TestApp};
use crate::on_both_engines;
use crate::pairs::{World, world};

on_both_engines!(
    each_audience_reaches_exactly_its_people,
    sending_needs_a_preview_of_the_same_text_and_skips_people_who_opted_out,
    announcements_name_every_missing_field_and_are_for_organizers_only,
);

async fn announce(client: &TestApp, audience: &str, subject: &str, intent: &str) -> Answer<()> {
    client
        .call(Announce {
            audience: audience.into(),
            subject: subject.into(),
            body: "The spring social is on May 5.".into(),
            intent: intent.into(),
        })
        .await
}

/// The addresses an announcement with this subject was queued for.
async fn sent_to(client: &TestApp, subject: &str) -> BTreeSet<String> {
    outbox::Entity::find()
        .filter(outbox::Column::Subject.eq(subject))
        .all(&client.db)
        .await
        .unwrap()
        .into_iter()
        .map(|email| email.recipient)
        .collect()
}

async fn email_of(client: &TestApp) -> String {
    client.whoami().await.expect("signed in")
}

async fn each_audience_reaches_exactly_its_people(engine: Engine) {
    let w: World = world(engine).await;
    w.hold_a_meeting_two_days_ago().await;
    let [mentee, mentor, other_mentee, unmatched] = [
        email_of(&w.mentee).await,
        email_of(&w.mentor).await,
        email_of(&w.other_mentee).await,
        email_of(&w.unmatched).await,
    ];

    let mut reached = Vec::new();
    for audience in ["everyone", "mentors", "mentees", "unmatched", "not_met"] {
        assert_eq!(
            announce(&w.organizer, audience, audience, "preview").await,
            Ok(())
        );
        assert_eq!(
            announce(&w.organizer, audience, audience, "queue").await,
            Ok(())
        );
        reached.push(sent_to(&w.organizer, audience).await);
    }

    let set = |emails: &[&String]| {
        emails
            .iter()
            .map(|e| e.to_string())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(reached[0].len(), 5);
    assert!(reached[0].is_superset(&set(&[&mentee, &mentor, &other_mentee, &unmatched])));
    assert_eq!(reached[1].len(), 2);
    assert!(reached[1].contains(&mentor));
    assert_eq!(reached[2], set(&[&mentee, &other_mentee, &unmatched]));
    assert_eq!(reached[3], set(&[&unmatched]));
    // The first pair met; the other pair's two members have not this quarter.
    assert_eq!(reached[4].len(), 2);
    assert!(reached[4].contains(&other_mentee));
    assert!(!reached[4].contains(&mentee) && !reached[4].contains(&mentor));
}

async fn sending_needs_a_preview_of_the_same_text_and_skips_people_who_opted_out(engine: Engine) {
    let w = world(engine).await;
    w.mentor
        .call(SaveEmailPreferences {
            on: vec!["program".into()],
        })
        .await
        .expect("save the email preferences");

    let unpreviewed = announce(&w.organizer, "mentors", "Social", "queue").await;
    let previewed = announce(&w.organizer, "mentors", "Social", "preview").await;
    let nothing_yet = sent_to(&w.organizer, "Social").await;
    let state = w.organizer.call(GetAnnouncementState {}).await.unwrap();
    let changed = announce(&w.organizer, "mentors", "Social!", "queue").await;
    let sent = announce(&w.organizer, "mentors", "Social", "queue").await;

    assert!(unpreviewed.refusal().is_some(), "{unpreviewed:?}");
    assert_eq!(previewed, Ok(()));
    assert!(nothing_yet.is_empty());
    let preview = state.preview.expect("the preview");
    assert_eq!(preview.recipients, 2);
    assert!(preview.example.starts_with("Dear "));
    assert!(changed.refusal().is_some(), "{changed:?}");
    assert_eq!(sent, Ok(()));
    assert_eq!(
        sent_to(&w.organizer, "Social").await.len(),
        1,
        "the mentor who opted out is skipped"
    );
    let after = w.organizer.call(GetAnnouncementState {}).await.unwrap();
    assert_eq!(after.queued, Some((1, 1)));
    assert_eq!(after.preview, None);
    let logged = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("announcement"))
        .one(&w.organizer.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(logged.subject, "Social");
    assert_eq!(logged.details, "To approved mentors: 1 of 2 queued");
}

async fn announcements_name_every_missing_field_and_are_for_organizers_only(engine: Engine) {
    let w = world(engine).await;

    let empty = w
        .organizer
        .call(Announce {
            audience: String::new(),
            subject: String::new(),
            body: String::new(),
            intent: "preview".into(),
        })
        .await;
    let by_mentor = announce(&w.mentor, "everyone", "Hi", "preview").await;

    assert!(matches!(empty, Err(AppError::Invalid(_))), "{empty:?}");
    for field in ["audience", "subject", "body"] {
        assert!(empty.field_error(field).is_some(), "{field}: {empty:?}");
    }
    assert_eq!(by_mentor, Err(AppError::Forbidden));
}
