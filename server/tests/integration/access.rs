//! Who may call each server function, on both engines: one rule per function, checked against the
//! server's own list (a function added without a rule fails the first test), and each function
//! called by someone signed out, a participant it is not about, the person it is about and an
//! organizer. The pair workspace's functions have their own, finer table in `pairs.rs`.

use std::collections::BTreeSet;

use app::resources::api::GetResources;

use crate::helpers::{Engine, FnResponse, TestApp, profile_form, year_form};
use crate::on_both_engines;
use crate::pairs::{PAIR_FUNCTIONS, World, world};

on_both_engines!(
    every_server_function_has_an_access_rule,
    each_server_function_refuses_exactly_whom_its_rule_excludes,
);

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Anyone, signed in or not: signing in, public pages, links sent by email.
    Anyone,
    /// Anyone signed in, about themselves.
    SignedIn,
    /// The person whose profile it is, and organizers (403 for anyone else).
    ProfileOwner,
    /// A mentee's profile: the mentee, their partner and organizers; anyone else is not told it
    /// exists (404).
    PrivateProfile,
    /// The pair's members (organizers read some): `pairs.rs` checks each caller.
    PairMembers,
    /// Those who took part in a closed year (its final survey): the world's year is open, so
    /// everyone is refused here; `closing.rs` has participants answer once the year closes.
    ClosedYearParticipants,
    /// Organizers only.
    Organizers,
}

use Rule::*;

const RULES: &[(&str, Rule)] = &[
    // Accounts.
    ("current_user", Anyone),
    ("sign_up", Anyone),
    ("sign_in", Anyone),
    ("sign_out", Anyone),
    ("setup_available", Anyone),
    ("create_first_organizer", Anyone),
    ("request_password_reset", Anyone),
    ("reset_link_usable", Anyone),
    ("reset_password", Anyone),
    ("single_sign_on", Anyone),
    ("pending_link_email", Anyone),
    ("link_university_account", Anyone),
    ("change_password", SignedIn),
    ("list_people", Organizers),
    ("promote_to_organizer", Organizers),
    ("set_account_disabled", Organizers),
    // Home, notices and email.
    ("home_page", Anyone),
    ("my_matches", SignedIn),
    ("my_notices", SignedIn),
    ("email_preferences", SignedIn),
    ("save_email_preferences", SignedIn),
    ("unsubscribe_details", Anyone),
    ("unsubscribe", Anyone),
    ("outbox", Organizers),
    ("send_again", Organizers),
    ("reminders", Organizers),
    ("save_reminder_rule", Organizers),
    ("run_reminders", Organizers),
    ("announce", Organizers),
    ("announcement_state", Organizers),
    ("audit_log", Organizers),
    ("dashboard", Organizers),
    ("dashboard_list", Organizers),
    // Enrollment and orientation.
    ("application_state", SignedIn),
    ("apply", SignedIn),
    ("save_ranking", SignedIn),
    ("invitation_details", Anyone),
    ("accept_invitation", Anyone),
    ("applications", Organizers),
    ("decide_application", Organizers),
    ("invitations", Organizers),
    ("invite", Organizers),
    ("upload_roster", Organizers),
    ("import_preview", Organizers),
    ("import_commit", Organizers),
    ("my_orientation", SignedIn),
    ("rsvp_orientation", SignedIn),
    ("cancel_orientation_rsvp", SignedIn),
    ("orientation_sessions", Organizers),
    ("create_orientation_session", Organizers),
    ("mark_orientation_attendance", Organizers),
    // Profiles and the directory.
    ("editable_profile", ProfileOwner),
    ("save_profile", ProfileOwner),
    ("profile", PrivateProfile),
    ("directory", SignedIn),
    // Matching.
    ("matching_workspace", Organizers),
    ("save_matching_settings", Organizers),
    ("edit_draft", Organizers),
    ("publish_draft", Organizers),
    ("assign_pair", Organizers),
    ("end_pair", Organizers),
    // Pairs.
    ("my_pairs", SignedIn),
    ("calendar_feed", SignedIn),
    ("reset_calendar_feed", SignedIn),
    ("stop_calendar_feed", SignedIn),
    ("ideas_library", SignedIn),
    ("save_library_idea", Organizers),
    ("review_idea_suggestion", Organizers),
    ("concerns_queue", Organizers),
    ("handle_concern", Organizers),
    ("pair_page", PairMembers),
    ("save_agreement", PairMembers),
    ("save_goal", PairMembers),
    ("move_goal", PairMembers),
    ("add_goal_step", PairMembers),
    ("toggle_goal_step", PairMembers),
    ("comment_on_goal", PairMembers),
    ("propose_meeting", PairMembers),
    ("accept_meeting", PairMembers),
    ("reschedule_meeting", PairMembers),
    ("record_meeting", PairMembers),
    ("save_meeting_notes", PairMembers),
    ("add_to_agenda", PairMembers),
    ("toggle_agenda_item", PairMembers),
    ("add_pair_idea", PairMembers),
    ("raise_concern", PairMembers),
    ("submit_checkin", PairMembers),
    // The program and its years.
    ("vocabulary", SignedIn),
    ("final_survey", ClosedYearParticipants),
    ("submit_final_survey", ClosedYearParticipants),
    // The year's dates and phase, and who organizes the program: public, as on the home page.
    ("current_year", Anyone),
    ("organizing_bodies", Anyone),
    ("list_program_years", Organizers),
    ("program_year", Organizers),
    ("suggested_year", Organizers),
    ("create_program_year", Organizers),
    ("update_program_year", Organizers),
    ("advance_phase", Organizers),
    ("make_year_current", Organizers),
    ("save_organizing_body", Organizers),
    ("remove_organizing_body", Organizers),
    ("add_vocabulary_term", Organizers),
    ("set_term_curated", Organizers),
    ("carry_over_source", Organizers),
    ("carry_over", Organizers),
    ("carried_over", Organizers),
    // Resources.
    ("resources", Anyone),
    ("resource", Anyone),
    ("suggest_resource_change", SignedIn),
    ("resource_editor", Organizers),
    ("save_resource", Organizers),
    ("discard_resource_draft", Organizers),
    ("add_resource", Organizers),
    ("resource_history", Organizers),
    ("restore_resource_revision", Organizers),
    ("review_resource_suggestion", Organizers),
];

/// An id nothing has: an organizer's call gets past the check and finds nothing, so no test
/// object is changed (ending a pair, say) while the table is walked.
const NOTHING: &str = "999999";

/// The ids the calls refer to.
struct Ids {
    year: String,
    mentor: String,
    mentee: String,
    slug: String,
}

/// A form the function accepts (so a refusal is the rule's, not a parse error's).
fn form_for(function: &str, ids: &Ids) -> Vec<(&'static str, String)> {
    let text = |pairs: &[(&'static str, &str)]| {
        pairs
            .iter()
            .map(|(name, value)| (*name, (*value).to_owned()))
            .collect::<Vec<_>>()
    };
    let with_year_dates = |mut form: Vec<(&'static str, String)>| {
        // Dates that do not parse: the organizer's call is refused by validation, not saved.
        form.extend(year_form(10));
        form.retain(|(name, _)| *name != "enrollment_deadline");
        form.push(("enrollment_deadline", "not a date".to_owned()));
        form
    };
    match function {
        "sign_up" => text(&[
            ("display_name", "Zed Zero"),
            ("email", "zed@example.edu"),
            ("password", "correct horse battery"),
        ]),
        "link_university_account" => text(&[("password", "wrong password!")]),
        "sign_in" => text(&[
            ("email", "nobody@example.edu"),
            ("password", "wrong password!"),
        ]),
        "change_password" => text(&[
            ("current_password", "not it at all"),
            ("new_password", "a brand new passphrase"),
        ]),
        "setup_available"
        | "reset_link_usable"
        | "invitation_details"
        | "accept_invitation"
        | "unsubscribe_details"
        | "unsubscribe" => text(&[("token", "no-such-token")]),
        "create_first_organizer" => text(&[
            ("token", "no-such-token"),
            ("display_name", "Zed Zero"),
            ("email", "zed@example.edu"),
            ("password", "correct horse battery"),
        ]),
        "request_password_reset" => text(&[("email", "nobody@example.edu")]),
        "reset_password" => text(&[
            ("token", "no-such-token"),
            ("new_password", "a brand new passphrase"),
        ]),
        "promote_to_organizer" => text(&[("user_id", NOTHING)]),
        "set_account_disabled" => text(&[("user_id", NOTHING), ("disabled", "false")]),
        "send_again" => text(&[("id", NOTHING)]),
        "save_reminder_rule" => text(&[("kind", "orientation")]),
        "apply" => text(&[("role", "mentee")]),
        "decide_application" => text(&[("enrollment_id", NOTHING), ("status", "approved")]),
        "invite" => text(&[
            ("display_name", "Ines Invited"),
            ("email", "not an address"),
            ("role", "mentee"),
        ]),
        "import_preview" | "import_commit" => text(&[("import_id", NOTHING)]),
        "rsvp_orientation" | "cancel_orientation_rsvp" => text(&[("session_id", NOTHING)]),
        "orientation_sessions"
        | "program_year"
        | "final_survey"
        | "submit_final_survey"
        | "carry_over_source" => vec![("year_id", ids.year.clone())],
        "create_orientation_session" => text(&[
            ("year_id", NOTHING),
            ("starts_at", ""),
            ("duration_minutes", ""),
            ("capacity", ""),
        ]),
        "dashboard_list" => text(&[("figure", "no-such-figure")]),
        "save_organizing_body" => text(&[("name", ""), ("short_name", "")]),
        "mark_orientation_attendance" => text(&[
            ("session_id", NOTHING),
            ("user_id", NOTHING),
            ("attended", "true"),
        ]),
        "editable_profile" => vec![("user_id", ids.mentor.clone())],
        "save_profile" => profile_form(ids.mentor.parse().unwrap(), "mentor"),
        "profile" => vec![("user_id", ids.mentee.clone())],
        "save_matching_settings" | "publish_draft" => text(&[("version", "0")]),
        "edit_draft" => text(&[("version", "0"), ("action", "pin"), ("mentee", NOTHING)]),
        "assign_pair" => text(&[("mentee", NOTHING), ("mentor", NOTHING)]),
        "end_pair" => text(&[("pair_id", NOTHING), ("reason", "Moved away.")]),
        "review_idea_suggestion" => text(&[("idea_id", NOTHING), ("decision", "accept")]),
        "handle_concern" => text(&[("concern_id", NOTHING), ("status", "open")]),
        "create_program_year" => with_year_dates(Vec::new()),
        "update_program_year" => with_year_dates(text(&[("year_id", NOTHING)])),
        "advance_phase" => text(&[("year_id", NOTHING), ("phase", "matching")]),
        "make_year_current" | "carry_over" => text(&[("year_id", NOTHING)]),
        "remove_organizing_body" => text(&[("body_id", NOTHING)]),
        "add_vocabulary_term" => text(&[("label", "")]),
        "set_term_curated" => text(&[("tag_id", NOTHING), ("curated", "true")]),
        "resource" | "resource_editor" | "resource_history" => vec![("slug", ids.slug.clone())],
        "suggest_resource_change" => vec![
            ("slug", ids.slug.clone()),
            ("body", "A clearer first paragraph.".to_owned()),
            ("note", "Easier to read.".to_owned()),
        ],
        "save_resource" | "discard_resource_draft" => text(&[("slug", "no-such-page")]),
        "restore_resource_revision" => text(&[("slug", "no-such-page"), ("version", "1")]),
        "add_resource" => text(&[("title", ""), ("audience", "everyone")]),
        "review_resource_suggestion" => text(&[("suggestion_id", NOTHING), ("decision", "accept")]),
        _ => Vec::new(),
    }
}

async fn call(client: &TestApp, function: &str, form: &[(&'static str, String)]) -> FnResponse {
    if function == "upload_roster" {
        // The one multipart function: a one-row spreadsheet.
        let file =
            reqwest::multipart::Part::text("name,email,role\nRo Row,ro@example.edu,mentee\n")
                .file_name("participants.csv");
        let response = client
            .client
            .post(client.url("/api/upload_roster"))
            .header("origin", client.origin())
            .header("accept", "application/json")
            .multipart(reqwest::multipart::Form::new().part("file", file))
            .send()
            .await
            .expect("upload");
        let status = response.status().as_u16();
        let body = serde_json::Value::String(response.text().await.unwrap_or_default());
        return FnResponse { status, body };
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(n, v)| (*n, v.as_str())).collect();
    client.call_raw(function, &form).await
}

/// Got past the access check: neither refused (401, 403; 404 where a refusal hides the object)
/// nor failed.
fn allowed(status: u16) -> bool {
    !matches!(status, 401 | 403) && status < 500
}

async fn every_server_function_has_an_access_rule(_engine: Engine) {
    let served: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    let ruled: BTreeSet<String> = RULES.iter().map(|(name, _)| (*name).to_owned()).collect();

    let without_rule: Vec<_> = served.difference(&ruled).collect();
    let without_function: Vec<_> = ruled.difference(&served).collect();
    assert!(
        without_rule.is_empty(),
        "server functions without a rule: {without_rule:?}"
    );
    assert!(
        without_function.is_empty(),
        "rules for no server function: {without_function:?}"
    );
    assert_eq!(RULES.len(), ruled.len(), "one rule per function");
    let pair_rules: BTreeSet<&str> = RULES
        .iter()
        .filter(|(_, rule)| *rule == PairMembers)
        .map(|(name, _)| *name)
        .collect();
    assert_eq!(
        pair_rules,
        PAIR_FUNCTIONS.into_iter().collect(),
        "the pair table checks exactly the pair functions"
    );
}

/// Who is asked, and whether the rule lets them in.
fn expected_refusal(rule: Rule, caller: &str) -> Option<u16> {
    match (rule, caller) {
        (Anyone, _) => None,
        (_, "signed out") => Some(401),
        (Organizers, "organizer") => None,
        (Organizers, _) => Some(403),
        (SignedIn, _) => None,
        (ProfileOwner, "the person it is about" | "organizer") => None,
        (ProfileOwner, _) => Some(403),
        (PrivateProfile, "the person it is about" | "their partner" | "organizer") => None,
        (PrivateProfile, _) => Some(404),
        (ClosedYearParticipants, _) => Some(403),
        (PairMembers, _) => unreachable!("checked in pairs.rs"),
    }
}

async fn each_server_function_refuses_exactly_whom_its_rule_excludes(engine: Engine) {
    let w: World = world(engine).await;
    let year = w.organizer.current_year().await.id.to_string();
    let slug = w
        .anonymous
        .call(GetResources {})
        .await
        .expect("read the resources")
        .pages[0]
        .slug
        .clone();
    let ids = Ids {
        year,
        mentor: w.mentor.my_id().await.to_string(),
        mentee: w.mentee.my_id().await.to_string(),
        slug,
    };
    let rules: Vec<(&str, Rule)> = RULES
        .iter()
        .copied()
        .filter(|(_, rule)| *rule != PairMembers)
        .collect();
    let mut mismatches = Vec::new();

    // Refusals first: a refused call changes nothing, so every later call finds the same world.
    for &(function, rule) in &rules {
        let form = form_for(function, &ids);
        let callers: Vec<(&str, &TestApp)> = match rule {
            ProfileOwner | PrivateProfile => vec![
                ("signed out", &w.anonymous),
                ("another participant", &w.unmatched),
                ("another pair's mentee", &w.other_mentee),
            ],
            ClosedYearParticipants => vec![
                ("signed out", &w.anonymous),
                ("a participant", &w.unmatched),
                ("organizer", &w.organizer),
            ],
            _ => vec![
                ("signed out", &w.anonymous),
                ("a participant", &w.unmatched),
            ],
        };
        for (caller, client) in callers {
            let Some(refusal) = expected_refusal(rule, caller) else {
                continue;
            };
            let response = call(client, function, &form).await;
            if response.status != refusal {
                mismatches.push(format!(
                    "{function} by {caller}: {} (wanted {refusal}) {}",
                    response.status, response.body
                ));
            }
        }
    }

    // Then those the rule lets in. Signed-out callers each get a browser of their own, since
    // signing up signs one in; the organizer comes last, and its forms point at nothing.
    for &(function, rule) in &rules {
        let form = form_for(function, &ids);
        let fresh = w.anonymous.new_browser();
        let callers: Vec<(&str, &TestApp)> = match rule {
            Anyone => vec![("signed out", &fresh)],
            SignedIn => vec![("a participant", &w.unmatched)],
            ProfileOwner => vec![("the person it is about", &w.mentor)],
            PrivateProfile => vec![
                ("the person it is about", &w.mentee),
                ("their partner", &w.mentor),
            ],
            Organizers | PairMembers | ClosedYearParticipants => Vec::new(),
        }
        .into_iter()
        .chain(
            (function != "sign_out" && rule != ClosedYearParticipants)
                .then_some(("organizer", &w.organizer)),
        )
        .collect();
        for (caller, client) in callers {
            let response = call(client, function, &form).await;
            if !allowed(response.status) {
                mismatches.push(format!(
                    "{function} by {caller}: {} (wanted it let in) {}",
                    response.status, response.body
                ));
            }
        }
    }

    assert!(mismatches.is_empty(), "{mismatches:#?}");
    // The walk ended with everyone still signed in as themselves.
    assert!(w.organizer.whoami().await.is_some());
    assert!(w.unmatched.whoami().await.is_some());
}
