//! The organizers' reminders page: each rule's switch, timing and wording, and the latest sent.

use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{ReminderRule, RunRemindersNow, SaveReminderRule, get_reminders};
use crate::components::form::{Field, FormAlert, TextArea, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::table::StackedTable;
use crate::error::AppError;

/// `/program/reminders`: each rule, switched on or off and worded by organizers; "Send due
/// reminders now"; and the latest reminders sent.
#[component]
pub fn RemindersPage() -> impl IntoView {
    let save = ServerAction::<SaveReminderRule>::new();
    let run = ServerAction::<RunRemindersNow>::new();
    let reminders = load(
        move || (save.version().get(), run.version().get()),
        |_| get_reminders(),
    );
    let error = action_error(save);
    let saved_here = crate::components::routing::done_flag(super::api::RemindersDone::Saved);
    let saved = move || matches!(save.value().get(), Some(Ok(()))) || saved_here.get();
    view! {
        <Title text="Reminders · Mentorship Hub" />
        <h1>"Reminders"</h1>
        <p>"Switched-on rules run every hour. Each person gets each reminder once per occasion (once a quarter, once a session, once a proposal), by email (unless they turned reminders off) and on their home page. In the text, {name} becomes the person's name, {when} the quarter or date, and {link} the page to open."</p>
        {move || saved().then(|| view! { <p class="alert alert--success" role="status">{super::api::RemindersDone::Saved.label()}</p> })}
        <FormAlert error />
        <Loaded resource=reminders let:reminders>
            {reminders.just_ran.clone().map(|ran| {
                let sent: u64 = ran.iter().map(|(_, n)| n).sum();
                view! {
                    <p class="alert alert--success" role="status">
                        {format!("Reminders run: {sent} sent.")}
                    </p>
                }
            })}
            <ActionForm action=run attr:class="form--inline">
                <button type="submit" class="button button--secondary">"Send due reminders now"</button>
            </ActionForm>
            <div class="grid grid--wide">
                {reminders.rules.into_iter().map(|rule| view! { <RuleCard rule save error /> }).collect_view()}
            </div>
            <section class="card" aria-labelledby="reminder-log-heading">
                <h2 id="reminder-log-heading">"Latest reminders sent"</h2>
                <StackedTable caption="Latest reminders sent" columns=vec!["When", "Reminder", "To", "Occasion"]>
                    {reminders.log.into_iter().map(|row| view! {
                        <tr>
                            <td data-label="When">{row.at}</td>
                            <td data-label="Reminder">{row.kind.label()}</td>
                            <th scope="row" data-label="To">{row.person}</th>
                            <td data-label="Occasion">{row.occasion}</td>
                        </tr>
                    }).collect_view()}
                </StackedTable>
            </section>
        </Loaded>
    }
}

#[component]
fn RuleCard(
    rule: ReminderRule,
    save: ServerAction<SaveReminderRule>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let kind = rule.kind;
    let form = kind.code();
    let heading_id = format!("rule-{form}");
    let labelled_by = heading_id.clone();
    let enabled_id = format!("{form}-enabled");
    let enabled_for = enabled_id.clone();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{kind.label()}</h2>
            <p class="muted">{kind.explained()}</p>
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="kind" value=form />
                <div class="field">
                    <label class="choice" for=enabled_for>
                        <input type="checkbox" id=enabled_id name="enabled" checked=rule.enabled />
                        <span>"Switched on" <span class="visually-hidden">{format!(": {}", kind.label())}</span></span>
                    </label>
                </div>
                {kind.uses_days().then(|| view! {
                    <Field label="Days" name="days" input_type="number" value=rule.days.to_string() form error />
                })}
                <Field label="Subject" name="subject" value=rule.subject.clone() form error />
                <TextArea label="Message" name="body" rows=6 value=rule.body.clone() form error />
                <button type="submit" class="button">"Save" <span class="visually-hidden">{format!(" the {}", kind.label().to_lowercase())}</span></button>
            </ActionForm>
        </section>
    }
}
