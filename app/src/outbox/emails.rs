//! The wording of every email the program sends on its own, one function per email, each giving
//! its subject and body (announcements and reminders are worded by the organizers instead). Kept
//! in one place so the program speaks with one voice, and tested here rather than through the
//! flows that send them.

use crate::domain::choices::{EnrollmentStatus, Role};

/// An email's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

/// A link to set a new password (it works once, for `minutes`).
pub fn password_reset(name: &str, link: &str, minutes: i64) -> Letter {
    let lifetime = if minutes == 60 {
        "the next hour".to_owned()
    } else {
        format!("the next {minutes} minutes")
    };
    Letter {
        subject: "Set a new password for Mentorship Hub".to_owned(),
        body: format!(
            "Dear {name},\n\nSomeone (we hope you) asked to set a new password for your Mentorship Hub account. This link works once, for {lifetime}:\n\n{link}\n\nIf you did not ask, ignore this email: your password stays as it is.\n\nMentorship Hub"
        ),
    }
}

/// An invitation to a year (the link works for `days`).
pub fn invitation(name: &str, year: &str, role: Role, link: &str, days: i64) -> Letter {
    Letter {
        subject: format!("You are invited to the {year} iSchool Mentorship Program"),
        body: format!(
            "Dear {name},\n\nThe organizers of the iSchool Mentorship Program invite you to take part in {year} as a {}.\n\nCreate your account and accept here (the link works for {days} days):\n{link}\n\nMentorship Hub",
            role.label().to_lowercase()
        ),
    }
}

/// The organizers' decision on an application, with their note if they wrote one.
pub fn application_decided(
    name: &str,
    year: &str,
    role: Role,
    status: EnrollmentStatus,
    note: &str,
) -> Letter {
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("\n\nA note from the organizers:\n{note}")
    };
    Letter {
        subject: format!("Your application to the {year} Mentorship Program"),
        body: format!(
            "Dear {name},\n\nYour application to take part in {year} as a {} is now: {}.{note}\n\nMentorship Hub",
            role.code(),
            status.label().to_lowercase()
        ),
    }
}

/// The home-page notice of a published match: "You are matched with your mentor Ada for 2026–27."
pub fn matched_notice(partner_role: Role, partner: &str, year: &str) -> String {
    format!(
        "You are matched with your {} {partner} for {year}.",
        partner_role.code()
    )
}

/// A published match, with the notice's words.
pub fn matched(name: &str, partner_role: Role, partner: &str, year: &str) -> Letter {
    Letter {
        subject: format!("Your match in the {year} Mentorship Program"),
        body: format!(
            "Dear {name},\n\n{} Their profile and contact details are on your Mentorship Hub home page.\n\nPairs are asked to meet at least once a quarter; how often and what you do beyond that is up to the two of you.\n\nMentorship Hub",
            matched_notice(partner_role, partner, year)
        ),
    }
}

/// The final survey of a year that has closed.
pub fn final_survey(name: &str, year: &str, link: &str) -> Letter {
    Letter {
        subject: final_survey_subject(year),
        body: format!(
            "Dear {name},\n\nThe {year} program year has ended. Thank you for taking part! Five questions, two minutes: how did it go, and what should we change?\n\n{link}\n\nThe Mentorship Program organizers"
        ),
    }
}

/// The final survey's subject, also its home-page notice.
fn final_survey_subject(year: &str) -> String {
    format!("The {year} Mentorship Program has ended: tell us how it went")
}

/// Last year's mentor, asked to mentor again.
pub fn invite_back(name: &str, last_year: &str, year: &str, link: &str) -> Letter {
    Letter {
        subject: invite_back_subject(year),
        body: format!(
            "Dear {name},\n\nThank you for mentoring in {last_year}. Applications for {year} are open: if you would like to mentor again, apply here (your profile carries over):\n\n{link}\n\nThe Mentorship Program organizers"
        ),
    }
}

/// The invitation back's subject, also its home-page notice.
fn invite_back_subject(year: &str) -> String {
    format!("Mentor again in the {year} Mentorship Program?")
}

/// An organizers' announcement to one person: their words, addressed and signed.
pub fn announcement(name: &str, subject: &str, body: &str) -> Letter {
    Letter {
        subject: subject.to_owned(),
        body: format!("Dear {name},\n\n{body}\n\nThe Mentorship Program organizers"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announcement_is_addressed_to_each_person_and_signed() {
        let letter = announcement("Ada", "Spring mixer", "Join us on May 3.");
        assert_eq!(letter.subject, "Spring mixer");
        assert_eq!(
            letter.body,
            "Dear Ada,\n\nJoin us on May 3.\n\nThe Mentorship Program organizers"
        );
    }

    #[test]
    fn a_reset_link_says_how_long_it_works() {
        let hour = password_reset("Ada", "https://hub.example/reset-password/t", 60);
        assert!(
            hour.body
                .contains("for the next hour:\n\nhttps://hub.example/reset-password/t")
        );
        let half = password_reset("Ada", "https://hub.example/reset-password/t", 30);
        assert!(half.body.contains("for the next 30 minutes"));
        assert!(half.body.starts_with("Dear Ada,"));
    }

    #[test]
    fn a_decision_names_the_year_role_and_outcome_and_adds_a_note_only_when_written() {
        let plain = application_decided(
            "Mo",
            "2026–27",
            Role::Mentee,
            EnrollmentStatus::Waitlisted,
            "",
        );
        assert_eq!(
            plain.subject,
            "Your application to the 2026–27 Mentorship Program"
        );
        assert!(
            plain
                .body
                .contains("in 2026–27 as a mentee is now: waitlisted.")
        );
        assert!(!plain.body.contains("A note from the organizers"));
        let noted = application_decided(
            "Mo",
            "2026–27",
            Role::Mentor,
            EnrollmentStatus::Approved,
            "Welcome!",
        );
        assert!(
            noted
                .body
                .contains("as a mentor is now: approved.\n\nA note from the organizers:\nWelcome!")
        );
    }

    #[test]
    fn an_invitation_names_the_role_the_link_and_its_lifetime() {
        let letter = invitation(
            "Ada",
            "2026–27",
            Role::Mentor,
            "https://hub.example/invitation/t",
            30,
        );
        assert_eq!(
            letter.subject,
            "You are invited to the 2026–27 iSchool Mentorship Program"
        );
        assert!(letter.body.contains("take part in 2026–27 as a mentor."));
        assert!(
            letter
                .body
                .contains("(the link works for 30 days):\nhttps://hub.example/invitation/t")
        );
    }

    #[test]
    fn a_match_names_the_partner_and_the_once_a_quarter_ask() {
        let letter = matched("Mina", Role::Mentor, "Ada Archivist", "2026–27");
        assert!(
            letter
                .body
                .contains("You are matched with your mentor Ada Archivist for 2026–27.")
        );
        assert!(letter.body.contains("at least once a quarter"));
        assert_eq!(
            matched_notice(Role::Mentee, "Mina", "2026–27"),
            "You are matched with your mentee Mina for 2026–27."
        );
    }

    #[test]
    fn year_end_emails_carry_their_links() {
        let survey = final_survey("Mina", "2026–27", "https://hub.example/survey/3");
        assert_eq!(survey.subject, final_survey_subject("2026–27"));
        assert!(survey.body.contains("\n\nhttps://hub.example/survey/3\n\n"));
        let back = invite_back("Ada", "2026–27", "2027–28", "https://hub.example/apply");
        assert_eq!(
            back.subject,
            "Mentor again in the 2027–28 Mentorship Program?"
        );
        assert!(
            back.body
                .contains("mentoring in 2026–27. Applications for 2027–28 are open")
        );
    }
}
