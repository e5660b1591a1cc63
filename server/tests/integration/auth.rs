//! Accounts and sessions, over HTTP, on both engines.

use app::auth::api::{
    ChangePassword, CreateFirstOrganizer, ListPeople, PromoteToOrganizer, SignUp,
};
use app::error::AppError;

use crate::helpers::{Engine, PASSWORD, Refusal, spawn_app, spawn_app_with_signed_out_account};
use crate::on_both_engines;

on_both_engines!(
    sign_up_names_every_invalid_field,
    sign_up_signs_the_new_person_in,
    duplicate_email_in_other_letter_case_is_refused,
    wrong_password_does_not_reveal_whether_the_email_exists,
    session_id_changes_at_sign_in_and_dies_at_sign_out,
    sixth_rapid_wrong_password_is_throttled,
    many_wrong_passwords_from_one_address_are_throttled_across_accounts,
    participant_gets_403_and_anonymous_401_from_organizer_functions,
    organizer_promotes_a_participant,
    change_password_checks_the_current_one_and_signs_out_other_devices,
    first_organizer_is_created_once_through_the_setup_link,
    plain_form_post_redirects_back_with_the_error,
);

async fn sign_up_names_every_invalid_field(engine: Engine) {
    let app = spawn_app(engine).await;

    let response = app
        .call(SignUp {
            display_name: " ".into(),
            email: "not-an-email".into(),
            password: "short".into(),
        })
        .await;

    assert!(
        matches!(response, Err(AppError::Invalid(_))),
        "{response:?}"
    );
    assert_eq!(
        response.field_error("display_name").as_deref(),
        Some("Enter your name as you would like others to see it.")
    );
    assert_eq!(
        response.field_error("email").as_deref(),
        Some("Enter an email address like name@example.edu.")
    );
    assert_eq!(
        response.field_error("password").as_deref(),
        Some("Password must be at least 10 characters.")
    );
    assert_eq!(app.whoami().await, None);
}

async fn sign_up_signs_the_new_person_in(engine: Engine) {
    let app = spawn_app(engine).await;

    let response = app
        .sign_up("Ada Archive", " Ada.Archive@Example.edu ")
        .await;

    assert_eq!(response, Ok(()));
    assert_eq!(
        app.whoami().await.as_deref(),
        Some("ada.archive@example.edu")
    );
}

async fn duplicate_email_in_other_letter_case_is_refused(engine: Engine) {
    let app = spawn_app(engine).await;
    app.sign_up("Ada Archive", "ada@example.edu")
        .await
        .expect("sign up");
    let other = app.new_browser();

    let response = other.sign_up("Another Ada", "ADA@Example.EDU").await;

    assert!(
        matches!(response, Err(AppError::Invalid(_))),
        "{response:?}"
    );
    assert!(
        response
            .field_error("email")
            .unwrap()
            .contains("already exists")
    );
    assert_eq!(other.whoami().await, None);
}

async fn wrong_password_does_not_reveal_whether_the_email_exists(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;

    let known = app.sign_in("ada@example.edu", "wrong password!").await;
    let unknown = app.sign_in("nobody@example.edu", "wrong password!").await;

    assert_eq!(known, unknown);
    assert_eq!(known.refusal(), Some("Wrong email or password."));
    assert_eq!(app.whoami().await, None);
}

async fn session_id_changes_at_sign_in_and_dies_at_sign_out(engine: Engine) {
    let app = spawn_app(engine)
        .await
        .signed_up("Ada Archive", "ada@example.edu")
        .await;
    let before_sign_in = app.session_cookie().expect("a session after sign-up");

    let response = app.sign_in("ada@example.edu", PASSWORD).await;
    assert_eq!(response, Ok(()));
    let after_sign_in = app.session_cookie().expect("a session after sign-in");

    assert_ne!(before_sign_in, after_sign_in);
    assert_eq!(
        app.browser_with_cookie(&before_sign_in).whoami().await,
        None
    );
    assert_eq!(
        app.browser_with_cookie(&after_sign_in)
            .whoami()
            .await
            .as_deref(),
        Some("ada@example.edu")
    );

    app.sign_out().await.expect("sign out");

    assert_eq!(app.whoami().await, None);
    assert_eq!(app.browser_with_cookie(&after_sign_in).whoami().await, None);
}

async fn sixth_rapid_wrong_password_is_throttled(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;

    for attempt in 1..=5 {
        let response = app.sign_in("ada@example.edu", "wrong password!").await;
        assert!(
            response.refusal().is_some(),
            "attempt {attempt}: {response:?}"
        );
    }
    let sixth = app.sign_in("ada@example.edu", PASSWORD).await;

    assert!(
        matches!(sixth, Err(AppError::Throttled { retry_after_seconds }) if retry_after_seconds > 0),
        "{sixth:?}"
    );
    assert_eq!(app.whoami().await, None);
}

async fn many_wrong_passwords_from_one_address_are_throttled_across_accounts(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;

    // Four guesses at each of five accounts stays under every account's limit…
    for account in 1..=5 {
        for guess in 1..=4 {
            let email = format!("someone{account}@example.edu");
            let response = app.sign_in(&email, "wrong password!").await;
            assert!(
                response.refusal().is_some(),
                "account {account}, guess {guess}: {response:?}"
            );
        }
    }
    // …but twenty from one address closes it, even for an account not yet tried.
    let next = app.sign_in("ada@example.edu", PASSWORD).await;

    assert!(matches!(next, Err(AppError::Throttled { .. })), "{next:?}");
    assert_eq!(app.whoami().await, None);
}

async fn participant_gets_403_and_anonymous_401_from_organizer_functions(engine: Engine) {
    let app = spawn_app(engine).await;
    let anonymous = app.new_browser();
    let participant = app.signed_up("Quinn Query", "quinn@example.edu").await;

    let as_participant = participant.call(ListPeople {}).await;
    let promote_self = participant.call(PromoteToOrganizer { user_id: 1 }).await;
    let as_anonymous = anonymous.call(ListPeople {}).await;

    assert_eq!(as_participant, Err(AppError::Forbidden));
    assert_eq!(promote_self, Err(AppError::Forbidden));
    assert_eq!(as_anonymous, Err(AppError::Unauthenticated));
}

async fn organizer_promotes_a_participant(engine: Engine) {
    let app = spawn_app(engine).await;
    let participant = app
        .new_browser()
        .signed_up("Quinn Query", "quinn@example.edu")
        .await;
    let organizer = app.signed_up("Marian Stacks", "marian@example.edu").await;
    organizer.make_organizer("marian@example.edu").await;
    let people = organizer.call(ListPeople {}).await.expect("list people");
    let quinn = people
        .iter()
        .find(|p| p.email == "quinn@example.edu")
        .unwrap();

    let response = organizer
        .call(PromoteToOrganizer { user_id: quinn.id })
        .await;

    assert_eq!(response, Ok(()));
    assert!(participant.call(ListPeople {}).await.is_ok());
    let missing = organizer.call(PromoteToOrganizer { user_id: 999999 }).await;
    assert_eq!(missing, Err(AppError::NotFound));
}

async fn change_password_checks_the_current_one_and_signs_out_other_devices(engine: Engine) {
    let app = spawn_app(engine)
        .await
        .signed_up("Ada Archive", "ada@example.edu")
        .await;
    let phone = app.new_browser();
    assert_eq!(phone.sign_in("ada@example.edu", PASSWORD).await, Ok(()));
    assert_eq!(phone.whoami().await.as_deref(), Some("ada@example.edu"));
    let new_password = "a brand new passphrase";

    let change = |current: &str, new: &str| ChangePassword {
        current_password: current.into(),
        new_password: new.into(),
    };
    let wrong = app.call(change("not it at all", new_password)).await;
    assert!(matches!(wrong, Err(AppError::Invalid(_))), "{wrong:?}");
    assert!(wrong.field_error("current_password").is_some());
    let too_short = app.call(change(PASSWORD, "short")).await;
    assert!(
        too_short
            .field_error("new_password")
            .unwrap()
            .contains("at least 10")
    );

    let changed = app.call(change(PASSWORD, new_password)).await;

    assert_eq!(changed, Ok(()));
    assert_eq!(app.whoami().await.as_deref(), Some("ada@example.edu"));
    assert_eq!(phone.whoami().await, None);
    let fresh = app.new_browser();
    let old = fresh.sign_in("ada@example.edu", PASSWORD).await;
    assert!(old.refusal().is_some(), "{old:?}");
    assert_eq!(fresh.sign_in("ada@example.edu", new_password).await, Ok(()));
}

async fn first_organizer_is_created_once_through_the_setup_link(engine: Engine) {
    let app = spawn_app(engine).await;
    let token = app
        .setup_token
        .clone()
        .expect("a setup token while no organizer exists");
    let page = app.get(&format!("/setup/{token}")).await;
    assert_eq!(page.status(), 200);
    assert_eq!(app.get("/setup/wrong-token").await.status(), 404);
    let form = |email: &str| CreateFirstOrganizer {
        token: token.clone(),
        display_name: "Marian Stacks".into(),
        email: email.into(),
        password: PASSWORD.into(),
    };

    let created = app.call(form("marian@example.edu")).await;
    assert_eq!(created, Ok(()));
    assert!(app.call(ListPeople {}).await.is_ok());

    let again = app.new_browser().call(form("other@example.edu")).await;
    assert!(again.refusal().is_some(), "{again:?}");
    assert_eq!(app.get(&format!("/setup/{token}")).await.status(), 404);
}

async fn plain_form_post_redirects_back_with_the_error(engine: Engine) {
    let app = spawn_app_with_signed_out_account(engine).await;
    let sign_in_page = app.url("/sign-in");
    let post = |password: &'static str| {
        app.client
            .post(app.url("/api/sign_in"))
            .header("origin", app.url(""))
            .header("referer", &sign_in_page)
            .header("accept", "text/html,application/xhtml+xml")
            .form(&[("email", "ada@example.edu"), ("password", password)])
            .send()
    };

    let failed = post("wrong password!").await.unwrap();
    assert_eq!(failed.status(), 302);
    let back_to = failed.headers()["location"].to_str().unwrap().to_owned();
    assert!(
        back_to.starts_with(&sign_in_page) && back_to.contains("__err="),
        "{back_to}"
    );
    let page = app
        .client
        .get(&back_to)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Wrong email or password."));

    let succeeded = post(PASSWORD).await.unwrap();
    assert_eq!(succeeded.status(), 302);
    assert_eq!(succeeded.headers()["location"], "/");
    assert_eq!(app.whoami().await.as_deref(), Some("ada@example.edu"));
}

mod expiry {
    use app::entities::sessions;
    use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

    use crate::helpers::{Engine, TestApp, spawn_app};
    use crate::on_both_engines;

    const DAY: i64 = 24 * 60 * 60;

    /// Rewrites the one stored session, as if time had passed.
    async fn age_session(app: &TestApp, edit: impl FnOnce(&mut serde_json::Value, &mut i64)) {
        let row = sessions::Entity::find()
            .one(&app.db)
            .await
            .unwrap()
            .expect("a session");
        let mut data: serde_json::Value = serde_json::from_str(&row.data).unwrap();
        let mut expires_at = row.expires_at;
        edit(&mut data, &mut expires_at);
        let mut active = row.into_active_model();
        active.data = Set(data.to_string());
        active.expires_at = Set(expires_at);
        active.update(&app.db).await.unwrap();
    }

    on_both_engines!(
        session_idle_past_its_expiry_is_signed_out,
        session_older_than_the_absolute_lifetime_is_signed_out,
    );

    async fn session_idle_past_its_expiry_is_signed_out(engine: Engine) {
        let app = spawn_app(engine)
            .await
            .signed_up("Ada Archive", "ada@example.edu")
            .await;
        assert!(app.whoami().await.is_some());

        age_session(&app, |_, expires_at| {
            *expires_at = chrono::Utc::now().timestamp() - 1
        })
        .await;

        assert_eq!(app.whoami().await, None);
    }

    async fn session_older_than_the_absolute_lifetime_is_signed_out(engine: Engine) {
        let app = spawn_app(engine)
            .await
            .signed_up("Ada Archive", "ada@example.edu")
            .await;

        // Active all along (recently seen, not idle), but signed in 15 days ago.
        age_session(&app, |data, _| {
            let now = chrono::Utc::now().timestamp();
            data["signed_in_at"] = (now - 15 * DAY).into();
            data["last_seen"] = now.into();
        })
        .await;

        assert_eq!(app.whoami().await, None);
        assert!(
            sessions::Entity::find()
                .one(&app.db)
                .await
                .unwrap()
                .is_none()
        );
    }
}
