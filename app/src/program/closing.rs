//! The end of a year: closing a year sends its participants the final survey (the year itself
//! becomes read-only), and organizers read its results. Starting the next year from this one is
//! `year_admin::carry_over`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The longest survey comment, in characters.
pub const COMMENTS_MAX_CHARS: usize = 5_000;

crate::domain::choices::choices!(
    /// What the final survey's form just did, for its message.
    SurveyDone {
        Answered = "answered": "Thank you: your answers are saved. You can change them here until the organizers' next year begins.",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    pub rating: i32,
    pub recommend: bool,
    pub comments: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyForm {
    pub year_id: i32,
    pub year_label: String,
    /// The person's earlier answer, which they may change.
    pub answer: Option<SurveyAnswer>,
}

/// The survey's results, for organizers (comments without names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub participants: u64,
    pub answers: u64,
    pub rating_total: u64,
    pub recommend: u64,
    pub comments: Vec<String>,
}

impl SurveySummary {
    pub fn average(&self) -> f64 {
        if self.answers == 0 {
            return 0.0;
        }
        (self.rating_total as f64 / self.answers as f64 * 10.0).round() / 10.0
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use chrono::Utc;
    use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

    use super::*;
    use crate::domain::choices::{EmailKind, EnrollmentStatus, Role};
    use crate::entities::{enrollments, final_surveys, users};
    use crate::program::year::ProgramYear;

    /// The approved participants of a year (of one role, if given).
    pub async fn participants(
        db: &impl ConnectionTrait,
        year_id: i32,
        role: Option<Role>,
    ) -> Result<Vec<users::Model>, DbErr> {
        let mut query = enrollments::Entity::find()
            .filter(enrollments::Column::YearId.eq(year_id))
            .filter(enrollments::Column::Status.eq(EnrollmentStatus::Approved));
        if let Some(role) = role {
            query = query.filter(enrollments::Column::Role.eq(role));
        }
        let ids = query.all(db).await?.into_iter().map(|e| e.user_id);
        crate::auth::db::users_by_id(db, ids).await
    }

    /// Sends the final survey to every approved participant (email and notice); how many.
    pub async fn send_final_survey(
        db: &impl ConnectionTrait,
        year: &ProgramYear,
        site_url: &str,
    ) -> Result<usize, DbErr> {
        let people = participants(db, year.id, None).await?;
        let path = format!("/survey/{}", year.id);
        for person in &people {
            let letter = crate::outbox::emails::final_survey(
                &person.display_name,
                &year.label,
                &format!("{site_url}{path}"),
            );
            crate::outbox::db::queue(
                db,
                crate::outbox::db::Email::to_user(
                    person,
                    EmailKind::Program,
                    &letter.subject,
                    &letter.body,
                ),
            )
            .await?;
            crate::notify::notices::add_notice(db, person.id, &letter.subject, &path).await?;
        }
        Ok(people.len())
    }

    pub async fn answer_of(
        db: &impl ConnectionTrait,
        year_id: i32,
        user_id: i32,
    ) -> Result<Option<final_surveys::Model>, DbErr> {
        final_surveys::Entity::find_by_id((year_id, user_id))
            .one(db)
            .await
    }

    pub async fn save_answer(
        db: &impl ConnectionTrait,
        year_id: i32,
        user_id: i32,
        answer: &SurveyAnswer,
    ) -> Result<(), DbErr> {
        final_surveys::Entity::delete_by_id((year_id, user_id))
            .exec(db)
            .await?;
        final_surveys::Entity::insert(final_surveys::ActiveModel {
            year_id: Set(year_id),
            user_id: Set(user_id),
            rating: Set(answer.rating),
            recommend: Set(answer.recommend),
            comments: Set(answer.comments.clone()),
            created_at: Set(Utc::now()),
        })
        .exec(db)
        .await
        .map(|_| ())
    }

    pub async fn summary(db: &impl ConnectionTrait, year_id: i32) -> Result<SurveySummary, DbErr> {
        let answers = final_surveys::Entity::find()
            .filter(final_surveys::Column::YearId.eq(year_id))
            .all(db)
            .await?;
        let participants = participants(db, year_id, None).await?.len() as u64;
        Ok(SurveySummary {
            participants,
            answers: answers.len() as u64,
            rating_total: answers.iter().map(|a| a.rating.max(0) as u64).sum(),
            recommend: answers.iter().filter(|a| a.recommend).count() as u64,
            comments: answers
                .into_iter()
                .map(|a| a.comments)
                .filter(|c| !c.is_empty())
                .collect(),
        })
    }

    /// The last closed year before `year` (by label), which the next one carries over from.
    pub async fn previous_closed(
        db: &impl ConnectionTrait,
        year: &ProgramYear,
    ) -> Result<Option<ProgramYear>, DbErr> {
        let mut earlier: Vec<ProgramYear> = crate::program::db::list_years(db)
            .await?
            .into_iter()
            .filter_map(|row| ProgramYear::try_from(row).ok())
            .filter(|other| other.is_closed() && other.label < year.label)
            .collect();
        earlier.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(earlier.pop())
    }
}

/// The survey for one closed year, for one of its participants.
#[server(endpoint = "final_survey")]
pub async fn get_final_survey(year_id: i32) -> Result<SurveyForm, AppError> {
    let (user, year) = survey_taker(year_id).await?;
    let answer = ssr::answer_of(&crate::context::db()?, year.id, user.id)
        .await?
        .map(|answer| SurveyAnswer {
            rating: answer.rating,
            recommend: answer.recommend,
            comments: answer.comments,
        });
    Ok(SurveyForm {
        year_id: year.id,
        year_label: year.label,
        answer,
    })
}

/// The person asking, if they took part in this closed year.
#[cfg(feature = "ssr")]
async fn survey_taker(
    year_id: i32,
) -> Result<(crate::entities::users::Model, super::year::ProgramYear), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let year = super::year::load_year(year_id).await?;
    let took_part = ssr::participants(&crate::context::db()?, year.id, None)
        .await?
        .iter()
        .any(|person| person.id == user.id);
    if !year.is_closed() || !took_part {
        return Err(AppError::Forbidden);
    }
    Ok((user, year))
}

/// Saves (or changes) the asking participant's answer to a closed year's survey.
#[server(endpoint = "submit_final_survey")]
pub async fn submit_final_survey(
    year_id: i32,
    #[server(default)] rating: String,
    #[server(default)] recommend: String,
    #[server(default)] comments: String,
) -> Result<(), AppError> {
    use crate::error::Checked;
    let (user, year) = survey_taker(year_id).await?;
    let kept = [("comments", comments.as_str())];
    let recommend_checked = match recommend.as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err("Choose yes or no.".to_owned()),
    };
    let (rating, recommend, comments) = (
        (
            "rating",
            crate::domain::profile::number_in(&rating, 1..=5, "a rating"),
        ),
        ("recommend", recommend_checked),
        (
            "comments",
            crate::domain::profile::text(&comments, COMMENTS_MAX_CHARS, None),
        ),
    )
        .checked()
        .map_err(|error| error.keeping(kept))?;
    let answer = SurveyAnswer {
        rating,
        recommend,
        comments,
    };
    let db = crate::context::db()?;
    let txn = crate::database::begin_write(&db).await?;
    ssr::save_answer(&txn, year.id, user.id, &answer).await?;
    txn.commit().await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/survey/{year_id}"),
        SurveyDone::Answered,
    ));
    Ok(())
}
