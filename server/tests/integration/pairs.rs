//! The pair's workspace over HTTP, on both engines: who may read and change what (one table for
//! every server function), goals' privacy from organizers, reordering, and ended pairs.

use app::auth::api::SetAccountDisabled;
use app::domain::choices::{ConcernStatus, GoalStatus, MeetingStatus};
use app::domain::profile::ProfileInput;
use app::error::AppError;
use app::matching::api::EndPair;
use app::pairs::api::{
    AddGoalStep, AgreementForm, CommentOnGoal, GetMyPairs, GetPair, GoalForm, MoveGoal, PairPage,
    SaveAgreement, SaveGoal,
};
use app::pairs::calendar::{GetCalendarFeed, ResetCalendarFeed, StopCalendarFeed};
use app::pairs::concerns::{GetConcernsQueue, HandleConcern, RaiseConcern, SubmitCheckin};
use app::pairs::ideas::{
    AddPairIdea, AddToAgenda, GetIdeasLibrary, IdeaForm, ReviewIdeaSuggestion, SaveLibraryIdea,
    ToggleAgendaItem,
};
use app::pairs::meetings::{
    AcceptMeeting, MeetingForm, ProposeMeeting, RecordMeeting, SaveMeetingNotes,
};
use app::profiles::api::SaveProfile;
use app::program::api::UpdateProgramYear;

use crate::helpers::{
    Answer, Engine, Refusal, TestApp, profile_input, year_dates, year_dates_moved,
};
use crate::matching::matching_year;
use crate::on_both_engines;

on_both_engines!(
    every_pair_function_allows_exactly_the_people_it_should,
    organizers_see_goal_counts_but_only_shared_goal_text,
    the_mentee_reorders_goals_and_bad_input_is_named,
    an_ended_pair_is_read_only,
    a_meeting_is_proposed_agreed_held_and_counted_in_the_quarter,
    meeting_times_show_in_each_persons_time_zone_and_private_notes_stay_private,
    the_library_holds_every_seed_idea_and_pairs_cover_and_suggest_ideas,
    a_concern_reaches_the_organizers_and_never_the_partner,
    a_meeting_downloads_as_a_calendar_file_in_the_persons_zone_and_the_feed_can_be_stopped,
    each_side_sees_its_tips_until_the_first_meeting_and_mentees_the_advice_in_the_last_quarter,
    a_matched_participants_home_is_their_pair_page_and_a_mentor_with_several_gets_the_list,
);

/// Who calls, in the authorization table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Mentee,
    Mentor,
    OtherPairsMentee,
    Unmatched,
    Organizer,
    Anonymous,
}

const CALLERS: [Caller; 6] = [
    Caller::Mentee,
    Caller::Mentor,
    Caller::OtherPairsMentee,
    Caller::Unmatched,
    Caller::Organizer,
    Caller::Anonymous,
];

pub(crate) struct World {
    pub(crate) organizer: TestApp,
    pub(crate) mentee: TestApp,
    pub(crate) mentor: TestApp,
    pub(crate) other_mentee: TestApp,
    pub(crate) unmatched: TestApp,
    pub(crate) anonymous: TestApp,
    pub(crate) pair_id: i32,
}

impl World {
    fn client(&self, caller: Caller) -> &TestApp {
        match caller {
            Caller::Mentee => &self.mentee,
            Caller::Mentor => &self.mentor,
            Caller::OtherPairsMentee => &self.other_mentee,
            Caller::Unmatched => &self.unmatched,
            Caller::Organizer => &self.organizer,
            Caller::Anonymous => &self.anonymous,
        }
    }

    async fn try_page(&self, caller: Caller) -> Answer<PairPage> {
        self.client(caller)
            .call(GetPair {
                pair_id: self.pair_id,
            })
            .await
    }

    async fn page(&self, caller: Caller) -> PairPage {
        self.try_page(caller).await.expect("read the pair page")
    }

    /// A meeting the mentee proposed for two days ago, agreed and marked held by the mentor.
    pub(crate) async fn hold_a_meeting_two_days_ago(&self) {
        let two_days_ago = (app::context::program_today() - chrono::Duration::days(2))
            .format("%Y-%m-%d")
            .to_string();
        let met = self.propose(&two_days_ago, "10:00").await;
        let agreed = self.mentor.call(AcceptMeeting { meeting_id: met }).await;
        assert_eq!(agreed, Ok(()));
        let held = self.mentor.call(record(met, "held")).await;
        assert_eq!(held, Ok(()));
    }

    /// The mentee proposes a meeting at this local (Los Angeles) date and time; its id.
    pub(crate) async fn propose(&self, date: &str, time: &str) -> i32 {
        let proposed = self
            .mentee
            .call(ProposeMeeting {
                pair_id: self.pair_id,
                form: MeetingForm {
                    date: date.into(),
                    time: time.into(),
                    duration_minutes: "45".into(),
                    mode: "video".into(),
                    place: "https://meet.example.edu/abc".into(),
                },
            })
            .await;
        assert_eq!(proposed, Ok(()));
        // The newest meeting (the list is in order of time).
        self.page(Caller::Mentee)
            .await
            .meetings
            .iter()
            .map(|m| m.id)
            .max()
            .expect("the meeting")
    }

    pub(crate) async fn add_goal(&self, title: &str, shareable: bool) -> i32 {
        let added = self
            .mentee
            .call(SaveGoal {
                pair_id: self.pair_id,
                goal_id: 0,
                form: GoalForm {
                    title: title.into(),
                    why: "It matters.".into(),
                    status: "not_started".into(),
                    shareable: if shareable {
                        "on".into()
                    } else {
                        String::new()
                    },
                    ..Default::default()
                },
            })
            .await;
        assert_eq!(added, Ok(()));
        self.page(Caller::Mentee)
            .await
            .goals
            .iter()
            .find(|g| g.title == title)
            .expect("the goal just added")
            .id
    }
}

fn record(meeting_id: i32, outcome: &str) -> RecordMeeting {
    RecordMeeting {
        meeting_id,
        outcome: outcome.into(),
    }
}

fn move_goal(goal_id: i32, direction: &str) -> MoveGoal {
    MoveGoal {
        goal_id,
        direction: direction.into(),
    }
}

fn agenda_item(meeting_id: i32, item: &str) -> AddToAgenda {
    AddToAgenda {
        meeting_id,
        item: item.into(),
    }
}

/// Two pairs (mentor 0 with mentee 0, mentor 1 with mentee 1), one approved mentee left unmatched,
/// an organizer and a signed-out visitor.
pub(crate) async fn world(engine: Engine) -> World {
    let (organizer, mut people) = matching_year(engine, 2, "1", 3).await;
    let year_id = organizer.current_year().await.id;
    let organizer_id = organizer.my_id().await;
    let today = app::context::program_today();
    let mut pair_ids = Vec::new();
    for (mentor, mentee) in [(0, 2), (1, 3)] {
        let mentee_id = people[mentee].my_id().await;
        let mentor_id = people[mentor].my_id().await;
        let placed = app::matching::db::place_pair(
            &organizer.db,
            year_id,
            mentee_id,
            mentor_id,
            today,
            organizer_id,
        )
        .await
        .unwrap();
        assert_eq!(placed, app::matching::db::Placed::Placed);
        let pairs = app::matching::db::active_pairs_of(&organizer.db, mentee_id)
            .await
            .unwrap();
        pair_ids.push(pairs[0].id);
    }
    let unmatched = people.pop().unwrap();
    let other_mentee = people.pop().unwrap();
    let mentee = people.pop().unwrap();
    let _other_mentor = people.pop().unwrap();
    let mentor = people.pop().unwrap();
    let anonymous = organizer.new_browser();
    World {
        organizer,
        mentee,
        mentor,
        other_mentee,
        unmatched,
        anonymous,
        pair_id: pair_ids[0],
    }
}

/// Every function of the pair workspace: the table below calls each (and `access.rs` leaves them
/// to it).
pub(crate) const PAIR_FUNCTIONS: [&str; 17] = [
    "pair_page",
    "save_agreement",
    "save_goal",
    "move_goal",
    "add_goal_step",
    "toggle_goal_step",
    "comment_on_goal",
    "propose_meeting",
    "accept_meeting",
    "reschedule_meeting",
    "record_meeting",
    "save_meeting_notes",
    "add_to_agenda",
    "toggle_agenda_item",
    "add_pair_idea",
    "raise_concern",
    "submit_checkin",
];

/// Allowed (200), or the status a refusal gets: 401 signed out, 404 for anyone outside the pair
/// (the pair's existence is not revealed), 403 for organizers changing a pair's own work, 400
/// for the member whose role may not do it.
fn expected(function: &str, caller: Caller) -> u16 {
    let mentee_only = matches!(function, "save_goal" | "move_goal" | "add_goal_step");
    match caller {
        // The mentee proposed it; the partner is the one to agree.
        Caller::Mentee if function == "accept_meeting" => 400,
        Caller::Anonymous => 401,
        Caller::OtherPairsMentee | Caller::Unmatched => 404,
        Caller::Organizer if function == "pair_page" => 200,
        Caller::Organizer => 403,
        Caller::Mentor if mentee_only => 400,
        Caller::Mentee | Caller::Mentor => 200,
    }
}

async fn every_pair_function_allows_exactly_the_people_it_should(engine: Engine) {
    let w = world(engine).await;
    let pair = w.pair_id.to_string();
    let first = w
        .add_goal("Publish a conference poster", false)
        .await
        .to_string();
    let second = w.add_goal("Practise interviews", false).await.to_string();
    let step = w
        .mentee
        .call(AddGoalStep {
            goal_id: first.parse().unwrap(),
            text: "Pick a topic".into(),
        })
        .await;
    assert_eq!(step, Ok(()));
    let step_id = w.page(Caller::Mentee).await.goals[0].steps[0]
        .id
        .to_string();
    let to_accept = w.propose("2027-01-12", "17:00").await.to_string();
    let to_move = w.propose("2027-01-19", "17:00").await.to_string();
    let past = w.propose("2026-11-02", "09:30").await.to_string();
    let library_idea = first_library_idea(&w.mentee).await;
    let on_agenda = w
        .mentee
        .call(agenda_item(past.parse().unwrap(), &library_idea))
        .await;
    assert_eq!(on_agenda, Ok(()));
    let agenda_item = w
        .page(Caller::Mentee)
        .await
        .meetings
        .iter()
        .find(|m| m.id.to_string() == past)
        .unwrap()
        .agenda[0]
        .id
        .to_string();
    let goal_item = format!("goal:{first}");

    let calls: Vec<(&str, Vec<(&str, &str)>)> = vec![
        ("pair_page", vec![("pair_id", &pair)]),
        (
            "save_agreement",
            vec![
                ("pair_id", &pair),
                ("meetings_per_quarter", "2"),
                ("meeting_plan", "Video, monthly"),
            ],
        ),
        (
            "save_goal",
            vec![
                ("pair_id", &pair),
                ("goal_id", &second),
                ("title", "Practise interviews"),
                ("status", "in_progress"),
            ],
        ),
        ("move_goal", vec![("goal_id", &second), ("direction", "up")]),
        (
            "add_goal_step",
            vec![("goal_id", &first), ("text", "Draft an abstract")],
        ),
        ("toggle_goal_step", vec![("step_id", &step_id)]),
        (
            "comment_on_goal",
            vec![("goal_id", &first), ("body", "Happy to read a draft.")],
        ),
        (
            "propose_meeting",
            vec![
                ("pair_id", &pair),
                ("date", "2027-02-02"),
                ("time", "12:00"),
                ("duration_minutes", "30"),
                ("mode", "phone"),
            ],
        ),
        ("accept_meeting", vec![("meeting_id", &to_accept)]),
        (
            "reschedule_meeting",
            vec![
                ("meeting_id", &to_move),
                ("date", "2027-01-20"),
                ("time", "08:00"),
            ],
        ),
        (
            "record_meeting",
            vec![("meeting_id", &past), ("outcome", "held")],
        ),
        (
            "save_meeting_notes",
            vec![
                ("meeting_id", &past),
                ("shared_notes", "Talked about posters."),
                ("private_notes", "Ask about funding next time."),
            ],
        ),
        (
            "add_to_agenda",
            vec![("meeting_id", &past), ("item", &goal_item)],
        ),
        ("toggle_agenda_item", vec![("item_id", &agenda_item)]),
        (
            "raise_concern",
            vec![("pair_id", &pair), ("body", "We keep missing each other.")],
        ),
        (
            "submit_checkin",
            vec![
                ("pair_id", &pair),
                ("rating", "4"),
                ("met", "on"),
                ("message", "Going well."),
            ],
        ),
        (
            "add_pair_idea",
            vec![
                ("pair_id", &pair),
                ("category", "other"),
                ("title", "Visit the archive together"),
            ],
        ),
    ];

    let called: std::collections::BTreeSet<&str> = calls.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        called,
        PAIR_FUNCTIONS.into_iter().collect(),
        "the table calls every pair function"
    );
    let mut mismatches = Vec::new();
    for (function, form) in &calls {
        for caller in CALLERS {
            // Raw: a table of functions named by their endpoints, checked by HTTP status.
            let response = w.client(caller).call_raw(function, form).await;
            let wanted = expected(function, caller);
            if response.status != wanted {
                mismatches.push(format!(
                    "{function} by {caller:?}: {} (wanted {wanted})",
                    response.status
                ));
            }
            // Whatever was refused, no goal text leaked into the answer.
            if wanted != 200 {
                let text = response.body.to_string();
                assert!(
                    !text.contains("conference poster"),
                    "{function} by {caller:?}: {text}"
                );
            }
        }
    }

    assert!(mismatches.is_empty(), "{mismatches:#?}");
    let page = w.page(Caller::Mentor).await;
    assert_eq!(page.agreement.meeting_plan, "Video, monthly");
    assert_eq!(page.goals[0].title, "Practise interviews", "moved up");
    assert_eq!(
        page.goals[1].comments.len(),
        2,
        "one comment from each member"
    );
    assert!(
        page.partner.as_ref().is_some_and(|p| p.contact.is_some()),
        "the partner's contact details"
    );
    // Private notes were written by each member in turn: each sees only their own.
    let past_meeting = |page: &PairPage| {
        page.meetings
            .iter()
            .find(|m| m.id.to_string() == past)
            .cloned()
            .unwrap()
    };
    assert_eq!(past_meeting(&page).my_notes, "Ask about funding next time.");
    assert_eq!(past_meeting(&page).status, MeetingStatus::Held);
}

async fn organizers_see_goal_counts_but_only_shared_goal_text(engine: Engine) {
    let w = world(engine).await;
    let private = w.add_goal("A private goal", false).await;
    let shared = w.add_goal("A shared goal", true).await;
    // Both on a meeting's agenda: the agenda is no way round the goal's privacy.
    let meeting = w.propose("2027-02-02", "10:00").await;
    for goal in [private, shared] {
        let added = w
            .mentee
            .call(agenda_item(meeting, &format!("goal:{goal}")))
            .await;
        assert_eq!(added, Ok(()));
    }

    let organizer_view = w.page(Caller::Organizer).await;
    let mentor_view = w.page(Caller::Mentor).await;

    let titles: Vec<&str> = organizer_view
        .goals
        .iter()
        .map(|g| g.title.as_str())
        .collect();
    assert_eq!(titles, vec!["A shared goal"]);
    assert_eq!(
        organizer_view.goal_counts,
        vec![(GoalStatus::NotStarted, 2)]
    );
    assert!(organizer_view.partner.is_none());
    assert_eq!(mentor_view.goals.len(), 2);
    let agenda = |page: &PairPage| -> Vec<String> {
        page.meetings[0]
            .agenda
            .iter()
            .map(|entry| entry.title.clone())
            .collect()
    };
    assert_eq!(
        agenda(&organizer_view),
        ["A goal the mentee has not shared", "Goal: A shared goal"]
    );
    assert_eq!(
        agenda(&mentor_view),
        ["Goal: A private goal", "Goal: A shared goal"]
    );
}

async fn the_mentee_reorders_goals_and_bad_input_is_named(engine: Engine) {
    let w = world(engine).await;
    let pair_id = w.pair_id;
    let a = w.add_goal("First", false).await;
    w.add_goal("Second", false).await;
    let c = w.add_goal("Third", false).await;

    w.mentee.call(move_goal(c, "up")).await.expect("move up");
    w.mentee.call(move_goal(a, "up")).await.expect("move up");
    let untitled = w
        .mentee
        .call(SaveGoal {
            pair_id,
            goal_id: 0,
            form: GoalForm {
                title: " ".into(),
                status: "done".into(),
                ..Default::default()
            },
        })
        .await;
    let too_often = w
        .mentee
        .call(SaveAgreement {
            pair_id,
            form: AgreementForm {
                meetings_per_quarter: "40".into(),
                ..Default::default()
            },
        })
        .await;
    let empty_comment = w
        .mentor
        .call(CommentOnGoal {
            goal_id: a,
            body: String::new(),
        })
        .await;

    let titles: Vec<String> = w
        .page(Caller::Mentee)
        .await
        .goals
        .into_iter()
        .map(|g| g.title)
        .collect();
    assert_eq!(
        titles,
        vec!["First", "Third", "Second"],
        "moving the first up changes nothing"
    );
    assert_eq!(
        untitled.field_error("title").as_deref(),
        Some("Enter the goal.")
    );
    assert!(
        too_often.field_error("meetings_per_quarter").is_some(),
        "{too_often:?}"
    );
    assert_eq!(
        empty_comment.field_error("body").as_deref(),
        Some("Enter a comment.")
    );
    assert_eq!(
        w.page(Caller::Mentee).await.goals.len(),
        3,
        "nothing saved was lost"
    );

    // Dragged to a place: the first goal to the last place, then the last to the first.
    let dragged = w.mentee.call(move_goal(a, "to:3")).await;
    assert_eq!(dragged, Ok(()));
    let titles = |page: PairPage| page.goals.into_iter().map(|g| g.title).collect::<Vec<_>>();
    assert_eq!(
        titles(w.page(Caller::Mentee).await),
        ["Third", "Second", "First"]
    );
    w.mentee
        .call(move_goal(a, "to:1"))
        .await
        .expect("drag to the first place");
    assert_eq!(
        titles(w.page(Caller::Mentee).await),
        ["First", "Third", "Second"]
    );
    for nonsense in ["to:0", "to:x", "sideways"] {
        let refused = w.mentee.call(move_goal(a, nonsense)).await;
        assert!(
            matches!(refused, Err(AppError::Invalid(_))),
            "{nonsense}: {refused:?}"
        );
    }
    assert_eq!(
        titles(w.page(Caller::Mentee).await),
        ["First", "Third", "Second"]
    );
}

async fn an_ended_pair_is_read_only(engine: Engine) {
    let w = world(engine).await;
    let goal = w.add_goal("Before the end", false).await;
    let ended = w
        .organizer
        .call(EndPair {
            pair_id: w.pair_id,
            reason: "The mentor moved abroad.".into(),
        })
        .await;
    assert_eq!(ended, Ok(()));

    let comment = w
        .mentor
        .call(CommentOnGoal {
            goal_id: goal,
            body: "Still here?".into(),
        })
        .await;
    let page = w.page(Caller::Mentee).await;

    assert!(comment.refusal().is_some(), "{comment:?}");
    assert!(
        page.ended
            .is_some_and(|e| e.contains("The mentor moved abroad."))
    );
    assert_eq!(page.goals.len(), 1, "kept as it was");
}

async fn a_meeting_is_proposed_agreed_held_and_counted_in_the_quarter(engine: Engine) {
    let w = world(engine).await;
    let today = app::context::program_today();
    let yesterday = (today - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let tomorrow = (today + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let held = w.propose(&yesterday, "10:00").await;
    let upcoming = w.propose(&tomorrow, "10:00").await;
    let before = w.page(Caller::Mentee).await;
    let current = before
        .rhythm
        .iter()
        .position(|q| q.state == app::domain::rhythm::QuarterState::Current)
        .expect("the year is under way");

    let own_proposal = w.mentee.call(AcceptMeeting { meeting_id: held }).await;
    let agreed = w.mentor.call(AcceptMeeting { meeting_id: held }).await;
    let too_early = w.mentor.call(record(upcoming, "held")).await;
    let marked = w.mentor.call(record(held, "held")).await;
    let after = w.page(Caller::Mentee).await;

    assert!(own_proposal.refusal().is_some(), "{own_proposal:?}");
    assert_eq!(agreed, Ok(()));
    assert!(too_early.refusal().is_some(), "{too_early:?}");
    assert_eq!(marked, Ok(()));
    assert_eq!(before.rhythm[current].held, 0);
    assert_eq!(after.rhythm[current].held, 1);
    assert!(after.nudge.is_none(), "met this quarter: no nudge");
    let statuses: Vec<MeetingStatus> = after.meetings.iter().map(|m| m.status).collect();
    assert_eq!(statuses, vec![MeetingStatus::Held, MeetingStatus::Proposed]);
}

async fn meeting_times_show_in_each_persons_time_zone_and_private_notes_stay_private(
    engine: Engine,
) {
    let w = world(engine).await;
    // The mentor lives in New York; the mentee (who proposes) in Los Angeles.
    let user_id = w.mentor.my_id().await;
    let saved = w
        .mentor
        .call(SaveProfile {
            user_id,
            profile: ProfileInput {
                time_zone: "America/New_York".into(),
                ..profile_input("mentor")
            },
        })
        .await;
    assert_eq!(saved, Ok(()));
    let meeting = w.propose("2027-02-02", "17:00").await;
    let notes = w
        .mentee
        .call(SaveMeetingNotes {
            meeting_id: meeting,
            shared_notes: "Agenda: my CV.".into(),
            private_notes: "Nervous about this one.".into(),
        })
        .await;
    assert_eq!(notes, Ok(()));

    let mentee_view = w.page(Caller::Mentee).await.meetings.remove(0);
    let mentor_view = w.page(Caller::Mentor).await.meetings.remove(0);
    let organizer_view = w.page(Caller::Organizer).await.meetings.remove(0);

    assert_eq!(
        mentee_view.when,
        "Tuesday 2 February 2027, 17:00 (Pacific time (Los Angeles))"
    );
    assert_eq!(
        mentee_view.when_for_partner,
        "Tuesday 2 February 2027, 20:00 (Eastern time (New York))"
    );
    assert_eq!(mentor_view.when, mentee_view.when_for_partner);
    assert_eq!(mentee_view.my_notes, "Nervous about this one.");
    assert_eq!(
        mentor_view.my_notes, "",
        "the partner never sees private notes"
    );
    assert_eq!(mentor_view.shared_notes, "Agenda: my CV.");
    assert_eq!(
        organizer_view.shared_notes, "",
        "the pair's notes are theirs"
    );
    assert_eq!(organizer_view.my_notes, "");
}

/// `idea:ID` of the library's first idea, as the agenda form posts it.
async fn first_library_idea(client: &TestApp) -> String {
    let library = client
        .call(GetIdeasLibrary {})
        .await
        .expect("read the ideas library");
    format!("idea:{}", library.ideas[0].id)
}

async fn the_library_holds_every_seed_idea_and_pairs_cover_and_suggest_ideas(engine: Engine) {
    let w = world(engine).await;
    let library = w.unmatched.call(GetIdeasLibrary {}).await.unwrap();
    let titles: Vec<String> = library.ideas.into_iter().map(|idea| idea.title).collect();
    // Every meeting idea and piece of first-position advice in the program's description.
    for seed in [
        "Mentor's career path and professional interests",
        "Mentee's path to the iSchool, dream jobs and jobs they do not want",
        "Current job duties of the mentor",
        "Shadow interesting meetings",
        "Shadow instructional sessions or workshops",
        "Review of a CV or resume and a cover letter",
        "The interview process in the mentor's field",
        "A mock interview",
        "Things you had to learn on the job",
        "Referrals to other professionals",
        "Fellowships, internships and other funding",
        "Professional engagement, conferences and research",
    ] {
        assert!(
            titles.iter().any(|t| t == seed),
            "{seed} missing from {titles:?}"
        );
    }

    let meeting = w.propose("2026-11-02", "09:30").await;
    let own = w
        .mentor
        .call(AddPairIdea {
            pair_id: w.pair_id,
            form: IdeaForm {
                category: "shadowing".into(),
                title: "Tour the conservation lab".into(),
                suggest: "on".into(),
                ..Default::default()
            },
        })
        .await;
    assert_eq!(own, Ok(()));
    let page = w.page(Caller::Mentee).await;
    let own_id = page.own_ideas[0].id;
    let mock = page
        .agenda_options
        .iter()
        .find(|(_, title)| title == "A mock interview")
        .unwrap()
        .0
        .clone();
    w.mentee
        .call(agenda_item(meeting, &mock))
        .await
        .expect("put the mock interview on the agenda");
    w.mentee
        .call(agenda_item(meeting, &format!("idea:{own_id}")))
        .await
        .expect("put the own idea on the agenda");
    let item_id = w.page(Caller::Mentee).await.meetings[0].agenda[0].id;
    let done = w.mentor.call(ToggleAgendaItem { item_id }).await;
    // The other pair cannot borrow this pair's own idea.
    let borrowed = w
        .other_mentee
        .call(agenda_item(meeting, &format!("idea:{own_id}")))
        .await;
    let accept = || ReviewIdeaSuggestion {
        idea_id: own_id,
        decision: "accept".into(),
    };
    let by_participant = w.mentee.call(accept()).await;
    let accepted = w.organizer.call(accept()).await;
    let library_edit_by_participant = w
        .mentor
        .call(SaveLibraryIdea {
            idea_id: 0,
            form: IdeaForm {
                category: "other".into(),
                title: "Mine".into(),
                ..Default::default()
            },
        })
        .await;

    assert_eq!(done, Ok(()));
    assert_eq!(
        w.page(Caller::Mentor).await.done_ideas,
        vec!["A mock interview".to_owned()]
    );
    assert_eq!(borrowed, Err(AppError::NotFound));
    assert_eq!(by_participant, Err(AppError::Forbidden));
    assert_eq!(accepted, Ok(()));
    assert_eq!(library_edit_by_participant, Err(AppError::Forbidden));
    let library = w.other_mentee.call(GetIdeasLibrary {}).await.unwrap();
    assert!(
        library
            .ideas
            .iter()
            .any(|i| i.title == "Tour the conservation lab")
    );
    assert!(
        library.suggestions.is_empty(),
        "suggestions are for organizers"
    );
}

async fn a_concern_reaches_the_organizers_and_never_the_partner(engine: Engine) {
    let w = world(engine).await;
    let pair_id = w.pair_id;
    let secret = "My mentor cancels every meeting at the last minute.";
    let concern = |body: &str| RaiseConcern {
        pair_id,
        body: body.into(),
    };
    let raised = w.mentee.call(concern(secret)).await;
    let checked_in = w
        .mentee
        .call(SubmitCheckin {
            pair_id,
            rating: "2".into(),
            met: String::new(),
            message: "Hard to meet.".into(),
        })
        .await;
    let empty = w.mentee.call(concern(" ")).await;
    assert_eq!(raised, Ok(()));
    assert_eq!(checked_in, Ok(()));
    assert_eq!(
        empty.field_error("body").as_deref(),
        Some("Enter what is wrong.")
    );

    let queue_by_participant = w.mentor.call(GetConcernsQueue {}).await;
    let queue = w.organizer.call(GetConcernsQueue {}).await.unwrap();
    let concern_id = queue[0].id;
    let handled = w
        .organizer
        .call(HandleConcern {
            concern_id,
            status: "in_progress".into(),
            note: "Called the mentor.".into(),
            reply: "Thank you; we are talking to your mentor.".into(),
        })
        .await;
    let handled_by_participant = w
        .mentee
        .call(HandleConcern {
            concern_id,
            status: "resolved".into(),
            note: String::new(),
            reply: String::new(),
        })
        .await;
    let mentee_view = w.page(Caller::Mentee).await;
    let mentor_page = w.page(Caller::Mentor).await;
    let organizer_page = w.page(Caller::Organizer).await;

    assert_eq!(queue_by_participant.unwrap_err(), AppError::Forbidden);
    assert_eq!(queue[0].body, secret);
    assert_eq!(queue[0].status, ConcernStatus::New);
    assert_eq!(handled, Ok(()));
    assert_eq!(handled_by_participant, Err(AppError::Forbidden));
    assert_eq!(
        mentee_view.my_concerns[0].reply,
        "Thank you; we are talking to your mentor."
    );
    assert_eq!(mentee_view.my_concerns[0].status, ConcernStatus::InProgress);
    // The partner sees neither the concern, nor the internal note, nor the check-in.
    let mentor_text = serde_json::to_string(&mentor_page).unwrap();
    for private in [secret, "Called the mentor.", "Hard to meet."] {
        assert!(
            !mentor_text.contains(private),
            "{private} leaked to the partner"
        );
    }
    assert_eq!(organizer_page.checkins.len(), 1);
    assert_eq!(organizer_page.checkins[0].rating, 2);
}

async fn a_meeting_downloads_as_a_calendar_file_in_the_persons_zone_and_the_feed_can_be_stopped(
    engine: Engine,
) {
    use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
    let w = world(engine).await;
    let meeting = w.propose("2027-02-02", "17:00").await;
    let path = format!("/meetings/{meeting}/calendar.ics");

    let mine = w.mentee.get(&path).await;
    let by_other_pair = w.other_mentee.get(&path).await;
    let signed_out = w.anonymous.get(&path).await;

    assert_eq!(mine.status(), 200);
    assert!(
        mine.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    assert_eq!(by_other_pair.status(), 404);
    assert_eq!(signed_out.status(), 401);
    // The file parses back with the same crate, at the proposer's local time in their zone.
    let calendar: icalendar::Calendar = mine.text().await.unwrap().parse().expect("a calendar");
    let event = calendar
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        })
        .expect("an event");
    assert_eq!(
        event.get_start(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: chrono::NaiveDate::from_ymd_opt(2027, 2, 2)
                .unwrap()
                .and_hms_opt(17, 0, 0)
                .unwrap(),
            tzid: "America/Los_Angeles".into(),
        }))
    );
    assert_eq!(
        event.get_summary(),
        Some("Mentorship meeting with mentor 0")
    );

    // The mentor's private feed: fetched without signing in, until it is stopped.
    let made = w
        .mentor
        .call(ResetCalendarFeed {
            back_to: String::new(),
        })
        .await;
    assert_eq!(made, Ok(()));
    let feed = w.mentor.call(GetCalendarFeed {}).await.unwrap();
    let address = feed.just_made.expect("the address, once");
    let feed_path = format!("/calendar/{}", address.rsplit("/calendar/").next().unwrap());
    let fetched = w.anonymous.get(&feed_path).await;
    assert_eq!(fetched.status(), 200);
    assert!(
        fetched
            .text()
            .await
            .unwrap()
            .contains("Mentorship meeting with mentee 0")
    );
    let again = w.mentor.call(GetCalendarFeed {}).await.unwrap();
    assert!(again.just_made.is_none(), "shown only once");
    // A disabled account's feed stops with it, and comes back when it is enabled again.
    let mentor_id = w.mentor.my_id().await;
    let mentor_email = w.mentor.whoami().await.expect("signed in");
    for disabled in [true, false] {
        w.organizer
            .call(SetAccountDisabled {
                user_id: mentor_id,
                disabled,
            })
            .await
            .expect("change the mentor's access");
        let status = w.anonymous.get(&feed_path).await.status();
        assert_eq!(
            status,
            if disabled { 404 } else { 200 },
            "disabled: {disabled}"
        );
    }
    // Disabling the account signed the mentor out everywhere.
    w.mentor
        .sign_in(&mentor_email, crate::helpers::PASSWORD)
        .await
        .expect("sign in again");
    w.mentor
        .call(StopCalendarFeed {
            back_to: String::new(),
        })
        .await
        .expect("stop the feed");
    assert_eq!(w.anonymous.get(&feed_path).await.status(), 404);
}

async fn each_side_sees_its_tips_until_the_first_meeting_and_mentees_the_advice_in_the_last_quarter(
    engine: Engine,
) {
    let w = world(engine).await;
    let guides = |page: PairPage| page.guides.into_iter().map(|g| g.slug).collect::<Vec<_>>();

    assert_eq!(
        guides(w.page(Caller::Mentee).await),
        ["tips", "tips-for-mentees"]
    );
    assert_eq!(
        guides(w.page(Caller::Mentor).await),
        ["tips", "tips-for-mentors"]
    );
    assert!(guides(w.page(Caller::Organizer).await).is_empty());
    let tips = w.page(Caller::Mentor).await.guides.remove(1).html;
    assert!(
        tips.contains("think creatively about how your network"),
        "{tips}"
    );

    // Once the pair has met, the getting-started tips give way.
    w.hold_a_meeting_two_days_ago().await;
    assert!(guides(w.page(Caller::Mentee).await).is_empty());

    // In the year's last quarter the mentee gets the advice for a first position.
    let year_id = w.organizer.current_year().await.id;
    let spring_now = year_dates_moved(&year_dates(-150), -140);
    let moved = w
        .organizer
        .call(UpdateProgramYear {
            year_id,
            dates: spring_now,
        })
        .await;
    assert_eq!(moved, Ok(()));

    assert_eq!(guides(w.page(Caller::Mentee).await), ["first-position"]);
    assert!(guides(w.page(Caller::Mentor).await).is_empty());
}

async fn a_matched_participants_home_is_their_pair_page_and_a_mentor_with_several_gets_the_list(
    engine: Engine,
) {
    use sea_orm::{ActiveModelTrait, Set};
    let w = world(engine).await;
    // As a browser asks for a page.
    let home = |client: &TestApp| {
        client
            .client
            .get(client.url("/"))
            .header("accept", "text/html")
            .send()
    };
    let location = |response: &reqwest::Response| {
        response
            .headers()
            .get("location")
            .map(|value| value.to_str().unwrap().to_owned())
    };

    let mentee_home = home(&w.mentee).await.unwrap();
    let unmatched_home = home(&w.unmatched).await.unwrap();

    assert_eq!(mentee_home.status(), 302);
    assert_eq!(
        location(&mentee_home),
        Some(format!("/pairs/{}", w.pair_id))
    );
    assert_eq!(unmatched_home.status(), 200);
    assert!(unmatched_home.text().await.unwrap().contains("Welcome,"));

    // The mentor takes a second mentee: their home is now the list of their pairs.
    let year_id = w.organizer.current_year().await.id;
    app::entities::pairs::ActiveModel {
        year_id: Set(year_id),
        mentee_id: Set(w.unmatched.my_id().await),
        mentor_id: Set(w.mentor.my_id().await),
        started_on: Set(app::context::program_today()),
        ended_on: Set(None),
        end_reason: Set(String::new()),
        created_by: Set(None),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .insert(&w.organizer.db)
    .await
    .unwrap();

    let mentor_home = home(&w.mentor).await.unwrap();

    assert_eq!(mentor_home.status(), 302);
    assert_eq!(location(&mentor_home), Some("/pairs".to_owned()));
    let pairs = w.mentor.call(GetMyPairs {}).await.unwrap();
    assert_eq!(pairs.len(), 2);
    for pair in &pairs {
        assert_eq!(
            pair.this_quarter.as_deref(),
            Some("No meeting yet this Fall quarter")
        );
    }
    let list = w.mentor.get("/pairs").await.text().await.unwrap();
    assert!(list.contains("No meeting yet this Fall quarter"), "{list}");
}
