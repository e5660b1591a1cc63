//! Organizers' pages for the program: the years, a new year's dates, the organizing bodies, and
//! the vocabulary; and participants' final survey. One year's own page is `year_admin`'s.

use super::api::ProgramDone;
use super::closing::SurveyDone;
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{
    AddVocabularyTerm, CreateProgramYear, OrganizingBody, RemoveOrganizingBody, SaveOrganizingBody,
    SetTermCurated, VocabularyTerm, YearDraft, list_organizing_bodies, list_program_years,
    list_vocabulary, suggested_year,
};
use super::closing::{SubmitFinalSurvey, get_final_survey};
use super::year::ProgramYear;
use crate::components::form::{Field, FormAlert, SavedNotice, Select, TextArea, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::routing::{done_flag, found, route_id};
use crate::components::table::StackedTable;
use crate::error::AppError;

#[component]
pub fn ProgramPage() -> impl IntoView {
    let years = load(|| (), |_| list_program_years());
    let bodies = load(|| (), |_| list_organizing_bodies());
    view! {
        <Title text="Program · Mentorship Hub" />
        <div class="stack">
        <Loaded resource=years let:years>
            <h1>"Program"</h1>
            <section class="card">
                <h2>"Program years"</h2>
                <p class="actions">
                    <a class="button" href="/program/years/new">"New program year"</a>
                    <a class="button button--secondary" href="/program/applications">"Applications"</a>
                    <a class="button button--secondary" href="/program/invitations">"Invitations and import"</a>
                    <a class="button button--secondary" href="/program/vocabulary">"Vocabulary"</a>
                </p>
                {if years.is_empty() {
                    view! { <p>"No program year yet. Create the first one to open enrollment."</p> }.into_any()
                } else {
                    view! { <YearsTable years /> }.into_any()
                }}
            </section>
        </Loaded>
        <Loaded resource=bodies let:bodies>
            <BodiesCard bodies />
        </Loaded>
        </div>
    }
}

#[component]
fn YearsTable(years: Vec<ProgramYear>) -> impl IntoView {
    view! {
        <StackedTable caption="Program years" columns=vec!["Year", "Phase", "Enrollment deadline", "Current"]>
                    {years
                        .into_iter()
                        .map(|year| {
                            view! {
                                <tr>
                                    <th scope="row">
                                        <a href=format!("/program/years/{}", year.id)>{year.label.clone()}</a>
                                    </th>
                                    <td data-label="Phase">{year.phase.label()}</td>
                                    <td data-label="Enrollment deadline">{year.enrollment_deadline.to_string()}</td>
                                    <td data-label="Current">{if year.is_current { "Yes" } else { "No" }}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </StackedTable>
    }
}

#[component]
fn BodiesCard(bodies: Vec<OrganizingBody>) -> impl IntoView {
    let save = ServerAction::<SaveOrganizingBody>::new();
    let remove = ServerAction::<RemoveOrganizingBody>::new();
    let error = action_error(save);
    let remove_error = action_error(remove);
    let saved = Signal::derive(move || {
        done_flag(ProgramDone::Bodies).get() || save.value().get().is_some_and(|r| r.is_ok())
    });
    view! {
        <section class="card">
            <h2>"Organizing bodies"</h2>
            <p>"The program is run jointly by these bodies. Rename one, add one, or remove one."</p>
            <SavedNotice saved message=ProgramDone::Bodies.label() />
            <FormAlert error=remove_error />
            <ul class="plain-list">
                {bodies
                    .into_iter()
                    .map(|body| {
                        let whom = format!(" {}", body.short_name);
                        let whom_again = whom.clone();
                        view! {
                            <li class="row-form">
                                <ActionForm action=save attr:class="form form--inline">
                                    <input type="hidden" name="body_id" value=body.id />
                                    <label>
                                        "Name"
                                        <input name="name" value=body.name.clone() />
                                    </label>
                                    <label>
                                        "Short name"
                                        <input name="short_name" value=body.short_name.clone() />
                                    </label>
                                    <button type="submit" class="button button--small">
                                        "Save" <span class="visually-hidden">{whom}</span>
                                    </button>
                                </ActionForm>
                                <ActionForm action=remove>
                                    <input type="hidden" name="body_id" value=body.id />
                                    <button type="submit" class="button button--small button--secondary">
                                        "Remove" <span class="visually-hidden">{whom_again}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h3>"Add an organizing body"</h3>
            <ActionForm action=save attr:class="form" attr:novalidate="">
                <FormAlert error />
                <Field label="Full name" name="name" error />
                <Field label="Short name" name="short_name" error hint="Shown in tables, e.g. LISAA." />
                <button type="submit" class="button">"Add body"</button>
            </ActionForm>
        </section>
    }
}

/// The six quarter dates and the deadline, shared by the new-year and edit forms.
#[component]
pub fn YearDateFields(draft: YearDraft, error: Signal<Option<AppError>>) -> impl IntoView {
    let [fall, winter, spring] = *draft.calendar.quarters();
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    view! {
        <fieldset class="field-group">
            <legend>"Fall quarter"</legend>
            <Field label="Fall starts" name="fall_starts_on" input_type="date" value=date(fall.starts_on) error />
            <Field label="Fall ends" name="fall_ends_on" input_type="date" value=date(fall.ends_on) error />
        </fieldset>
        <fieldset class="field-group">
            <legend>"Winter quarter"</legend>
            <Field label="Winter starts" name="winter_starts_on" input_type="date" value=date(winter.starts_on) error />
            <Field label="Winter ends" name="winter_ends_on" input_type="date" value=date(winter.ends_on) error />
        </fieldset>
        <fieldset class="field-group">
            <legend>"Spring quarter"</legend>
            <Field label="Spring starts" name="spring_starts_on" input_type="date" value=date(spring.starts_on) error />
            <Field label="Spring ends" name="spring_ends_on" input_type="date" value=date(spring.ends_on) error />
        </fieldset>
        <Field
            label="Enrollment deadline"
            name="enrollment_deadline"
            input_type="date"
            value=date(draft.enrollment_deadline)
            hint="The last day people can apply."
            error
        />
    }
}

#[component]
pub fn NewYearPage() -> impl IntoView {
    let draft = load(|| (), |_| suggested_year());
    let action = ServerAction::<CreateProgramYear>::new();
    let error = action_error(action);
    view! {
        <Title text="New program year · Mentorship Hub" />
        <Loaded resource=draft let:draft>
            <section class="card narrow">
                <h1>{format!("New program year: {}", draft.calendar.label())}</h1>
                <p>
                    "These dates follow a usual quarter calendar. Adjust them to this year's academic calendar; the year is named after its fall quarter."
                </p>
                <ActionForm action=action attr:class="form" attr:novalidate="">
                    <FormAlert error />
                    <YearDateFields draft error />
                    <button type="submit" class="button">"Create year"</button>
                </ActionForm>
            </section>
        </Loaded>
    }
}

#[component]
pub fn VocabularyPage() -> impl IntoView {
    let add = ServerAction::<AddVocabularyTerm>::new();
    let toggle = ServerAction::<SetTermCurated>::new();
    let terms = load(
        move || (add.version().get(), toggle.version().get()),
        |_| list_vocabulary(),
    );
    let error = action_error(add);
    view! {
        <Title text="Vocabulary · Mentorship Hub" />
        <h1>"Vocabulary"</h1>
        <p>
            "The shared terms for mentors' expertise and sectors and mentees' career interests. People can also add their own tags; bring a useful one into the vocabulary, or retire a term nobody should pick any more."
        </p>
        <section class="card">
            <h2>"Add a term"</h2>
            <ActionForm action=add attr:class="form form--inline" attr:novalidate="">
                <FormAlert error />
                <Field label="Term" name="label" error />
                <button type="submit" class="button">"Add term"</button>
            </ActionForm>
        </section>
        <Loaded resource=terms let:terms>
            <TermList
                title="In the vocabulary"
                heading_id="terms-curated"
                terms=terms.iter().filter(|t| t.curated).cloned().collect()
                toggle
            />
            <TermList
                title="Free tags people added"
                heading_id="terms-free"
                terms=terms.iter().filter(|t| !t.curated).cloned().collect()
                toggle
            />
        </Loaded>
    }
}

#[component]
fn TermList(
    title: &'static str,
    /// The heading's id, naming the section.
    heading_id: &'static str,
    terms: Vec<VocabularyTerm>,
    toggle: ServerAction<SetTermCurated>,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby=heading_id>
            <h2 id=heading_id>{title}</h2>
            {terms.is_empty().then(|| view! { <p>"None."</p> })}
            <ul class="plain-list">
                {terms
                    .into_iter()
                    .map(|term| {
                        let (text, curated) = if term.curated { ("Retire", false) } else { ("Add to vocabulary", true) };
                        view! {
                            <li class="row-form">
                                <span>{term.label.clone()}</span>
                                <ActionForm action=toggle>
                                    <input type="hidden" name="tag_id" value=term.id />
                                    <input type="hidden" name="curated" value=curated.to_string() />
                                    <button type="submit" class="button button--small button--secondary">
                                        {text}
                                        <span class="visually-hidden">{format!(" {}", term.label)}</span>
                                    </button>
                                </ActionForm>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// `/survey/:id`: a participant's final survey for a closed year.
#[component]
pub fn SurveyPage() -> impl IntoView {
    let id = route_id();
    let submit = ServerAction::<SubmitFinalSurvey>::new();
    let survey = load(
        move || (id.get(), submit.version().get()),
        |(id, _)| found(id, get_final_survey),
    );
    let error = action_error(submit);
    let done = Signal::derive(move || {
        done_flag(SurveyDone::Answered).get() || matches!(submit.value().get(), Some(Ok(())))
    });
    view! {
        <Title text="Final survey · Mentorship Hub" />
        <Loaded resource=survey let:survey>
            <section class="card narrow">
                <h1>{format!("How was {}?", survey.year_label)}</h1>
                <SavedNotice saved=done message=SurveyDone::Answered.label() />
                <p>"Organizers read the answers without your name."</p>
                <ActionForm action=submit attr:class="form" attr:novalidate="">
                    <FormAlert error />
                    <input type="hidden" name="year_id" value=survey.year_id />
                    <Select
                        label="How was your year in the program?"
                        name="rating"
                        options=(1..=5).rev().map(|n| (n.to_string(), match n { 5 => "5: excellent".to_owned(), 1 => "1: poor".to_owned(), n => n.to_string() })).collect()
                        value=survey.answer.as_ref().map(|a| a.rating.to_string()).unwrap_or_default()
                        blank="Choose"
                        error
                    />
                    <Select
                        label="Would you recommend the program to a friend?"
                        name="recommend"
                        options=vec![("yes".to_owned(), "Yes".to_owned()), ("no".to_owned(), "No".to_owned())]
                        value=survey.answer.as_ref().map(|a| if a.recommend { "yes" } else { "no" }.to_owned()).unwrap_or_default()
                        blank="Choose"
                        error
                    />
                    <TextArea label="What should we keep or change?" name="comments" rows=5 value=survey.answer.as_ref().map(|a| a.comments.clone()).unwrap_or_default() error />
                    <button type="submit" class="button">"Send my answers"</button>
                </ActionForm>
            </section>
        </Loaded>
    }
}
