//! `/program/audit`: the audit log for organizers, filtered by kind of action and by who, 50
//! entries a page. The filters are in the address, so they work without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::audit::{AuditLogPage, get_audit_log};
use crate::components::notice::Loaded;
use crate::components::table::StackedTable;
use crate::domain::choices::AuditAction;

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
    let log = Resource::new(
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
