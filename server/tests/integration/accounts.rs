//! Forgotten passwords and disabled accounts, over HTTP, on both engines: a reset link is sent
//! only to a real account but the answer is the same either way, works once, expires, and ends
//! every other session; an organizer's disabling ends the person's sessions at once.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use app::entities::{audit_log, password_resets};

use crate::helpers::{Engine, PASSWORD, TestApp, spawn_app_with_signed_out_account};
use crate::on_both_engines;

on_both_engines!(
    forgot_password_answers_the_same_whether_or_not_the_address_has_an_account,
    reset_link_sets_a_new_password_once_and_ends_every_other_session,
    expired_reset_link_is_refused,
    reset_links_are_capped_per_hour,
    organizer_disables_an_account_which_ends_its_sessions_at_once,
    only_organizers_disable_accounts_and_never_their_own,
);

const NEW_PASSWORD: &str = "a brand new passphrase";

/// The reset links emailed to `address`, oldest first.
async fn reset_links(app: &TestApp, address: &str) -> Vec<String> {
    app::outbox::db::outbox_for(&app.db, address)
        .await
        .unwrap()
        .into_iter()
        .filter_map(|email| {
            let start = email.body.find("/reset-password/")? + "/reset-password/".len();
            Some(email.body[start..].split_whitespace().next()?.to_owned())
        })
        .collect()
}

async fn forgot(app: &TestApp, address: &str) -> (u16, serde_json::Value) {
    let response = app
        .call("request_password_reset", &[("email", address)])
        .await;
    (response.status, response.body)
}

async fn forgot_password_answers_the_same_whether_or_not_the_address_has_an_account(
    engine: Engine,
) {
    let app = spawn_app_with_signed_out_account(engine).await;

    let known = forgot(&app, "ada@example.edu").await;
    let unknown = forgot(&app, "nobody@example.edu").await;
    let invalid = app
        .call("request_password_reset", &[("email", "not an address")])
        .await;

    assert_eq!(known, unknown);
    assert_eq!(known.0, 200);
    assert_eq!(reset_links(&app, "ada@example.edu").await.len(), 1);
    assert!(reset_links(&app, "nobody@example.edu").await.is_empty());
    assert_eq!(invalid.status, 422);
    assert!(invalid.field_error("email").is_some());
}

async fn reset_link_sets_a_new_password_once_and_ends_every_other_session(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    let laptop = app.new_browser();
    assert_eq!(
        laptop.sign_in("ada@example.edu", PASSWORD).await.status,
        200
    );
    forgot(&app, "ada@example.edu").await;
    let token = reset_links(&app, "ada@example.edu").await.remove(0);
    let usable_before = app.call("reset_link_usable", &[("token", &token)]).await;

    let reset = app
        .call(
            "reset_password",
            &[("token", &token), ("new_password", NEW_PASSWORD)],
        )
        .await;
    let again = app
        .new_browser()
        .call(
            "reset_password",
            &[
                ("token", &token),
                ("new_password", "yet another passphrase"),
            ],
        )
        .await;

    assert_eq!(usable_before.body, serde_json::json!(true));
    assert_eq!(reset.status, 200, "{:?}", reset.body);
    assert_eq!(app.whoami().await.as_deref(), Some("ada@example.edu"));
    assert_eq!(laptop.whoami().await, None, "the other session ended");
    assert_eq!(again.status, 400);
    assert!(
        again
            .body
            .to_string()
            .contains("expired or was already used")
    );
    assert_eq!(
        app.call("reset_link_usable", &[("token", &token)])
            .await
            .body,
        serde_json::json!(false)
    );
    let fresh = app.new_browser();
    assert_ne!(fresh.sign_in("ada@example.edu", PASSWORD).await.status, 200);
    assert_eq!(
        fresh.sign_in("ada@example.edu", NEW_PASSWORD).await.status,
        200
    );
}

async fn expired_reset_link_is_refused(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    forgot(&app, "ada@example.edu").await;
    let token = reset_links(&app, "ada@example.edu").await.remove(0);
    let reset = password_resets::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    password_resets::Entity::update(password_resets::ActiveModel {
        id: Set(reset.id),
        expires_at: Set(chrono::Utc::now() - chrono::Duration::minutes(1)),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();

    let response = app
        .call(
            "reset_password",
            &[("token", &token), ("new_password", NEW_PASSWORD)],
        )
        .await;

    assert_eq!(response.status, 400);
    assert_eq!(app.sign_in("ada@example.edu", PASSWORD).await.status, 200);
}

async fn reset_links_are_capped_per_hour(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;

    for _ in 0..5 {
        assert_eq!(forgot(&app, "ada@example.edu").await.0, 200);
    }

    assert_eq!(reset_links(&app, "ada@example.edu").await.len(), 3);
}

async fn organizer_disables_an_account_which_ends_its_sessions_at_once(engine: Engine) {
    let (organizer, ada) = TestApp::organizer_and_participant(engine).await;
    let ada_id = ada.my_id().await;

    let disabled = organizer
        .call_owned(
            "set_account_disabled",
            &[("user_id", ada_id.to_string()), ("disabled", "true".into())],
        )
        .await;

    assert_eq!(disabled.status, 200, "{:?}", disabled.body);
    assert_eq!(ada.whoami().await, None);
    let refused = ada.sign_in("ada@example.edu", PASSWORD).await;
    assert_eq!(refused.status, 400);
    assert!(refused.body.to_string().contains("disabled"));
    assert_eq!(forgot(&ada, "ada@example.edu").await.0, 200);
    assert!(
        reset_links(&ada, "ada@example.edu").await.is_empty(),
        "no reset for a disabled account"
    );
    let people = organizer.call("list_people", &[]).await.body;
    let row = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == ada_id)
        .unwrap();
    assert_eq!(row["disabled"], true);

    let enabled = organizer
        .call_owned(
            "set_account_disabled",
            &[
                ("user_id", ada_id.to_string()),
                ("disabled", "false".into()),
            ],
        )
        .await;

    assert_eq!(enabled.status, 200);
    assert_eq!(ada.sign_in("ada@example.edu", PASSWORD).await.status, 200);
    let logged = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("account_access"))
        .all(&organizer.db)
        .await
        .unwrap();
    let details: Vec<&str> = logged.iter().map(|row| row.details.as_str()).collect();
    assert_eq!(details, ["Disabled", "Enabled again"]);
}

async fn only_organizers_disable_accounts_and_never_their_own(engine: Engine) {
    let (organizer, ada) = TestApp::organizer_and_participant(engine).await;
    let organizer_id = organizer.my_id().await;
    let disable = |id: i32| vec![("user_id", id.to_string()), ("disabled", "true".to_owned())];

    let by_participant = ada
        .call_owned("set_account_disabled", &disable(organizer_id))
        .await;
    let own = organizer
        .call_owned("set_account_disabled", &disable(organizer_id))
        .await;

    assert_eq!(by_participant.status, 403);
    assert_eq!(own.status, 400);
    assert_eq!(
        organizer.whoami().await.as_deref(),
        Some("marian@example.edu")
    );
}
