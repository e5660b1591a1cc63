//! The pair page: the partner, the pair's agreement, and the mentee's goals with their steps and
//! the comments on them. Every form is a plain form that works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use super::access::{PairDone, Viewer};
use super::api::{
    AddGoalStep, CommentOnGoal, Goal, MoveGoal, PairPage, SaveAgreement, SaveGoal, ToggleGoalStep,
    get_my_pairs, get_pair,
};
use super::calendar::{CalendarFeed, ResetCalendarFeed, StopCalendarFeed, get_calendar_feed};
use super::concerns::{
    ConcernsDone, HandleConcern, QueuedConcern, RaiseConcern, SubmitCheckin, get_concerns_queue,
};
use super::ideas::{
    AddPairIdea, AddToAgenda, Idea, IdeasDone, IdeasLibrary, ReviewIdeaSuggestion, SaveLibraryIdea,
    ToggleAgendaItem, get_ideas_library,
};
use super::meetings::{
    AcceptMeeting, Meeting, ProposeMeeting, RecordMeeting, RescheduleMeeting, SaveMeetingNotes,
};
use crate::components::form::{
    Checkbox, Field, FormAlert, OneButtonForm, Select, TextArea, action_error, options_of,
};
use crate::components::notice::{Loaded, load};
use crate::components::routing::{done_message, found, route_id};
use crate::domain::choices::{
    ConcernStatus, GoalStatus, IdeaCategory, MeetingMode, MeetingStatus, Role,
};
use crate::enrollment::orientation::{
    OrientationActions, OrientationCard, OrientationOffer, load_my_orientation,
};
use crate::error::AppError;
use crate::notify::notices::{Notice, NoticesCard, load_my_notices};
use crate::profiles::pages::ProfileCard;
use crate::resources::pages::GuideCards;

/// The signed-in person's pairs: a mentor with several mentees starts here.
#[component]
pub fn PairsPage() -> impl IntoView {
    let pairs = load(|| (), |_| get_my_pairs());
    let home_cards = HomeCards::load();
    view! {
        <Title text="Your pairs · Mentorship Hub" />
        <h1>"Your pairs"</h1>
        <Loaded resource=pairs let:pairs>
            {if pairs.is_empty() {
                view! { <p>"You have no pair yet. Once the organizers publish the matches, your pair appears here."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {pairs
                            .into_iter()
                            .map(|p| {
                                let partner = match p.my_role {
                                    Role::Mentee => "Your mentor",
                                    Role::Mentor => "Your mentee",
                                };
                                let name = format!("{partner} {} ({})", p.partner_name, p.year_label);
                                let label = name.clone();
                                view! {
                                    <li class="card" aria-label=label>
                                        <h2><a href=format!("/pairs/{}", p.pair_id)>{name}</a></h2>
                                        {p.this_quarter.map(|line| view! { <p>{line}</p> })}
                                        {p.nudge.map(|nudge| view! { <p class="alert alert--warning">{nudge}</p> })}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }.into_any()
            }}
        </Loaded>
        <HomeCardsView cards=home_cards />
    }
}

/// What a participant's home page offers besides their pairs (these pages are a matched
/// participant's home): notices and orientation, loaded at the top of the route.
#[derive(Clone, Copy)]
struct HomeCards {
    notices: Resource<Result<Vec<Notice>, AppError>>,
    orientation: Resource<Result<Option<OrientationOffer>, AppError>>,
    actions: OrientationActions,
}

impl HomeCards {
    fn load() -> Self {
        let actions = OrientationActions::new();
        Self {
            notices: load_my_notices(),
            orientation: load_my_orientation(actions),
            actions,
        }
    }
}

#[component]
fn HomeCardsView(cards: HomeCards) -> impl IntoView {
    view! {
        <div class="grid">
            <Loaded resource=cards.notices let:notices>
                <NoticesCard notices />
            </Loaded>
            <Loaded resource=cards.orientation let:offer>
                <OrientationCard offer actions=cards.actions />
            </Loaded>
        </div>
    }
}

/// The page's actions; each reloads the pair when it completes.
#[derive(Clone, Copy)]
struct Actions {
    agreement: ServerAction<SaveAgreement>,
    goal: ServerAction<SaveGoal>,
    moved: ServerAction<MoveGoal>,
    step: ServerAction<AddGoalStep>,
    toggle: ServerAction<ToggleGoalStep>,
    comment: ServerAction<CommentOnGoal>,
    propose: ServerAction<ProposeMeeting>,
    accept: ServerAction<AcceptMeeting>,
    reschedule: ServerAction<RescheduleMeeting>,
    record: ServerAction<RecordMeeting>,
    notes: ServerAction<SaveMeetingNotes>,
    agenda: ServerAction<AddToAgenda>,
    agenda_done: ServerAction<ToggleAgendaItem>,
    idea: ServerAction<AddPairIdea>,
    concern: ServerAction<RaiseConcern>,
    checkin: ServerAction<SubmitCheckin>,
}

impl Actions {
    fn new() -> Self {
        Self {
            agreement: ServerAction::new(),
            goal: ServerAction::new(),
            moved: ServerAction::new(),
            step: ServerAction::new(),
            toggle: ServerAction::new(),
            comment: ServerAction::new(),
            propose: ServerAction::new(),
            accept: ServerAction::new(),
            reschedule: ServerAction::new(),
            record: ServerAction::new(),
            notes: ServerAction::new(),
            agenda: ServerAction::new(),
            agenda_done: ServerAction::new(),
            idea: ServerAction::new(),
            concern: ServerAction::new(),
            checkin: ServerAction::new(),
        }
    }

    /// Changes whenever any action completes, so the pair is loaded again.
    fn completed(&self) -> usize {
        self.agreement.version().get()
            + self.goal.version().get()
            + self.moved.version().get()
            + self.step.version().get()
            + self.toggle.version().get()
            + self.comment.version().get()
            + self.propose.version().get()
            + self.accept.version().get()
            + self.reschedule.version().get()
            + self.record.version().get()
            + self.notes.version().get()
            + self.agenda.version().get()
            + self.agenda_done.version().get()
            + self.idea.version().get()
            + self.concern.version().get()
            + self.checkin.version().get()
    }
}

#[component]
pub fn PairPageView() -> impl IntoView {
    let id = route_id();
    let actions = Actions::new();
    let pair = load(
        move || (id.get(), actions.completed()),
        |(id, _)| found(id, get_pair),
    );
    let feed = FeedActions {
        reset: ServerAction::new(),
        stop: ServerAction::new(),
    };
    let feed_state = load(
        move || (feed.reset.version().get(), feed.stop.version().get()),
        |_| get_calendar_feed(),
    );
    let home_cards = HomeCards::load();
    view! {
        <Title text="Your pair · Mentorship Hub" />
        <Loaded resource=pair let:pair>
            <PairDetails pair actions feed feed_state />
        </Loaded>
        // This is a matched participant's home, so what their home page offered is here too.
        <HomeCardsView cards=home_cards />
    }
}

#[component]
fn PairDetails(
    pair: PairPage,
    actions: Actions,
    feed: FeedActions,
    feed_state: Resource<Result<CalendarFeed, AppError>>,
) -> impl IntoView {
    let heading = match pair.viewer {
        Viewer::Member(Role::Mentee) => format!("You and your mentor {}", pair.mentor_name),
        Viewer::Member(Role::Mentor) => format!("You and your mentee {}", pair.mentee_name),
        Viewer::Organizer => format!("{} and {}", pair.mentee_name, pair.mentor_name),
    };
    let editable = pair.editable_by_member();
    let notices = done_message::<PairDone>();
    let errors = [
        action_error(actions.moved),
        action_error(actions.step),
        action_error(actions.toggle),
        action_error(actions.comment),
    ];
    let goal_error = Signal::derive(move || errors.iter().find_map(|e| e.get()));
    let meeting_errors = [
        action_error(actions.accept),
        action_error(actions.reschedule),
        action_error(actions.record),
        action_error(actions.notes),
        action_error(actions.agenda),
        action_error(actions.agenda_done),
    ];
    let meeting_error = Signal::derive(move || meeting_errors.iter().find_map(|e| e.get()));
    view! {
        <div class="stack">
            <h1>{heading}</h1>
            <p>{format!("{} Mentorship Program. Pairs are asked to meet at least once a quarter; how often and what you do beyond that is up to the two of you.", pair.year_label)}</p>
            {pair.ended.clone().map(|ended| view! { <p class="alert">{ended}</p> })}
            {notices}
            {pair.partner.clone().map(|partner| view! {
                <section class="card" aria-labelledby="partner-heading">
                    <h2 id="partner-heading">{match pair.viewer { Viewer::Member(Role::Mentee) => "Your mentor", _ => "Your mentee" }}</h2>
                    <ProfileCard profile=partner />
                </section>
            }.into_any())}
            {view! { <GuideCards guides=pair.guides.clone() /> }.into_any()}
            {view! { <RhythmCard pair=pair.clone() /> }.into_any()}
            {view! { <MeetingsCard pair=pair.clone() editable actions error=meeting_error /> }.into_any()}
            {view! { <IdeasCard pair=pair.clone() editable action=actions.idea /> }.into_any()}
            {view! { <CheckinCard pair=pair.clone() editable action=actions.checkin /> }.into_any()}
            {matches!(pair.viewer, Viewer::Member(_)).then(|| view! { <CalendarFeedCard pair_id=pair.id feed feed_state /> }.into_any())}
            {view! { <ConcernCard pair=pair.clone() action=actions.concern /> }.into_any()}
            {view! { <AgreementCard pair=pair.clone() editable action=actions.agreement /> }.into_any()}
            {view! { <GoalsCard pair editable actions error=goal_error /> }.into_any()}
        </div>
    }
}

#[component]
fn AgreementCard(
    pair: PairPage,
    editable: bool,
    action: ServerAction<SaveAgreement>,
) -> impl IntoView {
    let error = action_error(action);
    let a = pair.agreement.clone();
    let recorded = a.updated_on.map_or_else(
        || {
            "Not recorded yet. Decide together how you will work, and write it down here."
                .to_owned()
        },
        |on| format!("Last changed on {on}."),
    );
    let shown = [
        ("How often you meet", a.meeting_plan.clone()),
        ("How you prefer to communicate", a.communication.clone()),
        ("What the mentee hopes for", a.mentee_hopes.clone()),
        ("What the mentor hopes for", a.mentor_hopes.clone()),
        ("Anything off-limits", a.off_limits.clone()),
    ];
    view! {
        <section class="card" aria-labelledby="agreement-heading">
            <h2 id="agreement-heading">"Your agreement"</h2>
            <p>{recorded}</p>
            <dl class="details">
                <dt>"Meetings planned each quarter"</dt>
                <dd>{a.meetings_per_quarter}</dd>
                {shown
                    .into_iter()
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                    .collect_view()}
            </dl>
            {editable.then(|| view! {
                <details open=a.updated_on.is_none()>
                    <summary>"Write or change your agreement"</summary>
                    <ActionForm action attr:class="form" attr:novalidate="">
                        <input type="hidden" name="pair_id" value=pair.id />
                        <FormAlert error />
                        <Field label="Meetings planned each quarter (1 to 12)" name="meetings_per_quarter" input_type="number" value=a.meetings_per_quarter.to_string() error />
                        <TextArea label="How often you meet" name="meeting_plan" value=a.meeting_plan.clone() rows=2 error hint="E.g. a video call early in each quarter, and coffee when the mentee visits." />
                        <TextArea label="How you prefer to communicate" name="communication" value=a.communication.clone() rows=2 error />
                        <TextArea label="What the mentee hopes for" name="mentee_hopes" value=a.mentee_hopes.clone() rows=3 error />
                        <TextArea label="What the mentor hopes for" name="mentor_hopes" value=a.mentor_hopes.clone() rows=3 error />
                        <TextArea label="Anything off-limits" name="off_limits" value=a.off_limits.clone() rows=2 error />
                        <button type="submit" class="button">"Save agreement"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn GoalsCard(
    pair: PairPage,
    editable: bool,
    actions: Actions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let mentee_edits = editable && pair.viewer == Viewer::Member(Role::Mentee);
    let counts = pair
        .goal_counts
        .iter()
        .map(|(status, count)| format!("{}: {count}", status.label()))
        .collect::<Vec<_>>()
        .join(" · ");
    let last = pair.goals.len().saturating_sub(1);
    let new_goal_error = action_error(actions.goal);
    let drag = GoalDrag::new(actions.moved);
    view! {
        <section class="card" aria-labelledby="goals-heading">
            <h2 id="goals-heading">"Goals"</h2>
            <p>
                {if pair.goal_counts.is_empty() { "No goals yet.".to_owned() } else { counts }}
                {(pair.viewer == Viewer::Organizer).then_some(" Organizers see a goal's text only when the mentee shares it.")}
            </p>
            <FormAlert error />
            {(mentee_edits && last > 0).then(|| view! {
                <p class="goals__hint" class:goals__hint--shown=move || drag.enabled.get()>
                    "Drag a goal to put it in another place, or use its Move buttons."
                </p>
            })}
            <ol class="goals">
                {pair
                    .goals
                    .into_iter()
                    .enumerate()
                    .map(|(index, goal)| {
                        let drag = mentee_edits.then_some((drag, index));
                        view! { <GoalItem pair_id=pair.id goal first=index == 0 last=index == last mentee_edits editable actions drag /> }
                    })
                    .collect_view()}
            </ol>
            {mentee_edits.then(|| view! {
                <details open=pair.goal_counts.is_empty()>
                    <summary>"Add a goal"</summary>
                    <ActionForm action=actions.goal attr:class="form" attr:novalidate="">
                        <input type="hidden" name="pair_id" value=pair.id />
                        <FormAlert error=new_goal_error />
                        <Field label="Goal" name="title" error=new_goal_error required=true />
                        <TextArea label="Why it matters to you" name="why" rows=2 error=new_goal_error />
                        <Field label="By when" name="target" error=new_goal_error hint="A quarter or a date, e.g. Winter quarter." />
                        <Select label="Where it stands" name="status" options=options_of(GoalStatus::ALL, GoalStatus::code, GoalStatus::label) value=GoalStatus::NotStarted.code().to_owned() error=new_goal_error />
                        <Checkbox label="Share this goal with the organizers" name="shareable" checked=false />
                        <button type="submit" class="button">"Add goal"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

/// Reordering goals by dragging them, once the page is hydrated (a mouse-only extra: the Move
/// buttons do the same with a keyboard, on a phone and without JavaScript).
#[derive(Clone, Copy)]
struct GoalDrag {
    moved: ServerAction<MoveGoal>,
    /// Set once the page runs in the browser (effects never run on the server).
    enabled: RwSignal<bool>,
    dragged: RwSignal<Option<i32>>,
    over: RwSignal<Option<i32>>,
}

impl GoalDrag {
    fn new(moved: ServerAction<MoveGoal>) -> Self {
        let enabled = RwSignal::new(false);
        Effect::new(move |_| enabled.set(true));
        Self {
            moved,
            enabled,
            dragged: RwSignal::new(None),
            over: RwSignal::new(None),
        }
    }

    fn start(self, goal: i32, event: &web_sys::DragEvent) {
        self.dragged.set(Some(goal));
        if let Some(data) = event.data_transfer() {
            data.set_effect_allowed("move");
            // Some browsers start a drag only when it carries data.
            let _ = data.set_data("text/plain", &goal.to_string());
        }
    }

    fn hover(self, goal: i32, event: &web_sys::DragEvent) {
        if self.dragged.get_untracked().is_some() {
            // Allows the drop here.
            event.prevent_default();
            if self.over.get_untracked() != Some(goal) {
                self.over.set(Some(goal));
            }
        }
    }

    /// The dragged goal takes the place of the one it is dropped on.
    fn drop_on(self, target: i32, index: usize, event: &web_sys::DragEvent) {
        event.prevent_default();
        if let Some(goal_id) = self
            .dragged
            .get_untracked()
            .filter(|dragged| *dragged != target)
        {
            self.moved.dispatch(MoveGoal {
                goal_id,
                direction: format!("to:{}", index + 1),
            });
        }
        self.end();
    }

    fn end(self) {
        self.dragged.set(None);
        self.over.set(None);
    }
}

#[component]
fn GoalItem(
    pair_id: i32,
    goal: Goal,
    first: bool,
    last: bool,
    mentee_edits: bool,
    editable: bool,
    actions: Actions,
    /// The list's drag state and this goal's place, when the mentee may reorder.
    drag: Option<(GoalDrag, usize)>,
) -> impl IntoView {
    let id = goal.id;
    let title = goal.title.clone();
    let status_id = format!("goal-{id}-status");
    let step_id = format!("goal-{id}-step");
    let comment_id = format!("goal-{id}-comment");
    // Said after each control's label for screen readers: which goal.
    let whom = StoredValue::new(format!(" ({title})"));
    let w = move || whom.get_value();
    view! {
        <li
            class="goal"
            aria-label=title.clone()
            draggable=move || drag.is_some_and(|(d, _)| d.enabled.get()).then_some("true")
            class:goal--dragged=move || drag.is_some_and(|(d, _)| d.dragged.get() == Some(id))
            class:goal--drop-target=move || drag.is_some_and(|(d, _)| d.over.get() == Some(id) && d.dragged.get() != Some(id))
            on:dragstart=move |event| if let Some((d, _)) = drag { d.start(id, &event) }
            on:dragover=move |event| if let Some((d, _)) = drag { d.hover(id, &event) }
            on:drop=move |event| if let Some((d, index)) = drag { d.drop_on(id, index, &event) }
            on:dragend=move |_| if let Some((d, _)) = drag { d.end() }
        >
            <h3>{title.clone()}</h3>
            <p class="goal__meta">
                <strong>{goal.status.label()}</strong>
                {(!goal.target.is_empty()).then(|| format!(" · by {}", goal.target))}
                {goal.shareable.then_some(" · shared with the organizers")}
            </p>
            {(!goal.why.is_empty()).then(|| view! { <p>{goal.why.clone()}</p> })}
            {mentee_edits.then(|| {
                view! {
                    <div class="row-form">
                        <ActionForm action=actions.goal attr:class="form form--compact">
                            <input type="hidden" name="pair_id" value=pair_id />
                            <input type="hidden" name="goal_id" value=id />
                            <input type="hidden" name="title" value=goal.title.clone() />
                            <input type="hidden" name="why" value=goal.why.clone() />
                            <input type="hidden" name="target" value=goal.target.clone() />
                            {goal.shareable.then(|| view! { <input type="hidden" name="shareable" value="on" /> })}
                            <label for=status_id.clone()>"Where it stands" <span class="visually-hidden">{w()}</span></label>
                            <select id=status_id name="status">
                                {GoalStatus::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == goal.status>{s.label()}</option> }).collect_view()}
                            </select>
                            <button type="submit" class="button button--small button--secondary">"Update" <span class="visually-hidden">{w()}</span></button>
                        </ActionForm>
                        {(!first).then(|| view! { <OneButtonForm action=actions.moved fields=vec![("goal_id", id.to_string()), ("direction", "up".into())] label="Move up" whom=w() /> })}
                        {(!last).then(|| view! { <OneButtonForm action=actions.moved fields=vec![("goal_id", id.to_string()), ("direction", "down".into())] label="Move down" whom=w() /> })}
                    </div>
                }
            })}
            {(!goal.steps.is_empty() || mentee_edits).then(|| view! { <h4>"Steps"</h4> })}
            <ul class="plain-list">
                {goal
                    .steps
                    .into_iter()
                    .map(|step| {
                        view! {
                            <CheckLine done=step.done text=step.text.clone()>
                                {editable.then(|| view! {
                                    <ActionForm action=actions.toggle>
                                        <input type="hidden" name="step_id" value=step.id />
                                        <TickButton done=step.done text=step.text.clone() />
                                    </ActionForm>
                                })}
                            </CheckLine>
                        }
                    })
                    .collect_view()}
            </ul>
            {mentee_edits.then(|| view! {
                <ActionForm action=actions.step attr:class="form form--compact">
                    <input type="hidden" name="goal_id" value=id />
                    <label for=step_id.clone()>"New step" <span class="visually-hidden">{w()}</span></label>
                    <input id=step_id name="text" maxlength="300" />
                    <button type="submit" class="button button--small button--secondary">"Add step" <span class="visually-hidden">{w()}</span></button>
                </ActionForm>
            })}
            <h4>"Comments"</h4>
            {if goal.comments.is_empty() {
                view! { <p>"No comments yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list comments">
                        {goal.comments.into_iter().map(|c| view! {
                            <li><strong>{c.author_name}</strong>{format!(" ({}): ", c.written_on)}{c.body}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {editable.then(|| view! {
                <ActionForm action=actions.comment attr:class="form form--compact">
                    <input type="hidden" name="goal_id" value=id />
                    <label for=comment_id.clone()>"Your comment" <span class="visually-hidden">{w()}</span></label>
                    <textarea id=comment_id name="body" rows="2" maxlength="2000"></textarea>
                    <button type="submit" class="button button--small">"Comment" <span class="visually-hidden">{w()}</span></button>
                </ActionForm>
            })}
        </li>
    }
}

/// Meetings held each quarter, and a nudge when a quarter is half over without one.
#[component]
fn RhythmCard(pair: PairPage) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="rhythm-heading">
            <h2 id="rhythm-heading">"This year, quarter by quarter"</h2>
            {pair.nudge.map(|nudge| view! { <p class="alert">{nudge}</p> })}
            <ul class="plain-list">
                {pair
                    .rhythm
                    .into_iter()
                    .map(|quarter| {
                        let mark = if quarter.on_plan() { "✓ " } else if quarter.met_minimum() { "◐ " } else { "○ " };
                        view! { <li><span aria-hidden="true">{mark}</span>{quarter.describe()}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn MeetingsCard(
    pair: PairPage,
    editable: bool,
    actions: Actions,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let propose_error = action_error(actions.propose);
    let member = matches!(pair.viewer, Viewer::Member(_));
    view! {
        <section class="card" aria-labelledby="meetings-heading">
            <h2 id="meetings-heading">"Meetings"</h2>
            <FormAlert error />
            {if pair.meetings.is_empty() {
                view! { <p>"No meetings yet."</p> }.into_any()
            } else {
                view! {
                    <ol class="meetings">
                        {pair.meetings.into_iter().map(|meeting| view! { <MeetingItem meeting editable member actions options=pair.agenda_options.clone() /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {editable.then(|| view! {
                <details open=false>
                    <summary>"Propose a meeting"</summary>
                    <ActionForm action=actions.propose attr:class="form" attr:novalidate="">
                        <input type="hidden" name="pair_id" value=pair.id />
                        <FormAlert error=propose_error />
                        <Field label="Date" name="date" input_type="date" error=propose_error required=true />
                        <Field label="Time (in your time zone)" name="time" input_type="time" error=propose_error required=true />
                        <Field label="How long, in minutes" name="duration_minutes" input_type="number" value="60" error=propose_error />
                        <Select label="How you meet" name="mode" options=options_of(MeetingMode::ALL, MeetingMode::code, MeetingMode::label) value=MeetingMode::Video.code().to_owned() error=propose_error />
                        <Field label="Place or video link" name="place" error=propose_error />
                        <button type="submit" class="button">"Propose meeting"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn MeetingItem(
    meeting: Meeting,
    editable: bool,
    member: bool,
    actions: Actions,
    /// What can go on the agenda: (`idea:ID` or `goal:ID`, title).
    options: Vec<(String, String)>,
) -> impl IntoView {
    let id = meeting.id;
    let name = format!("Meeting on {}", meeting.when);
    let label = StoredValue::new(format!(" ({})", meeting.when));
    let l = move || label.get_value();
    let open = matches!(
        meeting.status,
        MeetingStatus::Proposed | MeetingStatus::Accepted
    );
    let waiting_for_me = meeting.status == MeetingStatus::Proposed && !meeting.proposed_by_me;
    let status = match (meeting.status, meeting.proposed_by_me) {
        (MeetingStatus::Proposed, true) => {
            "Proposed by you: waiting for your partner to agree".to_owned()
        }
        (MeetingStatus::Proposed, false) => "Proposed by your partner".to_owned(),
        (status, _) => status.label().to_owned(),
    };
    let (date_id, time_id, shared_id, private_id, agenda_id) = (
        format!("meeting-{id}-date"),
        format!("meeting-{id}-time"),
        format!("meeting-{id}-shared"),
        format!("meeting-{id}-private"),
        format!("meeting-{id}-agenda"),
    );
    let agenda_open = editable && meeting.status != MeetingStatus::Cancelled;
    view! {
        <li class="meeting" aria-label=name.clone()>
            <h3>{meeting.when.clone()}</h3>
            <p class="goal__meta">
                <strong>{status}</strong>
                {format!(" · {} · {} minutes", meeting.mode.label(), meeting.duration_minutes)}
                {(!meeting.place.is_empty()).then(|| format!(" · {}", meeting.place))}
            </p>
            {member.then(|| view! {
                <p>"For your partner: " {meeting.when_for_partner.clone()}</p>
                <p>
                    <a href=format!("/meetings/{id}/calendar.ics") rel="external" download="">
                        "Add to your calendar (.ics)" <span class="visually-hidden">{l()}</span>
                    </a>
                </p>
            })}
            {(editable && open).then(|| view! {
                <div class="row-form">
                    {waiting_for_me.then(|| view! { <OneButtonForm action=actions.accept fields=vec![("meeting_id", id.to_string())] label="Agree to this time" whom=l() primary=true /> })}
                    {meeting.started.then(|| view! { <OneButtonForm action=actions.record fields=vec![("meeting_id", id.to_string()), ("outcome", "held".into())] label="Mark held" whom=l() /> })}
                    <OneButtonForm action=actions.record fields=vec![("meeting_id", id.to_string()), ("outcome", "cancelled".into())] label="Cancel meeting" whom=l() />
                </div>
                <details>
                    <summary>"Suggest another time" <span class="visually-hidden">{l()}</span></summary>
                    <ActionForm action=actions.reschedule attr:class="form form--compact">
                        <input type="hidden" name="meeting_id" value=id />
                        <label for=date_id.clone()>"New date" <span class="visually-hidden">{l()}</span></label>
                        <input id=date_id type="date" name="date" required />
                        <label for=time_id.clone()>"New time (in your time zone)" <span class="visually-hidden">{l()}</span></label>
                        <input id=time_id type="time" name="time" required />
                        <button type="submit" class="button button--small button--secondary">"Suggest this time" <span class="visually-hidden">{l()}</span></button>
                    </ActionForm>
                </details>
            })}
            <h4>"Agenda"</h4>
            {if meeting.agenda.is_empty() {
                view! { <p>"Nothing on the agenda yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {meeting.agenda.clone().into_iter().map(|entry| {
                            view! {
                                <CheckLine done=entry.done text=entry.title.clone()>
                                    {agenda_open.then(|| view! {
                                        <ActionForm action=actions.agenda_done>
                                            <input type="hidden" name="item_id" value=entry.id />
                                            <TickButton done=entry.done text=entry.title.clone() />
                                        </ActionForm>
                                    })}
                                </CheckLine>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {agenda_open.then(|| view! {
                <ActionForm action=actions.agenda attr:class="form form--compact">
                    <input type="hidden" name="meeting_id" value=id />
                    <label for=agenda_id.clone()>"Idea or goal to discuss" <span class="visually-hidden">{l()}</span></label>
                    <select id=agenda_id name="item">
                        {options.into_iter().map(|(value, title)| view! { <option value=value>{title}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="button button--small button--secondary">"Add to agenda" <span class="visually-hidden">{l()}</span></button>
                </ActionForm>
            })}
            {(!meeting.shared_notes.is_empty()).then(|| view! { <p><strong>"Notes: "</strong>{meeting.shared_notes.clone()}</p> })}
            {(editable && meeting.status != MeetingStatus::Cancelled).then(|| view! {
                <details>
                    <summary>"Notes" <span class="visually-hidden">{l()}</span></summary>
                    <ActionForm action=actions.notes attr:class="form form--compact">
                        <input type="hidden" name="meeting_id" value=id />
                        <label for=shared_id.clone()>"Shared notes (your partner sees these)" <span class="visually-hidden">{l()}</span></label>
                        <textarea id=shared_id name="shared_notes" rows="3" maxlength="2000">{meeting.shared_notes.clone()}</textarea>
                        <label for=private_id.clone()>"Your private notes (only you see these)" <span class="visually-hidden">{l()}</span></label>
                        <textarea id=private_id name="private_notes" rows="3" maxlength="2000">{meeting.my_notes.clone()}</textarea>
                        <button type="submit" class="button button--small">"Save notes" <span class="visually-hidden">{l()}</span></button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// What the pair has covered, their own ideas, and where to find more.
#[component]
fn IdeasCard(pair: PairPage, editable: bool, action: ServerAction<AddPairIdea>) -> impl IntoView {
    let error = action_error(action);
    view! {
        <section class="card" aria-labelledby="ideas-heading">
            <h2 id="ideas-heading">"Meeting ideas"</h2>
            <p>
                "Past participants wrote down what worked for them: see the "
                <a href="/ideas">"meeting ideas"</a>
                ". Put any of them on a meeting's agenda."
            </p>
            <h3>"Covered so far"</h3>
            {if pair.done_ideas.is_empty() {
                view! { <p>"None yet: ideas marked done on an agenda appear here."</p> }.into_any()
            } else {
                view! { <ul class="plain-list">{pair.done_ideas.into_iter().map(|title| view! { <li>"✓ " {title}</li> }).collect_view()}</ul> }.into_any()
            }}
            {(!pair.own_ideas.is_empty()).then(|| view! {
                <h3>"Your own ideas"</h3>
                <ul class="plain-list">
                    {pair.own_ideas.into_iter().map(|idea| view! { <li><strong>{idea.title}</strong>" " {idea.how_to}</li> }).collect_view()}
                </ul>
            })}
            {editable.then(|| view! {
                <details>
                    <summary>"Write your own idea"</summary>
                    <ActionForm action attr:class="form" attr:novalidate="">
                        <input type="hidden" name="pair_id" value=pair.id />
                        <FormAlert error />
                        <Select label="Category" name="category" form="idea" options=options_of(IdeaCategory::ALL, IdeaCategory::code, IdeaCategory::label) value=IdeaCategory::Other.code().to_owned() error />
                        <Field label="Idea" name="title" form="idea" error required=true />
                        <TextArea label="How to go about it" name="how_to" form="idea" rows=2 error />
                        <Checkbox label="Suggest it for everyone's list (the organizers decide)" name="suggest" checked=false />
                        <button type="submit" class="button">"Save idea"</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

/// The meeting ideas library, grouped by category; organizers add and edit ideas and take in
/// the ones pairs suggest.
#[component]
pub fn IdeasPage() -> impl IntoView {
    let save = ServerAction::<SaveLibraryIdea>::new();
    let review = ServerAction::<ReviewIdeaSuggestion>::new();
    let library = load(
        move || (save.version().get(), review.version().get()),
        |_| get_ideas_library(),
    );
    view! {
        <Title text="Meeting ideas · Mentorship Hub" />
        <h1>"Meeting ideas"</h1>
        <p>"Collaboratively written with previous participants of the mentorship program: things to talk about and do together, and advice for a first position."</p>
        <p>"The mentorship tips and advice for a first position are in the " <a href="/resources">"resources"</a> "."</p>
        {done_message::<IdeasDone>()}
        <Loaded resource=library let:library>
            {view! { <IdeasLibraryView library save review /> }.into_any()}
        </Loaded>
    }
}

#[component]
fn IdeasLibraryView(
    library: IdeasLibrary,
    save: ServerAction<SaveLibraryIdea>,
    review: ServerAction<ReviewIdeaSuggestion>,
) -> impl IntoView {
    let error = action_error(save);
    let review_error = action_error(review);
    let organizer = library.organizer;
    let categories = IdeaCategory::ALL
        .iter()
        .copied()
        .filter_map(|category| {
            let ideas: Vec<Idea> = library
                .ideas
                .iter()
                .filter(|idea| idea.category == category)
                .cloned()
                .collect();
            (!ideas.is_empty()).then_some((category, ideas))
        })
        .collect::<Vec<_>>();
    view! {
        <FormAlert error />
        {categories
            .into_iter()
            .map(|(category, ideas)| {
                view! {
                    <section class="card" aria-label=category.label()>
                        <h2>{category.label()}</h2>
                        <ul class="plain-list ideas">
                            {ideas.into_iter().map(|idea| view! { <LibraryIdea idea organizer save /> }).collect_view()}
                        </ul>
                    </section>
                }
            })
            .collect_view()}
        {organizer.then(|| view! {
            <section class="card" aria-labelledby="suggested-heading">
                <h2 id="suggested-heading">"Suggested by pairs"</h2>
                <FormAlert error=review_error />
                {if library.suggestions.is_empty() {
                    view! { <p>"No suggestions waiting."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {library.suggestions.into_iter().map(|idea| {
                                let whom = format!(": {}", idea.title);
                                view! {
                                    <li>
                                        <strong>{idea.title.clone()}</strong>" " {idea.how_to.clone()}
                                        <div class="row-form">
                                            <OneButtonForm action=review fields=vec![("idea_id", idea.id.to_string()), ("decision", "accept".into())] label="Add to the library" whom=whom.clone() />
                                            <OneButtonForm action=review fields=vec![("idea_id", idea.id.to_string()), ("decision", "decline".into())] label="Decline" whom />
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <section class="card" aria-labelledby="new-idea-heading">
                <h2 id="new-idea-heading">"Add an idea"</h2>
                <ActionForm action=save attr:class="form" attr:novalidate="">
                    <Select label="Category" name="category" options=options_of(IdeaCategory::ALL, IdeaCategory::code, IdeaCategory::label) value=IdeaCategory::Other.code().to_owned() error />
                    <Field label="Idea" name="title" error required=true />
                    <TextArea label="How to go about it" name="how_to" rows=2 error />
                    <button type="submit" class="button">"Add idea"</button>
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn LibraryIdea(idea: Idea, organizer: bool, save: ServerAction<SaveLibraryIdea>) -> impl IntoView {
    let (category_id, title_id, how_id) = (
        format!("idea-{}-category", idea.id),
        format!("idea-{}-title", idea.id),
        format!("idea-{}-how", idea.id),
    );
    let whom = StoredValue::new(format!(" ({})", idea.title));
    let w = move || whom.get_value();
    view! {
        <li>
            <h3>{idea.title.clone()}</h3>
            <p>{idea.how_to.clone()}</p>
            {organizer.then(|| view! {
                <details>
                    <summary>"Edit" <span class="visually-hidden">{w()}</span></summary>
                    <ActionForm action=save attr:class="form form--compact">
                        <input type="hidden" name="idea_id" value=idea.id />
                        <label for=category_id.clone()>"Category" <span class="visually-hidden">{w()}</span></label>
                        <select id=category_id name="category">
                            {IdeaCategory::ALL.iter().map(|c| view! { <option value=c.code() selected=*c == idea.category>{c.label()}</option> }).collect_view()}
                        </select>
                        <label for=title_id.clone()>"Idea" <span class="visually-hidden">{w()}</span></label>
                        <input id=title_id name="title" value=idea.title.clone() maxlength="200" />
                        <label for=how_id.clone()>"How to go about it" <span class="visually-hidden">{w()}</span></label>
                        <textarea id=how_id name="how_to" rows="2" maxlength="1000">{idea.how_to.clone()}</textarea>
                        <button type="submit" class="button button--small">"Save" <span class="visually-hidden">{w()}</span></button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// This quarter's check-in: how it is going, whether you met, anything for the organizers.
#[component]
fn CheckinCard(
    pair: PairPage,
    editable: bool,
    action: ServerAction<SubmitCheckin>,
) -> impl IntoView {
    let error = action_error(action);
    let member = matches!(pair.viewer, Viewer::Member(_));
    let ratings: Vec<(String, String)> = [
        ("5", "5: very well"),
        ("4", "4: well"),
        ("3", "3: all right"),
        ("2", "2: not so well"),
        ("1", "1: badly"),
    ]
    .into_iter()
    .map(|(value, label)| (value.to_owned(), label.to_owned()))
    .collect();
    view! {
        <section class="card" aria-labelledby="checkin-heading">
            <h2 id="checkin-heading">"Check-ins"</h2>
            {if member {
                "Once a quarter, tell the organizers how it is going. Only the organizers read your answers; your partner does not."
            } else {
                "What each member told the organizers."
            }}
            <ul class="plain-list">
                {pair.checkins.into_iter().map(|c| view! {
                    <li>{format!("{} · {} quarter · {}/5 · {} · {}", c.who, c.quarter, c.rating, if c.met { "met" } else { "did not meet" }, c.message)}</li>
                }).collect_view()}
            </ul>
            {match (editable, pair.checkin_quarter) {
                (true, Some(quarter)) => view! {
                    <ActionForm action attr:class="form" attr:novalidate="">
                        <input type="hidden" name="pair_id" value=pair.id />
                        <FormAlert error />
                        <h3>{format!("{quarter} quarter")}</h3>
                        <Select label="How is it going?" name="rating" options=ratings value="4".to_owned() error />
                        <Checkbox label="We met this quarter" name="met" checked=false />
                        <TextArea label="Anything to tell the organizers" name="message" form="checkin" rows=2 error />
                        <button type="submit" class="button">"Send check-in"</button>
                    </ActionForm>
                }.into_any(),
                _ => ().into_any(),
            }}
        </section>
    }
}

/// "Tell the organizers about a problem with my match": confidential, with the organizers'
/// answers to the reporter.
#[component]
fn ConcernCard(pair: PairPage, action: ServerAction<RaiseConcern>) -> impl IntoView {
    let error = action_error(action);
    let member = matches!(pair.viewer, Viewer::Member(_));
    member.then(|| view! {
        <section class="card" aria-labelledby="concern-heading">
            <h2 id="concern-heading">"Tell the organizers about a problem"</h2>
            <p>"If something is wrong with your match, or you have a question or concern, write to the organizers here. It is confidential: your partner never sees it."</p>
            <ul class="plain-list">
                {pair.my_concerns.into_iter().map(|c| view! {
                    <li>
                        {format!("{} · {}: {}", c.raised_on, c.status.label(), c.body)}
                        {(!c.reply.is_empty()).then(|| view! { <p><strong>"The organizers replied: "</strong>{c.reply.clone()}</p> })}
                    </li>
                }).collect_view()}
            </ul>
            <ActionForm action attr:class="form" attr:novalidate="">
                <input type="hidden" name="pair_id" value=pair.id />
                <FormAlert error />
                <TextArea label="What is wrong?" name="body" form="concern" rows=3 error />
                <button type="submit" class="button">"Send to the organizers"</button>
            </ActionForm>
        </section>
    })
}

/// The organizers' queue of concerns: open ones first, with their age, internal notes and the
/// reply to the reporter; a pair can be ended from here.
#[component]
pub fn ConcernsPage() -> impl IntoView {
    let handle = ServerAction::<HandleConcern>::new();
    let end = ServerAction::<crate::matching::api::EndPair>::new();
    let queue = load(
        move || (handle.version().get(), end.version().get()),
        |_| get_concerns_queue(),
    );
    let error = action_error(handle);
    let end_error = action_error(end);
    view! {
        <Title text="Concerns · Mentorship Hub" />
        <h1>"Concerns"</h1>
        <p>"What participants told the organizers about their match. The partner never sees these; internal notes are for organizers only."</p>
        {done_message::<ConcernsDone>()}
        <FormAlert error />
        <FormAlert error=end_error />
        <Loaded resource=queue let:queue>
            {if queue.is_empty() {
                view! { <p>"No concerns have been raised."</p> }.into_any()
            } else {
                view! {
                    <ol class="plain-list">
                        {queue.into_iter().map(|c| view! { <QueuedConcernItem c handle end /> }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </Loaded>
    }
}

#[component]
fn QueuedConcernItem(
    c: QueuedConcern,
    handle: ServerAction<HandleConcern>,
    end: ServerAction<crate::matching::api::EndPair>,
) -> impl IntoView {
    let id = c.id;
    let (status_id, note_id, reply_id, reason_id) = (
        format!("concern-{id}-status"),
        format!("concern-{id}-note"),
        format!("concern-{id}-reply"),
        format!("concern-{id}-reason"),
    );
    let whom = StoredValue::new(format!(" (concern {id})"));
    let w = move || whom.get_value();
    view! {
        <li class="card" aria-label=format!("Concern {id} about {}", c.pair)>
            <h2>{format!("{} · {}", c.pair, c.status.label())}</h2>
            <p>{format!("Raised by {} on {} ({} days ago)", c.reporter, c.raised_on, c.days_open)}</p>
            <blockquote>{c.body.clone()}</blockquote>
            {(!c.reply.is_empty()).then(|| view! { <p><strong>"Reply sent: "</strong>{c.reply.clone()}</p> })}
            {(!c.notes.is_empty()).then(|| view! {
                <h3>"Internal notes"</h3>
                <ul class="plain-list">
                    {c.notes.clone().into_iter().map(|(author, body, on)| view! { <li>{format!("{author} ({on}): {body}")}</li> }).collect_view()}
                </ul>
            })}
            <ActionForm action=handle attr:class="form form--compact">
                <input type="hidden" name="concern_id" value=id />
                <label for=status_id.clone()>"Status" <span class="visually-hidden">{w()}</span></label>
                <select id=status_id name="status">
                    {ConcernStatus::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == c.status>{s.label()}</option> }).collect_view()}
                </select>
                <label for=note_id.clone()>"Internal note" <span class="visually-hidden">{w()}</span></label>
                <textarea id=note_id name="note" rows="2" maxlength="2000"></textarea>
                <label for=reply_id.clone()>"Reply to the reporter" <span class="visually-hidden">{w()}</span></label>
                <textarea id=reply_id name="reply" rows="2" maxlength="2000"></textarea>
                <button type="submit" class="button button--small">"Update" <span class="visually-hidden">{w()}</span></button>
            </ActionForm>
            {c.pair_active.then(|| view! {
                <ActionForm action=end attr:class="form form--compact">
                    <input type="hidden" name="pair_id" value=c.pair_id />
                    <label for=reason_id.clone()>"Reason for ending the pair" <span class="visually-hidden">{w()}</span></label>
                    <input id=reason_id name="reason" maxlength="500" />
                    <button type="submit" class="button button--small button--secondary">"End this pair" <span class="visually-hidden">{w()}</span></button>
                </ActionForm>
            })}
        </li>
    }
}

/// Making a new calendar address, or stopping it.
#[derive(Clone, Copy)]
struct FeedActions {
    reset: ServerAction<ResetCalendarFeed>,
    stop: ServerAction<StopCalendarFeed>,
}

/// The person's private calendar feed of all their meetings: made, renewed or stopped here.
#[component]
fn CalendarFeedCard(
    pair_id: i32,
    feed: FeedActions,
    feed_state: Resource<Result<CalendarFeed, AppError>>,
) -> impl IntoView {
    let FeedActions { reset, stop } = feed;
    let back_to = StoredValue::new(format!("/pairs/{pair_id}"));
    view! {
        <section class="card" aria-labelledby="feed-heading">
            <h2 id="feed-heading">"Your meetings in your calendar"</h2>
            <Loaded resource=feed_state let:feed>
                {
                    view! {
                        {feed.just_made.map(|link| view! {
                            <div role="status" class="alert">
                                <p>"Subscribe to this address in your calendar app. Keep it private: anyone with it can see your meetings. It is shown only now."</p>
                                <p><code>{link}</code></p>
                            </div>
                        })}
                        <p>{if feed.active {
                            "Your private calendar address is active. Making a new one stops the old one."
                        } else {
                            "Get a private address that calendar apps can subscribe to, with all your meetings."
                        }}</p>
                        <div class="row-form">
                            <ActionForm action=reset>
                                <input type="hidden" name="back_to" value=back_to.get_value() />
                                <button type="submit" class="button button--small">
                                    {if feed.active { "Make a new calendar address" } else { "Make my calendar address" }}
                                </button>
                            </ActionForm>
                            {feed.active.then(|| view! {
                                <ActionForm action=stop>
                                    <input type="hidden" name="back_to" value=back_to.get_value() />
                                    <button type="submit" class="button button--small button--secondary">"Stop my calendar address"</button>
                                </ActionForm>
                            })}
                        </div>
                    }
                }
            </Loaded>
        </section>
    }
}

/// One line of a checklist (a goal's steps, a meeting's agenda): its mark and its text, then
/// (when the viewer may change it) the form that ticks it.
#[component]
fn CheckLine(done: bool, text: String, children: Children) -> impl IntoView {
    view! {
        <li class="row-form">
            <span>{if done { "✓ " } else { "○ " }}{text}</span>
            {children()}
        </li>
    }
}

/// The button that ticks a checklist line, or unticks it; screen readers hear which line.
#[component]
fn TickButton(done: bool, text: String) -> impl IntoView {
    view! {
        <button type="submit" class="button button--small button--secondary">
            {if done { "Not done yet" } else { "Mark done" }}
            <span class="visually-hidden">{format!(": {text}")}</span>
        </button>
    }
}
