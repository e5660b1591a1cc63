//! Email delivery on both engines, to a real SMTP server on loopback: each message goes out
//! once with its unsubscribe link; a refused message is retried after a wait; a message claimed
//! by a server that then stopped is not sent again; two servers delivering together send each
//! message once. Unsubscribe links work without signing in and refuse any tampering; the
//! organizers' outbox hides password links. A message refused for good is given up and shown for
//! attention; one whose connection broke mid-send is never sent again on its own. The running
//! server delivers the outbox and runs the reminders on its own.

use chrono::Utc;
use sea_orm::{EntityTrait, Set};

use app::auth::api::RequestPasswordReset;
use app::domain::choices::EmailKind;
use app::entities::outbox;
use app::error::AppError;
use app::notify::api::{
    GetEmailPreferences, GetOutbox, OutboxPage, OutboxRow, SaveEmailPreferences, SendAgain,
    Unsubscribe, UnsubscribeDetails,
};
use app::outbox::db::{self as outbox_db, Email};
use server::mailer::{Mailer, Round};

use crate::helpers::{Engine, Refusal, TestApp, eventually, spawn_app_configured};
use crate::on_both_engines;
use crate::reminders::{deadline_in_five_days_and_quinn_not_applied, remind_of_the_deadline};
use crate::smtp_sink::{Answer, SmtpSink};

on_both_engines!(
    queued_email_is_delivered_once_with_its_unsubscribe_link,
    a_refused_email_is_retried_after_a_wait,
    an_email_claimed_by_a_server_that_stopped_is_not_sent_again,
    two_servers_delivering_together_send_each_email_once,
    unsubscribe_link_works_without_signing_in_and_refuses_tampering,
    organizers_outbox_hides_password_links_and_sends_failed_email_again,
    people_choose_which_emails_they_get,
    an_email_refused_for_good_is_given_up_and_shown_for_attention,
    an_email_whose_connection_broke_mid_send_is_not_sent_again,
    the_running_server_reminds_and_delivers_on_its_own,
);

const SITE: &str = "https://mentoring.example.edu";

fn mailer(sink: &SmtpSink) -> Mailer {
    Mailer::new(&sink.url, "Mentorship Hub <hub@example.edu>", SITE).unwrap()
}

/// An organizer (Marian) and a participant (Ada), each signed in in their own browser.
async fn people(engine: Engine) -> (TestApp, TestApp, app::entities::users::Model) {
    let (organizer, ada) = TestApp::organizer_and_participant(engine).await;
    let user = app::auth::db::find_user(&organizer.db, ada.my_id().await)
        .await
        .unwrap()
        .unwrap();
    (organizer, ada, user)
}

async fn queue(
    app: &TestApp,
    user: &app::entities::users::Model,
    kind: EmailKind,
    subject: &str,
) -> bool {
    outbox_db::queue(
        &app.db,
        Email::to_user(user, kind, subject, "Hello from the program."),
    )
    .await
    .unwrap()
}

async fn row(app: &TestApp, subject: &str) -> outbox::Model {
    outbox::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|email| email.subject == subject)
        .expect("the email is in the outbox")
}

async fn queued_email_is_delivered_once_with_its_unsubscribe_link(engine: Engine) {
    let (organizer, _, ada) = people(engine).await;
    let sink = SmtpSink::start().await;
    queue(&organizer, &ada, EmailKind::Reminders, "Time to meet").await;

    let first = mailer(&sink).deliver_due(&organizer.db).await.unwrap();
    let second = mailer(&sink).deliver_due(&organizer.db).await.unwrap();

    assert_eq!(
        first,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_eq!(second, Round::default());
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to, ["<ada@example.edu>"]);
    assert!(received[0].data.contains("Subject: Time to meet"));
    assert!(
        received[0]
            .data
            .contains("List-Unsubscribe: <https://mentoring.example.edu/unsubscribe/")
    );
    assert!(received[0].data.contains("Hello from the program."));
    assert!(row(&organizer, "Time to meet").await.sent_at.is_some());
}

async fn a_refused_email_is_retried_after_a_wait(engine: Engine) {
    let (organizer, _, ada) = people(engine).await;
    let sink = SmtpSink::start().await;
    sink.refuse_next(1);
    queue(&organizer, &ada, EmailKind::Program, "Your match").await;
    let mailer = mailer(&sink);

    let refused = mailer.deliver_due(&organizer.db).await.unwrap();
    let too_soon = mailer.deliver_due(&organizer.db).await.unwrap();
    let waiting = row(&organizer, "Your match").await;
    // The wait passes.
    outbox::Entity::update(outbox::ActiveModel {
        id: Set(waiting.id),
        next_attempt_at: Set(Some(Utc::now() - chrono::Duration::seconds(1))),
        ..Default::default()
    })
    .exec(&organizer.db)
    .await
    .unwrap();
    let retried = mailer.deliver_due(&organizer.db).await.unwrap();

    assert_eq!(
        refused,
        Round {
            retrying: 1,
            ..Round::default()
        }
    );
    assert_eq!(too_soon, Round::default());
    assert!(waiting.next_attempt_at.unwrap() > Utc::now());
    assert!(
        waiting.last_error.contains("try later"),
        "{}",
        waiting.last_error
    );
    assert_eq!(
        retried,
        Round {
            sent: 1,
            ..Round::default()
        }
    );
    assert_eq!(sink.received().len(), 1);
    assert_eq!(row(&organizer, "Your match").await.attempts, 2);
}

async fn an_email_claimed_by_a_server_that_stopped_is_not_sent_again(engine: Engine) {
    let (organizer, _, ada) = people(engine).await;
    let sink = SmtpSink::start().await;
    queue(&organizer, &ada, EmailKind::Program, "Claimed then stopped").await;
    let id = row(&organizer, "Claimed then stopped").await.id;
    // A server claimed it, perhaps handed it to the mail server, and stopped before noting it.
    let an_hour_ago = Utc::now() - chrono::Duration::hours(1);
    outbox_db::claim(&organizer.db, id, an_hour_ago)
        .await
        .unwrap()
        .unwrap();

    let after_restart = mailer(&sink).deliver_due(&organizer.db).await.unwrap();

    assert_eq!(after_restart, Round::default());
    assert!(sink.received().is_empty());
    let outbox = needing_attention(&organizer)
        .await
        .expect("read the outbox");
    assert_eq!(outbox.rows[0].subject, "Claimed then stopped");
    assert!(outbox.rows[0].can_send_again);
}

/// The organizers' outbox, as its "needs attention" tab lists it.
async fn needing_attention(client: &TestApp) -> crate::helpers::Answer<OutboxPage> {
    client
        .call(GetOutbox {
            status: "attention".into(),
            page: 0,
        })
        .await
}

async fn two_servers_delivering_together_send_each_email_once(engine: Engine) {
    let (organizer, _, ada) = people(engine).await;
    let sink = SmtpSink::start().await;
    for n in 0..30 {
        queue(
            &organizer,
            &ada,
            EmailKind::Announcements,
            &format!("Announcement {n}"),
        )
        .await;
    }
    let (one, two) = (mailer(&sink), mailer(&sink));

    let (first, second) = tokio::join!(
        one.deliver_due(&organizer.db),
        two.deliver_due(&organizer.db)
    );

    assert_eq!(first.unwrap().sent + second.unwrap().sent, 30);
    let mut subjects: Vec<String> = sink
        .received()
        .iter()
        .map(|email| {
            email
                .data
                .lines()
                .find_map(|line| line.strip_prefix("Subject: "))
                .unwrap()
                .to_owned()
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30);
    assert_eq!(sink.received().len(), 30);
}

async fn unsubscribe_link_works_without_signing_in_and_refuses_tampering(engine: Engine) {
    let (organizer, _, ada) = people(engine).await;
    let sink = SmtpSink::start().await;
    queue(&organizer, &ada, EmailKind::Reminders, "Check in").await;
    mailer(&sink).deliver_due(&organizer.db).await.unwrap();
    let data = sink.received()[0].data.clone();
    let token = data
        .split("/unsubscribe/")
        .nth(1)
        .unwrap()
        .split(['>', '\n', ' '])
        .next()
        .unwrap()
        .to_owned();
    let stranger = organizer.new_browser();
    let last = if token.ends_with('0') { '1' } else { '0' };
    let tampered = [
        token.replacen(&ada.id.to_string(), &organizer.my_id().await.to_string(), 1),
        token.replace("reminders", "announcements"),
        format!("{}{last}", &token[..token.len() - 1]),
    ];

    for forged in &tampered {
        let refused = stranger
            .call(Unsubscribe {
                token: forged.clone(),
            })
            .await;
        assert!(refused.refusal().is_some(), "{forged}: {refused:?}");
    }
    let details = stranger
        .call(UnsubscribeDetails {
            token: token.clone(),
        })
        .await;
    let done = stranger.call(Unsubscribe { token }).await;

    assert_eq!(
        details,
        Ok(Some(("Ada Archive".to_owned(), EmailKind::Reminders)))
    );
    assert_eq!(done, Ok(()));
    assert_eq!(
        outbox_db::opted_out(&organizer.db, ada.id).await.unwrap(),
        [EmailKind::Reminders]
    );
    assert!(!queue(&organizer, &ada, EmailKind::Reminders, "Another reminder").await);
    assert!(queue(&organizer, &ada, EmailKind::Announcements, "News").await);
    assert!(queue(&organizer, &ada, EmailKind::Account, "Password").await);
}

async fn organizers_outbox_hides_password_links_and_sends_failed_email_again(engine: Engine) {
    let (organizer, ada_browser, ada) = people(engine).await;
    ada_browser
        .call(RequestPasswordReset {
            email: "ada@example.edu".into(),
        })
        .await
        .expect("ask for a reset link");
    queue(&organizer, &ada, EmailKind::Program, "Refused for good").await;
    let refused = row(&organizer, "Refused for good").await;
    outbox_db::claim(&organizer.db, refused.id, Utc::now())
        .await
        .unwrap();
    outbox_db::stop_trying(
        &organizer.db,
        refused.id,
        Utc::now(),
        true,
        "The mail server refused it",
    )
    .await
    .unwrap();

    let everything = GetOutbox {
        status: String::new(),
        page: 0,
    };
    let outbox = organizer.call(everything.clone()).await;
    let by_participant = ada_browser.call(everything).await;
    let again = organizer.call(SendAgain { id: refused.id }).await;

    let outbox = outbox.expect("read the outbox");
    assert_eq!(by_participant.unwrap_err(), AppError::Forbidden);
    let reset = outbox
        .rows
        .iter()
        .find(|row| row.subject == "Set a new password for Mentorship Hub")
        .unwrap();
    assert_eq!(reset.body, None);
    assert!(
        !serde_json::to_string(&outbox)
            .unwrap()
            .contains("/reset-password/")
    );
    assert!(!outbox.delivering);
    assert_eq!(again, Ok(()));
    let sink = SmtpSink::start().await;
    mailer(&sink).deliver_due(&organizer.db).await.unwrap();
    assert!(row(&organizer, "Refused for good").await.sent_at.is_some());
}

async fn people_choose_which_emails_they_get(engine: Engine) {
    let (organizer, ada_browser, ada) = people(engine).await;

    let saved = ada_browser
        .call(SaveEmailPreferences {
            on: vec!["program".into(), "pair".into()],
        })
        .await;
    let choices = ada_browser.call(GetEmailPreferences {}).await.unwrap();

    assert_eq!(saved, Ok(()));
    let on: Vec<(EmailKind, bool)> = choices
        .iter()
        .map(|choice| (choice.kind, choice.on))
        .collect();
    assert_eq!(
        on,
        [
            (EmailKind::Program, true),
            (EmailKind::Pair, true),
            (EmailKind::Reminders, false),
            (EmailKind::Announcements, false)
        ]
    );
    assert!(!queue(&organizer, &ada, EmailKind::Announcements, "News").await);
    assert!(queue(&organizer, &ada, EmailKind::Program, "Your match").await);
    assert_eq!(
        organizer.new_browser().call(GetEmailPreferences {}).await,
        Err(AppError::Unauthenticated)
    );
}

/// One email queued for Ada, which the mail server answers with `answer` instead of taking it;
/// delivered twice. The first round does `first` and the second nothing (it is never tried again
/// on its own), nothing arrives, its error says `error_says`, and the organizers' outbox lists it
/// first among those needing attention. Returns the organizer, the email's row and that listing.
async fn answered_once_and_left_for_attention(
    engine: Engine,
    answer: Answer,
    subject: &str,
    first: Round,
    error_says: &str,
) -> (TestApp, outbox::Model, OutboxRow) {
    let (organizer, _, ada) = people(engine).await;
    let sink = SmtpSink::start().await;
    sink.answer_next(answer);
    queue(&organizer, &ada, EmailKind::Program, subject).await;
    let mailer = mailer(&sink);

    let answered = mailer.deliver_due(&organizer.db).await.unwrap();
    let later = mailer.deliver_due(&organizer.db).await.unwrap();

    assert_eq!(answered, first);
    assert_eq!(later, Round::default(), "not tried again on its own");
    assert!(sink.received().is_empty(), "nothing arrived");
    let email = row(&organizer, subject).await;
    assert!(email.sent_at.is_none());
    assert!(
        email.last_error.contains(error_says),
        "{}",
        email.last_error
    );
    let outbox = needing_attention(&organizer)
        .await
        .expect("read the outbox");
    let listed = outbox.rows[0].clone();
    assert_eq!(listed.subject, subject);
    (organizer, email, listed)
}

async fn an_email_refused_for_good_is_given_up_and_shown_for_attention(engine: Engine) {
    let refused = Round {
        failed: 1,
        ..Round::default()
    };

    let (_, email, listed) = answered_once_and_left_for_attention(
        engine,
        Answer::Refused,
        "No such mailbox",
        refused,
        "refused it",
    )
    .await;

    assert!(email.failed_at.is_some(), "given up");
    assert!(listed.can_send_again);
}

async fn an_email_whose_connection_broke_mid_send_is_not_sent_again(engine: Engine) {
    let uncertain = Round {
        uncertain: 1,
        ..Round::default()
    };

    answered_once_and_left_for_attention(
        engine,
        Answer::HangsUpDuringMessage,
        "Cut off",
        uncertain,
        "May not have arrived",
    )
    .await;
}

async fn the_running_server_reminds_and_delivers_on_its_own(engine: Engine) {
    let sink = SmtpSink::start().await;
    let often = server::config::Intervals {
        outbox: std::time::Duration::from_millis(100),
        reminders: std::time::Duration::from_millis(100),
        ..Default::default()
    };
    let organizer = spawn_app_configured(engine, |config| server::config::Config {
        smtp_url: Some(sink.url.clone()),
        intervals: often,
        ..config
    })
    .await
    .signed_up_organizer("Olga Organizer", "olga@example.edu")
    .await;
    deadline_in_five_days_and_quinn_not_applied(&organizer).await;

    remind_of_the_deadline(&organizer, "7").await;

    // Nobody runs the reminders or the outbox: the server's own tasks do.
    eventually(
        "the deadline reminder reaches Quinn's mail server",
        || async {
            sink.received().iter().any(|email| {
                email.to == ["<quinn@example.edu>"]
                    && email.data.contains("Subject: Applications close on")
            })
        },
    )
    .await;
    let reminded = sink
        .received()
        .iter()
        .filter(|email| email.data.contains("Subject: Applications close on"))
        .count();
    assert_eq!(reminded, 1, "sent once however often the tasks ran");
}
