//! Reminder rules on both engines: a switched-off rule sends nothing; a switched-on rule sends
//! each reminder once however often it runs (and logs it); rules are worded by organizers, with
//! every problem named; only organizers change them.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use app::domain::choices::ReminderKind;
use app::enrollment::orientation::RsvpOrientation;
use app::entities::{meetings, outbox, reminder_log};
use app::error::AppError;
use app::pairs::concerns::SubmitCheckin;
use app::reminders::api::{GetReminders, RunRemindersNow, SaveReminderRule};

use crate::helpers::{Engine, Refusal, TestApp, spawn_app};
use crate::on_both_engines;
use crate::pairs::world;

on_both_engines!(
    switched_off_rules_send_nothing,
    the_meeting_nudge_goes_once_a_quarter_to_pairs_that_have_not_met,
    a_mentor_is_reminded_once_of_a_proposal_waiting_a_week,
    organizers_word_rules_and_every_problem_is_named,
    the_check_in_prompt_skips_those_who_checked_in,
    the_orientation_reminder_goes_to_those_signed_up_for_a_session_soon,
    the_deadline_reminder_goes_to_accounts_that_have_not_applied,
);

pub(crate) async fn switch_on(organizer: &TestApp, kind: &str, days: &str, subject: &str) {
    let saved = organizer
        .call(SaveReminderRule {
            kind: kind.into(),
            enabled: "on".into(),
            days: days.into(),
            subject: subject.into(),
            body: "Dear {name}, see {link} ({when}).".into(),
        })
        .await;
    assert_eq!(saved, Ok(()));
}

/// A year whose applications close in five days, and Quinn, who has an account and has not applied.
pub(crate) async fn deadline_in_five_days_and_quinn_not_applied(organizer: &TestApp) {
    organizer.create_year(5).await;
    organizer
        .participant("Quinn Query", "quinn@example.edu", "mentee")
        .await;
}

/// Switches on the deadline reminder, `days` before applications close.
pub(crate) async fn remind_of_the_deadline(organizer: &TestApp, days: &str) {
    switch_on(
        organizer,
        "enrollment_deadline",
        days,
        "Applications close on {when}",
    )
    .await;
}

async fn run(organizer: &TestApp) {
    let ran = organizer.call(RunRemindersNow {}).await;
    assert_eq!(ran, Ok(()));
}

async fn emails_with_subject(client: &TestApp, subject: &str) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Subject.eq(subject))
        .all(&client.db)
        .await
        .unwrap()
}

async fn switched_off_rules_send_nothing(engine: Engine) {
    let w = world(engine).await;

    run(&w.organizer).await;

    assert!(
        reminder_log::Entity::find()
            .all(&w.organizer.db)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn the_meeting_nudge_goes_once_a_quarter_to_pairs_that_have_not_met(engine: Engine) {
    // Today is the middle of the world's fall quarter; the first pair met, the other has not.
    let w = world(engine).await;
    w.hold_a_meeting_two_days_ago().await;
    switch_on(
        &w.organizer,
        "meeting_nudge",
        "",
        "Meet this quarter, {name}",
    )
    .await;

    run(&w.organizer).await;
    run(&w.organizer).await;
    app::reminders::api::db::run(
        &w.organizer.db,
        "http://hub.test",
        app::context::program_today(),
        chrono::Utc::now(),
    )
    .await
    .unwrap();

    let log = reminder_log::Entity::find()
        .all(&w.organizer.db)
        .await
        .unwrap();
    assert_eq!(
        log.len(),
        2,
        "both members of the pair that has not met, once"
    );
    assert!(
        log.iter()
            .all(|row| row.pair_id.is_some() && row.pair_id != Some(w.pair_id))
    );
    let emails: Vec<outbox::Model> = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("reminders"))
        .all(&w.organizer.db)
        .await
        .unwrap();
    assert_eq!(emails.len(), 2);
    assert!(
        emails
            .iter()
            .all(|email| email.subject.starts_with("Meet this quarter, ")
                && email.body.contains("/pairs/")
                && email.body.contains("(Fall)"))
    );
    let page = w.organizer.call(GetReminders {}).await.unwrap();
    assert_eq!(page.log.len(), 2);
}

async fn a_mentor_is_reminded_once_of_a_proposal_waiting_a_week(engine: Engine) {
    let w = world(engine).await;
    let next_week = (app::context::program_today() + chrono::Duration::days(7))
        .format("%Y-%m-%d")
        .to_string();
    let fresh = w.propose(&next_week, "11:00").await;
    let waiting = w.propose(&next_week, "15:00").await;
    meetings::Entity::update(meetings::ActiveModel {
        id: Set(waiting),
        created_at: Set(chrono::Utc::now() - chrono::Duration::days(8)),
        ..Default::default()
    })
    .exec(&w.organizer.db)
    .await
    .unwrap();
    switch_on(
        &w.organizer,
        "unanswered_proposal",
        "7",
        "Your mentee is waiting",
    )
    .await;

    run(&w.organizer).await;
    run(&w.organizer).await;

    let emails = emails_with_subject(&w.organizer, "Your mentee is waiting").await;
    let mentor_email = w.mentor.whoami().await.unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].recipient, mentor_email);
    let log = reminder_log::Entity::find()
        .one(&w.organizer.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(log.occasion, format!("meeting {waiting}"));
    assert_ne!(log.occasion, format!("meeting {fresh}"));
}

async fn organizers_word_rules_and_every_problem_is_named(engine: Engine) {
    let w = world(engine).await;

    let rule = |days: &str, subject: &str, body: &str| SaveReminderRule {
        kind: "checkin_prompt".into(),
        enabled: String::new(),
        days: days.into(),
        subject: subject.into(),
        body: body.into(),
    };
    let bad = w.organizer.call(rule("400", " ", "")).await;
    let by_mentor = w.mentor.call(rule("3", "x", "y")).await;
    switch_on(&w.organizer, "checkin_prompt", "3", "Check in, please").await;
    let page = w.organizer.call(GetReminders {}).await.unwrap();

    assert!(matches!(bad, Err(AppError::Invalid(_))), "{bad:?}");
    for field in ["days", "subject", "body"] {
        assert!(bad.field_error(field).is_some(), "{field}");
    }
    assert_eq!(by_mentor, Err(AppError::Forbidden));
    let rule = page
        .rules
        .iter()
        .find(|rule| rule.kind == ReminderKind::CheckinPrompt)
        .unwrap();
    assert_eq!(
        (rule.enabled, rule.days, rule.subject.as_str()),
        (true, 3, "Check in, please")
    );
}

async fn the_check_in_prompt_skips_those_who_checked_in(engine: Engine) {
    // The world's fall quarter ends in 30 days.
    let w = world(engine).await;
    let checked_in = w
        .mentee
        .call(SubmitCheckin {
            pair_id: w.pair_id,
            rating: "4".into(),
            met: "on".into(),
            message: "Going well.".into(),
        })
        .await;
    assert_eq!(checked_in, Ok(()));
    switch_on(&w.organizer, "checkin_prompt", "29", "Check in, please").await;

    run(&w.organizer).await;

    assert!(
        emails_with_subject(&w.organizer, "Check in, please")
            .await
            .is_empty(),
        "not yet due"
    );
    switch_on(&w.organizer, "checkin_prompt", "30", "Check in, please").await;
    run(&w.organizer).await;
    run(&w.organizer).await;
    let mentee_email = w.mentee.whoami().await.unwrap();
    let emails = emails_with_subject(&w.organizer, "Check in, please").await;
    assert_eq!(
        emails.len(),
        3,
        "everyone in a pair but the mentee who checked in"
    );
    assert!(emails.iter().all(|email| email.recipient != mentee_email));
}

async fn the_orientation_reminder_goes_to_those_signed_up_for_a_session_soon(engine: Engine) {
    let w = world(engine).await;
    let year = w.organizer.current_year().await.id;
    let now = chrono::Utc::now();
    for days in [1, 5] {
        app::enrollment::db::create_orientation_session(
            &w.organizer.db,
            year,
            now + chrono::Duration::days(days),
            60,
            &format!("Room {days}"),
            "",
            30,
        )
        .await
        .unwrap();
    }
    let sessions = app::enrollment::db::orientation_sessions_of(&w.organizer.db, year)
        .await
        .unwrap();
    let (tomorrow, later) = (sessions[0].0.id, sessions[1].0.id);
    for (client, session_id) in [(&w.mentee, tomorrow), (&w.mentor, later)] {
        let reserved = client.call(RsvpOrientation { session_id }).await;
        assert_eq!(reserved, Ok(()));
    }
    switch_on(&w.organizer, "orientation", "2", "Orientation soon").await;

    run(&w.organizer).await;
    run(&w.organizer).await;

    let emails = emails_with_subject(&w.organizer, "Orientation soon").await;
    let mentee_email = w.mentee.whoami().await.unwrap();
    assert_eq!(emails.len(), 1, "only the session within two days, once");
    assert_eq!(emails[0].recipient, mentee_email);
    assert!(emails[0].body.contains("(Pacific time)"));
}

async fn the_deadline_reminder_goes_to_accounts_that_have_not_applied(engine: Engine) {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    deadline_in_five_days_and_quinn_not_applied(&organizer).await;
    let applied = organizer
        .participant("Ada Archive", "ada@example.edu", "mentee")
        .await;
    applied.apply_as("mentee").await;
    remind_of_the_deadline(&organizer, "4").await;

    run(&organizer).await;
    let too_early = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("reminders"))
        .all(&organizer.db)
        .await
        .unwrap();
    remind_of_the_deadline(&organizer, "7").await;
    run(&organizer).await;
    run(&organizer).await;

    assert!(too_early.is_empty());
    let emails = outbox::Entity::find()
        .filter(outbox::Column::Kind.eq("reminders"))
        .all(&organizer.db)
        .await
        .unwrap();
    let recipients: Vec<&str> = emails
        .iter()
        .map(|email| email.recipient.as_str())
        .collect();
    assert_eq!(
        recipients,
        ["quinn@example.edu"],
        "not the applicant, not the organizer"
    );
    assert!(emails[0].subject.starts_with("Applications close on "));
    let logged = app::entities::audit_log::Entity::find()
        .filter(app::entities::audit_log::Column::Action.eq("reminder_rule"))
        .all(&organizer.db)
        .await
        .unwrap();
    assert_eq!(logged.len(), 2, "each save of the rule is audited");
}
