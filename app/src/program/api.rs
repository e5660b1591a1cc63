//! Server functions for program years, organizing bodies and the vocabulary.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::year::ProgramYear;
#[cfg(feature = "ssr")]
use super::year::{load_current_year, load_year};
#[cfg(feature = "ssr")]
use crate::domain::choices::Phase;
use crate::domain::quarters::ProgramYearCalendar;
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Checked;

crate::domain::choices::choices!(
    /// What a form of one year's page just did, for its message.
    YearDone {
        Saved = "saved": "Dates saved.",
        Orientation = "orientation": "The orientation sessions were saved.",
        Attendance = "attendance": "Attendance was recorded.",
    }
);

crate::domain::choices::choices!(
    /// What a form of the program page just did, for its message.
    ProgramDone {
        Bodies = "bodies": "Organizing bodies saved.",
    }
);

/// The dates a new year's form starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearDraft {
    pub calendar: ProgramYearCalendar,
    pub enrollment_deadline: NaiveDate,
}

/// The year form's dates as typed (`YYYY-MM-DD`), checked by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct YearDates {
    pub fall_starts_on: String,
    pub fall_ends_on: String,
    pub winter_starts_on: String,
    pub winter_ends_on: String,
    pub spring_starts_on: String,
    pub spring_ends_on: String,
    pub enrollment_deadline: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganizingBody {
    pub id: i32,
    pub name: String,
    pub short_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VocabularyTerm {
    pub id: i32,
    pub label: String,
    pub curated: bool,
}

#[cfg(feature = "ssr")]
pub(crate) mod convert {
    use super::{OrganizingBody, VocabularyTerm};
    use crate::entities::{organizing_bodies, tags};

    impl From<organizing_bodies::Model> for OrganizingBody {
        fn from(body: organizing_bodies::Model) -> Self {
            Self {
                id: body.id,
                name: body.name,
                short_name: body.short_name,
            }
        }
    }

    impl From<tags::Model> for VocabularyTerm {
        fn from(tag: tags::Model) -> Self {
            Self {
                id: tag.id,
                label: tag.label,
                curated: tag.curated,
            }
        }
    }
}

#[server(endpoint = "current_year")]
pub async fn get_current_year() -> Result<Option<ProgramYear>, AppError> {
    load_current_year().await
}

#[server(endpoint = "list_program_years")]
pub async fn list_program_years() -> Result<Vec<ProgramYear>, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let rows = super::db::list_years(&crate::context::db()?).await?;
    rows.into_iter().map(ProgramYear::try_from).collect()
}

#[server(endpoint = "program_year")]
pub async fn get_program_year(year_id: i32) -> Result<ProgramYear, AppError> {
    crate::auth::ssr::require_organizer().await?;
    load_year(year_id).await
}

/// Suggested dates for the next year nobody has created yet.
#[server(endpoint = "suggested_year")]
pub async fn suggested_year() -> Result<YearDraft, AppError> {
    use chrono::Datelike;
    crate::auth::ssr::require_organizer().await?;
    let today = crate::context::program_today();
    // From July on, the coming fall; before that, this academic year's fall has begun.
    let mut start = if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    };
    let existing = super::db::list_years(&crate::context::db()?).await?;
    while existing
        .iter()
        .any(|row| row.year.label == ProgramYearCalendar::suggest(start).label())
    {
        start += 1;
    }
    let calendar = ProgramYearCalendar::suggest(start);
    // Two weeks into the fall, or two weeks from now for a year that has already begun; never
    // after the year ends.
    let enrollment_deadline = (calendar.quarters()[0].starts_on + chrono::Duration::days(14))
        .max(today + chrono::Duration::days(14))
        .min(calendar.quarters()[2].ends_on);
    Ok(YearDraft {
        calendar,
        enrollment_deadline,
    })
}

/// Reads the year form's seven dates into a checked calendar and deadline.
#[cfg(feature = "ssr")]
fn parse_year_form(form: &YearDates) -> Result<(ProgramYearCalendar, NaiveDate), AppError> {
    use crate::domain::quarters::{Quarter, QuarterName};

    let dates = [
        ("fall_starts_on", form.fall_starts_on.as_str()),
        ("fall_ends_on", form.fall_ends_on.as_str()),
        ("winter_starts_on", form.winter_starts_on.as_str()),
        ("winter_ends_on", form.winter_ends_on.as_str()),
        ("spring_starts_on", form.spring_starts_on.as_str()),
        ("spring_ends_on", form.spring_ends_on.as_str()),
    ];
    let enrollment_deadline = form.enrollment_deadline.as_str();

    let keep: Vec<(&str, &str)> = dates
        .iter()
        .copied()
        .chain([("enrollment_deadline", enrollment_deadline)])
        .collect();
    let date = |(field, text): (&'static str, &str)| {
        let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| "Enter a date.".to_owned());
        (field, parsed)
    };
    let [
        fall_start,
        fall_end,
        winter_start,
        winter_end,
        spring_start,
        spring_end,
    ] = dates;
    let (fall_start, fall_end, winter_start, winter_end, spring_start, spring_end, deadline) = (
        date(fall_start),
        date(fall_end),
        date(winter_start),
        date(winter_end),
        date(spring_start),
        date(spring_end),
        date(("enrollment_deadline", enrollment_deadline)),
    )
        .checked()
        .map_err(|error| error.keeping(keep.clone()))?;
    let quarter = |name, starts_on, ends_on| Quarter {
        name,
        starts_on,
        ends_on,
    };
    let calendar = ProgramYearCalendar::check([
        quarter(QuarterName::Fall, fall_start, fall_end),
        quarter(QuarterName::Winter, winter_start, winter_end),
        quarter(QuarterName::Spring, spring_start, spring_end),
    ])
    .map_err(|(field, message)| AppError::field(field.as_str(), message).keeping(keep.clone()))?;
    if deadline > calendar.quarters()[2].ends_on {
        return Err(AppError::field(
            "enrollment_deadline",
            "The enrollment deadline must be before the end of the Spring quarter.",
        )
        .keeping(keep));
    }
    Ok((calendar, deadline))
}

#[server(endpoint = "create_program_year")]
pub async fn create_program_year(#[server(flatten)] dates: YearDates) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let (calendar, deadline) = parse_year_form(&dates)?;
    let id = super::service::create_year(&crate::context::db()?, &organizer, &calendar, deadline)
        .await?;
    leptos_axum::redirect(&format!("/program/years/{id}"));
    Ok(())
}

#[server(endpoint = "update_program_year")]
pub async fn update_program_year(
    year_id: i32,
    #[server(flatten)] dates: YearDates,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let (calendar, deadline) = parse_year_form(&dates)?;
    super::service::update_year(
        &crate::context::db()?,
        &organizer,
        year_id,
        &calendar,
        deadline,
    )
    .await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/program/years/{year_id}"),
        YearDone::Saved,
    ));
    Ok(())
}

/// Moves a year to `phase`, which must be the one after its current phase.
#[server(endpoint = "advance_phase")]
pub async fn advance_phase(year_id: i32, phase: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let wanted = Phase::from_code(&phase).ok_or(AppError::NotFound)?;
    let state = crate::context::app_state()?;
    super::service::advance_phase(
        &state.db,
        &organizer,
        year_id,
        wanted,
        &state.config.site_url,
    )
    .await?;
    leptos_axum::redirect(&format!("/program/years/{year_id}"));
    Ok(())
}

#[server(endpoint = "make_year_current")]
pub async fn make_year_current(year_id: i32) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    super::service::make_current(&crate::context::db()?, &organizer, year_id).await?;
    leptos_axum::redirect(&format!("/program/years/{year_id}"));
    Ok(())
}

#[server(endpoint = "organizing_bodies")]
pub async fn list_organizing_bodies() -> Result<Vec<OrganizingBody>, AppError> {
    let bodies = super::db::list_bodies(&crate::context::db()?).await?;
    Ok(bodies.into_iter().map(OrganizingBody::from).collect())
}

/// Adds a body (no `body_id`) or renames one.
#[server(endpoint = "save_organizing_body")]
pub async fn save_organizing_body(
    #[server(default)] body_id: Option<i32>,
    name: String,
    short_name: String,
) -> Result<(), AppError> {
    use crate::domain::profile::text;
    let organizer = crate::auth::ssr::require_organizer().await?;
    let typed = [("name", name.as_str()), ("short_name", short_name.as_str())];
    let (full, short) = (
        ("name", text(&name, 120, Some("the body's full name"))),
        ("short_name", text(&short_name, 30, Some("a short name"))),
    )
        .checked()
        .map_err(|error| error.keeping(typed))?;
    let names = super::service::BodyNames {
        name: full,
        short_name: short,
    };
    super::service::save_body(&crate::context::db()?, &organizer, body_id, &names)
        .await
        .map_err(|error| {
            error.keeping([("name", name.as_str()), ("short_name", short_name.as_str())])
        })?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program",
        ProgramDone::Bodies,
    ));
    Ok(())
}

#[server(endpoint = "remove_organizing_body")]
pub async fn remove_organizing_body(body_id: i32) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    super::service::remove_body(&crate::context::db()?, &organizer, body_id).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program",
        ProgramDone::Bodies,
    ));
    Ok(())
}

/// The vocabulary: the curated terms for everyone; organizers also see free tags in use.
#[server(endpoint = "vocabulary")]
pub async fn list_vocabulary() -> Result<Vec<VocabularyTerm>, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let db = crate::context::db()?;
    let tags = if user.is_organizer {
        super::db::list_tags(&db).await?
    } else {
        super::db::curated_tags(&db).await?
    };
    Ok(tags.into_iter().map(VocabularyTerm::from).collect())
}

#[server(endpoint = "add_vocabulary_term")]
pub async fn add_vocabulary_term(label: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let labels =
        crate::domain::profile::tags(std::slice::from_ref(&label), "terms").map_err(|message| {
            AppError::field("label", message).keeping([("label", label.as_str())])
        })?;
    super::service::add_terms(&crate::context::db()?, &organizer, labels).await?;
    leptos_axum::redirect("/program/vocabulary");
    Ok(())
}

/// Takes a term into the vocabulary (`curated = true`) or retires it (profiles keep it as a free tag).
#[server(endpoint = "set_term_curated")]
pub async fn set_term_curated(tag_id: i32, curated: bool) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    super::service::set_term_curated(&crate::context::db()?, &organizer, tag_id, curated).await?;
    leptos_axum::redirect("/program/vocabulary");
    Ok(())
}
