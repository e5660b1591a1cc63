//! Calendar files outside Leptos' pages: one meeting's `.ics` for a signed-in member of its pair,
//! and a person's private feed at its secret address (no sign-in: calendar apps fetch it).

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use app::context::AppState;
use app::error::AppError;
use app::pairs::calendar::ssr::{feed as feed_of, meeting_file};

fn calendar_response(ics: String, download_as: Option<String>) -> Response {
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_owned(),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        ics,
    )
        .into_response();
    if let Some(name) = download_as
        && let Ok(value) = format!("attachment; filename=\"{name}\"").parse()
    {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The error as a plain-text answer with its status; server errors are logged, not shown.
pub(crate) fn refusal(error: AppError) -> Response {
    let status =
        StatusCode::from_u16(error.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status.is_server_error() {
        tracing::error!(?error, "file download failed");
    }
    (status, error.to_string()).into_response()
}

/// `GET /meetings/{id}/calendar.ics`: the meeting for a member of its pair; "not found" for anyone
/// else, so a meeting's existence is not revealed.
pub async fn meeting(
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<i32>,
) -> Response {
    let user = match app::auth::ssr::user_of_session(&session, &state.db).await {
        Ok(Some(user)) => user,
        Ok(None) => return refusal(AppError::Unauthenticated),
        Err(error) => return refusal(error),
    };
    match meeting_file(&state.db, &user, id).await {
        Ok(Some(ics)) => calendar_response(ics, Some(format!("meeting-{id}.ics"))),
        Ok(None) => refusal(AppError::NotFound),
        Err(error) => refusal(error),
    }
}

/// `GET /calendar/{token}.ics`: every meeting of the feed's owner.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    match feed_of(&state.db, token).await {
        Ok(Some(ics)) => calendar_response(ics, None),
        Ok(None) => refusal(AppError::NotFound),
        Err(error) => refusal(error),
    }
}
