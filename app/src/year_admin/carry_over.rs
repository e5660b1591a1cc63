//! Starting a year from the last closed one: copying its matching settings (weights, musts,
//! method) and inviting its mentors to apply again. It writes matching's draft and enrollment's
//! invitations, so it sits above both.

use leptos::prelude::*;

use crate::components::form::{Checkbox, FormAlert, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::routing::found;
use crate::error::AppError;

/// The closed year a year can carry over from, as (id, label).
#[server(endpoint = "carry_over_source")]
pub async fn get_carry_over_source(year_id: i32) -> Result<Option<(i32, String)>, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let year = crate::program::year::load_year(year_id).await?;
    if year.is_closed() {
        return Ok(None);
    }
    let previous =
        crate::program::closing::ssr::previous_closed(&crate::context::db()?, &year).await?;
    Ok(previous.map(|previous| (previous.id, previous.label)))
}

/// Starts a year from the last closed one: copies its matching settings (weights, musts,
/// method) and invites its mentors to apply again (each once, by email and notice).
#[server(endpoint = "carry_over")]
pub async fn carry_over(
    year_id: i32,
    #[server(default)] copy_settings: String,
    #[server(default)] invite_mentors: String,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let year = crate::program::year::load_year(year_id).await?;
    crate::program::year::ensure_open(&year)?;
    let state = crate::context::app_state()?;
    let db = &state.db;
    let previous = crate::program::closing::ssr::previous_closed(db, &year)
        .await?
        .ok_or_else(|| {
            AppError::Refused("There is no closed year before this one to carry over from.".into())
        })?;
    if copy_settings.is_empty() && invite_mentors.is_empty() {
        return Err(AppError::field(
            "copy_settings",
            "Choose what to carry over.",
        ));
    }
    let summary = super::service::carry_over(
        db,
        &state.config.site_url,
        &organizer,
        &year,
        &previous,
        !copy_settings.is_empty(),
        !invite_mentors.is_empty(),
    )
    .await?;
    crate::auth::ssr::put_flash("carried_over", &summary).await?;
    leptos_axum::redirect(&format!("/program/years/{year_id}"));
    Ok(())
}

/// What the last carry-over did, once (for the year page's message).
#[server(endpoint = "carried_over")]
pub async fn take_carried_over() -> Result<Option<String>, AppError> {
    crate::auth::ssr::require_organizer().await?;
    crate::auth::ssr::take_flash("carried_over").await
}

/// On a new year's page: carry over the last closed year's matching settings and invite its
/// mentors back (the vocabulary and ideas library are the program's, so already here).
/// The carry-over card's action and data, made at the top of the year's page.
#[derive(Clone, Copy)]
pub struct CarryOverState {
    carry: ServerAction<CarryOver>,
    source: Resource<Result<Option<(i32, String)>, AppError>>,
    message: Resource<Result<Option<String>, AppError>>,
}

impl CarryOverState {
    pub fn load(year_id: Memo<Option<i32>>) -> Self {
        let carry = ServerAction::<CarryOver>::new();
        Self {
            carry,
            source: load(
                move || (year_id.get(), carry.version().get()),
                |(year_id, _)| found(year_id, get_carry_over_source),
            ),
            message: load(move || carry.version().get(), |_| take_carried_over()),
        }
    }
}

#[component]
pub fn CarryOverCard(year_id: i32, state: CarryOverState) -> impl IntoView {
    let CarryOverState {
        carry,
        source,
        message,
    } = state;
    let error = action_error(carry);
    view! {
        <Loaded resource=source let:source>
            {source.map(|(_, label)| view! {
                <section class="card" aria-labelledby="carry-heading">
                    <h2 id="carry-heading">{format!("Carry over from {label}")}</h2>
                    <Loaded resource=message let:message>
                        {message.map(|message| view! { <p class="alert alert--success" role="status">{message}</p> })}
                    </Loaded>
                    <p>"The vocabulary and the meeting ideas library carry over by themselves."</p>
                    <ActionForm action=carry attr:class="form">
                        <FormAlert error />
                        <input type="hidden" name="year_id" value=year_id />
                        <Checkbox label="Copy the matching settings (weights, musts and method)" name="copy_settings" checked=true />
                        <Checkbox label="Invite last year's mentors to apply again" name="invite_mentors" checked=true />
                        <button type="submit" class="button">"Carry over"</button>
                    </ActionForm>
                </section>
            })}
        </Loaded>
    }
}
