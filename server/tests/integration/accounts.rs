//! Forgotten passwords and disabled accounts, over HTTP, on both engines: a reset link is sent
//! only to a real account but the answer is the same either way, works once, expires, and ends
//! every other session; an organizer's disabling ends the person's sessions at once.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use app::auth::api::{
    ListPeople, RequestPasswordReset, ResetLinkUsable, ResetPassword, SetAccountDisabled,
};
use app::entities::{audit_log, password_resets};
use app::error::AppError;

use crate::helpers::{
    Answer, Engine, PASSWORD, Refusal, TestApp, spawn_app_with_signed_out_account,
};
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

async fn forgot(app: &TestApp, address: &str) -> Answer<()> {
    app.call(RequestPasswordReset {
        email: address.into(),
    })
    .await
}

fn reset_to(token: &str, new_password: &str) -> ResetPassword {
    ResetPassword {
        token: token.into(),
        new_password: new_password.into(),
    }
}

async fn usable(app: &TestApp, token: &str) -> bool {
    app.call(ResetLinkUsable {
        token: token.into(),
    })
    .await
    .expect("ask whether the link is usable")
}

async fn forgot_password_answers_the_same_whether_or_not_the_address_has_an_account(
    engine: Engine,
) {
    let app = spawn_app_with_signed_out_account(engine).await;

    let known = forgot(&app, "ada@example.edu").await;
    let unknown = forgot(&app, "nobody@example.edu").await;
    let invalid = forgot(&app, "not an address").await;

    assert_eq!(known, unknown);
    assert_eq!(known, Ok(()));
    assert_eq!(reset_links(&app, "ada@example.edu").await.len(), 1);
    assert!(reset_links(&app, "nobody@example.edu").await.is_empty());
    assert!(matches!(invalid, Err(AppError::Invalid(_))), "{invalid:?}");
    assert!(invalid.field_error("email").is_some());
}

async fn reset_link_sets_a_new_password_once_and_ends_every_other_session(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    let laptop = app.new_browser();
    assert_eq!(laptop.sign_in("ada@example.edu", PASSWORD).await, Ok(()));
    forgot(&app, "ada@example.edu")
        .await
        .expect("ask for a link");
    let token = reset_links(&app, "ada@example.edu").await.remove(0);
    let usable_before = usable(&app, &token).await;

    let reset = app.call(reset_to(&token, NEW_PASSWORD)).await;
    let again = app
        .new_browser()
        .call(reset_to(&token, "yet another passphrase"))
        .await;

    assert!(usable_before);
    assert_eq!(reset, Ok(()));
    assert_eq!(app.whoami().await.as_deref(), Some("ada@example.edu"));
    assert_eq!(laptop.whoami().await, None, "the other session ended");
    assert!(
        again
            .refusal()
            .unwrap()
            .contains("expired or was already used"),
        "{again:?}"
    );
    assert!(!usable(&app, &token).await);
    let fresh = app.new_browser();
    assert!(fresh.sign_in("ada@example.edu", PASSWORD).await.is_err());
    assert_eq!(fresh.sign_in("ada@example.edu", NEW_PASSWORD).await, Ok(()));
}

async fn expired_reset_link_is_refused(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    forgot(&app, "ada@example.edu")
        .await
        .expect("ask for a link");
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

    let response = app.call(reset_to(&token, NEW_PASSWORD)).await;

    assert!(response.refusal().is_some(), "{response:?}");
    assert_eq!(app.sign_in("ada@example.edu", PASSWORD).await, Ok(()));
}

async fn reset_links_are_capped_per_hour(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;

    for _ in 0..5 {
        assert_eq!(forgot(&app, "ada@example.edu").await, Ok(()));
    }

    assert_eq!(reset_links(&app, "ada@example.edu").await.len(), 3);
}

async fn organizer_disables_an_account_which_ends_its_sessions_at_once(engine: Engine) {
    let (organizer, ada) = TestApp::organizer_and_participant(engine).await;
    let ada_id = ada.my_id().await;

    let disabled = organizer
        .call(SetAccountDisabled {
            user_id: ada_id,
            disabled: true,
        })
        .await;

    assert_eq!(disabled, Ok(()));
    assert_eq!(ada.whoami().await, None);
    let refused = ada.sign_in("ada@example.edu", PASSWORD).await;
    assert!(
        refused.refusal().unwrap().contains("disabled"),
        "{refused:?}"
    );
    assert_eq!(forgot(&ada, "ada@example.edu").await, Ok(()));
    assert!(
        reset_links(&ada, "ada@example.edu").await.is_empty(),
        "no reset for a disabled account"
    );
    let people = organizer.call(ListPeople {}).await.expect("list people");
    let row = people.iter().find(|p| p.id == ada_id).unwrap();
    assert!(row.disabled);

    let enabled = organizer
        .call(SetAccountDisabled {
            user_id: ada_id,
            disabled: false,
        })
        .await;

    assert_eq!(enabled, Ok(()));
    assert_eq!(ada.sign_in("ada@example.edu", PASSWORD).await, Ok(()));
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
    let disable = |user_id: i32| SetAccountDisabled {
        user_id,
        disabled: true,
    };

    let by_participant = ada.call(disable(organizer_id)).await;
    let own = organizer.call(disable(organizer_id)).await;

    assert_eq!(by_participant, Err(AppError::Forbidden));
    assert!(own.refusal().is_some(), "{own:?}");
    assert_eq!(
        organizer.whoami().await.as_deref(),
        Some("marian@example.edu")
    );
}
