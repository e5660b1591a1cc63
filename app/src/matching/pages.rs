//! The matching page: weights and musts with what-if in the browser, the draft explained pair by
//! pair, editing by pins and blocks, publishing; and each participant's "your match" card.

use super::api::MatchingDone;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::api::{
    AssignPair, EditDraft, EndPair, MatchingWorkspace, MyMatch, PairView, PublishDraft,
    SaveMatchingSettings, get_matching_workspace,
};
use crate::components::form::{FormAlert, OneButtonForm, action_error};
use crate::components::notice::{Loaded, load};
use crate::components::routing::done_message;
use crate::components::table::StackedTable;
use crate::domain::matching::workspace::{
    DraftState, MAX_WEIGHT, Method, compare_methods, preview_pin, run, suggestions,
};
use crate::domain::matching::{Criterion, Draft, PersonId, SuggestedPair};
use crate::error::AppError;
use crate::profiles::pages::ProfileCard;

/// The page's actions; every one of them reloads the workspace when it completes.
#[derive(Clone, Copy)]
struct Actions {
    settings: ServerAction<SaveMatchingSettings>,
    edit: ServerAction<EditDraft>,
    publish: ServerAction<PublishDraft>,
    assign: ServerAction<AssignPair>,
    end: ServerAction<EndPair>,
}

impl Actions {
    fn error(&self) -> Signal<Option<AppError>> {
        let errors = [
            action_error(self.settings),
            action_error(self.edit),
            action_error(self.publish),
            action_error(self.assign),
            action_error(self.end),
        ];
        Signal::derive(move || errors.iter().find_map(|error| error.get()))
    }
}

#[component]
pub fn MatchingPage() -> impl IntoView {
    let actions = Actions {
        settings: ServerAction::new(),
        edit: ServerAction::new(),
        publish: ServerAction::new(),
        assign: ServerAction::new(),
        end: ServerAction::new(),
    };
    let workspace = load(
        move || {
            (
                actions.settings.version().get(),
                actions.edit.version().get(),
                actions.publish.version().get(),
                actions.assign.version().get(),
                actions.end.version().get(),
            )
        },
        |_| get_matching_workspace(),
    );
    view! {
        <Title text="Matching · Mentorship Hub" />
        <Loaded resource=workspace let:workspace>
            <MatchingView workspace actions />
        </Loaded>
    }
}

#[component]
fn MatchingView(workspace: MatchingWorkspace, actions: Actions) -> impl IntoView {
    let error = actions.error();
    let state = RwSignal::new(workspace.state.clone());
    let data = StoredValue::new(workspace.clone());
    // The same engine runs here: on the server for the first render, then in the browser on every
    // change of a weight, a must or the method.
    let draft = Memo::new(move |_| {
        data.with_value(|ws| run(&ws.participants, &ws.standing_exclusions, &state.get()))
    });
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let notices = done_message::<MatchingDone>();
    let year_label = workspace.year.label.clone();
    view! {
        <div class="stack">
            <h1>{format!("Matching {year_label}")}</h1>
            <p>
                {format!("Phase: {}. ", workspace.year.phase.label())}
                "Choose how much each criterion counts and which are musts; the draft below follows at once with JavaScript, or when you save without it. Pin or block pairs to adjust it, then publish."
            </p>
            {notices}
            <FormAlert error />
            // Each card's view type is erased: the page is otherwise deeper than the compiler's
            // limit in release builds, which keep full view types.
            {view! { <SettingsCard state draft hydrated version=workspace.version action=actions.settings /> }.into_any()}
            {view! { <DraftCard data state draft version=workspace.version actions /> }.into_any()}
            {view! { <AssignCard data assign=actions.assign /> }.into_any()}
            {view! { <PublishedPairs pairs=workspace.pairs.clone() end=actions.end /> }.into_any()}
        </div>
    }
}

#[component]
fn SettingsCard(
    state: RwSignal<DraftState>,
    draft: Memo<Draft>,
    hydrated: RwSignal<bool>,
    version: i32,
    action: ServerAction<SaveMatchingSettings>,
) -> impl IntoView {
    let initial = state.get_untracked();
    // Only the browser's own computation is vouched for; without JavaScript the server computes.
    let fingerprint = move || {
        if hydrated.get() {
            draft.with(|d| d.fingerprint().to_string())
        } else {
            String::new()
        }
    };
    let methods = Method::ALL.map(|method| (method, method.describe()));
    view! {
        <section class="card" aria-labelledby="settings-heading">
            <h2 id="settings-heading">"Weights and musts"</h2>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="version" value=version />
                <input type="hidden" name="fingerprint" prop:value=fingerprint />
                <fieldset class="field choices">
                    <legend>"Method"</legend>
                    <div class="choices__options">
                        {methods
                            .into_iter()
                            .map(|(method, label)| {
                                let id = format!("method-{}", method.code());
                                view! {
                                    <label class="choice" for=id.clone()>
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name="method"
                                            value=method.code()
                                            checked=initial.method == method
                                            on:change=move |_| state.update(|s| s.method = method)
                                        />
                                        <span>{label}</span>
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <div class="table-wrap">
                    <table class="weights">
                        <caption class="visually-hidden">"Criteria"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Criterion"</th>
                                <th scope="col">{format!("Weight (0–{MAX_WEIGHT})")}</th>
                                <th scope="col">"Must"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {Criterion::ALL
                                .into_iter()
                                .enumerate()
                                .map(|(index, criterion)| {
                                    let weight_id = format!("weight-{}", criterion.code());
                                    let must_id = format!("must-{}", criterion.code());
                                    view! {
                                        <tr>
                                            <th scope="row">
                                                <label for=weight_id.clone()>
                                                    {criterion.label()}
                                                </label>
                                            </th>
                                            <td>
                                                <input
                                                    id=weight_id
                                                    type="number"
                                                    min="0"
                                                    max=MAX_WEIGHT
                                                    name=format!("weights[{index}]")
                                                    value=initial.settings.weight(criterion)
                                                    on:input=move |ev| {
                                                        if let Ok(weight) = event_target_value(&ev).parse::<u32>() {
                                                            state.update(|s| s.set_weight(criterion, weight));
                                                        }
                                                    }
                                                />
                                            </td>
                                            <td>
                                                <input
                                                    id=must_id.clone()
                                                    type="checkbox"
                                                    name="musts[]"
                                                    value=criterion.code()
                                                    checked=initial.settings.is_must(criterion)
                                                    on:change=move |ev| {
                                                        let must = event_target_checked(&ev);
                                                        state.update(|s| s.set_must(criterion, must));
                                                    }
                                                />
                                                <label for=must_id class="visually-hidden">
                                                    {format!("{} is a must", criterion.label())}
                                                </label>
                                            </td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
                <button type="submit" class="button">"Save settings"</button>
            </ActionForm>
        </section>
    }
}

/// A score in points as the page shows it.
fn percent(points: u32) -> String {
    format!("{}%", points / 100)
}

/// The draft's method beside the others on the same choices: what the fairest draft costs in
/// total and gains at the bottom, in one sentence and a table.
#[component]
fn MethodComparison(
    data: StoredValue<MatchingWorkspace>,
    state: RwSignal<DraftState>,
    draft: Memo<Draft>,
) -> impl IntoView {
    let outcomes = Memo::new(move |_| {
        state.with(|state| {
            draft.with(|d| {
                data.with_value(|ws| {
                    compare_methods(&ws.participants, &ws.standing_exclusions, state, d)
                })
            })
        })
    });
    let sentence = move || {
        outcomes.with(|all| {
            let lowest = |method| {
                all.iter()
                    .find(|o| o.method == method)
                    .and_then(|o| o.lowest_points)
            };
            let (Some(fairest), Some(highest)) = (lowest(Method::Fairest), lowest(Method::Optimal))
            else {
                return String::new();
            };
            if fairest == highest {
                format!(
                    "The lowest score is {} with either Fairest or Highest total: the highest total leaves nobody worse off.",
                    percent(fairest)
                )
            } else {
                format!(
                    "The lowest score with Fairest is {}; with Highest total it would be {}.",
                    percent(fairest),
                    percent(highest)
                )
            }
        })
    };
    view! {
        <p>{sentence}</p>
        <StackedTable
            caption="The methods side by side"
            columns=vec!["Method", "Matched", "Lowest score", "Mean score"]
        >
            {move || {
                outcomes
                    .get()
                    .into_iter()
                    .map(|outcome| {
                        view! {
                            <tr>
                                <th scope="row">{outcome.method.name()}</th>
                                <td data-label="Matched">{outcome.matched}</td>
                                <td data-label="Lowest score">
                                    {outcome.lowest_points.map(percent).unwrap_or_else(|| "–".into())}
                                </td>
                                <td data-label="Mean score">{outcome.mean_percent()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            }}
        </StackedTable>
    }
}

#[component]
fn DraftCard(
    data: StoredValue<MatchingWorkspace>,
    state: RwSignal<DraftState>,
    draft: Memo<Draft>,
    version: i32,
    actions: Actions,
) -> impl IntoView {
    let name = move |id: PersonId| data.with_value(|ws| ws.name(id));
    let enrolling = data.with_value(|ws| ws.year.phase == crate::domain::choices::Phase::Enrolling);
    let summary = move || {
        draft.with(|d| {
            let s = &d.summary;
            let mean = s.mean_points.map(|p| format!("{:.0}%", p / 100.0)).unwrap_or_else(|| "–".into());
            let min = s.min_points.map(|p| format!("{}%", p / 100)).unwrap_or_else(|| "–".into());
            format!(
                "{} of {} mentees matched · mean score {mean} · lowest {min} · {} of {} mentor places used",
                s.matched, s.mentees, s.capacity_used, s.capacity
            )
        })
    };
    view! {
        <section class="card" aria-labelledby="draft-heading">
            <h2 id="draft-heading">"Draft"</h2>
            <p role="status" class="draft-summary">{summary}</p>
            <MethodComparison data state draft />
            {move || {
                draft.with(|d| {
                    (!d.warnings.is_empty())
                        .then(|| {
                            view! {
                                <ul class="warnings">
                                    {d.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                                </ul>
                            }
                        })
                })
            }}
            <DraftPairs data draft version edit=actions.edit />
            <h3>"Unmatched mentees"</h3>
            {move || {
                let unmatched = draft.with(|d| d.unmatched.clone());
                if unmatched.is_empty() {
                    view! { <p>"Every mentee has a mentor in this draft."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {unmatched
                                .into_iter()
                                .map(|u| view! { <li><strong>{name(u.mentee)}</strong>": " {u.reason.describe(name)}</li> })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <h3>"Mentors' places"</h3>
            {move || {
                let loads = draft.with(|d| d.mentors.clone());
                view! {
                    <StackedTable caption="Mentors' places" columns=vec!["Mentor", "Places", "In this draft"]>
                        {loads
                            .into_iter()
                            .map(|load| view! {
                                <tr>
                                    <th scope="row">{name(load.mentor)}</th>
                                    <td data-label="Places">{load.capacity}</td>
                                    <td data-label="In this draft">{load.assigned}</td>
                                </tr>
                            })
                            .collect_view()}
                    </StackedTable>
                }
            }}
            <PinForm data draft version edit=actions.edit />
            <BlockedPairs data version edit=actions.edit />
            {if enrolling {
                view! {
                    <p class="alert">
                        "Enrollment is still open: move the year to the matching phase (on the year's page) to publish this draft."
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <ActionForm action=actions.publish attr:class="form">
                        <input type="hidden" name="version" value=version />
                        <button type="submit" class="button">
                            {move || format!("Publish {} pairs", draft.with(|d| d.pairs.len()))}
                        </button>
                    </ActionForm>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The draft's pairs a page at a time, filtered by a name: a large year has thousands. The page
/// and the filter are in the address, so they work without JavaScript and survive a reload.
#[component]
fn DraftPairs(
    data: StoredValue<MatchingWorkspace>,
    draft: Memo<Draft>,
    version: i32,
    edit: ServerAction<EditDraft>,
) -> impl IntoView {
    const PAGE_SIZE: usize = 50;
    let name = move |id: PersonId| data.with_value(|ws| ws.name(id));
    let query = use_query_map();
    let find = move || query.read().get("find").unwrap_or_default();
    let requested_page = move || {
        query
            .read()
            .get("page")
            .and_then(|page| page.parse::<usize>().ok())
            .unwrap_or(1)
    };
    // The pairs whose mentee or mentor matches the filter, and the page of them to show.
    let selection = Memo::new(move |_| {
        let needle = find().trim().to_lowercase();
        let found: Vec<SuggestedPair> = draft.with(|d| {
            d.pairs
                .iter()
                .filter(|pair| {
                    needle.is_empty()
                        || [pair.mentee, pair.mentor]
                            .into_iter()
                            .any(|id| name(id).to_lowercase().contains(&needle))
                })
                .cloned()
                .collect()
        });
        let pages = found.len().div_ceil(PAGE_SIZE).max(1);
        let page = requested_page().clamp(1, pages);
        let total = found.len();
        let shown: Vec<SuggestedPair> = found
            .into_iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .collect();
        (shown, page, pages, total)
    });
    let status = move || {
        selection.with(|(shown, page, pages, total)| {
            if *total == 0 {
                "No pairs match.".to_owned()
            } else {
                let first = (page - 1) * PAGE_SIZE + 1;
                format!(
                    "Pairs {first}–{} of {total} (page {page} of {pages}).",
                    first + shown.len() - 1
                )
            }
        })
    };
    view! {
        <Form method="get" action="/program/matching" attr:class="form filters" attr:role="search" attr:aria-label="Find pairs">
            <div class="field">
                <label for="draft-find">"Find a mentee or mentor"</label>
                <input id="draft-find" type="search" name="find" prop:value=find />
            </div>
            <button type="submit" class="button button--secondary">"Find"</button>
        </Form>
        <p>{status}</p>
        {move || {
            let rows = selection.with(|(shown, ..)| shown.clone());
            view! {
                <StackedTable caption="Suggested pairs" columns=vec!["Mentee", "Mentor", "Score", "Why", "Actions"]>
                    {rows
                        .into_iter()
                        .map(|pair| view! { <PairRow pair name version edit /> })
                        .collect_view()}
                </StackedTable>
            }
        }}
        {move || {
            let (page, pages) = selection.with(|(_, page, pages, _)| (*page, *pages));
            (pages > 1)
                .then(|| {
                    view! {
                        <Form method="get" action="/program/matching" attr:class="pager" attr:aria-label="Pages of pairs">
                            <input type="hidden" name="find" prop:value=find />
                            {(page > 1).then(|| view! { <button type="submit" class="button button--secondary" name="page" value=page - 1>"Previous page"</button> })}
                            {(page < pages).then(|| view! { <button type="submit" class="button button--secondary" name="page" value=page + 1>"Next page"</button> })}
                        </Form>
                    }
                })
        }}
    }
}

/// The fields of a one-button form that changes the saved draft (`mentor` 0: none).
fn draft_edit(
    version: i32,
    action: &'static str,
    mentee: PersonId,
    mentor: PersonId,
) -> Vec<(&'static str, String)> {
    vec![
        ("version", version.to_string()),
        ("action", action.to_owned()),
        ("mentee", mentee.to_string()),
        ("mentor", mentor.to_string()),
    ]
}

#[component]
fn PairRow(
    pair: SuggestedPair,
    name: impl Fn(PersonId) -> String + Copy + Send + Sync + 'static,
    version: i32,
    edit: ServerAction<EditDraft>,
) -> impl IntoView {
    let whom = format!(" {} and {}", name(pair.mentee), name(pair.mentor));
    let score = format!("{:.0}%", pair.score.percent());
    view! {
        <tr>
            <th scope="row">{name(pair.mentee)} {pair.pinned.then_some(" (pinned)")}</th>
            <td data-label="Mentor">{name(pair.mentor)}</td>
            <td data-label="Score">{score}</td>
            <td data-label="Why">
                <details>
                    <summary>"Criteria"</summary>
                    <ul class="criteria">
                        {pair
                            .score
                            .criteria
                            .iter()
                            .map(|c| {
                                view! {
                                    <li>
                                        <strong>{c.criterion.label()}</strong>
                                        {format!(" {} pts (weight {}): {}", c.points / 100, c.weight, c.explanation)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </details>
            </td>
            <td class="actions">
                {if pair.pinned {
                    view! { <OneButtonForm action=edit fields=draft_edit(version, "unpin", pair.mentee, 0) label="Unpin" whom=whom.clone() /> }.into_any()
                } else {
                    view! { <OneButtonForm action=edit fields=draft_edit(version, "pin", pair.mentee, pair.mentor) label="Pin" whom=whom.clone() /> }.into_any()
                }}
                <OneButtonForm action=edit fields=draft_edit(version, "block", pair.mentee, pair.mentor) label="Block" whom />
            </td>
        </tr>
    }
}

/// Puts a mentee with the mentor of the organizer's choice; with JavaScript it first shows the
/// pair's score and what would be wrong with it.
#[component]
fn PinForm(
    data: StoredValue<MatchingWorkspace>,
    draft: Memo<Draft>,
    version: i32,
    edit: ServerAction<EditDraft>,
) -> impl IntoView {
    let (mentees, mentors) = data.with_value(|ws| {
        (
            ws.participants
                .mentees
                .iter()
                .map(|m| (m.id, m.name.clone()))
                .collect::<Vec<_>>(),
            ws.participants
                .mentors
                .iter()
                .map(|m| (m.id, m.name.clone()))
                .collect::<Vec<_>>(),
        )
    });
    let mentee = RwSignal::new(None::<PersonId>);
    let mentor = RwSignal::new(None::<PersonId>);
    let preview = move || {
        let (Some(mentee), Some(mentor)) = (mentee.get(), mentor.get()) else {
            return None;
        };
        data.with_value(|ws| {
            draft.with(|d| {
                preview_pin(&ws.participants, &ws.state, d, mentee, mentor)
                    .map(|preview| preview.describe(&ws.name(mentor)))
            })
        })
    };
    let parse = |ev: &leptos::ev::Event| event_target_value(ev).parse::<PersonId>().ok();
    view! {
        <h3>"Place a mentee by hand"</h3>
        <ActionForm action=edit attr:class="form filters">
            <input type="hidden" name="version" value=version />
            <input type="hidden" name="action" value="pin" />
            <div class="field">
                <label for="pin-mentee">"Mentee"</label>
                <select id="pin-mentee" name="mentee" on:change=move |ev| mentee.set(parse(&ev))>
                    <option value="">"Choose…"</option>
                    {mentees.into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="pin-mentor">"Mentor"</label>
                <select id="pin-mentor" name="mentor" on:change=move |ev| mentor.set(parse(&ev))>
                    <option value="">"Choose…"</option>
                    {mentors.into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">"Pin this pair"</button>
        </ActionForm>
        <p aria-live="polite">{preview}</p>
    }
}

#[component]
fn BlockedPairs(
    data: StoredValue<MatchingWorkspace>,
    version: i32,
    edit: ServerAction<EditDraft>,
) -> impl IntoView {
    let blocks = data.with_value(|ws| {
        ws.state
            .blocks
            .iter()
            .map(|(mentee, mentor)| (*mentee, *mentor, ws.name(*mentee), ws.name(*mentor)))
            .collect::<Vec<_>>()
    });
    (!blocks.is_empty()).then(|| {
        view! {
            <h3>"Blocked pairs"</h3>
            <ul class="plain-list">
                {blocks
                    .into_iter()
                    .map(|(mentee, mentor, a, b)| {
                        let whom = format!(" {a} and {b}");
                        view! {
                            <li class="row-form">
                                <span>{format!("{a} and {b}")}</span>
                                <OneButtonForm action=edit fields=draft_edit(version, "unblock", mentee, mentor) label="Allow again" whom />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// A mentor suggested for a waiting mentee: id, name and the pair's score as shown.
type Suggestion = (PersonId, String, String);

/// Once pairs are published: each mentee still without a mentor (a late enrollee, or someone
/// whose pair ended) with the engine's best suggestions, each assigned in one click and told at
/// once; and any other pair by hand.
#[component]
fn AssignCard(
    data: StoredValue<MatchingWorkspace>,
    assign: ServerAction<AssignPair>,
) -> impl IntoView {
    const SUGGESTIONS: usize = 3;
    const MENTEES_SHOWN: usize = 50;
    let published = data.with_value(|ws| !ws.pairs.is_empty());
    let (waiting, mentors, hidden) = data.with_value(|ws| {
        let waiting: Vec<(PersonId, String, Vec<Suggestion>)> = ws
            .participants
            .mentees
            .iter()
            .take(MENTEES_SHOWN)
            .map(|mentee| {
                let options = suggestions(
                    &ws.participants,
                    &ws.standing_exclusions,
                    &ws.state,
                    mentee.id,
                    SUGGESTIONS,
                )
                .into_iter()
                .map(|s| (s.mentor, ws.name(s.mentor), format!("{:.0}%", s.percent())))
                .collect();
                (mentee.id, mentee.name.clone(), options)
            })
            .collect();
        let mentors: Vec<(PersonId, String)> = ws
            .participants
            .mentors
            .iter()
            .map(|m| (m.id, m.name.clone()))
            .collect();
        let hidden = ws.participants.mentees.len().saturating_sub(MENTEES_SHOWN);
        (waiting, mentors, hidden)
    });
    published.then(|| {
        view! {
            <section class="card" aria-labelledby="assign-heading">
                <h2 id="assign-heading">"Assign by hand"</h2>
                <p>"Mentees without a mentor now, with the mentors who suit them best and have a free place. Assigning tells both at once."</p>
                {if waiting.is_empty() {
                    view! { <p>"Every approved mentee has a mentor."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {waiting
                                .into_iter()
                                .map(|(mentee, mentee_name, options)| {
                                    view! {
                                        <li>
                                            <strong>{mentee_name.clone()}</strong>
                                            {if options.is_empty() {
                                                view! { ": no mentor with a free place suits them under the current musts." }.into_any()
                                            } else {
                                                view! {
                                                    <div class="row-form">
                                                        {options
                                                            .into_iter()
                                                            .map(|(mentor, mentor_name, score)| {
                                                                let whom = format!(" for {mentee_name}");
                                                                view! {
                                                                    <ActionForm action=assign>
                                                                        <input type="hidden" name="mentee" value=mentee />
                                                                        <input type="hidden" name="mentor" value=mentor />
                                                                        <button type="submit" class="button button--small button--secondary">
                                                                            {format!("Assign to {mentor_name} ({score})")}
                                                                            <span class="visually-hidden">{whom}</span>
                                                                        </button>
                                                                    </ActionForm>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </div>
                                                }.into_any()
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        {(hidden > 0).then(|| view! { <p>{format!("{hidden} more mentees are waiting; choose them below.")}</p> })}
                        <AssignForm data mentors assign />
                    }.into_any()
                }}
            </section>
        }
    })
}

/// Any waiting mentee with any mentor who has a free place.
#[component]
fn AssignForm(
    data: StoredValue<MatchingWorkspace>,
    mentors: Vec<(PersonId, String)>,
    assign: ServerAction<AssignPair>,
) -> impl IntoView {
    view! {
                <ActionForm action=assign attr:class="form filters">
                    <div class="field">
                        <label for="assign-mentee">"Mentee"<span class="visually-hidden">" to assign"</span></label>
                        <select id="assign-mentee" name="mentee">
                            {data.with_value(|ws| ws.participants.mentees.iter().map(|m| view! { <option value=m.id>{m.name.clone()}</option> }).collect_view())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="assign-mentor">"Mentor"<span class="visually-hidden">" to assign"</span></label>
                        <select id="assign-mentor" name="mentor">
                            {mentors.into_iter().map(|(id, n)| view! { <option value=id>{n}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button">"Assign this pair"</button>
                </ActionForm>
    }
}

#[component]
fn PublishedPairs(pairs: Vec<PairView>, end: ServerAction<EndPair>) -> impl IntoView {
    (!pairs.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="pairs-heading">
                <h2 id="pairs-heading">"Published pairs"</h2>
                <StackedTable caption="Published pairs" columns=vec!["Mentee", "Mentor", "Since", "State"]>
                    {pairs
                        .into_iter()
                        .map(|pair| {
                            let reason_id = format!("end-reason-{}", pair.id);
                            let whom = format!(" {} and {}", pair.mentee_name, pair.mentor_name);
                            view! {
                                <tr>
                                    <th scope="row">{pair.mentee_name.clone()}</th>
                                    <td data-label="Mentor">{pair.mentor_name.clone()}</td>
                                    <td data-label="Since">{pair.started_on.to_string()}</td>
                                    <td data-label="State">
                                        {match pair.ended_on {
                                            Some(ended) => format!("Ended {ended}: {}", pair.end_reason).into_any(),
                                            None => view! {
                                                <ActionForm action=end attr:class="form form--compact">
                                                    <input type="hidden" name="pair_id" value=pair.id />
                                                    <label for=reason_id.clone()>"Reason" <span class="visually-hidden">{whom.clone()}</span></label>
                                                    <input id=reason_id name="reason" />
                                                    <button type="submit" class="button button--small button--secondary">
                                                        "End pair" <span class="visually-hidden">{whom}</span>
                                                    </button>
                                                </ActionForm>
                                            }.into_any(),
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </StackedTable>
            </section>
        }
    })
}

/// A participant's match on their home page: the partner's profile and contact details.
#[component]
pub fn MatchCard(m: MyMatch) -> impl IntoView {
    let heading = format!(
        "Your {} for {}",
        match m.my_role {
            crate::domain::choices::Role::Mentee => "mentor",
            crate::domain::choices::Role::Mentor => "mentee",
        },
        m.year_label
    );
    view! {
        <section class="card match" aria-label=heading.clone()>
            <h2>{heading.clone()}</h2>
            <p>
                <a class="button" href=format!("/pairs/{}", m.pair_id)>"Open your pair page"</a>
            </p>
            <ProfileCard profile=m.partner />
        </section>
    }
}
