//! The fixed sets of answers the program's forms offer (roles, meeting modes, mentor sources…),
//! each with the code stored in the database and sent by forms, and the label people read.

use super::validation::quoted;

/// A stored code that is not one of its set's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode(pub String);

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} is not a known code", quoted(&self.0))
    }
}

impl std::error::Error for UnknownCode {}

/// Declares a closed set of choices with `ALL`, `code`, `label` and `from_code`, so that every
/// set stores, shows and parses its values the same way; on the server each set is also a
/// database value (its code), so entities hold the choice itself, never a string.
macro_rules! choices {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal : $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[cfg_attr(feature = "ssr", derive(sea_orm::DeriveValueType))]
        #[cfg_attr(feature = "ssr", sea_orm(value_type = "String"))]
        pub enum $name {
            $($variant),+
        }

        /// The code, as stored (a database column holds the set's values as their codes).
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        /// A set's value can be part of a table's key, but never a number the database made.
        #[cfg(feature = "ssr")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::choices::UnknownCode;

            fn from_str(code: &str) -> Result<Self, Self::Err> {
                Self::from_code(code)
                    .ok_or_else(|| $crate::domain::choices::UnknownCode(code.to_owned()))
            }
        }

        impl $crate::domain::choices::Choice for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }

            fn code(self) -> &'static str {
                $name::code(self)
            }

            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value stored in the database and sent by forms.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// What people read.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label),+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|choice| choice.code() == code)
            }
        }
    };
}

/// Other modules declare their closed sets the same way (a page's `?done=` messages, say).
pub(crate) use choices;

/// What every closed set offers, for code written once for all of them.
pub trait Choice: Copy + PartialEq + Send + Sync + 'static {
    fn all() -> &'static [Self];
    /// The value stored in the database and sent by forms.
    fn code(self) -> &'static str;
    /// What people read.
    fn label(self) -> &'static str;
}

choices!(
    /// How a pair can meet.
    MeetingMode {
        InPerson = "in_person": "In person",
        Video = "video": "Video call",
        Phone = "phone": "Phone",
    }
);

choices!(
    /// Where a mentor comes from, shown and filterable wherever mentors are listed.
    MentorSource {
        LibraryStaff = "library_staff": "Library staff",
        Alumni = "alumni": "Alumni",
        Other = "other": "Other",
    }
);

choices!(
    /// What a mentor can offer and a mentee can ask for.
    Offer {
        InformationalInterviews = "informational_interviews": "Informational interviews",
        Shadowing = "shadowing": "Job shadowing",
        ResumeReview = "resume_review": "Resume and cover-letter review",
        MockInterviews = "mock_interviews": "Mock interviews",
        Referrals = "referrals": "Referrals to other professionals",
        CareerPlanning = "career_planning": "Career planning",
        ProfessionalEngagement = "professional_engagement": "Conferences and professional engagement",
        FundingAdvice = "funding_advice": "Fellowships, internships and funding",
    }
);

choices!(
    /// The iSchool degree a mentee is studying for.
    DegreeProgram {
        Mlis = "MLIS": "MLIS (Master of Library and Information Science)",
        MlisDual = "MLIS/MA": "MLIS dual degree (with an MA)",
        PhD = "PhD": "PhD in Information Studies",
        Other = "Other": "Another program",
    }
);

choices!(
    /// The part someone takes in one program year.
    Role {
        Mentee = "mentee": "Mentee",
        Mentor = "mentor": "Mentor",
    }
);

choices!(
    /// Where an application stands.
    EnrollmentStatus {
        Applied = "applied": "Waiting for a decision",
        Approved = "approved": "Approved",
        Waitlisted = "waitlisted": "Waitlisted",
        Declined = "declined": "Declined",
    }
);

choices!(
    /// A program year's phase. It only moves forward; a closed year is read-only.
    Phase {
        Enrolling = "enrolling": "Enrolling",
        Matching = "matching": "Matching",
        Active = "active": "Active",
        Closed = "closed": "Closed",
    }
);

choices!(
    /// How a profile's tag is used: a mentor's expertise and sectors, a mentee's interests and
    /// the sectors they would like to work in.
    TagKind {
        Expertise = "expertise": "Areas of expertise",
        Sector = "sector": "Sectors",
        Interest = "interest": "Career interests",
        DreamSector = "dream_sector": "Sectors they would like to work in",
    }
);

impl Phase {
    /// The phase after this one, if any.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Enrolling => Some(Self::Matching),
            Self::Matching => Some(Self::Active),
            Self::Active => Some(Self::Closed),
            Self::Closed => None,
        }
    }
}

/// Parses a list of codes, as a form's checkboxes send them; unknown codes are reported by name.
pub fn parse_codes<T: Copy + Ord>(
    codes: &[String],
    from_code: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, String> {
    let mut parsed = Vec::with_capacity(codes.len());
    for code in codes {
        let value = from_code(code.trim())
            .ok_or_else(|| format!("{} is not one of the choices.", quoted(code)))?;
        parsed.push(value);
    }
    parsed.sort();
    parsed.dedup();
    Ok(parsed)
}

/// Joins codes for storage in one column ("in_person,video").
pub fn join_codes<T: Copy>(values: &[T], code: impl Fn(T) -> &'static str) -> String {
    values
        .iter()
        .map(|value| code(*value))
        .collect::<Vec<_>>()
        .join(",")
}

/// Splits a stored column back into values, skipping codes no longer known.
pub fn split_codes<T>(stored: &str, from_code: impl Fn(&str) -> Option<T>) -> Vec<T> {
    stored
        .split(',')
        .filter(|code| !code.is_empty())
        .filter_map(from_code)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_storage() {
        let modes = parse_codes(
            &["video".into(), "in_person".into(), "video".into()],
            MeetingMode::from_code,
        )
        .unwrap();
        assert_eq!(modes, vec![MeetingMode::InPerson, MeetingMode::Video]);
        let stored = join_codes(&modes, MeetingMode::code);
        assert_eq!(stored, "in_person,video");
        assert_eq!(split_codes(&stored, MeetingMode::from_code), modes);
    }

    #[test]
    fn unknown_code_is_named_in_the_message() {
        let error = parse_codes(&["carrier_pigeon".into()], MeetingMode::from_code).unwrap_err();
        assert!(error.contains("carrier_pigeon"), "{error}");
    }

    #[test]
    fn phases_only_move_forward_and_end_at_closed() {
        assert_eq!(Phase::Enrolling.next(), Some(Phase::Matching));
        assert_eq!(Phase::Active.next(), Some(Phase::Closed));
        assert_eq!(Phase::Closed.next(), None);
    }
}

choices!(
    /// Where a mentee's goal stands.
    GoalStatus {
        NotStarted = "not_started": "Not started",
        InProgress = "in_progress": "In progress",
        Done = "done": "Done",
        Dropped = "dropped": "Dropped",
    }
);

choices!(
    /// Where a meeting stands.
    MeetingStatus {
        Proposed = "proposed": "Proposed",
        Accepted = "accepted": "Agreed",
        Held = "held": "Held",
        Cancelled = "cancelled": "Cancelled",
    }
);

choices!(
    /// How the meeting ideas library is grouped.
    IdeaCategory {
        GettingToKnow = "getting_to_know": "Getting to know each other",
        Shadowing = "shadowing": "Shadowing",
        JobHunting = "job_hunting": "Job hunting",
        LearningOnTheJob = "learning_on_the_job": "Learning on the job",
        Connections = "connections": "Connections and opportunities",
        Other = "other": "Other ideas",
    }
);

choices!(
    /// Where a concern stands in the organizers' queue.
    ConcernStatus {
        New = "new": "New",
        InProgress = "in_progress": "In progress",
        Resolved = "resolved": "Resolved",
    }
);

choices!(
    /// Who a resource page is written for.
    Audience {
        Everyone = "everyone": "Everyone",
        Mentors = "mentors": "Mentors",
        Mentees = "mentees": "Mentees",
    }
);

choices!(
    /// When a pair page shows a resource page to its audience.
    Moment {
        Anytime = "anytime": "Only in the resources",
        PairStart = "pair_start": "On the pair page until the pair's first meeting",
        LastQuarter = "last_quarter": "On the pair page in the year's last quarter",
    }
);

choices!(
    /// Whether a pair's own meeting idea was offered to the library, and the organizers' answer.
    IdeaSuggestion {
        NotOffered = "none": "Not offered to the library",
        Pending = "pending": "Waiting",
        Accepted = "accepted": "Accepted",
        Declined = "declined": "Declined",
    }
);

choices!(
    /// Where a participant's suggested change to a resource page stands.
    SuggestionStatus {
        Pending = "pending": "Waiting",
        Accepted = "accepted": "Accepted",
        Declined = "declined": "Declined",
    }
);

impl Audience {
    /// Whether a member on this side of a pair is among the page's readers.
    pub fn includes(self, role: Role) -> bool {
        matches!(
            (self, role),
            (Self::Everyone, _) | (Self::Mentors, Role::Mentor) | (Self::Mentees, Role::Mentee)
        )
    }
}

choices!(
    /// What an organizer did, in the audit log.
    AuditAction {
        YearChanged = "year_changed": "Program year changed",
        BodyChanged = "body_changed": "Organizing body changed",
        VocabularyChanged = "vocabulary_changed": "Vocabulary changed",
        ApplicationDecided = "application_decided": "Application decided",
        Invited = "invited": "Invitation sent",
        Imported = "imported": "Spreadsheet imported",
        OrientationChanged = "orientation_changed": "Orientation changed",
        MatchingSettingsSaved = "matching_settings": "Matching settings saved",
        MatchesPublished = "matches_published": "Matches published",
        PairAssigned = "pair_assigned": "Pair assigned by hand",
        PairEnded = "pair_ended": "Pair ended",
        ConcernHandled = "concern_handled": "Concern handled",
        IdeaLibraryChanged = "idea_library": "Meeting ideas library changed",
        ResourceChanged = "resource_changed": "Resource page changed",
        SuggestionAnswered = "suggestion_answered": "Suggestion answered",
        RoleChanged = "role_changed": "Role changed",
        AccountAccess = "account_access": "Account disabled or enabled",
        AnnouncementQueued = "announcement": "Announcement sent",
        ReminderRuleChanged = "reminder_rule": "Reminder rule changed",
    }
);

choices!(
    /// What an email is about, which decides whether people can turn it off.
    EmailKind {
        Account = "account": "Your account (sign-in links and password resets)",
        Program = "program": "Your application and your match",
        Pair = "pair": "Your pair's meetings and goals",
        Reminders = "reminders": "Reminders (meetings, check-ins, orientation, deadlines)",
        Announcements = "announcements": "Announcements from the organizers",
    }
);

impl EmailKind {
    /// Account emails always go out: they are how someone gets back in.
    pub fn optional(self) -> bool {
        self != Self::Account
    }
}

choices!(
    /// The reminders organizers can switch on.
    ReminderKind {
        MeetingNudge = "meeting_nudge": "Quarterly meeting nudge",
        CheckinPrompt = "checkin_prompt": "Check-in prompt",
        Orientation = "orientation": "Orientation reminder",
        EnrollmentDeadline = "enrollment_deadline": "Enrollment deadline",
        UnansweredProposal = "unanswered_proposal": "Unanswered meeting proposal",
    }
);

choices!(
    /// A message that goes at most once to a person for an occasion (the reminder log's key):
    /// each reminder, and the invitation back to a year's mentors.
    SentOnce {
        MeetingNudge = "meeting_nudge": "Quarterly meeting nudge",
        CheckinPrompt = "checkin_prompt": "Check-in prompt",
        Orientation = "orientation": "Orientation reminder",
        EnrollmentDeadline = "enrollment_deadline": "Enrollment deadline",
        UnansweredProposal = "unanswered_proposal": "Unanswered meeting proposal",
        InviteBack = "invite_back": "Invitation to mentor again",
    }
);

impl From<ReminderKind> for SentOnce {
    fn from(kind: ReminderKind) -> Self {
        match kind {
            ReminderKind::MeetingNudge => Self::MeetingNudge,
            ReminderKind::CheckinPrompt => Self::CheckinPrompt,
            ReminderKind::Orientation => Self::Orientation,
            ReminderKind::EnrollmentDeadline => Self::EnrollmentDeadline,
            ReminderKind::UnansweredProposal => Self::UnansweredProposal,
        }
    }
}

impl ReminderKind {
    /// Who gets it and when, for the organizers' page.
    pub fn explained(self) -> &'static str {
        match self {
            Self::MeetingNudge => {
                "Both members of each pair that has not held a meeting by the middle of the quarter; once a quarter."
            }
            Self::CheckinPrompt => {
                "Each pair member who has not checked in, this many days before the quarter ends; once a quarter."
            }
            Self::Orientation => {
                "Everyone signed up for an orientation session, this many days before it; once a session."
            }
            Self::EnrollmentDeadline => {
                "Everyone with an account who has not applied this year, this many days before applications close; once a year."
            }
            Self::UnansweredProposal => {
                "A mentor whose mentee's meeting proposal has waited this many days for an answer; once a proposal."
            }
        }
    }

    /// Whether the rule's number of days means anything.
    pub fn uses_days(self) -> bool {
        self != Self::MeetingNudge
    }
}

choices!(
    /// Requests limited per address (`auth::limits`): each costs a password hash or sends an
    /// email.
    LimitedAction {
        SignUp = "sign_up": "Creating an account",
        AcceptInvitation = "accept_invitation": "Accepting an invitation",
        ResetRequest = "reset_request": "Asking for a password link",
        ResetCompletion = "reset_completion": "Setting a new password with a link",
        EmailVerification = "email_verification": "Verifying an email address",
    }
);
