//! The dashboard's server functions: a year's figures, and the list behind one of them.

use leptos::prelude::*;

use super::{Dashboard, FigureList};
#[cfg(feature = "ssr")]
use super::{DashboardFilter, Figure, lists, sql};
use crate::error::AppError;

/// A year's dashboard for organizers: the current year unless `year` names another.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard(
    #[server(default)] year: Option<i32>,
    #[server(default)] body: String,
    #[server(default)] source: String,
) -> Result<Dashboard, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let year = year_or_current(year).await?;
    let filter = DashboardFilter::from_query(&body, &source);
    let figures = sql::figures(
        &db,
        year.id,
        &year.calendar,
        &filter,
        crate::context::program_today(),
        chrono::Utc::now(),
    )
    .await?;
    let bodies = crate::program::db::list_bodies(&db)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let mut years: Vec<(i32, String)> = crate::program::db::list_years(&db)
        .await?
        .into_iter()
        .map(|row| (row.year.id, row.year.label))
        .collect();
    years.sort_by(|a, b| b.1.cmp(&a.1));
    let final_survey = if year.is_closed() {
        Some(crate::program::closing::ssr::summary(&db, year.id).await?)
    } else {
        None
    };
    Ok(Dashboard {
        year_id: year.id,
        final_survey,
        years,
        closed: year.is_closed(),
        year_label: year.label,
        bodies,
        filter,
        figures,
    })
}

/// The people or pairs behind one figure of the dashboard.
#[server(endpoint = "dashboard_list")]
pub async fn get_figure_list(
    #[server(default)] year: Option<i32>,
    figure: String,
    #[server(default)] body: String,
    #[server(default)] source: String,
) -> Result<FigureList, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let figure = Figure::parse(&figure).ok_or(AppError::NotFound)?;
    let year = year_or_current(year).await?;
    let filter = DashboardFilter::from_query(&body, &source);
    let scope = lists::Scope {
        year_id: year.id,
        calendar: &year.calendar,
        filter,
        today: crate::context::program_today(),
        now: chrono::Utc::now(),
    };
    let (rows, total) = lists::list(&crate::context::db()?, &scope, figure).await?;
    Ok(FigureList {
        year_id: year.id,
        title: figure.title(),
        year_label: year.label,
        rows,
        total,
    })
}

/// The year a dashboard page asks for, or the current one.
#[cfg(feature = "ssr")]
pub(crate) async fn year_or_current(
    year: Option<i32>,
) -> Result<crate::program::year::ProgramYear, AppError> {
    match year {
        Some(id) => crate::program::year::load_year(id).await,
        None => crate::program::year::load_current_year()
            .await?
            .ok_or(AppError::NotFound),
    }
}
