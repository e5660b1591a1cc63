//! Closing a year and starting the next, on both engines: closing sends every participant the
//! final survey and makes the year read-only; participants answer it (organizers read the
//! results without names); the next year copies the closed year's matching settings and invites
//! its mentors back, once.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::dashboard::figures::api::GetDashboard;
use app::domain::choices::Phase;
use app::domain::matching::Criterion;
use app::entities::outbox;
use app::error::AppError;
use app::program::api::{
    AdvancePhase, CreateProgramYear, GetProgramYear, ListProgramYears, UpdateProgramYear,
};
use app::program::closing::{GetFinalSurvey, SubmitFinalSurvey};
use app::year_admin::carry_over::{CarryOver, GetCarryOverSource};

use crate::helpers::{Engine, Refusal, TestApp, year_dates, year_dates_moved};
use crate::on_both_engines;
use crate::pairs::world;

on_both_engines!(
    closing_a_year_sends_the_final_survey_and_makes_it_read_only,
    participants_answer_the_final_survey_and_organizers_read_the_results,
    the_next_year_copies_settings_and_invites_last_years_mentors_once,
);

async fn current_year_id(client: &TestApp) -> i32 {
    client.current_year().await.id
}

fn advance(year_id: i32, phase: &str) -> AdvancePhase {
    AdvancePhase {
        year_id,
        phase: phase.into(),
    }
}

/// Moves the year phase by phase until it is closed.
async fn close(organizer: &TestApp, year_id: i32) {
    for _ in 0..4 {
        let year = organizer
            .call(GetProgramYear { year_id })
            .await
            .expect("read the year");
        let next = match year.phase {
            Phase::Enrolling => "matching",
            Phase::Matching => "active",
            Phase::Active => "closed",
            _ => return,
        };
        let moved = organizer.call(advance(year_id, next)).await;
        assert_eq!(moved, Ok(()));
    }
}

async fn survey_emails(client: &TestApp) -> Vec<outbox::Model> {
    outbox::Entity::find()
        .filter(outbox::Column::Subject.contains("has ended: tell us how it went"))
        .all(&client.db)
        .await
        .unwrap()
}

async fn closing_a_year_sends_the_final_survey_and_makes_it_read_only(engine: Engine) {
    let w = world(engine).await;
    let year = current_year_id(&w.organizer).await;

    close(&w.organizer, year).await;

    let emails = survey_emails(&w.organizer).await;
    assert_eq!(emails.len(), 5, "every approved participant");
    assert!(
        emails
            .iter()
            .all(|email| email.body.contains(&format!("/survey/{year}")))
    );
    let changed = w
        .organizer
        .call(UpdateProgramYear {
            year_id: year,
            dates: year_dates(10),
        })
        .await;
    assert!(
        changed.refusal().unwrap().contains("is closed"),
        "{changed:?}"
    );
    let reopened = w.organizer.call(advance(year, "active")).await;
    assert!(reopened.refusal().is_some(), "{reopened:?}");
    let logged = app::entities::audit_log::Entity::find()
        .filter(app::entities::audit_log::Column::Details.contains("final survey"))
        .one(&w.organizer.db)
        .await
        .unwrap()
        .expect("closing is audited");
    assert_eq!(
        logged.details,
        "Moved to the closed phase; final survey sent to 5 participants"
    );
}

async fn participants_answer_the_final_survey_and_organizers_read_the_results(engine: Engine) {
    let w = world(engine).await;
    let year = current_year_id(&w.organizer).await;
    let before_closing = w.mentee.call(GetFinalSurvey { year_id: year }).await;
    close(&w.organizer, year).await;
    let answer = |rating: &str, recommend: &str| SubmitFinalSurvey {
        year_id: year,
        rating: rating.into(),
        recommend: recommend.into(),
        comments: "More socials, please.".into(),
    };

    let invalid = w.mentee.call(answer("9", "")).await;
    let first = w.mentee.call(answer("3", "no")).await;
    let changed = w.mentee.call(answer("4", "yes")).await;
    let by_mentor = w.mentor.call(answer("5", "yes")).await;
    let stranger = w
        .organizer
        .new_browser()
        .signed_up("Sam Stranger", "sam@example.edu")
        .await
        .call(answer("1", "no"))
        .await;

    assert_eq!(before_closing.unwrap_err(), AppError::Forbidden);
    assert!(matches!(invalid, Err(AppError::Invalid(_))), "{invalid:?}");
    assert!(invalid.field_error("rating").is_some() && invalid.field_error("recommend").is_some());
    assert_eq!((first, changed, by_mentor), (Ok(()), Ok(()), Ok(())));
    assert_eq!(stranger, Err(AppError::Forbidden));
    let mine = w
        .mentee
        .call(GetFinalSurvey { year_id: year })
        .await
        .expect("read the own answer");
    assert_eq!(mine.answer.unwrap().rating, 4);
    let dashboard = w
        .organizer
        .call(GetDashboard {
            year: Some(year),
            body: String::new(),
            source: String::new(),
        })
        .await
        .expect("read the dashboard");
    let survey = dashboard.final_survey.expect("the survey's results");
    assert_eq!(
        (
            survey.participants,
            survey.answers,
            survey.rating_total,
            survey.recommend
        ),
        (5, 2, 9, 2)
    );
    assert_eq!(survey.comments.len(), 2);
    assert!(
        !serde_json::to_string(&survey)
            .unwrap()
            .contains("@example.edu"),
        "answers are shown without names"
    );
}

async fn the_next_year_copies_settings_and_invites_last_years_mentors_once(engine: Engine) {
    let w = world(engine).await;
    let old = current_year_id(&w.organizer).await;
    let (version, mut settings) = app::matching::db::load_draft(&w.organizer.db, old)
        .await
        .unwrap();
    settings.set_weight(Criterion::ALL[0], 9);
    app::matching::db::save_draft(&w.organizer.db, old, version, &settings, 1)
        .await
        .unwrap();
    // Next year: the same dates a year later.
    let next = year_dates_moved(&year_dates(10), 364);
    assert_eq!(
        w.organizer.call(CreateProgramYear { dates: next }).await,
        Ok(())
    );
    let years = w.organizer.call(ListProgramYears {}).await.unwrap();
    let new = years
        .iter()
        .map(|year| year.id)
        .find(|id| *id != old)
        .unwrap();
    let carry = || {
        w.organizer.call(CarryOver {
            year_id: new,
            copy_settings: "on".into(),
            invite_mentors: "on".into(),
        })
    };

    let too_early = carry().await;
    close(&w.organizer, old).await;
    let source = w
        .organizer
        .call(GetCarryOverSource { year_id: new })
        .await
        .expect("read the year to carry over from");
    let carried = carry().await;
    let again = carry().await;

    assert!(too_early.refusal().is_some(), "{too_early:?}");
    assert_eq!(source.map(|(id, _)| id), Some(old));
    assert_eq!((carried, again), (Ok(()), Ok(())));
    let (_, copied) = app::matching::db::load_draft(&w.organizer.db, new)
        .await
        .unwrap();
    assert_eq!(copied.settings, settings.settings);
    let invitations = outbox::Entity::find()
        .filter(outbox::Column::Subject.starts_with("Mentor again in the"))
        .all(&w.organizer.db)
        .await
        .unwrap();
    assert_eq!(
        invitations.len(),
        2,
        "each of last year's two mentors, once"
    );
    assert!(
        invitations
            .iter()
            .all(|email| email.body.contains("/apply"))
    );
}
