//! The organizers' outbox page, the email preferences card on the account page, and the page an
//! unsubscribe link opens (which works without signing in).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::{
    EmailChoice, OutboxPage, SaveEmailPreferences, SendAgain, Unsubscribe, UnsubscribeDone,
    get_email_preferences, get_outbox, unsubscribe_details,
};
use crate::components::form::{FormAlert, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::routing::done_flag;
use crate::components::table::StackedTable;
use crate::error::AppError;

/// `/program/outbox`: every email the site queued, where it stands, and (for the ones that
/// need it) "Send again". Without SMTP this is where emails are read.
#[component]
pub fn OutboxView() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        let query = query.read();
        (
            query.get("status").unwrap_or_default(),
            query
                .get("page")
                .and_then(|page| page.parse::<u64>().ok())
                .unwrap_or(1),
        )
    });
    let send_again = ServerAction::<SendAgain>::new();
    let outbox = load(
        move || (filters.get(), send_again.version().get()),
        |((status, page), _)| get_outbox(status, page),
    );
    let error = action_error(send_again);
    let statuses = [
        ("", "Everything"),
        ("waiting", "Waiting"),
        ("sent", "Sent"),
        ("attention", "Needs attention"),
    ];
    view! {
        <Title text="Outbox · Mentorship Hub" />
        <h1>"Outbox"</h1>
        <Form method="get" action="/program/outbox" attr:class="form filters" attr:role="search" attr:aria-label="Filter the outbox">
            <div class="field">
                <label for="outbox-status">"Status"</label>
                <select id="outbox-status" name="status">
                    {statuses
                        .into_iter()
                        .map(|(code, label)| view! { <option value=code selected=move || filters.get().0 == code>{label}</option> })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">"Show"</button>
        </Form>
        <FormAlert error />
        <Loaded resource=outbox let:outbox>
            <OutboxTable outbox send_again filters />
        </Loaded>
    }
}

#[component]
fn OutboxTable(
    outbox: OutboxPage,
    send_again: ServerAction<SendAgain>,
    filters: Memo<(String, u64)>,
) -> impl IntoView {
    let (page, pages) = (outbox.page, outbox.pages);
    view! {
        <p>
            {if outbox.delivering {
                "Emails are delivered by the mail server within a minute of being queued."
            } else {
                "No mail server is configured (SMTP_URL), so emails are not sent: they wait here, where organizers can read them."
            }}
        </p>
        <p>{format!("{} emails (page {page} of {pages}).", outbox.total)}</p>
        <StackedTable caption="Outbox" columns=vec!["Subject", "To", "Kind", "Queued", "Status", "Message"]>
            {outbox
                .rows
                .into_iter()
                .map(|row| {
                    let subject = row.subject.clone();
                    view! {
                        <tr>
                            <th scope="row">{row.subject}</th>
                            <td data-label="To">{row.to}</td>
                            <td data-label="Kind">{row.kind.map(|kind| kind.label()).unwrap_or("Other")}</td>
                            <td data-label="Queued">{row.queued_at}</td>
                            <td data-label="Status">
                                {format!("{} ({} tries)", row.status, row.attempts)}
                                {row.can_send_again.then(|| view! {
                                    <ActionForm action=send_again attr:class="form--inline">
                                        <input type="hidden" name="id" value=row.id />
                                        <button type="submit" class="button button--small button--secondary">
                                            "Send again" <span class="visually-hidden">{format!(": {subject}")}</span>
                                        </button>
                                    </ActionForm>
                                })}
                            </td>
                            <td data-label="Message">
                                {match row.body {
                                    Some(body) => view! {
                                        <details>
                                            <summary>"Read"</summary>
                                            <pre class="email-body">{body}</pre>
                                        </details>
                                    }
                                        .into_any(),
                                    None => view! { <span class="muted">"Hidden: it holds a one-time link."</span> }.into_any(),
                                }}
                            </td>
                        </tr>
                    }
                })
                .collect_view()}
        </StackedTable>
        {(pages > 1).then(|| view! {
            <Form method="get" action="/program/outbox" attr:class="pager" attr:aria-label="Pages of the outbox">
                <input type="hidden" name="status" prop:value=move || filters.get().0 />
                {(page > 1).then(|| view! { <button type="submit" class="button button--secondary" name="page" value=page - 1>"Newer emails"</button> })}
                {(page < pages).then(|| view! { <button type="submit" class="button button--secondary" name="page" value=page + 1>"Older emails"</button> })}
            </Form>
        })}
    }
}

/// The email choices' form action and data, made at the top of the account page.
#[derive(Clone, Copy)]
pub struct EmailPreferences {
    save: ServerAction<SaveEmailPreferences>,
    choices: Resource<Result<Vec<EmailChoice>, AppError>>,
}

impl EmailPreferences {
    pub fn load() -> Self {
        let save = ServerAction::<SaveEmailPreferences>::new();
        Self {
            save,
            choices: load(move || save.version().get(), |_| get_email_preferences()),
        }
    }
}

/// The account page's choice of emails.
#[component]
pub fn EmailPreferencesCard(preferences: EmailPreferences) -> impl IntoView {
    let EmailPreferences { save, choices } = preferences;
    let error = action_error(save);
    let saved_here = crate::components::routing::done_flag(crate::auth::api::AccountDone::Emails);
    let saved = move || matches!(save.value().get(), Some(Ok(()))) || saved_here.get();
    view! {
        <section class="card" aria-labelledby="emails-heading">
            <h2 id="emails-heading">"Emails"</h2>
            {move || saved().then(|| view! { <p class="alert alert--success" role="status">{crate::auth::api::AccountDone::Emails.label()}</p> })}
            <p>"Emails about your account (like password links) always come. Choose the others:"</p>
            <Loaded resource=choices let:choices>
                <ActionForm action=save attr:class="form">
                    <FormAlert error />
                    <fieldset class="field">
                        <legend>"Send me emails about"</legend>
                        {choices.into_iter().map(|choice: EmailChoice| {
                            let id = format!("email-{}", choice.kind.code());
                            let label_for = id.clone();
                            view! {
                                <label class="choice" for=label_for>
                                    <input type="checkbox" id=id name="on[]" value=choice.kind.code() checked=choice.on />
                                    <span>{choice.kind.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit" class="button">"Save email choices"</button>
                </ActionForm>
            </Loaded>
        </section>
    }
}

/// `/unsubscribe/:token`: says what the link stops and stops it with one button (a link alone
/// changes nothing, since mail scanners open links).
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let details = load(token, unsubscribe_details);
    let action = ServerAction::<Unsubscribe>::new();
    let error = action_error(action);
    let unsubscribed = done_flag(UnsubscribeDone::Unsubscribed);
    let done = move || matches!(action.value().get(), Some(Ok(()))) || unsubscribed.get();
    view! {
        <Title text="Unsubscribe · Mentorship Hub" />
        <section class="card narrow">
            <h1>"Unsubscribe"</h1>
            <Loaded resource=details let:details>
                {match details {
                    Some((name, kind)) => view! {
                        {move || if done() {
                            view! {
                                <p class="alert alert--success" role="status">
                                    {format!("Done: no more emails about {}.", kind.label().to_lowercase())}
                                </p>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p>{format!("Stop emails about {} for {name}?", kind.label().to_lowercase())}</p>
                                <ActionForm action=action attr:class="form">
                                    <FormAlert error />
                                    <input type="hidden" name="token" value=token() />
                                    <button type="submit" class="button">"Unsubscribe"</button>
                                </ActionForm>
                            }
                                .into_any()
                        }}
                        <p>"Signed in, you can choose every kind of email on your " <a href="/account">"account page"</a> "."</p>
                    }
                        .into_any(),
                    None => view! {
                        <p class="alert alert--error" role="alert">"This unsubscribe link is not valid."</p>
                        <p>"Signed in, you can choose which emails you get on your " <a href="/account">"account page"</a> "."</p>
                    }
                        .into_any(),
                }}
            </Loaded>
        </section>
    }
}
