//! Applying to a year, the organizers' applications table, invitations and the CSV import.

use super::api::{ApplyDone, ImportDone};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    AcceptInvitation, ApplicationQuery, ApplicationRow, ApplicationState, Applications, Apply,
    DecideApplication, ImportCommit, ImportPreview, Invitations, Invite, SaveRanking, UploadRoster,
    get_application_state, get_import_preview, get_invitation_details, list_applications,
    list_invitations,
};
use crate::components::form::{
    Choices, Field, FormAlert, SavedNotice, Select, TextArea, action_error, options_of,
    plain_post_error,
};
use crate::components::notice::{Loaded, load};
use crate::components::routing::{done_flag, found, route_id};
use crate::components::table::StackedTable;
use crate::domain::choices::{EnrollmentStatus, MentorSource, Role};
use crate::domain::roster::RosterRow;
use crate::error::AppError;

pub use super::orientation::{OrientationAdmin, OrientationAdminState};

#[component]
pub fn ApplyPage() -> impl IntoView {
    let action = ServerAction::<Apply>::new();
    let state = load(move || action.version().get(), |_| get_application_state());
    view! {
        <Title text="Apply · Mentorship Hub" />
        <Loaded resource=state let:state>
            <ApplyView state action />
        </Loaded>
    }
}

#[component]
fn ApplyView(state: ApplicationState, action: ServerAction<Apply>) -> impl IntoView {
    let error = action_error(action);
    let applied = Signal::derive(move || {
        done_flag(ApplyDone::Applied).get() || action.value().get().is_some_and(|r| r.is_ok())
    });
    let Some(year) = state.year else {
        return view! {
            <section class="card narrow">
                <h1>"Apply"</h1>
                <p>"The organizers have not opened a program year yet. Please check back soon."</p>
            </section>
        }
        .into_any();
    };
    let open = year.accepts_applications(state.today);
    let deadline = year.enrollment_deadline.format("%B %-d, %Y").to_string();
    let enrollment = state.enrollment.clone();
    let editable = enrollment
        .as_ref()
        .is_none_or(|e| e.status == EnrollmentStatus::Applied);
    let role = enrollment
        .as_ref()
        .map(|e| e.role)
        .or(state.profile_side)
        .map(|r| r.code().to_owned())
        .unwrap_or_default();
    view! {
        <div class="stack narrow">
            <h1>{format!("Apply to {}", year.label)}</h1>
            <SavedNotice saved=applied message=ApplyDone::Applied.label() />
            {enrollment
                .clone()
                .map(|e| {
                    view! {
                        <section class="card" aria-labelledby="application-status">
                            <h2 id="application-status">"Your application"</h2>
                            <p>
                                {format!("You applied as a {}. Status: ", e.role.label().to_lowercase())}
                                <strong>{e.status.label()}</strong>
                                "."
                            </p>
                            {(!e.decision_message.is_empty())
                                .then(|| view! { <p>"Message from the organizers: " {e.decision_message.clone()}</p> })}
                        </section>
                    }
                })}
            {enrollment
                .as_ref()
                .filter(|_| !state.to_rank.is_empty())
                .map(|e| view! { <Ranking role=e.role candidates=state.to_rank.clone() ranked=e.ranking.clone() /> })}
            {match (open, editable) {
                (false, _) if enrollment.is_none() => view! {
                    <p class="alert alert--error" role="alert">
                        {format!("Applications for {} closed on {deadline}. Please contact the organizers if you would still like to take part.", year.label)}
                    </p>
                }.into_any(),
                (_, false) | (false, _) => ().into_any(),
                (true, true) => view! {
                    <section class="card">
                        <h2>{if enrollment.is_some() { "Change your answers" } else { "Your answers" }}</h2>
                        <p>{format!("Applications are open until {deadline}. ")}
                            "Your "<a href="/profile">"profile"</a>" must be complete for the role you apply for."
                        </p>
                        <ActionForm action=action attr:class="form" attr:novalidate="">
                            <FormAlert error />
                            <Choices
                                legend="I apply as"
                                name="role"
                                single=true
                                error
                                options=options_of(Role::ALL, Role::code, Role::label)
                                chosen=vec![role]
                            />
                            <Field label="How many mentees you can take (mentors, 1 to 5)" name="capacity" input_type="number" value=enrollment.as_ref().and_then(|e| e.capacity).map(|c| c.to_string()).unwrap_or_default() error />
                            <TextArea label="Your goals for this year (mentees)" name="goals" value=enrollment.as_ref().map(|e| e.goals.clone()).unwrap_or_default() error />
                            <TextArea label="Your availability" name="availability" value=enrollment.as_ref().map(|e| e.availability.clone()).unwrap_or_default() rows=2 error hint="E.g. weekday evenings; busy in March." />
                            <TextArea label="Anything the organizers should know" name="notes_for_organizers" value=enrollment.as_ref().map(|e| e.notes_for_organizers.clone()).unwrap_or_default() rows=3 error hint="For example, people you must not be paired with. Only organizers read this." />
                            <button type="submit" class="button">{if enrollment.is_some() { "Save answers" } else { "Apply" }}</button>
                        </ActionForm>
                    </section>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

/// An approved participant's ranking of the other side: a mentee names mentors (from the
/// directory), a mentor orders the mentees who asked for them.
#[component]
fn Ranking(role: Role, candidates: Vec<(i32, String)>, ranked: Vec<i32>) -> impl IntoView {
    let action = ServerAction::<SaveRanking>::new();
    let error = action_error(action);
    let saved = Signal::derive(move || {
        done_flag(ApplyDone::Ranked).get() || action.value().get().is_some_and(|r| r.is_ok())
    });
    let options: Vec<(String, String)> = candidates
        .iter()
        .map(|(id, shown)| (id.to_string(), shown.clone()))
        .collect();
    let [first, second, third] =
        std::array::from_fn(|n| ranked.get(n).map(|id| id.to_string()).unwrap_or_default());
    let (heading, intro) = match role {
        Role::Mentee => (
            "Mentors you would like",
            view! {
                "You may name up to three of this year's mentors, first choice first (see the "
                <a href="/directory">"directory"</a>
                "). The organizers take your choices into account; they cannot promise them."
            }
            .into_any(),
        ),
        Role::Mentor => (
            "Mentees who asked for you",
            view! {
                "These mentees named you among the mentors they would like. You may put up to three of them in order, first choice first; the organizers take it into account. Mentees you leave out can still be matched with you."
            }
            .into_any(),
        ),
    };
    view! {
        <section class="card" aria-labelledby="rank-heading">
            <h2 id="rank-heading">{heading}</h2>
            <p>{intro}</p>
            <SavedNotice saved message=ApplyDone::Ranked.label() />
            <ActionForm action=action attr:class="form" attr:novalidate="">
                <FormAlert error />
                <Select label="First choice" name="first" options=options.clone() value=first blank="No preference" error />
                <Select label="Second choice" name="second" options=options.clone() value=second blank="No preference" error />
                <Select label="Third choice" name="third" options=options value=third blank="No preference" error />
                <button type="submit" class="button">"Save my choices"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ApplicationsPage() -> impl IntoView {
    let query = use_query_map();
    let decide = ServerAction::<DecideApplication>::new();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        ApplicationQuery {
            sort: get("sort"),
            role: get("role"),
            status: get("status"),
            source: get("source"),
            q: get("q"),
        }
    });
    let applications = load(
        move || (filter.get(), decide.version().get()),
        |(filter, _)| list_applications(filter),
    );
    view! {
        <Title text="Applications · Mentorship Hub" />
        <Loaded resource=applications let:applications>
            <ApplicationsView applications filter=filter.get_untracked() decide />
        </Loaded>
    }
}

#[component]
fn ApplicationsView(
    applications: Applications,
    filter: ApplicationQuery,
    decide: ServerAction<DecideApplication>,
) -> impl IntoView {
    let no_error = Signal::derive(|| None::<AppError>);
    let error = action_error(decide);
    let sorts = vec![
        ("applied".to_owned(), "Date applied".to_owned()),
        ("name".to_owned(), "Name".to_owned()),
        ("role".to_owned(), "Role".to_owned()),
        ("status".to_owned(), "Status".to_owned()),
        ("source".to_owned(), "Mentor source".to_owned()),
    ];
    let shown = applications.rows.len();
    let closed = applications.year.is_closed();
    view! {
        <h1>{format!("Applications {}", applications.year.label)}</h1>
        <Form method="get" action="/program/applications" attr:class="form filters" attr:role="search" attr:aria-label="Filter applications">
            <Field label="Search" name="q" input_type="search" value=filter.q.clone() error=no_error />
            <Select label="Role" name="role" options=options_of(Role::ALL, Role::code, Role::label) value=filter.role.clone() blank="Everyone" error=no_error />
            <Select label="Status" name="status" options=options_of(EnrollmentStatus::ALL, EnrollmentStatus::code, EnrollmentStatus::label) value=filter.status.clone() blank="Any status" error=no_error />
            <Select label="Mentor source" name="source" options=options_of(MentorSource::ALL, MentorSource::code, MentorSource::label) value=filter.source.clone() blank="Any source" error=no_error />
            <Select label="Sort by" name="sort" options=sorts value=filter.sort.clone() error=no_error />
            <button type="submit" class="button">"Show"</button>
        </Form>
        <p role="status">{format!("Showing {shown} of {} applications.", applications.total)}</p>
        <FormAlert error />
        <StackedTable caption="Applications" columns=vec!["Name", "Role", "Source", "Capacity", "Applied", "Status", "Decision"]>
                    {applications
                        .rows
                        .into_iter()
                        .map(|row| {
                            let bodies = applications.bodies.clone();
                            view! { <ApplicationTableRow row bodies decide closed /> }
                        })
                        .collect_view()}
                </StackedTable>
    }
}

#[component]
fn ApplicationTableRow(
    row: ApplicationRow,
    bodies: Vec<crate::program::api::OrganizingBody>,
    decide: ServerAction<DecideApplication>,
    closed: bool,
) -> impl IntoView {
    let id = row.enrollment_id;
    let decision_id = format!("decision-{id}");
    let body_field_id = format!("body-{id}");
    let message_id = format!("message-{id}");
    let options = options_of(
        &[
            EnrollmentStatus::Approved,
            EnrollmentStatus::Waitlisted,
            EnrollmentStatus::Declined,
        ],
        EnrollmentStatus::code,
        |s| match s {
            EnrollmentStatus::Approved => "Approve",
            EnrollmentStatus::Waitlisted => "Waitlist",
            _ => "Decline",
        },
    );
    let whom = format!(" for {}", row.display_name);
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/directory/{}", row.user_id)>{row.display_name.clone()}</a>
                <br />
                <span class="muted">{row.email.clone()}</span>
            </th>
            <td data-label="Role">{row.role.label()}</td>
            <td data-label="Source">{row.source.map(|s| s.label()).unwrap_or("—")}</td>
            <td data-label="Capacity">{row.capacity.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td data-label="Applied">{row.applied_on.to_string()}</td>
            <td data-label="Status">{row.status.label()}</td>
            <td>
                {(!closed)
                    .then(|| {
                        view! {
                            <ActionForm action=decide attr:class="form form--compact">
                                <input type="hidden" name="enrollment_id" value=id />
                                <label for=decision_id.clone()>"Decision" <span class="visually-hidden">{whom.clone()}</span></label>
                                <select id=decision_id name="status">
                                    {options
                                        .into_iter()
                                        .map(|(value, text)| {
                                            let selected = value == row.status.code();
                                            view! { <option value=value selected=selected>{text}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <label for=message_id.clone()>"Message (optional)" <span class="visually-hidden">{whom.clone()}</span></label>
                                <input id=message_id name="message" value=row.decision_message.clone() />
                                <label for=body_field_id.clone()>"Organizing body" <span class="visually-hidden">{whom.clone()}</span></label>
                                <select id=body_field_id name="body_id">
                                    <option value="" selected=row.body_id.is_none()>"Not set"</option>
                                    {bodies
                                        .into_iter()
                                        .map(|body| {
                                            let selected = row.body_id == Some(body.id);
                                            view! { <option value=body.id selected=selected>{body.short_name}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <button type="submit" class="button button--small">
                                    "Save decision" <span class="visually-hidden">{whom}</span>
                                </button>
                            </ActionForm>
                        }
                    })}
            </td>
        </tr>
    }
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let invite = ServerAction::<Invite>::new();
    let invitations = load(move || invite.version().get(), |_| list_invitations());
    // The upload is a plain multipart form in both modes; its errors come back through the URL.
    let upload_error = plain_post_error(UploadRoster::PATH);
    let error = action_error(invite);
    view! {
        <Title text="Invitations and import · Mentorship Hub" />
        <Loaded resource=invitations let:invitations>
            <div class="stack">
            <h1>{format!("Invitations {}", invitations.year.label)}</h1>
            <div class="grid">
                <section class="card">
                    <h2>"Invite someone"</h2>
                    <p>"They get an email with a one-time sign-up link (valid 30 days); the link is also shown here."</p>
                    {invitations
                        .just_sent
                        .clone()
                        .map(|sent| {
                            view! {
                                <p class="alert alert--success" role="status">
                                    {format!("Invitation sent to {}. Link: ", sent.email)}
                                    <a href=sent.link.clone() class="break">{sent.link.clone()}</a>
                                </p>
                            }
                        })}
                    <ActionForm action=invite attr:class="form" attr:novalidate="">
                        <FormAlert error />
                        <Field label="Name" name="display_name" error />
                        <Field label="Email" name="email" input_type="email" error />
                        <Choices legend="Invite as" name="role" single=true error options=options_of(Role::ALL, Role::code, Role::label) />
                        <button type="submit" class="button">"Send invitation"</button>
                    </ActionForm>
                </section>
                <section class="card">
                    <h2>"Import from a spreadsheet"</h2>
                    <p>
                        "Upload a CSV file with a header row and the columns name, email, role (mentee or mentor), program (MLIS, MLIS/MA, PhD or Other; for mentees), source (library staff, alumni or other) and capacity (mentors, 1 to 5). You will see every row's problems before anything is saved."
                    </p>
                    <FormAlert error=upload_error />
                    <form method="post" action="/api/upload_roster" enctype="multipart/form-data" class="form">
                        <div class="field">
                            <label for="field-file">"CSV file"</label>
                            {move || {
                                upload_error
                                    .get()
                                    .and_then(|e| e.field_message("file"))
                                    .map(|m| view! { <p class="field__error" id="field-file-error">{m}</p> })
                            }}
                            <input id="field-file" type="file" name="file" accept=".csv,text/csv" />
                        </div>
                        <button type="submit" class="button">"Upload and preview"</button>
                    </form>
                </section>
            </div>
            <InvitationsTable invitations />
            </div>
        </Loaded>
    }
}

#[component]
fn InvitationsTable(invitations: Invitations) -> impl IntoView {
    let none = invitations.rows.is_empty();
    view! {
        <section class="card">
            <h2>"Sent invitations"</h2>
            {none.then(|| view! { <p>"None yet."</p> })}
            <div hidden=none>
            <StackedTable caption="Sent invitations" columns=vec!["Name", "Email", "Role", "Sent", "State"]>
                        {invitations
                            .rows
                            .into_iter()
                            .map(|row| {
                                let state = if row.accepted { "Accepted" } else if row.expired { "Expired" } else { "Waiting" };
                                view! {
                                    <tr>
                                        <th scope="row">{row.display_name}</th>
                                        <td data-label="Email">{row.email}</td>
                                        <td data-label="Role">{row.role.label()}</td>
                                        <td data-label="Sent">{row.sent_on.to_string()}</td>
                                        <td data-label="State">{state}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </StackedTable>
            </div>
        </section>
    }
}

/// Rows shown in full in a preview; the rest are counted.
const PREVIEW_ROWS_SHOWN: usize = 100;

#[component]
pub fn ImportPage() -> impl IntoView {
    let id = route_id();
    let commit = ServerAction::<ImportCommit>::new();
    let preview = load(
        move || (id.get(), commit.version().get()),
        |(id, _)| found(id, get_import_preview),
    );
    view! {
        <Title text="Import preview · Mentorship Hub" />
        <Loaded resource=preview let:preview>
            <ImportPreviewView preview commit />
        </Loaded>
    }
}

#[component]
fn ImportPreviewView(preview: ImportPreview, commit: ServerAction<ImportCommit>) -> impl IntoView {
    let error = action_error(commit);
    let committed = Signal::derive(move || {
        done_flag(ImportDone::Committed).get() || commit.value().get().is_some_and(|r| r.is_ok())
    });
    let to_import = preview.to_import.len();
    view! {
        <h1>{format!("Import preview: {}", preview.file_name)}</h1>
        <SavedNotice saved=committed message=ImportDone::Committed.label() />
        <FormAlert error />
        {preview.file_error.clone().map(|message| view! { <p class="alert alert--error" role="alert">{message}</p> })}
        <ul class="summary">
            <li><strong>{to_import}</strong>" rows will be imported"</li>
            <li><strong>{preview.already.len()}</strong>" already enrolled or invited (skipped)"</li>
            <li><strong>{preview.problems.len()}</strong>" rows with problems (skipped)"</li>
        </ul>
        {(to_import > 0 && !preview.committed)
            .then(|| {
                view! {
                    <ActionForm action=commit>
                        <input type="hidden" name="import_id" value=preview.id />
                        <button type="submit" class="button">{format!("Import {to_import} rows into {}", preview.year_label)}</button>
                    </ActionForm>
                }
            })}
        {(!preview.problems.is_empty())
            .then(|| {
                view! {
                    <section class="card">
                        <h2>"Rows with problems"</h2>
                        <StackedTable caption="Rows with problems" columns=vec!["Line", "Email", "Problems"]>
                                    {preview
                                        .problems
                                        .into_iter()
                                        .map(|problem| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{format!("Line {}", problem.line)}</th>
                                                    <td data-label="Email">{problem.email}</td>
                                                    <td data-label="Problems">{problem.problems.join(" ")}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </StackedTable>
                    </section>
                }
            })}
        <RosterRows title="To import" rows=preview.to_import />
        <RosterRows title="Already enrolled or invited" rows=preview.already />
        <p><a href="/program/invitations">"Back to invitations"</a></p>
    }
}

#[component]
fn RosterRows(title: &'static str, rows: Vec<RosterRow>) -> impl IntoView {
    let hidden = rows.len().saturating_sub(PREVIEW_ROWS_SHOWN);
    (!rows.is_empty()).then(|| {
        view! {
            <section class="card">
                <h2>{title}</h2>
                <StackedTable caption={title} columns=vec!["Name", "Email", "Role", "Program or source"]>
                            {rows
                                .into_iter()
                                .take(PREVIEW_ROWS_SHOWN)
                                .map(|row| {
                                    let detail = row
                                        .program
                                        .map(|p| p.code().to_owned())
                                        .or(row.source.map(|s| s.label().to_owned()))
                                        .unwrap_or_default();
                                    view! {
                                        <tr>
                                            <th scope="row">{row.name}</th>
                                            <td data-label="Email">{row.email}</td>
                                            <td data-label="Role">{row.role.label()}</td>
                                            <td data-label="Program or source">{detail}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </StackedTable>
                {(hidden > 0).then(|| view! { <p>{format!("… and {hidden} more.")}</p> })}
            </section>
        }
    })
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let details = load(token, get_invitation_details);
    let action = ServerAction::<AcceptInvitation>::new();
    let error = action_error(action);
    view! {
        <Title text="Invitation · Mentorship Hub" />
        <Loaded resource=details let:details>
            <section class="card narrow">
                <h1>{format!("Join the {} Mentorship Program", details.year_label)}</h1>
                <p>{format!("You are invited to take part as a {}, with the address {}.", details.role.label().to_lowercase(), details.email)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate="">
                    <FormAlert error />
                    <input type="hidden" name="token" value=token() />
                    {if details.signed_in_as_invitee {
                        view! { <button type="submit" class="button">"Accept the invitation"</button> }.into_any()
                    } else if details.account_exists {
                        view! {
                            <p>"You already have an account. " <a href="/sign-in">"Sign in"</a> ", then open this link again."</p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <Field label="Your name" name="display_name" value=details.display_name.clone() autocomplete="name" error />
                            <Field label="Password" name="password" input_type="password" autocomplete="new-password" hint="At least 10 characters." error />
                            <button type="submit" class="button">"Create account and accept"</button>
                        }
                            .into_any()
                    }}
                </ActionForm>
            </section>
        </Loaded>
    }
}
