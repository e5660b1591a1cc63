//! Organizers' pages: the dashboard and the lists behind its figures, and the audit log (filtered
//! by kind of action and by who, 50 entries a page). Filters are in the address, so they work
//! without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::announcements::{
    Announce, AnnounceIntent, AnnouncementState, Audience, get_announcement_state,
};
use super::audit::get_audit_log;
use super::figures::api::{get_dashboard, get_figure_list};
use super::figures::{Dashboard, Figure, Stage};
use crate::audit::AuditLogPage;
use crate::components::chart::{Bar, ChartCard};
use crate::components::form::{Field, FormAlert, Select, TextArea, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::table::StackedTable;
use crate::domain::choices::{AuditAction, MentorSource, Role};
use crate::domain::words::plural;
use crate::error::AppError;

#[component]
pub fn AuditLogView() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("action").unwrap_or_default(),
            query.get("who").unwrap_or_default(),
            query
                .get("page")
                .and_then(|page| page.parse::<u64>().ok())
                .unwrap_or(1),
        )
    });
    let log = load(
        move || filters.get(),
        |(action, who, page)| get_audit_log(action, who, page),
    );
    view! {
        <Title text="Audit log · Mentorship Hub" />
        <h1>"Audit log"</h1>
        <p>"Every change organizers made: approvals, matching, pairs, resources, roles and more, newest first."</p>
        <Form method="get" action="/program/audit" attr:class="form filters" attr:role="search" attr:aria-label="Filter the log">
            <div class="field">
                <label for="audit-action">"What"</label>
                <select id="audit-action" name="action">
                    <option value="" selected=move || filters.get().0.is_empty()>"Everything"</option>
                    {AuditAction::ALL
                        .iter()
                        .map(|action| {
                            let code = action.code();
                            view! { <option value=code selected=move || filters.get().0 == code>{action.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-who">"Who"</label>
                <input id="audit-who" type="search" name="who" maxlength="200" prop:value=move || filters.get().1 />
            </div>
            <button type="submit" class="button button--secondary">"Filter"</button>
        </Form>
        <Loaded resource=log let:log>
            <AuditTable log filters />
        </Loaded>
    }
}

#[component]
fn AuditTable(log: AuditLogPage, filters: Memo<(String, String, u64)>) -> impl IntoView {
    let (page, pages) = (log.page, log.pages);
    view! {
        <p>{format!("{} entries (page {page} of {pages}).", log.total)}</p>
        <StackedTable caption="Audit log" columns=vec!["When", "Who", "What", "Subject", "Details"]>
            {log
                .entries
                .into_iter()
                .map(|entry| view! {
                    <tr>
                        <td data-label="When">{entry.at}</td>
                        <td data-label="Who">{entry.actor}</td>
                        <td data-label="What">{entry.action.map(AuditAction::label).unwrap_or("Other")}</td>
                        <th scope="row" data-label="Subject">{entry.subject}</th>
                        <td data-label="Details">{entry.details}</td>
                    </tr>
                })
                .collect_view()}
        </StackedTable>
        {(pages > 1).then(|| view! {
            <Form method="get" action="/program/audit" attr:class="pager" attr:aria-label="Pages of the log">
                <input type="hidden" name="action" prop:value=move || filters.get().0 />
                <input type="hidden" name="who" prop:value=move || filters.get().1 />
                {(page > 1).then(|| view! { <button type="submit" class="button button--secondary" name="page" value=page - 1>"Newer entries"</button> })}
                {(page < pages).then(|| view! { <button type="submit" class="button button--secondary" name="page" value=page + 1>"Older entries"</button> })}
            </Form>
        })}
    }
}

/// The dashboard's year (none: the current one), organizing body and mentor source, as its
/// address gives them.
fn year_and_filter(query: &leptos_router::params::ParamsMap) -> (Option<i32>, String, String) {
    (
        query.get("year").and_then(|year| year.parse::<i32>().ok()),
        query.get("body").unwrap_or_default(),
        query.get("source").unwrap_or_default(),
    )
}

/// `/program/dashboard`: the year at a glance, filtered by organizing body and mentor source
/// (a GET form, so it works without JavaScript); every number links to the list behind it.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| year_and_filter(&query.read()));
    let dashboard = load(
        move || request.get(),
        |(year, body, source)| get_dashboard(year, body, source),
    );
    view! {
        <Title text="Dashboard · Mentorship Hub" />
        <Loaded resource=dashboard let:dashboard>
            <DashboardView dashboard />
        </Loaded>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard) -> impl IntoView {
    let Dashboard {
        year_id,
        year_label,
        closed,
        years,
        bodies,
        filter,
        figures,
        final_survey,
    } = dashboard;
    let link = move |figure: Figure| figure.href(year_id, &filter);
    let count = |value: u64| value.to_string();
    let mentees = figures.funnel_of(Role::Mentee);
    let mentors = figures.funnel_of(Role::Mentor);
    let open_concerns: u64 = figures.concerns.iter().map(|(_, n)| n).sum();
    let funnel_bars: Vec<Bar> = [(&mentees, Role::Mentee), (&mentors, Role::Mentor)]
        .into_iter()
        .flat_map(|(row, role)| {
            Stage::ALL.iter().map(move |&stage| Bar {
                label: format!("{}s: {}", role.label(), stage.label().to_lowercase()),
                value: row.at(stage),
                out_of: Some(row.applied),
                text: count(row.at(stage)),
                href: link(Figure::Enrolled(role, stage)),
            })
        })
        .collect();
    let capacity_bars: Vec<Bar> = figures
        .capacity
        .iter()
        .map(|row| Bar {
            label: row
                .source
                .map_or("No source given", |source| source.label())
                .to_owned(),
            value: row.used,
            out_of: Some(row.places),
            text: format!("{} of {} places", row.used, row.places),
            href: link(Figure::MentorsFrom(row.source)),
        })
        .collect();
    let meeting_bars: Vec<Bar> = figures
        .meetings
        .iter()
        .flat_map(|meetings| {
            let mut bars = vec![Bar {
                label: format!("None in {}", meetings.quarter),
                value: meetings.none_this_quarter,
                out_of: Some(meetings.active_pairs),
                text: format!(
                    "{} of {} pairs",
                    meetings.none_this_quarter, meetings.active_pairs
                ),
                href: link(Figure::NoMeetingFor { quarters: 1 }),
            }];
            if let (Some(previous), Some(none)) = (&meetings.previous, meetings.none_two_quarters) {
                bars.push(Bar {
                    label: format!("None in {previous} or {}", meetings.quarter),
                    value: none,
                    out_of: Some(meetings.active_pairs),
                    text: format!("{none} of {} pairs", meetings.active_pairs),
                    href: link(Figure::NoMeetingFor { quarters: 2 }),
                });
            }
            bars
        })
        .collect();
    let checkin_bars: Vec<Bar> = figures
        .checkins
        .iter()
        .map(|row| Bar {
            label: format!("{} quarter", row.quarter.label()),
            value: (row.average() * 10.0) as u64,
            out_of: Some(50),
            text: format!(
                "{:.1} of 5 ({} answers, {} met)",
                row.average(),
                row.answers,
                row.met
            ),
            href: link(Figure::CheckinsIn(row.quarter)),
        })
        .collect();
    let goal_bars: Vec<Bar> = figures
        .goals
        .iter()
        .map(|(status, goals)| Bar {
            label: status.label().to_owned(),
            value: *goals,
            out_of: None,
            text: count(*goals),
            href: link(Figure::Goals(*status)),
        })
        .collect();
    let orientation_bars: Vec<Bar> = figures
        .orientation
        .iter()
        .flat_map(|session| {
            [
                Bar {
                    label: format!("{}: signed up", session.when),
                    value: session.signed_up,
                    out_of: None,
                    text: count(session.signed_up),
                    href: link(Figure::OrientationSignedUp(session.session_id)),
                },
                Bar {
                    label: format!("{}: attended", session.when),
                    value: session.attended,
                    out_of: Some(session.signed_up),
                    text: format!("{} of {}", session.attended, session.signed_up),
                    href: link(Figure::OrientationAttended(session.session_id)),
                },
            ]
        })
        .collect();
    let concern_bars: Vec<Bar> = figures
        .concerns
        .iter()
        .map(|(age, concerns)| Bar {
            label: age.label().to_owned(),
            value: *concerns,
            out_of: None,
            text: count(*concerns),
            href: link(Figure::OpenConcerns(*age)),
        })
        .collect();
    let no_meeting_this_quarter = figures.meetings.as_ref().map(|m| m.none_this_quarter);
    view! {
        <h1>{format!("Dashboard {year_label}")}</h1>
        {closed.then(|| view! { <p class="alert" role="status">"This year is closed: its figures are final."</p> })}
        <Form method="get" action="/program/dashboard" attr:class="form filters" attr:role="search" attr:aria-label="Filter the dashboard">
            <div class="field">
                <label for="dashboard-year">"Year"</label>
                <select id="dashboard-year" name="year">
                    {years
                        .into_iter()
                        .map(|(id, label)| view! { <option value=id selected=id == year_id>{label}</option> })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-body">"Organizing body"</label>
                <select id="dashboard-body" name="body">
                    <option value="" selected=filter.body.is_none()>"All bodies"</option>
                    {bodies
                        .into_iter()
                        .map(|body| {
                            let selected = filter.body == Some(body.id);
                            view! { <option value=body.id selected=selected>{body.name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dashboard-source">"Mentor source"</label>
                <select id="dashboard-source" name="source">
                    <option value="" selected=filter.source.is_none()>"All sources"</option>
                    {MentorSource::ALL
                        .iter()
                        .map(|source| {
                            let selected = filter.source == Some(*source);
                            view! { <option value=source.code() selected=selected>{source.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Show"</button>
        </Form>
        <ul class="key-figures">
            <li><a href=link(Figure::UnmatchedMentees)><strong>{figures.unmatched_mentees()}</strong>" mentees waiting for a mentor"</a></li>
            <li><a href=link(Figure::MentorsWithRoom)><strong>{figures.mentors_with_room()}</strong>{format!(" mentors with room ({} places free)", figures.free_places())}</a></li>
            {no_meeting_this_quarter.map(|none| view! {
                <li><a href=link(Figure::NoMeetingFor { quarters: 1 })><strong>{none}</strong>" pairs with no meeting this quarter"</a></li>
            })}
            <li><a href="/program/concerns"><strong>{open_concerns}</strong>" open concerns"</a></li>
        </ul>
        {final_survey.map(|survey| view! {
            <section class="card" aria-labelledby="survey-heading">
                <h2 id="survey-heading">"Final survey"</h2>
                <p>
                    {format!(
                        "{} of {} participants answered. Average rating {:.1} of 5; {} would recommend the program.",
                        survey.answers, survey.participants, survey.average(), survey.recommend
                    )}
                </p>
                {(!survey.comments.is_empty()).then(|| view! {
                    <h3>"What they would keep or change"</h3>
                    <ul>{survey.comments.into_iter().map(|comment| view! { <li>{comment}</li> }).collect_view()}</ul>
                })}
            </section>
        })}
        <div class="grid grid--wide">
            <ChartCard id="funnel" heading="Enrollment" title="Enrollment: applied, approved and matched" value_heading="People" bars=funnel_bars />
            <ChartCard id="capacity" heading="Capacity by mentor source" title="Mentor places used by source" value_heading="Places used" bars=capacity_bars />
            <ChartCard id="meetings" heading="Pairs not meeting" title="Active pairs with no meeting held" value_heading="Pairs" bars=meeting_bars empty="The year's first quarter has not started." />
            <ChartCard id="checkins" heading="Check-in scores" title="Average check-in rating by quarter" value_heading="Rating" bars=checkin_bars />
            <ChartCard id="goals" heading="Goals" title="Goals by status" value_heading="Goals" bars=goal_bars />
            <ChartCard id="orientation" heading="Orientation" title="Orientation sign-ups and attendance" value_heading="People" bars=orientation_bars />
            <ChartCard id="concerns" heading="Open concerns" title="Open concerns by age" value_heading="Concerns" bars=concern_bars />
        </div>
    }
}

/// `/program/dashboard/list`: the people or pairs behind one figure.
#[component]
pub fn FigureListPage() -> impl IntoView {
    let query = use_query_map();
    let request = Memo::new(move |_| {
        let query = query.read();
        let (year, body, source) = year_and_filter(&query);
        (year, query.get("figure").unwrap_or_default(), body, source)
    });
    let list = load(
        move || request.get(),
        |(year, figure, body, source)| get_figure_list(year, figure, body, source),
    );
    view! {
        <Title text="Dashboard list · Mentorship Hub" />
        <Loaded resource=list let:list>
            {
                let back = {
                    let (_, _, body, source) = request.get_untracked();
                    format!("/program/dashboard?year={}&body={body}&source={source}", list.year_id)
                };
                let shown = list.rows.len();
                view! {
                    <p><a href=back>"Back to the dashboard"</a></p>
                    <h1>{list.title.clone()}</h1>
                    <p role="status">{if (shown as u64) < list.total {
                        format!("{} in {} (the first {shown} listed).", list.total, list.year_label)
                    } else {
                        format!("{} in {}.", list.total, list.year_label)
                    }}</p>
                    <StackedTable caption=list.title.clone() columns=vec!["Who", "Details"]>
                        {list
                            .rows
                            .into_iter()
                            .map(|row| view! {
                                <tr>
                                    <th scope="row"><a href=row.href>{row.name}</a></th>
                                    <td data-label="Details">{row.detail}</td>
                                </tr>
                            })
                            .collect_view()}
                    </StackedTable>
                }
            }
        </Loaded>
    }
}

/// `/program/announcements`: write to a group of this year's participants, preview who gets it
/// and how it reads, then queue it. Both steps are plain form posts, so it works without
/// JavaScript.
#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let announce = ServerAction::<Announce>::new();
    let state = load(
        move || announce.version().get(),
        |_| get_announcement_state(),
    );
    let error = action_error(announce);
    view! {
        <Title text="Announcements · Mentorship Hub" />
        <div class="stack narrow">
            <h1>"Announcements"</h1>
            <p>"Write to a group of this year's participants. Preview shows who gets it and how it reads; then send it. Anyone who turned announcements off is skipped."</p>
            <Loaded resource=state let:state>
                <AnnouncementForm state announce error />
            </Loaded>
        </div>
    }
}

#[component]
fn AnnouncementForm(
    state: AnnouncementState,
    announce: ServerAction<Announce>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let preview = state.preview;
    let audience = preview.as_ref().map(|p| p.audience.code().to_owned());
    let subject = preview.as_ref().map(|p| p.subject.clone());
    let body = preview.as_ref().map(|p| p.body.clone());
    let audiences = Audience::ALL
        .iter()
        .map(|audience| (audience.code().to_owned(), audience.label().to_owned()))
        .collect();
    view! {
        {state.queued.map(|(queued, skipped)| view! {
            <p class="alert alert--success" role="status">
                {format!("Sent: {} queued", plural(queued as usize, "email", "emails"))}
                {(skipped > 0).then(|| {
                    let have = if skipped == 1 { "has" } else { "have" };
                    format!(" ({} {have} turned announcements off)", plural(skipped as usize, "person", "people"))
                })}
                "."
            </p>
        })}
        <ActionForm action=announce attr:class="form card" attr:novalidate="">
            <FormAlert error />
            <Select label="To" name="audience" options=audiences value=audience.unwrap_or_default() blank="Choose who gets it" error />
            <Field label="Subject" name="subject" value=subject.unwrap_or_default() error />
            <TextArea label="Message" name="body" rows=8 value=body.unwrap_or_default() hint="Plain text. Each person's email starts with \"Dear\" and their name." error />
            <button type="submit" class="button button--secondary" name="intent" value=AnnounceIntent::Preview.code()>{AnnounceIntent::Preview.label()}</button>
            {preview.map(|preview| {
                let recipients = preview.recipients;
                let more = recipients.saturating_sub(preview.sample.len() as u64);
                view! {
                    <section class="preview" aria-labelledby="preview-heading">
                        <h2 id="preview-heading">"Preview"</h2>
                        <p>{format!("To {} of {}: {recipients} people.", preview.audience.label().to_lowercase(), preview.year_label)}</p>
                        <p class="muted">
                            {preview.sample.join(", ")}
                            {(more > 0).then(|| format!(" and {more} more"))}
                        </p>
                        <p><strong>{format!("Subject: {}", preview.subject)}</strong></p>
                        <pre class="email-body">{preview.example}</pre>
                        <button type="submit" class="button" name="intent" value=AnnounceIntent::Queue.code()>
                            {format!("Send to {recipients} people")}
                        </button>
                    </section>
                }
            })}
        </ActionForm>
    }
}
