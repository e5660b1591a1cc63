//! `/resources` and each page: reading, suggesting a change, and (for organizers) editing with a
//! preview, answering suggestions and the history. Every form works without JavaScript.

use super::api::{ResourceDone, SaveIntent};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::api::{
    AddResource, DiscardResourceDraft, Guide, ResourceEditor, ResourceHistory, ResourceIndex,
    ResourcePage, RestoreResourceRevision, ReviewResourceSuggestion, SaveResource,
    SuggestResourceChange, SuggestionReview, get_resource, get_resource_editor,
    get_resource_history, get_resources,
};
use crate::components::form::{
    Field, FormAlert, SavedNotice, Select, TextArea, action_error, options_of,
};
use crate::components::notice::{Loaded, load};
use crate::components::routing::done_flag;
use crate::domain::choices::{Audience, Moment};

const MARKDOWN_HINT: &str = "Markdown: a blank line between paragraphs, ## before a heading, - before each item of a list, **bold**, [words](https://address) for a link.";

/// The page named by the route's `:slug`.
fn route_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("slug").unwrap_or_default())
}

fn audience_note(audience: Audience) -> Option<&'static str> {
    match audience {
        Audience::Everyone => None,
        Audience::Mentors => Some("For mentors"),
        Audience::Mentees => Some("For mentees"),
    }
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let add = ServerAction::<AddResource>::new();
    let index = load(move || add.version().get(), |_| get_resources());
    view! {
        <Title text="Resources · Mentorship Hub" />
        <h1>"Resources"</h1>
        <p>"Mentorship tips, meeting ideas and advice, collaboratively written with previous participants of the program."</p>
        <Loaded resource=index let:index>
            <ResourceList index add />
        </Loaded>
    }
}

#[component]
fn ResourceList(index: ResourceIndex, add: ServerAction<AddResource>) -> impl IntoView {
    let error = action_error(add);
    view! {
        <ul class="plain-list resource-list">
            {index.pages.into_iter().map(|page| view! {
                <li class="card">
                    <h2><a href=format!("/resources/{}", page.slug)>{page.title}</a></h2>
                    <p class="muted">
                        {audience_note(page.audience).map(|note| format!("{note} · "))}
                        {if page.unwritten { "Not written yet".to_owned() } else { format!("Updated on {}", page.updated_on) }}
                    </p>
                </li>
            }).collect_view()}
        </ul>
        {index.organizer.then(|| view! {
            <section class="card" aria-labelledby="waiting-heading">
                <h2 id="waiting-heading">"Suggestions waiting"</h2>
                {if index.waiting.is_empty() {
                    view! { <p>"No suggestions waiting."</p> }.into_any()
                } else {
                    view! {
                        <ul>
                            {index.waiting.into_iter().map(|(slug, title, author)| view! {
                                <li><a href=format!("/resources/{slug}/edit#suggestions")>{format!("{title}: from {author}")}</a></li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="add-page-heading">
                <h2 id="add-page-heading">"Add a page"</h2>
                <ActionForm action=add attr:class="form" attr:novalidate="">
                    <FormAlert error />
                    <Field label="Title" name="title" error required=true />
                    <Select label="For" name="audience" options=options_of(Audience::ALL, Audience::code, Audience::label) value=Audience::Everyone.code().to_owned() error />
                    <button type="submit" class="button">"Add page"</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
pub fn ResourcePageView() -> impl IntoView {
    let slug = route_slug();
    let suggest = ServerAction::<SuggestResourceChange>::new();
    let page = load(
        move || (slug.get(), suggest.version().get()),
        |(slug, _)| get_resource(slug),
    );
    view! {
        <Title text="Resources · Mentorship Hub" />
        <SavedNotice saved=done_flag(ResourceDone::Saved) message=ResourceDone::Saved.label() />
        <SavedNotice saved=done_flag(ResourceDone::Suggested) message=ResourceDone::Suggested.label() />
        <Loaded resource=page let:page>
            <ResourceArticle page suggest />
        </Loaded>
    }
}

#[component]
fn ResourceArticle(
    page: ResourcePage,
    suggest: ServerAction<SuggestResourceChange>,
) -> impl IntoView {
    let error = action_error(suggest);
    let slug = page.slug.clone();
    view! {
        <Title text=format!("{} · Mentorship Hub", page.title) />
        <p class="breadcrumbs"><a href="/resources">"Resources"</a></p>
        <article class="card prose">
            <h1>{page.title.clone()}</h1>
            {audience_note(page.audience).map(|note| view! { <p class="muted">{note}</p> })}
            <div inner_html=page.html.clone()></div>
            <p class="muted">{format!("Updated on {}", page.updated_on)}</p>
        </article>
        {page.organizer.then(|| view! {
            <p class="row-actions">
                <a class="button" href=format!("/resources/{slug}/edit")>"Edit this page"</a>
                <a class="button button--secondary" href=format!("/resources/{slug}/history")>"History"</a>
            </p>
        })}
        {(!page.my_suggestions.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="my-suggestions-heading">
                <h2 id="my-suggestions-heading">"Your suggestions"</h2>
                <ul class="plain-list">
                    {page.my_suggestions.iter().map(|s| view! {
                        <li>
                            <strong>{s.status.clone()}</strong>
                            {format!(" · sent on {}: {}", s.written_on, s.note)}
                            {(!s.reply.is_empty()).then(|| view! { <p>{format!("The organizers answered: {}", s.reply)}</p> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(page.signed_in && !page.organizer).then(|| view! {
            <section class="card" aria-labelledby="suggest-heading">
                <h2 id="suggest-heading">"Suggest a change"</h2>
                <p>"These pages are written with participants. Change the text below as you would like it to read; the organizers will accept or decline your suggestion and tell you."</p>
                <ActionForm action=suggest attr:class="form" attr:novalidate="">
                    <FormAlert error />
                    <input type="hidden" name="slug" value=page.slug.clone() />
                    <TextArea label="The page as you suggest it" name="body" value=page.body.clone() rows=12 hint=MARKDOWN_HINT error />
                    <TextArea label="What you changed and why" name="note" rows=2 error />
                    <button type="submit" class="button">"Send suggestion"</button>
                </ActionForm>
            </section>
        })}
    }
}

/// The page's actions for an organizer; the editor reloads when any completes.
#[derive(Clone, Copy)]
struct EditActions {
    save: ServerAction<SaveResource>,
    discard: ServerAction<DiscardResourceDraft>,
    review: ServerAction<ReviewResourceSuggestion>,
}

#[component]
pub fn ResourceEditPage() -> impl IntoView {
    let slug = route_slug();
    let actions = EditActions {
        save: ServerAction::new(),
        discard: ServerAction::new(),
        review: ServerAction::new(),
    };
    let editor = load(
        move || {
            (
                slug.get(),
                actions.save.version().get(),
                actions.discard.version().get(),
                actions.review.version().get(),
            )
        },
        |(slug, ..)| get_resource_editor(slug),
    );
    view! {
        <Title text="Edit a page · Mentorship Hub" />
        <SavedNotice saved=done_flag(ResourceDone::Discarded) message=ResourceDone::Discarded.label() />
        <SavedNotice saved=done_flag(ResourceDone::Reviewed) message=ResourceDone::Reviewed.label() />
        <Loaded resource=editor let:editor>
            <EditorView editor actions />
        </Loaded>
    }
}

#[component]
fn EditorView(editor: ResourceEditor, actions: EditActions) -> impl IntoView {
    let error = action_error(actions.save);
    let slug = StoredValue::new(editor.slug.clone());
    let slug = move || slug.get_value();
    view! {
        <p class="breadcrumbs">
            <a href="/resources">"Resources"</a> " › "
            <a href=format!("/resources/{}", slug())>{editor.title.clone()}</a>
        </p>
        <h1>{format!("Edit: {}", editor.title)}</h1>
        <p><a href=format!("/resources/{}/history", slug())>"History of this page"</a></p>
        {editor.preview.clone().map(|(html, kept)| view! {
            <section class="card preview" id="preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">"Preview"</h2>
                <p class="muted">{format!("Your draft, kept {kept}: no one else sees it until you save.")}</p>
                <div class="prose" inner_html=html></div>
            </section>
        })}
        <section class="card" aria-labelledby="edit-heading">
            <h2 id="edit-heading">"The page"</h2>
            <ActionForm action=actions.save attr:class="form" attr:novalidate="">
                <FormAlert error />
                <input type="hidden" name="slug" value=slug() />
                <input type="hidden" name="version" value=editor.version />
                <Field label="Title" name="title" value=editor.title.clone() error required=true />
                <Select label="For" name="audience" options=options_of(Audience::ALL, Audience::code, Audience::label) value=editor.audience.code().to_owned() error />
                <Select label="Shown on pair pages" name="moment" options=options_of(Moment::ALL, Moment::code, Moment::label) value=editor.moment.code().to_owned() error />
                <TextArea label="Text" name="body" value=editor.body.clone() rows=16 hint=MARKDOWN_HINT error />
                <Field label="What changed (for the history)" name="note" value=editor.note.clone() error />
                <div class="row-actions">
                    <button type="submit" class="button button--secondary" name="intent" value=SaveIntent::Preview.code()>{SaveIntent::Preview.label()}</button>
                    <button type="submit" class="button" name="intent" value=SaveIntent::Save.code()>{SaveIntent::Save.label()}</button>
                </div>
            </ActionForm>
            {editor.preview.is_some().then(|| view! {
                <ActionForm action=actions.discard>
                    <input type="hidden" name="slug" value=slug() />
                    <button type="submit" class="link-button">"Discard your draft"</button>
                </ActionForm>
            })}
        </section>
        <section class="card" id="suggestions" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">"Suggestions from participants"</h2>
            {if editor.suggestions.is_empty() {
                view! { <p>"No suggestions waiting."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {editor.suggestions.into_iter().map(|s| view! { <SuggestionItem s review=actions.review /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SuggestionItem(
    s: SuggestionReview,
    review: ServerAction<ReviewResourceSuggestion>,
) -> impl IntoView {
    let error = action_error(review);
    let label = StoredValue::new(format!("Suggestion from {} on {}", s.author, s.written_on));
    let label = move || label.get_value();
    let reply_id = StoredValue::new(format!("suggestion-{}-reply", s.id));
    let reply_id = move || reply_id.get_value();
    view! {
        <li aria-label=label()>
            <h3>{label()}</h3>
            <p>{format!("“{}”", s.note)}</p>
            {s.stale.then(|| view! { <p class="alert alert--warning">"The page was saved again after this was written: accepting it replaces those changes (they stay in the history)."</p> })}
            <details>
                <summary>"The page as suggested"</summary>
                <div class="prose" inner_html=s.html></div>
            </details>
            <ActionForm action=review attr:class="form form--compact">
                <FormAlert error />
                <input type="hidden" name="suggestion_id" value=s.id />
                <label for=reply_id()>"Reply to " {s.author.clone()} " (optional)"</label>
                <textarea id=reply_id() name="reply" rows="2" maxlength="1000"></textarea>
                <div class="row-actions">
                    <button type="submit" class="button" name="decision" value="accept">"Accept" <span class="visually-hidden">{label()}</span></button>
                    <button type="submit" class="button button--secondary" name="decision" value="decline">"Decline" <span class="visually-hidden">{label()}</span></button>
                </div>
            </ActionForm>
        </li>
    }
}

#[component]
pub fn ResourceHistoryPage() -> impl IntoView {
    let slug = route_slug();
    let restore = ServerAction::<RestoreResourceRevision>::new();
    let history = load(
        move || (slug.get(), restore.version().get()),
        |(slug, _)| get_resource_history(slug),
    );
    view! {
        <Title text="History · Mentorship Hub" />
        <SavedNotice saved=done_flag(ResourceDone::Restored) message=ResourceDone::Restored.label() />
        <Loaded resource=history let:history>
            <HistoryView history restore />
        </Loaded>
    }
}

#[component]
fn HistoryView(
    history: ResourceHistory,
    restore: ServerAction<RestoreResourceRevision>,
) -> impl IntoView {
    let error = action_error(restore);
    let slug = StoredValue::new(history.slug.clone());
    let slug = move || slug.get_value();
    view! {
        <p class="breadcrumbs">
            <a href="/resources">"Resources"</a> " › "
            <a href=format!("/resources/{}", slug())>{history.title.clone()}</a>
        </p>
        <h1>{format!("History: {}", history.title)}</h1>
        <FormAlert error />
        <ol class="plain-list" reversed>
            {history.revisions.into_iter().map(|r| {
                let label = format!("Version {}", r.version);
                let restore_label = format!("Restore version {}", r.version);
                let heading = format!("{label}{}", if r.current { " (current)" } else { "" });
                view! {
                    <li class="card" aria-label=label>
                        <h2>{heading}</h2>
                        <p class="muted">{format!("{} on {}{}", r.editor, r.saved_on, if r.note.is_empty() { String::new() } else { format!(": {}", r.note) })}</p>
                        <details>
                            <summary>{format!("Text of version {}", r.version)}</summary>
                            <h3>{r.title.clone()}</h3>
                            <div class="prose" inner_html=r.html></div>
                        </details>
                        {(!r.current).then(|| view! {
                            <ActionForm action=restore>
                                <input type="hidden" name="slug" value=slug() />
                                <input type="hidden" name="version" value=r.version />
                                <button type="submit" class="button button--small">{restore_label}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The resource pages a pair page shows its member now (tips at the start, advice near the end).
#[component]
pub fn GuideCards(guides: Vec<Guide>) -> impl IntoView {
    guides
        .into_iter()
        .map(|guide| {
            let heading_id = format!("guide-{}", guide.slug);
            let labelled_by = heading_id.clone();
            view! {
                <section class="card prose" aria-labelledby=labelled_by>
                    <h2 id=heading_id>{guide.title.clone()}</h2>
                    <div inner_html=guide.html></div>
                    <p><a href=format!("/resources/{}", guide.slug)>{format!("“{}” in the resources", guide.title)}</a></p>
                </section>
            }
        })
        .collect_view()
}
