//! A fictional program to explore on first run and to give tests and benchmarks realistic data:
//! accounts, the current year, profiles, applications and an orientation session. Every name is
//! invented and every address is at example.edu. Running it again adds nothing twice.

use chrono::{Datelike, Duration, Utc};
use sea_orm::DatabaseConnection;

use app::auth::db::{self, NewUser};
use app::domain::choices::{EnrollmentStatus, Role};
use app::domain::profile::ProfileInput;
use app::domain::quarters::ProgramYearCalendar;
use app::domain::validation::{DisplayName, EmailAddress};
use app::enrollment::db as enrollment_db;

/// Every demo account's password, printed by the command.
pub const DEMO_PASSWORD: &str = "demo-password-2026";

const ORGANIZERS: &[&str] = &["Marian Stacks", "Dewey Shelver", "Linnea Ledger"];
const MENTORS: &[&str] = &[
    "Ada Archive",
    "Otis Metadata",
    "Carmen Colophon",
    "Theo Thesaurus",
    "Ruby Recto",
    "Vera Verso",
    "Felix Folio",
    "Iris Index",
    "Milo Microfiche",
    "Rosa Rarebook",
    "Hugo Holdings",
    "Nora Notation",
];
const MENTEES: &[&str] = &[
    "Quinn Query",
    "Penny Preprint",
    "Juniper Catalog",
    "Basil Boolean",
    "Clara Citation",
    "Dexter Digitize",
    "Esme Emulation",
    "Finn Finding-Aid",
    "Greta Glossary",
    "Hal Harvest",
    "Ivy Interlibrary",
    "Jonah Journal",
    "Kira Keyword",
    "Leo Lexicon",
    "Maya Monograph",
    "Ned Newsletter",
    "Olive Ontology",
    "Pablo Provenance",
    "Rhea Repository",
    "Sami Serials",
];

/// An address from a fictional name: "Ada Archive" → ada.archive@example.edu.
fn demo_email(name: &str) -> String {
    format!("{}@example.edu", name.to_lowercase().replace(' ', "."))
}

/// Creates whichever demo accounts do not exist yet, and says what it did.
pub async fn fill(db: &DatabaseConnection) -> anyhow::Result<String> {
    let password_hash = app::auth::ssr::hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|err| anyhow::anyhow!("{err}"))?;
    let mut created = 0;
    let groups = [(ORGANIZERS, true), (MENTORS, false), (MENTEES, false)];
    for (names, is_organizer) in groups {
        for name in names {
            let email = EmailAddress::parse(&demo_email(name)).map_err(anyhow::Error::msg)?;
            let display_name = DisplayName::parse(name).map_err(anyhow::Error::msg)?;
            let outcome = db::create_user(
                db,
                NewUser {
                    email: &email,
                    display_name: &display_name,
                    password_hash: password_hash.clone(),
                    is_organizer,
                },
            )
            .await?;
            if matches!(outcome, db::CreatedUser::Created(_)) {
                created += 1;
            }
        }
    }
    let year_label = fill_year(db).await?;
    Ok(format!(
        "Demo program ready for {year_label}: {created} accounts created ({} organizers, {} future mentors, {} future mentees in all).\n\
         Sign in as {} (organizer) or {} with the password {DEMO_PASSWORD}.",
        ORGANIZERS.len(),
        MENTORS.len(),
        MENTEES.len(),
        demo_email(ORGANIZERS[0]),
        demo_email(MENTEES[0]),
    ))
}

/// Terms of the seeded vocabulary the demo profiles draw on.
const FIELDS: [&str; 8] = [
    "Academic libraries",
    "Public libraries",
    "Archives",
    "Special collections",
    "Digital humanities",
    "Data curation",
    "UX",
    "Records management",
];
const CITIES: [&str; 5] = [
    "Los Angeles",
    "Pasadena",
    "San Diego",
    "Chicago",
    "New York",
];
const EMPLOYERS: [&str; 4] = [
    "UCLA Library",
    "Los Angeles Public Library",
    "Huntington Library",
    "Getty Research Institute",
];
const MODES: [&str; 3] = ["in_person", "video", "phone"];

fn pick<T: Copy>(items: &[T], n: usize) -> T {
    items[n % items.len()]
}

/// A varied, complete profile for the `n`th demo person on `side`.
fn demo_profile(n: usize, side: Role, this_year: i32) -> ProfileInput {
    let two = |offset: usize| {
        vec![
            pick(&FIELDS, n + offset).to_owned(),
            pick(&FIELDS, n + offset + 3).to_owned(),
        ]
    };
    let base = ProfileInput {
        side: side.code().to_owned(),
        bio: "A fictional participant of the demo program.".to_owned(),
        location: pick(&CITIES, n).to_owned(),
        remote_ok: if n.is_multiple_of(3) {
            String::new()
        } else {
            "on".to_owned()
        },
        meeting_modes: vec![pick(&MODES, n).to_owned(), "video".to_owned()],
        time_zone: if pick(&CITIES, n) == "Chicago" {
            "America/Chicago"
        } else if pick(&CITIES, n) == "New York" {
            "America/New_York"
        } else {
            "America/Los_Angeles"
        }
        .to_owned(),
        ..Default::default()
    };
    match side {
        Role::Mentor => ProfileInput {
            employer: pick(&EMPLOYERS, n).to_owned(),
            job_title: pick(&["Librarian", "Archivist", "Curator", "UX Researcher"], n).to_owned(),
            mentor_source: pick(&["library_staff", "alumni", "library_staff", "other"], n)
                .to_owned(),
            years_experience: (3 + n % 20).to_string(),
            alumni_graduation_year: (this_year - 4 - (n % 15) as i32).to_string(),
            offers: vec![
                pick(
                    &["resume_review", "mock_interviews", "shadowing", "referrals"],
                    n,
                )
                .to_owned(),
                "informational_interviews".to_owned(),
            ],
            expertise: two(0),
            sectors: two(1),
            ..base
        },
        Role::Mentee => ProfileInput {
            degree_program: pick(&["MLIS", "MLIS", "MLIS/MA", "PhD"], n).to_owned(),
            expected_graduation_year: (this_year + 1 + (n % 2) as i32).to_string(),
            interests: two(2),
            dream_sectors: two(4),
            wants: vec![
                pick(&["resume_review", "mock_interviews", "career_planning"], n).to_owned(),
            ],
            wants_from_mentor: "Advice on finding a first position.".to_owned(),
            ..base
        },
    }
}

/// The current year (created if there is none), every demo participant's profile and
/// application, and one orientation session. Returns the year's label.
async fn fill_year(db: &DatabaseConnection) -> anyhow::Result<String> {
    let today = app::context::program_today();
    let year = match app::program::db::current_year(db).await? {
        Some(year) => year.year,
        None => {
            let start = if today.month() >= 7 {
                today.year()
            } else {
                today.year() - 1
            };
            let calendar = ProgramYearCalendar::suggest(start);
            let deadline = (today + Duration::days(30)).min(calendar.quarters()[2].ends_on);
            app::program::db::create_year(db, &calendar, deadline).await?;
            app::program::db::current_year(db)
                .await?
                .ok_or_else(|| anyhow::anyhow!("the new year is not current"))?
                .year
        }
    };
    let people = MENTORS
        .iter()
        .map(|name| (name, Role::Mentor))
        .chain(MENTEES.iter().map(|name| (name, Role::Mentee)));
    for (n, (name, role)) in people.enumerate() {
        let email = EmailAddress::parse(&demo_email(name)).map_err(anyhow::Error::msg)?;
        let Some(user) = db::find_user_by_email(db, &email).await? else {
            continue;
        };
        let profile = demo_profile(n, role, today.year())
            .validate(today.year())
            .map_err(|problems| anyhow::anyhow!("demo profile invalid: {problems:?}"))?;
        app::profiles::db::save_profile(db, user.id, &profile).await?;
        // Most are approved; a few wait for a decision, so the applications table has work in it.
        let status = if n % 7 == 6 {
            EnrollmentStatus::Applied
        } else {
            EnrollmentStatus::Approved
        };
        enrollment_db::insert_enrollment(
            db,
            enrollment_db::Application {
                user_id: user.id,
                year_id: year.id,
                role,
                status,
                capacity: (role == Role::Mentor).then_some(1 + (n % 3) as i32),
                goals: if role == Role::Mentee {
                    "Explore archives careers and practise interviews."
                } else {
                    ""
                },
                availability: "Weekday evenings",
                notes_for_organizers: "",
            },
        )
        .await?;
    }
    if enrollment_db::orientation_sessions_of(db, year.id)
        .await?
        .is_empty()
    {
        // 5:30 pm in Los Angeles, two weeks from now (the program's clock is UTC−8).
        let starts = (today + Duration::days(14))
            .and_hms_opt(17, 30, 0)
            .map(|local| (local + Duration::hours(8)).and_utc())
            .unwrap_or_else(Utc::now);
        enrollment_db::create_orientation_session(
            db,
            year.id,
            starts,
            90,
            "Young Research Library, room 11360",
            "https://zoom.example.edu/j/orientation",
            40,
        )
        .await?;
    }
    Ok(year.label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_profile_is_complete_and_valid() {
        for n in 0..MENTORS.len() + MENTEES.len() {
            for side in [Role::Mentor, Role::Mentee] {
                let outcome = demo_profile(n, side, 2026).validate(2026);
                assert!(outcome.is_ok(), "{n} {side:?}: {outcome:?}");
            }
        }
    }

    #[test]
    fn every_demo_name_gives_a_valid_distinct_example_edu_address() {
        let all: Vec<_> = ORGANIZERS.iter().chain(MENTORS).chain(MENTEES).collect();
        let mut emails: Vec<_> = all.iter().map(|name| demo_email(name)).collect();
        for email in &emails {
            assert!(EmailAddress::parse(email).is_ok(), "{email}");
            assert!(email.ends_with("@example.edu"));
        }
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), all.len());
    }
}
