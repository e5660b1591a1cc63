//! One year's organizer page: its dates and phase (`program`), its orientation sessions
//! (`enrollment`), carrying over from the last year, and its exports. It brings those areas'
//! cards together, so it sits above them.

use crate::program::api::YearDone;
use leptos::prelude::*;
use leptos_meta::Title;

use super::carry_over::{CarryOverCard, CarryOverState};
use crate::components::form::{FormAlert, SavedNotice, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::routing::{done_flag, found, route_id};
use crate::domain::choices::Phase;
use crate::enrollment::pages::{OrientationAdmin, OrientationAdminState};
use crate::program::api::{
    AdvancePhase, MakeYearCurrent, UpdateProgramYear, YearDraft, get_program_year,
};
use crate::program::pages::YearDateFields;
use crate::program::year::ProgramYear;

#[component]
pub fn YearPage() -> impl IntoView {
    let id = route_id();
    let update = ServerAction::<UpdateProgramYear>::new();
    let advance = ServerAction::<AdvancePhase>::new();
    let current = ServerAction::<MakeYearCurrent>::new();
    let year = load(
        move || {
            (
                id.get(),
                update.version().get(),
                advance.version().get(),
                current.version().get(),
            )
        },
        |(id, ..)| found(id, get_program_year),
    );
    let carry_over = CarryOverState::load(id);
    let orientation = OrientationAdminState::load(id);
    view! {
        <Title text="Program year · Mentorship Hub" />
        <Loaded resource=year let:year>
            <YearDetails year update advance current carry_over orientation />
        </Loaded>
    }
}

#[component]
fn YearDetails(
    year: ProgramYear,
    update: ServerAction<UpdateProgramYear>,
    advance: ServerAction<AdvancePhase>,
    current: ServerAction<MakeYearCurrent>,
    carry_over: CarryOverState,
    orientation: OrientationAdminState,
) -> impl IntoView {
    let error = action_error(update);
    let phase_error = action_error(advance);
    let saved = Signal::derive(move || {
        done_flag(YearDone::Saved).get() || update.value().get().is_some_and(|r| r.is_ok())
    });
    let draft = YearDraft {
        calendar: year.calendar.clone(),
        enrollment_deadline: year.enrollment_deadline,
    };
    let next = year.phase.next();
    view! {
        <div class="stack">
            <h1>{format!("Program year {}", year.label)}</h1>
            <section class="card">
                <h2>"Phase"</h2>
                <p>
                    "This year is in the " <strong>{year.phase.label()}</strong> " phase"
                    {if year.is_current { " and is the current year." } else { "." }}
                </p>
                <FormAlert error=phase_error />
                {(next == Some(Phase::Closed)).then(|| view! {
                    <p>"Closing the year makes it read-only and sends its participants the final survey (by email and on their home page)."</p>
                })}
                {year.is_closed().then(|| view! {
                    <p>
                        "This year is closed: it can be read but not changed. Its final survey results are on its "
                        <a href=format!("/program/dashboard?year={}", year.id)>"dashboard"</a>
                        ". To start the next year, "
                        <a href="/program/years/new">"create it"</a>
                        "; its page then offers to carry over this year's matching settings and invite its mentors back."
                    </p>
                })}
                <div class="actions">
                    {next
                        .map(|next| {
                            view! {
                                <ActionForm action=advance>
                                    <input type="hidden" name="year_id" value=year.id />
                                    <input type="hidden" name="phase" value=next.code() />
                                    <button type="submit" class="button">
                                        {format!("Move to {}", next.label().to_lowercase())}
                                    </button>
                                </ActionForm>
                            }
                        })}
                    {(!year.is_current)
                        .then(|| {
                            view! {
                                <ActionForm action=current>
                                    <input type="hidden" name="year_id" value=year.id />
                                    <button type="submit" class="button button--secondary">
                                        "Make this the current year"
                                    </button>
                                </ActionForm>
                            }
                        })}
                </div>
            </section>
            {(!year.is_closed()).then(|| view! { <CarryOverCard year_id=year.id state=carry_over /> })}
            <ExportsCard year_id=year.id />
            <section class="card">
                <h2>"Dates"</h2>
                {if year.is_closed() {
                    view! { <ReadOnlyDates year=year.clone() /> }.into_any()
                } else {
                    view! {
                        <SavedNotice saved message=YearDone::Saved.label() />
                        <ActionForm action=update attr:class="form" attr:novalidate="">
                            <FormAlert error />
                            <input type="hidden" name="year_id" value=year.id />
                            <YearDateFields draft error />
                            <button type="submit" class="button">"Save dates"</button>
                        </ActionForm>
                    }
                        .into_any()
                }}
            </section>
            <OrientationAdmin year=year.clone() state=orientation />
        </div>
    }
}

#[component]
fn ReadOnlyDates(year: ProgramYear) -> impl IntoView {
    view! {
        <p>"This year is closed; its dates can no longer change."</p>
        <dl>
            {year
                .calendar
                .quarters()
                .iter()
                .map(|quarter| {
                    view! {
                        <dt>{quarter.name.label()}</dt>
                        <dd>{format!("{} to {}", quarter.starts_on, quarter.ends_on)}</dd>
                    }
                })
                .collect_view()}
            <dt>"Enrollment deadline"</dt>
            <dd>{year.enrollment_deadline.to_string()}</dd>
        </dl>
    }
}

/// The year's CSV files for the organizers' own reports (plain downloads, with or without
/// JavaScript).
#[component]
fn ExportsCard(year_id: i32) -> impl IntoView {
    use crate::domain::export::ExportKind;
    view! {
        <section class="card" aria-labelledby="exports-heading">
            <h2 id="exports-heading">"Exports"</h2>
            <p>"Spreadsheets (CSV) of this year, for your own reports. They hold names and emails: keep them safe."</p>
            <ul>
                {ExportKind::ALL
                    .iter()
                    .map(|kind| view! {
                        <li>
                            <a href=format!("/program/years/{year_id}/exports/{}", kind.file_name()) download="" rel="external">
                                {format!("{} (CSV)", kind.label())}
                            </a>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
