//! `GET /program/years/{id}/exports/{file}`: a year's CSV files for organizers, streamed a page of
//! rows at a time (a year of thousands of participants never sits whole in memory).

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use tower_sessions::Session;

use app::context::AppState;
use app::dashboard::exports::{PAGE, rows};
use app::domain::export::{ExportKind, csv_text, header_text};
use app::error::AppError;

use crate::calendar::refusal;

pub async fn download(
    State(state): State<AppState>,
    session: Session,
    Path((year_id, file)): Path<(i32, String)>,
) -> Response {
    match app::auth::ssr::user_of_session(&session, &state.db).await {
        Ok(Some(user)) if user.is_organizer => {}
        Ok(Some(_)) => return refusal(AppError::Forbidden),
        Ok(None) => return refusal(AppError::Unauthenticated),
        Err(error) => return refusal(error),
    }
    let Some(kind) = ExportKind::from_file_name(&file) else {
        return refusal(AppError::NotFound);
    };
    let year = match app::program::db::find_year(&state.db, year_id).await {
        Ok(Some(year)) => year,
        Ok(None) => return refusal(AppError::NotFound),
        Err(error) => return refusal(error.into()),
    };
    let Some(calendar) = year.calendar() else {
        return refusal(AppError::NotFound);
    };
    let db = state.db.clone();
    let pages = stream::unfold(Some(0), move |page| {
        let (db, calendar) = (db.clone(), calendar.clone());
        async move {
            let page = page?;
            match rows(&db, year_id, &calendar, kind, page).await {
                Ok(rows) if rows.is_empty() => None,
                Ok(rows) => {
                    let more = rows.len() as u64 == PAGE;
                    let text = csv_text(rows.iter().map(Vec::as_slice));
                    Some((Ok(text), more.then_some(page + 1)))
                }
                Err(error) => {
                    // The header is sent already: the download ends early, and the reason is logged.
                    tracing::error!(?error, "export failed");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    // A byte-order mark first, so spreadsheet programs read the names as UTF-8.
    let header = stream::once(async move { Ok(format!("\u{feff}{}", header_text(kind))) });
    let name = format!(
        "{}-{}",
        year.year.label.replace(['–', ' '], "-"),
        kind.file_name()
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(header.chain(pages)),
    )
        .into_response()
}
