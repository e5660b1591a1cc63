//! The data map, enforced (issue 15): every personal field of `app::domain::privacy::DATA_MAP`
//! is filled for one pair with a value of its own, then each kind of viewer (the person, their
//! partner, another pair's mentee, an approved participant not matched, an organizer, someone
//! signed out) reads every page and every server function that reads, and each value must show in
//! a viewer's answers exactly when the map lets that viewer read it. One failure lists every
//! mismatch: the field, the viewer, and where it was seen.
//!
//! A new page or server function must be added to [`PAGES`] or [`READS`] (or, for a function
//! that only writes, [`WRITES`]): the two plain tests below read `lib.rs` and the server's list of
//! functions and fail until it is.

use std::collections::BTreeSet;

use app::domain::privacy::{DATA_MAP, Reader, field};
use app::domain::profile::ProfileInput;
use app::enrollment::api::{DecideApplication, Invite, ListApplications};
use app::pairs::api::{
    AddGoalStep, AgreementForm, CommentOnGoal, GetPair, GoalForm, SaveAgreement, SaveGoal,
};
use app::pairs::calendar::{GetCalendarFeed, ResetCalendarFeed};
use app::pairs::concerns::{GetConcernsQueue, HandleConcern, RaiseConcern, SubmitCheckin};
use app::pairs::ideas::{AddPairIdea, AddToAgenda, IdeaForm};
use app::pairs::meetings::{
    AcceptMeeting, MeetingForm, ProposeMeeting, RecordMeeting, SaveMeetingNotes,
};
use app::profiles::api::SaveProfile;
use app::resources::api::SuggestResourceChange;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{Engine, TestApp, application, profile_input, spawn_app};
use crate::on_both_engines;

on_both_engines!(
    every_personal_field_shows_exactly_where_the_data_map_allows,
    the_privacy_page_shows_the_data_map_to_anyone_and_every_page_links_it,
);

/// The ending every value of the walk carries, so it cannot be mistaken for anything else.
const TAG: &str = "7f3a";

/// A distinct value for a field: `dm-<name>-7f3a`.
fn marker(name: &str) -> String {
    format!("dm-{name}-{TAG}")
}

/// The viewers of the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    /// Pair A's mentee.
    Mentee,
    /// Pair A's mentor.
    Mentor,
    /// Pair B's mentee.
    OtherPairsMentee,
    /// An approved mentee with no pair.
    Unmatched,
    Organizer,
    SignedOut,
}

/// Whom a value is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Mentee,
    Mentor,
    /// Someone outside the world's viewers (a person invited).
    Outsider,
}

/// What `who` is to the person a value is about, in the map's terms.
fn reader(subject: Subject, who: Who) -> Reader {
    match (subject, who) {
        (_, Who::SignedOut) => Reader::SignedOut,
        (_, Who::Organizer) => Reader::Organizers,
        (Subject::Mentee, Who::Mentee) | (Subject::Mentor, Who::Mentor) => Reader::Themselves,
        (Subject::Mentee, Who::Mentor) | (Subject::Mentor, Who::Mentee) => Reader::Partner,
        _ => Reader::OtherParticipants,
    }
}

/// One value the walk looks for.
struct Marked {
    /// The data map's field.
    key: &'static str,
    value: String,
    subject: Subject,
    /// The person reads it in their mailbox, not in the app (a password link).
    only_by_email: bool,
}

impl Marked {
    fn new(key: &'static str, value: String, subject: Subject) -> Self {
        assert!(field(key).is_some(), "{key} is not in the data map");
        Marked {
            key,
            value,
            subject,
            only_by_email: false,
        }
    }

    fn expected_for(&self, who: Who) -> bool {
        let field = field(self.key).expect("a field of the map");
        let reader = reader(self.subject, who);
        if self.only_by_email && reader == Reader::Themselves {
            return false;
        }
        field.readable_by(reader) || field.readable_by(Reader::SignedOut)
    }
}

/// Fields the walk does not fill, and why: each is a choice, a number, a date or the app's own
/// wording, which no distinct value can stand for, or needs a state the walk's open year is not
/// in. Every other field of the map must be walked.
const NOT_WALKED: &[(&str, &str)] = &[
    ("email_confirmed", "a date"),
    ("account", "flags and dates"),
    (
        "request_limits",
        "the address is the test's own loopback, shown nowhere",
    ),
    (
        "university_account",
        "needs an identity provider; single_sign_on.rs checks no page shows it",
    ),
    (
        "sign_in_failures",
        "the address is the test's own loopback, shown nowhere",
    ),
    ("ranking", "positions and ids"),
    ("orientation", "ids and a flag"),
    (
        "roster_upload",
        "organizers' upload; its page is organizers' only (access.rs)",
    ),
    ("pair", "ids and dates; the end reason needs an ended pair"),
    ("final_survey", "needs a closed year (closing.rs)"),
    ("notices", "the app's own wording"),
    ("email_preferences", "choices"),
    (
        "emails",
        "they carry the other fields' values, walked there",
    ),
    ("reminders_sent", "the app's own wording"),
    ("audit", "it carries the other fields' values, walked there"),
    ("matching_draft", "ids"),
    ("resource_edits", "organizers' ids and dates"),
];

/// Every page, as `lib.rs` names its route (and the server's own routes, as `server/src/lib.rs`
/// does): a new page must be added here, with the addresses the walk reads it at (see
/// [`addresses`]).
const PAGES: &[&str] = &[
    "",
    "/sign-in",
    "/sign-in/link",
    "/auth/oidc/login",
    "/auth/oidc/callback",
    "/sign-up",
    "/forgot-password",
    "/reset-password/:token",
    "/account",
    "/people",
    "/setup/:token",
    "/profile",
    "/apply",
    "/directory",
    "/directory/:id",
    "/invitation/:token",
    "/program",
    "/program/years/new",
    "/program/years/:id",
    "/program/vocabulary",
    "/program/applications",
    "/program/invitations",
    "/program/import/:id",
    "/program/matching",
    "/pairs",
    "/ideas",
    "/program/concerns",
    "/program/audit",
    "/program/outbox",
    "/program/reminders",
    "/survey/:id",
    "/unsubscribe/:token",
    "/program/announcements",
    "/program/dashboard",
    "/program/dashboard/list",
    "/pairs/:id",
    "/privacy",
    "/resources",
    "/resources/:slug",
    "/resources/:slug/edit",
    "/resources/:slug/history",
    // The server's own routes.
    "/healthz",
    "/meetings/{id}/calendar.ics",
    "/calendar/{file}",
    "/program/years/{id}/exports/{file}",
];

/// The ids the walk's addresses and calls refer to.
struct Ids {
    year: i32,
    pair: i32,
    meeting: i32,
    mentee: i32,
    mentor: i32,
    slug: String,
    /// The mentee's calendar feed, which only the mentee has.
    feed: String,
}

/// An id nothing has.
const NOTHING: &str = "999999";

/// The dashboard's lists the walk opens.
const FIGURES: &[&str] = &[
    "applied-mentee",
    "applied-mentor",
    "approved-mentee",
    "approved-mentor",
    "matched-mentee",
    "matched-mentor",
    "unmatched-mentees",
    "mentors-with-room",
    "source-none",
    "source-library_staff",
    "no-meeting-1",
    "no-meeting-2",
    "checkins-fall",
    "goals-not_started",
    "goals-in_progress",
    "goals-done",
    "goals-dropped",
    "concerns-week",
];

/// Where `who` reads the page `template`.
fn addresses(template: &str, ids: &Ids, who: Who) -> Vec<String> {
    let one = |path: String| vec![path];
    match template {
        "" => one("/".into()),
        "/reset-password/:token"
        | "/setup/:token"
        | "/invitation/:token"
        | "/unsubscribe/:token" => {
            // Links that stand for a person are theirs alone; a made-up one shows nothing.
            one(template.replace(":token", "no-such-token"))
        }
        "/directory/:id" => vec![
            format!("/directory/{}", ids.mentee),
            format!("/directory/{}", ids.mentor),
        ],
        "/program/years/:id" | "/survey/:id" => one(template.replace(":id", &ids.year.to_string())),
        "/program/import/:id" => one(template.replace(":id", NOTHING)),
        "/pairs/:id" => one(format!("/pairs/{}", ids.pair)),
        "/program/dashboard/list" => FIGURES
            .iter()
            .map(|figure| format!("/program/dashboard/list?year={}&figure={figure}", ids.year))
            .collect(),
        "/program/outbox" | "/program/audit" => (1..=3)
            .map(|page| format!("{template}?page={page}"))
            .collect(),
        "/resources/:slug" | "/resources/:slug/edit" | "/resources/:slug/history" => {
            one(template.replace(":slug", &ids.slug))
        }
        "/meetings/{id}/calendar.ics" => one(format!("/meetings/{}/calendar.ics", ids.meeting)),
        // The feed's secret address is its owner's alone.
        "/calendar/{file}" if who == Who::Mentee => one(format!("/calendar/{}", ids.feed)),
        "/calendar/{file}" => one("/calendar/no-such-feed.ics".into()),
        "/program/years/{id}/exports/{file}" => app::domain::export::ExportKind::ALL
            .iter()
            .map(|kind| format!("/program/years/{}/exports/{}", ids.year, kind.file_name()))
            .collect(),
        path => one(path.to_owned()),
    }
}

/// Every server function that reads, with the arguments the walk calls it with (pair A's ids).
/// A new one must be added here, or to [`WRITES`].
const READS: &[&str] = &[
    "current_user",
    "single_sign_on",
    "pending_link_email",
    "setup_available",
    "reset_link_usable",
    "list_people",
    "home_page",
    "my_matches",
    "my_notices",
    "email_preferences",
    "unsubscribe_details",
    "outbox",
    "reminders",
    "announcement_state",
    "audit_log",
    "dashboard",
    "dashboard_list",
    "application_state",
    "invitation_details",
    "applications",
    "invitations",
    "import_preview",
    "my_orientation",
    "orientation_sessions",
    "editable_profile",
    "profile",
    "directory",
    "matching_workspace",
    "my_pairs",
    "calendar_feed",
    "ideas_library",
    "concerns_queue",
    "pair_page",
    "vocabulary",
    "final_survey",
    "current_year",
    "organizing_bodies",
    "list_program_years",
    "program_year",
    "suggested_year",
    "carry_over_source",
    "carried_over",
    "resources",
    "resource",
    "resource_editor",
    "resource_history",
];

/// Server functions that only change things (what they answer is at most a confirmation or a
/// link for the person who asked); the walk does not call them.
const WRITES: &[&str] = &[
    "sign_up",
    "link_university_account",
    "sign_in",
    "sign_out",
    "create_first_organizer",
    "request_password_reset",
    "reset_password",
    "change_password",
    "promote_to_organizer",
    "set_account_disabled",
    "save_email_preferences",
    "unsubscribe",
    "send_again",
    "save_reminder_rule",
    "run_reminders",
    "announce",
    "apply",
    "save_ranking",
    "accept_invitation",
    "decide_application",
    "invite",
    "upload_roster",
    "import_commit",
    "rsvp_orientation",
    "cancel_orientation_rsvp",
    "create_orientation_session",
    "mark_orientation_attendance",
    "save_profile",
    "save_matching_settings",
    "edit_draft",
    "publish_draft",
    "assign_pair",
    "end_pair",
    "reset_calendar_feed",
    "stop_calendar_feed",
    "save_library_idea",
    "review_idea_suggestion",
    "handle_concern",
    // …and the pair workspace's writes: `pairs::PAIR_FUNCTIONS` after `pair_page`.
    "submit_final_survey",
    "create_program_year",
    "update_program_year",
    "advance_phase",
    "make_year_current",
    "save_organizing_body",
    "remove_organizing_body",
    "add_vocabulary_term",
    "set_term_curated",
    "carry_over",
    "suggest_resource_change",
    "save_resource",
    "discard_resource_draft",
    "add_resource",
    "restore_resource_revision",
    "review_resource_suggestion",
];

/// The calls of one read function.
fn forms_for(function: &str, ids: &Ids) -> Vec<Vec<(&'static str, String)>> {
    let one = |form: Vec<(&'static str, String)>| vec![form];
    match function {
        "setup_available" | "reset_link_usable" | "unsubscribe_details" | "invitation_details" => {
            one(vec![("token", "no-such-token".into())])
        }
        "outbox" | "audit_log" => (1..=3)
            .map(|page| vec![("page", page.to_string())])
            .collect(),
        "dashboard" => one(vec![("year", ids.year.to_string())]),
        "dashboard_list" => FIGURES
            .iter()
            .map(|figure| {
                vec![
                    ("year", ids.year.to_string()),
                    ("figure", (*figure).to_owned()),
                ]
            })
            .collect(),
        "import_preview" => one(vec![("import_id", NOTHING.into())]),
        "orientation_sessions" | "final_survey" | "program_year" | "carry_over_source" => {
            one(vec![("year_id", ids.year.to_string())])
        }
        "editable_profile" | "profile" => vec![
            vec![("user_id", ids.mentee.to_string())],
            vec![("user_id", ids.mentor.to_string())],
        ],
        "pair_page" => one(vec![("pair_id", ids.pair.to_string())]),
        "resource" | "resource_editor" | "resource_history" => {
            one(vec![("slug", ids.slug.clone())])
        }
        _ => one(Vec::new()),
    }
}

/// Everything `client` is answered, as (where, text).
async fn walk(client: &TestApp, who: Who, ids: &Ids) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    for template in PAGES {
        for address in addresses(template, ids, who) {
            let response = client.get(&address).await;
            let status = response.status().as_u16();
            assert!(status < 500, "GET {address} as {who:?}: {status}");
            seen.push((
                format!("GET {address}"),
                response.text().await.unwrap_or_default(),
            ));
        }
    }
    for function in READS {
        for form in forms_for(function, ids) {
            let answer = client.call_raw_owned(function, &form).await;
            assert!(
                answer.status < 500,
                "{function} as {who:?}: {} {}",
                answer.status,
                answer.body
            );
            let text = match answer.body {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            seen.push((format!("{function}({form:?})"), text));
        }
    }
    seen
}

/// The world: a year in its matching phase, pair A (mentee and mentor), pair B, an approved mentee
/// without a pair, an organizer and a signed-out browser; and pair A's every field filled.
struct World {
    clients: Vec<(Who, TestApp)>,
    ids: Ids,
    marked: Vec<Marked>,
}

async fn world(engine: Engine) -> World {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    organizer.create_year(10).await;
    let mut marked = Vec::new();
    let mut mark = |key: &'static str, name: &str, subject: Subject| {
        let value = marker(name);
        marked.push(Marked::new(key, value.clone(), subject));
        value
    };

    // Pair A's two, with every profile field theirs.
    let mentee_name = format!(
        "Mina {}",
        mark("mentee_name", "mentee-name", Subject::Mentee)
    );
    let mentee_email = format!("{}@example.edu", mark("email", "email", Subject::Mentee));
    let mentor_name = format!(
        "Milo {}",
        mark("mentor_name", "mentor-name", Subject::Mentor)
    );
    let mentor_email = format!(
        "{}@example.edu",
        mark("email", "mentor-email", Subject::Mentor)
    );
    let mentee = organizer
        .new_browser()
        .signed_up(&mentee_name, &mentee_email)
        .await;
    let mentor = organizer
        .new_browser()
        .signed_up(&mentor_name, &mentor_email)
        .await;
    let mentee_id = mentee.my_id().await;
    let mentor_id = mentor.my_id().await;
    let mut profile = profile_input("mentee");
    profile.pronouns = mark("mentee_profile", "mentee-pronouns", Subject::Mentee);
    profile.bio = mark("mentee_profile", "mentee-bio", Subject::Mentee);
    profile.location = mark("mentee_profile", "mentee-location", Subject::Mentee);
    profile.dream_jobs = mark("mentee_profile", "mentee-dream-jobs", Subject::Mentee);
    profile.unwanted_jobs = mark("mentee_profile", "mentee-unwanted-jobs", Subject::Mentee);
    profile.wants_from_mentor = mark("mentee_profile", "mentee-wants", Subject::Mentee);
    profile.contact_preferences = mark("contact_preferences", "mentee-contact", Subject::Mentee);
    save_own_profile(&mentee, mentee_id, profile).await;
    let mut profile = profile_input("mentor");
    profile.pronouns = mark("mentor_profile", "mentor-pronouns", Subject::Mentor);
    profile.bio = mark("mentor_profile", "mentor-bio", Subject::Mentor);
    profile.location = mark("mentor_profile", "mentor-location", Subject::Mentor);
    profile.employer = mark("mentor_profile", "mentor-employer", Subject::Mentor);
    profile.job_title = mark("mentor_profile", "mentor-job-title", Subject::Mentor);
    profile.contact_preferences = mark("contact_preferences", "mentor-contact", Subject::Mentor);
    save_own_profile(&mentor, mentor_id, profile).await;

    // Applications: pair A's mentee writes hers out; everyone else applies plainly.
    let mut applied = application("mentee", "2");
    applied.goals = mark("application", "application-goals", Subject::Mentee);
    applied.availability = mark("availability", "application-availability", Subject::Mentee);
    applied.notes_for_organizers = mark("application", "application-notes", Subject::Mentee);
    assert_eq!(mentee.call(applied).await, Ok(()));
    mentor.apply_as("mentor").await;
    let other_mentor = organizer
        .participant("Oscar Other", "oscar@example.edu", "mentor")
        .await;
    other_mentor.apply_as("mentor").await;
    let other_mentee = organizer
        .participant("Olive Other", "olive@example.edu", "mentee")
        .await;
    other_mentee.apply_as("mentee").await;
    let unmatched = organizer
        .participant("Una Unmatched", "una@example.edu", "mentee")
        .await;
    unmatched.apply_as("mentee").await;
    let decision = mark("decision", "decision", Subject::Mentee);
    let applications = organizer
        .call(ListApplications {
            query: Default::default(),
        })
        .await
        .expect("list the applications");
    for row in applications.rows {
        let decided = organizer
            .call(DecideApplication {
                enrollment_id: row.enrollment_id,
                status: "approved".into(),
                message: if row.user_id == mentee_id {
                    decision.clone()
                } else {
                    String::new()
                },
                body_id: String::new(),
            })
            .await;
        assert_eq!(decided, Ok(()));
    }
    let invited = organizer
        .call(Invite {
            display_name: format!("Ivy {}", mark("invitation", "invitee", Subject::Outsider)),
            email: format!(
                "{}@example.edu",
                mark("invitation", "invitee-email", Subject::Outsider)
            ),
            role: "mentee".into(),
        })
        .await;
    assert!(invited.is_ok(), "invite: {invited:?}");
    organizer.advance_to("matching").await;

    // The two pairs.
    let year = organizer.current_year().await.id;
    let organizer_id = organizer.my_id().await;
    let today = app::context::program_today();
    let mut pairs = Vec::new();
    for (mentee, mentor) in [
        (mentee_id, mentor_id),
        (other_mentee.my_id().await, other_mentor.my_id().await),
    ] {
        let placed =
            app::matching::db::place_pair(&organizer.db, year, mentee, mentor, today, organizer_id)
                .await
                .unwrap();
        assert_eq!(placed, app::matching::db::Placed::Placed);
        pairs.push(
            app::matching::db::active_pairs_of(&organizer.db, mentee)
                .await
                .unwrap()[0]
                .id,
        );
    }
    let pair = pairs[0];

    // Pair A's workspace.
    let agreed = mentee
        .call(SaveAgreement {
            pair_id: pair,
            form: AgreementForm {
                meeting_plan: "Video, monthly".into(),
                mentee_hopes: mark("agreement", "agreement-hopes", Subject::Mentee),
                off_limits: mark("agreement", "agreement-off-limits", Subject::Mentee),
                meetings_per_quarter: "2".into(),
                ..Default::default()
            },
        })
        .await;
    assert_eq!(agreed, Ok(()));
    let mut goal_of = Vec::new();
    for (key, shared) in [("goal", false), ("shared_goal", true)] {
        let name = key.replace('_', "-");
        let title = mark(key, &name, Subject::Mentee);
        let saved = mentee
            .call(SaveGoal {
                pair_id: pair,
                goal_id: 0,
                form: GoalForm {
                    title: title.clone(),
                    why: mark(key, &format!("{name}-why"), Subject::Mentee),
                    target: mark(key, &format!("{name}-target"), Subject::Mentee),
                    status: "in_progress".into(),
                    shareable: if shared { "on".into() } else { String::new() },
                },
            })
            .await;
        assert_eq!(saved, Ok(()));
        let page = mentee.call(GetPair { pair_id: pair }).await.unwrap();
        let goal = page.goals.iter().find(|g| g.title == title).unwrap().id;
        let step = mentee
            .call(AddGoalStep {
                goal_id: goal,
                text: mark(key, &format!("{name}-step"), Subject::Mentee),
            })
            .await;
        assert_eq!(step, Ok(()));
        let comment = mentor
            .call(CommentOnGoal {
                goal_id: goal,
                body: mark(key, &format!("{name}-comment"), Subject::Mentee),
            })
            .await;
        assert_eq!(comment, Ok(()));
        goal_of.push(goal);
    }
    let two_days_ago = (today - chrono::Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let proposed = mentee
        .call(ProposeMeeting {
            pair_id: pair,
            form: MeetingForm {
                date: two_days_ago,
                time: "10:00".into(),
                duration_minutes: "45".into(),
                mode: "video".into(),
                place: format!(
                    "https://meet.example.edu/{}",
                    mark("meeting", "meeting-place", Subject::Mentee)
                ),
            },
        })
        .await;
    assert_eq!(proposed, Ok(()));
    let meeting = mentee
        .call(GetPair { pair_id: pair })
        .await
        .unwrap()
        .meetings[0]
        .id;
    assert_eq!(
        mentor
            .call(AcceptMeeting {
                meeting_id: meeting
            })
            .await,
        Ok(())
    );
    let held = mentor
        .call(RecordMeeting {
            meeting_id: meeting,
            outcome: "held".into(),
        })
        .await;
    assert_eq!(held, Ok(()));
    for goal in &goal_of {
        let on_agenda = mentee
            .call(AddToAgenda {
                meeting_id: meeting,
                item: format!("goal:{goal}"),
            })
            .await;
        assert_eq!(on_agenda, Ok(()));
    }
    let shared_notes = mark("shared_notes", "shared-notes", Subject::Mentee);
    for (member, subject, name) in [
        (&mentee, Subject::Mentee, "mentee-private-notes"),
        (&mentor, Subject::Mentor, "mentor-private-notes"),
    ] {
        let noted = member
            .call(SaveMeetingNotes {
                meeting_id: meeting,
                shared_notes: shared_notes.clone(),
                private_notes: mark("private_notes", name, subject),
            })
            .await;
        assert_eq!(noted, Ok(()));
    }
    let idea = mentee
        .call(AddPairIdea {
            pair_id: pair,
            form: IdeaForm {
                category: "job_hunting".into(),
                title: mark("pair_idea", "pair-idea", Subject::Mentee),
                how_to: mark("pair_idea", "pair-idea-how", Subject::Mentee),
                suggest: String::new(),
            },
        })
        .await;
    assert_eq!(idea, Ok(()));
    let concern = mentee
        .call(RaiseConcern {
            pair_id: pair,
            body: mark("concern", "concern", Subject::Mentee),
        })
        .await;
    assert_eq!(concern, Ok(()));
    let concern_id = organizer.call(GetConcernsQueue {}).await.unwrap()[0].id;
    let handled = organizer
        .call(HandleConcern {
            concern_id,
            status: "in_progress".into(),
            note: mark("concern_notes", "concern-note", Subject::Mentee),
            reply: mark("concern", "concern-reply", Subject::Mentee),
        })
        .await;
    assert_eq!(handled, Ok(()));
    let checked_in = mentee
        .call(SubmitCheckin {
            pair_id: pair,
            rating: "4".into(),
            met: "on".into(),
            message: mark("checkin", "checkin", Subject::Mentee),
        })
        .await;
    assert_eq!(checked_in, Ok(()));
    let suggested = mentee
        .call(SuggestResourceChange {
            slug: "about".into(),
            body: mark(
                "resource_suggestion_text",
                "suggestion-body",
                Subject::Mentee,
            ),
            note: mark("resource_suggestion", "suggestion-note", Subject::Mentee),
        })
        .await;
    assert_eq!(suggested, Ok(()));

    // What only the app keeps: values read back from the database.
    let made = mentee
        .call(ResetCalendarFeed {
            back_to: String::new(),
        })
        .await;
    assert_eq!(made, Ok(()));
    let feed_address = mentee
        .call(GetCalendarFeed {})
        .await
        .unwrap()
        .just_made
        .expect("the feed's address, once");
    let feed = feed_address.rsplit("/calendar/").next().unwrap().to_owned();
    let reset = mentee
        .call(app::auth::api::RequestPasswordReset {
            email: mentee_email.clone(),
        })
        .await;
    assert_eq!(reset, Ok(()));
    let db = &organizer.db;
    let user = app::entities::users::Entity::find_by_id(mentee_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    marked.push(Marked::new("password", user.password_hash, Subject::Mentee));
    let sessions = app::entities::sessions::Entity::find()
        .filter(app::entities::sessions::Column::UserId.eq(mentee_id))
        .all(db)
        .await
        .unwrap();
    marked.push(Marked::new(
        "sessions",
        sessions[0].id.clone(),
        Subject::Mentee,
    ));
    let resets = app::entities::password_resets::Entity::find()
        .filter(app::entities::password_resets::Column::UserId.eq(mentee_id))
        .all(db)
        .await
        .unwrap();
    marked.push(Marked::new(
        "password_resets",
        resets[0].token_hash.clone(),
        Subject::Mentee,
    ));
    let feed_row = app::entities::calendar_feeds::Entity::find_by_id(mentee_id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    marked.push(Marked::new(
        "calendar_feed",
        feed_row.token_hash,
        Subject::Mentee,
    ));
    let reset_email = app::entities::outbox::Entity::find()
        .filter(app::entities::outbox::Column::UserId.eq(mentee_id))
        .filter(app::entities::outbox::Column::Sensitive.eq(true))
        .all(db)
        .await
        .unwrap();
    let link_token = reset_email[0]
        .body
        .split("/reset-password/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("the reset link in the email")
        .to_owned();
    marked.push(Marked {
        only_by_email: true,
        ..Marked::new("password_emails", link_token, Subject::Mentee)
    });

    let slug = "about".to_owned();
    let signed_out = organizer.new_browser();
    World {
        clients: vec![
            (Who::Mentee, mentee),
            (Who::Mentor, mentor),
            (Who::OtherPairsMentee, other_mentee),
            (Who::Unmatched, unmatched),
            (Who::SignedOut, signed_out),
            // Last: organizers' reads take the flash messages of their own writes.
            (Who::Organizer, organizer),
        ],
        ids: Ids {
            year,
            pair,
            meeting,
            mentee: mentee_id,
            mentor: mentor_id,
            slug,
            feed,
        },
        marked,
    }
}

async fn every_personal_field_shows_exactly_where_the_data_map_allows(engine: Engine) {
    let w = world(engine).await;
    let walked: BTreeSet<&str> = w.marked.iter().map(|m| m.key).collect();
    let skipped: BTreeSet<&str> = NOT_WALKED.iter().map(|(key, _)| *key).collect();
    let unchecked: Vec<&str> = DATA_MAP
        .iter()
        .map(|field| field.key)
        .filter(|key| !walked.contains(key) && !skipped.contains(key))
        .collect();
    assert!(
        unchecked.is_empty(),
        "fields of the data map the walk neither fills nor says why not: {unchecked:?}"
    );
    for key in &skipped {
        assert!(field(key).is_some(), "{key} is not in the data map");
        assert!(!walked.contains(key), "{key} is walked and said not to be");
    }

    let mut mismatches = Vec::new();
    for (who, client) in &w.clients {
        let seen = walk(client, *who, &w.ids).await;
        for marked in &w.marked {
            let places: Vec<&str> = seen
                .iter()
                .filter(|(_, text)| text.contains(&marked.value))
                .map(|(place, _)| place.as_str())
                .collect();
            let expected = marked.expected_for(*who);
            if expected && places.is_empty() {
                mismatches.push(format!(
                    "{} ({}, about the {:?}): {who:?} may read it but sees it nowhere",
                    marked.key, marked.value, marked.subject
                ));
            }
            if !expected && !places.is_empty() {
                mismatches.push(format!(
                    "{} ({}, about the {:?}): {who:?} must not read it but sees it in {}",
                    marked.key,
                    marked.value,
                    marked.subject,
                    places.join(", ")
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches with the data map:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The `path!("…")` routes of `lib.rs` and the `.route("…")` ones of the server.
fn routes_in_the_source() -> BTreeSet<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut routes = BTreeSet::new();
    for (file, prefix) in [
        (root.join("../app/src/lib.rs"), "path!(\""),
        (root.join("src/lib.rs"), ".route(\""),
        (root.join("src/oidc.rs"), ".route(\""),
    ] {
        let text = std::fs::read_to_string(&file).expect("read the routes");
        for piece in text.split(prefix).skip(1) {
            routes.insert(piece.split('"').next().unwrap().to_owned());
        }
    }
    routes
}

#[test]
fn the_walk_reads_every_page() {
    let routes = routes_in_the_source();
    assert!(
        routes.contains("/pairs/:id") && routes.contains("/healthz"),
        "{routes:?}"
    );
    let walked: BTreeSet<String> = PAGES.iter().map(|page| (*page).to_owned()).collect();
    let missing: Vec<_> = routes.difference(&walked).collect();
    let stale: Vec<_> = walked.difference(&routes).collect();
    assert!(
        missing.is_empty(),
        "pages the data-map walk does not read: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "pages the walk reads that no longer exist: {stale:?}"
    );
}

#[test]
fn the_walk_calls_every_server_function_that_reads() {
    let served: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let listed: BTreeSet<String> = READS
        .iter()
        .chain(WRITES)
        .chain(pair_writes())
        .map(|name| (*name).to_owned())
        .collect();
    let missing: Vec<_> = served.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&served).collect();
    assert!(
        missing.is_empty(),
        "server functions neither read by the data-map walk nor listed as writes: {missing:?}"
    );
    assert!(stale.is_empty(), "listed but not served: {stale:?}");
    assert_eq!(
        READS.len() + WRITES.len() + pair_writes().len(),
        listed.len(),
        "listed once each"
    );
}

async fn the_privacy_page_shows_the_data_map_to_anyone_and_every_page_links_it(engine: Engine) {
    let visitor = spawn_app(engine).await;
    let page = visitor.get("/privacy").await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("<caption"), "the table has a caption");
    for field in DATA_MAP {
        assert!(
            html.contains(&format!("<tr id=\"{}\"", field.key)),
            "{} is not on the page",
            field.key
        );
        assert!(
            html.contains(&field.readers_in_words()),
            "{}: who reads it is not on the page",
            field.key
        );
    }
    for path in ["/", "/sign-in", "/resources"] {
        let html = visitor.get(path).await.text().await.unwrap();
        assert!(
            html.contains("href=\"/privacy\""),
            "{path} links no privacy page"
        );
    }
}

async fn save_own_profile(person: &TestApp, user_id: i32, profile: ProfileInput) {
    let saved = person.call(SaveProfile { user_id, profile }).await;
    assert_eq!(saved, Ok(()), "a profile of the world");
}

/// The pair workspace's writes, as its access table lists them (all but `pair_page`, a read).
fn pair_writes() -> &'static [&'static str] {
    let functions = &crate::pairs::PAIR_FUNCTIONS;
    assert_eq!(functions[0], "pair_page");
    &functions[1..]
}
