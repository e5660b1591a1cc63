//! A fictional program to explore on first run and to give tests and benchmarks realistic data.
//! Every name is invented and every address is at example.edu. Later issues extend it.

use sea_orm::DatabaseConnection;

use app::auth::db::{self, NewUser};
use app::domain::validation::{DisplayName, EmailAddress};

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
    Ok(format!(
        "Demo program ready: {created} accounts created ({} organizers, {} future mentors, {} future mentees in all).\n\
         Sign in as {} (organizer) or {} with the password {DEMO_PASSWORD}.",
        ORGANIZERS.len(),
        MENTORS.len(),
        MENTEES.len(),
        demo_email(ORGANIZERS[0]),
        demo_email(MENTEES[0]),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
