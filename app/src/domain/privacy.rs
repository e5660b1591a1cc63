//! The data map: every personal field the app keeps, where it lives, who may read it and how long
//! it is kept. One table, pure data: `/privacy` renders it, a unit test of the entities checks
//! that every column holding personal data is in it, and the integration test `privacy.rs` has
//! each kind of viewer read every page and server function and fails wherever a field shows
//! where this table does not allow it (or does not show where it does).

/// Who may read a field, seen from the person it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reader {
    /// The person the field is about.
    Themselves,
    /// Their partner in a pair (mentee and mentor).
    Partner,
    /// The program's organizers.
    Organizers,
    /// Other participants of the year: another pair's members, approved participants not yet
    /// matched.
    OtherParticipants,
    /// Anyone, signed in or not.
    SignedOut,
}

impl Reader {
    pub const ALL: [Reader; 5] = [
        Reader::Themselves,
        Reader::Partner,
        Reader::Organizers,
        Reader::OtherParticipants,
        Reader::SignedOut,
    ];

    /// As the page says it, to the person the field is about.
    pub fn label(self) -> &'static str {
        match self {
            Reader::Themselves => "you",
            Reader::Partner => "your partner",
            Reader::Organizers => "the organizers",
            Reader::OtherParticipants => "the year's other participants",
            Reader::SignedOut => "anyone, signed in or not",
        }
    }
}

/// One personal field (or a few that always go together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonalField {
    /// Stable name, for tests and anchors.
    pub key: &'static str,
    /// What it is, in plain words, to the person it is about.
    pub name: &'static str,
    /// Where it lives, as `table.column`.
    pub columns: &'static [&'static str],
    /// Who may read it; empty: nobody (the app only checks it).
    pub readers: &'static [Reader],
    /// How long it is kept, as the app does it today.
    pub kept: &'static str,
}

impl PersonalField {
    pub fn readable_by(&self, reader: Reader) -> bool {
        self.readers.contains(&reader)
    }

    /// "You, your partner and the organizers", or "Nobody: …".
    pub fn readers_in_words(&self) -> String {
        let labels: Vec<&str> = Reader::ALL
            .into_iter()
            .filter(|reader| self.readable_by(*reader))
            .map(Reader::label)
            .collect();
        let text = match labels.as_slice() {
            [] => return "Nobody: the app only uses it to check".to_owned(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        };
        let mut chars = text.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

use Reader::*;

/// Nothing deletes it today: there is no deletion of accounts or years yet.
const KEPT: &str = "Kept: the app deletes none of it yet";
const KEPT_REPLACED: &str =
    "Kept; replaced when you save it again (the app deletes none of it yet)";

/// Every personal field the app keeps.
pub const DATA_MAP: &[PersonalField] = &[
    // The account.
    PersonalField {
        key: "mentor_name",
        name: "Your name, if you are a mentor",
        columns: &["users.display_name"],
        readers: &[Themselves, Partner, Organizers, OtherParticipants],
        kept: KEPT,
    },
    PersonalField {
        key: "mentee_name",
        name: "Your name, if you are a mentee",
        columns: &["users.display_name"],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "email",
        name: "Your email address",
        columns: &["users.email"],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "email_confirmed",
        name: "Whether and when you confirmed your email address",
        columns: &["users.email_verified_at"],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "password",
        name: "Your password, stored only as an Argon2id hash",
        columns: &["users.password_hash"],
        readers: &[],
        kept: "Until you change it",
    },
    PersonalField {
        key: "account",
        name: "Whether your account is an organizer's or disabled, and when it was made",
        columns: &[
            "users.is_organizer",
            "users.disabled_at",
            "users.created_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "university_account",
        name: "Your university account's id at its sign-in service, once you sign in with it, and when you last did",
        columns: &[
            "external_identities.issuer",
            "external_identities.subject",
            "external_identities.user_id",
            "external_identities.created_at",
            "external_identities.last_sign_in_at",
        ],
        readers: &[],
        kept: KEPT,
    },
    PersonalField {
        key: "sessions",
        name: "Your signed-in sessions: a random id in a cookie, and whose it is",
        columns: &[
            "sessions.id",
            "sessions.data",
            "sessions.user_id",
            "sessions.expires_at",
        ],
        readers: &[],
        kept: "Deleted when you sign out; expired ones (2 days unused, 14 days at most) are swept away",
    },
    PersonalField {
        key: "sign_in_failures",
        name: "Failed sign-ins: the email typed and the network address it came from",
        columns: &[
            "sign_in_failures.email",
            "sign_in_failures.address",
            "sign_in_failures.failed_at",
        ],
        readers: &[],
        kept: "Deleted when the account next signs in; everyone's older than an hour are deleted at any sign-in",
    },
    PersonalField {
        key: "request_limits",
        name: "When a network address last signed up, accepted an invitation or asked for a reset link, for the limits on each",
        columns: &[
            "request_limits.action",
            "request_limits.address",
            "request_limits.at",
        ],
        readers: &[],
        kept: "Deleted once older than the limit's window (an hour), at the next such request",
    },
    PersonalField {
        key: "password_resets",
        name: "Password-reset requests, with only a hash of the link's token",
        columns: &[
            "password_resets.user_id",
            "password_resets.token_hash",
            "password_resets.created_at",
            "password_resets.expires_at",
            "password_resets.used_at",
        ],
        readers: &[],
        kept: "Kept (the app deletes none of it yet); a link works once, for an hour",
    },
    PersonalField {
        key: "calendar_feed",
        name: "Your calendar feed's link, stored only as a hash of its token",
        columns: &[
            "calendar_feeds.user_id",
            "calendar_feeds.token_hash",
            "calendar_feeds.created_at",
        ],
        readers: &[],
        kept: "Until you stop or renew the feed",
    },
    // The profile.
    PersonalField {
        key: "mentor_profile",
        name: "Your profile, if you are a mentor: pronouns, bio, location, how and in which time zone you meet, employer, job title, how you came to the program, years of experience, graduation year, what you offer, expertise and sectors",
        columns: &[
            "profiles.user_id",
            "profiles.side",
            "profiles.pronouns",
            "profiles.bio",
            "profiles.location",
            "profiles.remote_ok",
            "profiles.meeting_modes",
            "profiles.time_zone",
            "profiles.employer",
            "profiles.job_title",
            "profiles.mentor_source",
            "profiles.years_experience",
            "profiles.offers",
            "profiles.alumni_graduation_year",
            "profiles.updated_at",
            "profile_tags.user_id",
            "profile_tags.tag_id",
            "profile_tags.kind",
        ],
        readers: &[Themselves, Partner, Organizers, OtherParticipants],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "mentee_profile",
        name: "Your profile, if you are a mentee: pronouns, bio, location, how and in which time zone you meet, degree program, graduation year, interests, the sectors and jobs you dream of and those you don't want, what you want from a mentor",
        columns: &[
            "profiles.user_id",
            "profiles.side",
            "profiles.pronouns",
            "profiles.bio",
            "profiles.location",
            "profiles.remote_ok",
            "profiles.meeting_modes",
            "profiles.time_zone",
            "profiles.degree_program",
            "profiles.expected_graduation_year",
            "profiles.dream_jobs",
            "profiles.unwanted_jobs",
            "profiles.wants",
            "profiles.wants_from_mentor",
            "profiles.updated_at",
            "profile_tags.user_id",
            "profile_tags.tag_id",
            "profile_tags.kind",
        ],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "contact_preferences",
        name: "How you like to be contacted",
        columns: &["profiles.contact_preferences"],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT_REPLACED,
    },
    // Applying.
    PersonalField {
        key: "application",
        name: "Your application to a year: as mentee or mentor, how many mentees, your goals and notes for the organizers",
        columns: &[
            "enrollments.user_id",
            "enrollments.year_id",
            "enrollments.role",
            "enrollments.status",
            "enrollments.capacity",
            "enrollments.goals",
            "enrollments.notes_for_organizers",
            "enrollments.created_at",
            "enrollments.updated_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "availability",
        name: "The availability you wrote in your application (no page shows it to anyone else)",
        columns: &["enrollments.availability"],
        readers: &[Themselves],
        kept: KEPT,
    },
    PersonalField {
        key: "decision",
        name: "The organizers' decision on your application, with its message",
        columns: &[
            "enrollments.decision_message",
            "enrollments.decided_by",
            "enrollments.decided_at",
            "enrollments.body_id",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "ranking",
        name: "Your ranking of the mentors you would like",
        columns: &[
            "rankings.enrollment_id",
            "rankings.position",
            "rankings.ranked_id",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "orientation",
        name: "Your orientation sign-up and whether you attended",
        columns: &[
            "orientation_rsvps.session_id",
            "orientation_rsvps.user_id",
            "orientation_rsvps.attended",
            "orientation_rsvps.created_at",
        ],
        readers: &[Themselves, Organizers],
        kept: "Deleted when you cancel; otherwise kept (the app deletes none of it yet)",
    },
    PersonalField {
        key: "invitation",
        name: "An invitation to join: name, email, side, degree program or how a mentor came, number of mentees, and a hash of the link's token",
        columns: &[
            "invitations.year_id",
            "invitations.email",
            "invitations.display_name",
            "invitations.role",
            "invitations.degree_program",
            "invitations.mentor_source",
            "invitations.capacity",
            "invitations.token_hash",
            "invitations.invited_by",
            "invitations.created_at",
            "invitations.expires_at",
            "invitations.accepted_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "roster_upload",
        name: "A roster spreadsheet the organizers uploaded: its file name and contents (names, emails, sides)",
        columns: &[
            "imports.year_id",
            "imports.uploaded_by",
            "imports.file_name",
            "imports.content",
            "imports.created_at",
            "imports.committed_at",
        ],
        readers: &[Organizers],
        kept: KEPT,
    },
    // The pair.
    PersonalField {
        key: "pair",
        name: "Who you are matched with, since when, and when and why the match ended",
        columns: &[
            "pairs.year_id",
            "pairs.mentee_id",
            "pairs.mentor_id",
            "pairs.started_on",
            "pairs.ended_on",
            "pairs.end_reason",
            "pairs.created_by",
            "pairs.created_at",
        ],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "agreement",
        name: "Your pair's agreement: how often and how you meet and talk, each side's hopes, and what is off limits",
        columns: &[
            "pair_agreements.pair_id",
            "pair_agreements.meeting_plan",
            "pair_agreements.communication",
            "pair_agreements.mentee_hopes",
            "pair_agreements.mentor_hopes",
            "pair_agreements.off_limits",
            "pair_agreements.meetings_per_quarter",
            "pair_agreements.updated_by",
            "pair_agreements.updated_at",
        ],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "goal",
        name: "A goal the mentee has not shared with the organizers: its title, why, target, steps and comments, also where it is on a meeting's agenda (the organizers see only how many goals stand at each status)",
        columns: &[
            "goals.pair_id",
            "goals.position",
            "goals.title",
            "goals.why",
            "goals.target",
            "goals.status",
            "goals.shareable",
            "goals.created_at",
            "goals.updated_at",
            "goal_steps.goal_id",
            "goal_steps.text",
            "goal_steps.done",
            "goal_steps.created_at",
            "goal_comments.goal_id",
            "goal_comments.author_id",
            "goal_comments.body",
            "goal_comments.created_at",
            "agenda_items.goal_id",
        ],
        readers: &[Themselves, Partner],
        kept: KEPT,
    },
    PersonalField {
        key: "shared_goal",
        name: "A goal the mentee shared with the organizers, with its steps and comments",
        columns: &[
            "goals.title",
            "goals.why",
            "goals.target",
            "goals.status",
            "goals.shareable",
            "goal_steps.text",
            "goal_comments.body",
        ],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "meeting",
        name: "A meeting's time, length, way, place, status and agenda",
        columns: &[
            "meetings.pair_id",
            "meetings.proposed_by",
            "meetings.starts_at",
            "meetings.duration_minutes",
            "meetings.mode",
            "meetings.place",
            "meetings.status",
            "meetings.created_at",
            "meetings.updated_at",
            "agenda_items.meeting_id",
            "agenda_items.idea_id",
            "agenda_items.done",
        ],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "shared_notes",
        name: "A meeting's shared notes",
        columns: &["meetings.shared_notes"],
        readers: &[Themselves, Partner],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "private_notes",
        name: "Your private notes on a meeting",
        columns: &[
            "meeting_private_notes.meeting_id",
            "meeting_private_notes.user_id",
            "meeting_private_notes.body",
            "meeting_private_notes.updated_at",
        ],
        readers: &[Themselves],
        kept: "Kept; replaced when you rewrite them, deleted when you empty them",
    },
    PersonalField {
        key: "pair_idea",
        name: "An idea your pair wrote for itself (everyone signed in reads it once the organizers take it into the library)",
        columns: &[
            "ideas.pair_id",
            "ideas.category",
            "ideas.title",
            "ideas.how_to",
            "ideas.suggestion",
            "ideas.created_by",
            "ideas.created_at",
        ],
        readers: &[Themselves, Partner, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "concern",
        name: "A concern you raise about your match, its status and the organizers' reply (never your partner)",
        columns: &[
            "concerns.pair_id",
            "concerns.reporter_id",
            "concerns.body",
            "concerns.status",
            "concerns.reply",
            "concerns.created_at",
            "concerns.updated_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "concern_notes",
        name: "The organizers' internal notes on a concern you raised",
        columns: &[
            "concern_notes.concern_id",
            "concern_notes.author_id",
            "concern_notes.body",
            "concern_notes.created_at",
        ],
        readers: &[Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "checkin",
        name: "Your quarterly check-in: how it is going, whether you met, and your message",
        columns: &[
            "checkins.pair_id",
            "checkins.user_id",
            "checkins.quarter",
            "checkins.rating",
            "checkins.met",
            "checkins.message",
            "checkins.created_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "final_survey",
        name: "Your final survey: rating, whether you would recommend the program, and comments (the organizers read the comments without names)",
        columns: &[
            "final_surveys.year_id",
            "final_surveys.user_id",
            "final_surveys.rating",
            "final_surveys.recommend",
            "final_surveys.comments",
            "final_surveys.created_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT_REPLACED,
    },
    // Telling people.
    PersonalField {
        key: "notices",
        name: "Notices for you in the app",
        columns: &[
            "notices.user_id",
            "notices.message",
            "notices.link",
            "notices.created_at",
            "notices.read_at",
        ],
        readers: &[Themselves],
        kept: KEPT,
    },
    PersonalField {
        key: "email_preferences",
        name: "Which emails you turned off",
        columns: &[
            "email_opt_outs.user_id",
            "email_opt_outs.kind",
            "email_opt_outs.created_at",
        ],
        readers: &[Themselves],
        kept: "Until you turn that email back on",
    },
    PersonalField {
        key: "emails",
        name: "Emails the app sends you: address, subject, text and how delivery went",
        columns: &[
            "outbox.recipient",
            "outbox.subject",
            "outbox.body",
            "outbox.created_at",
            "outbox.sent_at",
            "outbox.attempts",
            "outbox.user_id",
            "outbox.kind",
            "outbox.next_attempt_at",
            "outbox.claimed_at",
            "outbox.failed_at",
            "outbox.last_error",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "password_emails",
        name: "The text of emails with a password link (setting up an invited account, resetting a password): the organizers see only that one was sent",
        columns: &["outbox.body", "outbox.sensitive"],
        readers: &[Themselves],
        kept: KEPT,
    },
    PersonalField {
        key: "reminders_sent",
        name: "Which reminders were sent to you, and when",
        columns: &[
            "reminder_log.kind",
            "reminder_log.user_id",
            "reminder_log.occasion",
            "reminder_log.pair_id",
            "reminder_log.sent_at",
        ],
        readers: &[Organizers],
        kept: KEPT,
    },
    // The organizers' records.
    PersonalField {
        key: "audit",
        name: "The audit log: who changed what, about whom, and when",
        columns: &[
            "audit_log.at",
            "audit_log.actor_id",
            "audit_log.actor_name",
            "audit_log.action",
            "audit_log.subject",
            "audit_log.details",
        ],
        readers: &[Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "matching_draft",
        name: "The organizers' draft of the year's matches",
        columns: &[
            "matching_drafts.state",
            "matching_drafts.saved_by",
            "matching_drafts.saved_at",
        ],
        readers: &[Organizers],
        kept: KEPT_REPLACED,
    },
    PersonalField {
        key: "resource_suggestion",
        name: "A change you suggest to a resource page: your note about it, its status and the organizers' reply",
        columns: &[
            "resource_suggestions.resource_id",
            "resource_suggestions.user_id",
            "resource_suggestions.base_version",
            "resource_suggestions.note",
            "resource_suggestions.status",
            "resource_suggestions.reply",
            "resource_suggestions.decided_by",
            "resource_suggestions.decided_at",
            "resource_suggestions.created_at",
        ],
        readers: &[Themselves, Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "resource_suggestion_text",
        name: "The text you propose for a resource page (only the organizers see it once sent)",
        columns: &["resource_suggestions.body"],
        readers: &[Organizers],
        kept: KEPT,
    },
    PersonalField {
        key: "resource_edits",
        name: "Which organizer edited a resource page, and when",
        columns: &[
            "resources.updated_by",
            "resources.updated_at",
            "resource_revisions.edited_by",
            "resource_revisions.created_at",
            "resource_drafts.user_id",
            "resource_drafts.updated_at",
        ],
        readers: &[Organizers],
        kept: KEPT,
    },
];

/// The field named `key`.
pub fn field(key: &str) -> Option<&'static PersonalField> {
    DATA_MAP.iter().find(|field| field.key == key)
}

/// Columns that hold nothing personal, by table (`*`: the whole table): the entities' test fails
/// on any other column missing from [`DATA_MAP`].
pub const NOT_PERSONAL: &[(&str, &[&str])] = &[
    ("app_secrets", &["*"]),
    ("organizing_bodies", &["*"]),
    ("orientation_sessions", &["*"]),
    ("program_years", &["*"]),
    ("quarters", &["*"]),
    ("reminder_rules", &["*"]),
    ("tags", &["*"]),
    // Pages the organizers write for everyone; who edited them is `resource_edits`.
    (
        "resources",
        &[
            "slug", "title", "audience", "moment", "position", "body", "version",
        ],
    ),
    (
        "resource_revisions",
        &["resource_id", "version", "title", "body", "note"],
    ),
    ("resource_drafts", &["resource_id", "title", "body", "note"]),
    // The library's ideas; a pair's own are `pair_idea`.
    ("ideas", &["retired"]),
    ("matching_drafts", &["year_id", "version"]),
];

/// Whether `table.column` is listed as holding nothing personal. A row's own `id` column counts
/// as not personal too unless the map names it (a session's id is its secret).
pub fn not_personal(table: &str, column: &str) -> bool {
    let listed = NOT_PERSONAL
        .iter()
        .any(|(t, columns)| *t == table && columns.iter().any(|c| *c == "*" || *c == column));
    let mapped = DATA_MAP.iter().any(|field| {
        field
            .columns
            .contains(&format!("{table}.{column}").as_str())
    });
    listed || (column == "id" && !mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_every_field_says_where_it_lives_and_how_long_it_is_kept() {
        let mut keys: Vec<&str> = DATA_MAP.iter().map(|field| field.key).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "a key used twice");
        for field in DATA_MAP {
            assert!(!field.columns.is_empty(), "{} lives nowhere", field.key);
            assert!(!field.kept.is_empty(), "{} has no retention", field.key);
            for column in field.columns {
                let (table, name) = column
                    .split_once('.')
                    .unwrap_or_else(|| panic!("{column} is not table.column"));
                assert!(
                    !not_personal(table, name),
                    "{column} is both personal and not"
                );
            }
        }
    }

    #[test]
    fn readers_read_as_a_sentence() {
        assert_eq!(
            field("email").unwrap().readers_in_words(),
            "You, your partner and the organizers"
        );
        assert_eq!(field("private_notes").unwrap().readers_in_words(), "You");
        assert!(
            field("password")
                .unwrap()
                .readers_in_words()
                .starts_with("Nobody")
        );
    }
}
