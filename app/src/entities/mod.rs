//! Database tables as sea-orm entities (server only). Pages never see these: `api.rs` maps them to DTOs.

pub mod agenda_items;
pub mod app_secrets;
pub mod audit_log;
pub mod calendar_feeds;
pub mod checkins;
pub mod concern_notes;
pub mod concerns;
pub mod email_opt_outs;
pub mod enrollments;
pub mod external_identities;
pub mod final_surveys;
pub mod goal_comments;
pub mod goal_steps;
pub mod goals;
pub mod ideas;
pub mod imports;
pub mod invitations;
pub mod matching_drafts;
pub mod meeting_private_notes;
pub mod meetings;
pub mod notices;
pub mod organizing_bodies;
pub mod orientation_rsvps;
pub mod orientation_sessions;
pub mod outbox;
pub mod pair_agreements;
pub mod pairs;
pub mod password_resets;
pub mod profile_tags;
pub mod profiles;
pub mod program_years;
pub mod quarters;
pub mod rankings;
pub mod reminder_log;
pub mod reminder_rules;
pub mod request_limits;
pub mod resource_drafts;
pub mod resource_revisions;
pub mod resource_suggestions;
pub mod resources;
pub mod sessions;
pub mod sign_in_failures;
pub mod tags;
pub mod users;

/// Every column of every table either holds personal data and is in the data map
/// (`domain::privacy::DATA_MAP`, which `/privacy` shows), or is listed there as not personal: a
/// new column fails this test until it is placed in one or the other.
#[cfg(test)]
mod data_map {
    use sea_orm::{EntityName, IdenStatic, Iterable};

    use crate::domain::privacy::{DATA_MAP, not_personal};

    /// `table.column` for every column of these entities.
    macro_rules! columns_of {
        ($($entity:ident),+ $(,)?) => {{
            let mut all: Vec<String> = Vec::new();
            $(
                let table = super::$entity::Entity.table_name().to_owned();
                for column in super::$entity::Column::iter() {
                    all.push(format!("{table}.{}", column.as_str()));
                }
            )+
            all
        }};
    }

    fn every_column() -> Vec<String> {
        columns_of!(
            agenda_items,
            app_secrets,
            audit_log,
            calendar_feeds,
            checkins,
            concern_notes,
            concerns,
            email_opt_outs,
            enrollments,
            external_identities,
            final_surveys,
            goal_comments,
            goal_steps,
            goals,
            ideas,
            imports,
            invitations,
            matching_drafts,
            meeting_private_notes,
            meetings,
            notices,
            organizing_bodies,
            orientation_rsvps,
            orientation_sessions,
            outbox,
            pair_agreements,
            pairs,
            password_resets,
            profile_tags,
            profiles,
            program_years,
            quarters,
            rankings,
            reminder_log,
            reminder_rules,
            request_limits,
            resource_drafts,
            resource_revisions,
            resource_suggestions,
            resources,
            sessions,
            sign_in_failures,
            tags,
            users,
        )
    }

    #[test]
    fn every_column_is_in_the_data_map_or_listed_as_not_personal() {
        let columns = every_column();
        let mapped: Vec<&str> = DATA_MAP
            .iter()
            .flat_map(|field| field.columns.iter().copied())
            .collect();
        let missing: Vec<&String> = columns
            .iter()
            .filter(|column| {
                let (table, name) = column.split_once('.').expect("table.column");
                !not_personal(table, name) && !mapped.contains(&column.as_str())
            })
            .collect();
        assert!(
            missing.is_empty(),
            "columns neither in the data map nor listed as not personal: {missing:?}"
        );
        // And the map names real tables (a column may land with its migration later, as
        // `users.email_verified_at` does with email confirmation).
        let tables: Vec<&str> = columns
            .iter()
            .map(|column| column.split_once('.').expect("table.column").0)
            .collect();
        for column in &mapped {
            let table = column.split_once('.').expect("table.column").0;
            assert!(tables.contains(&table), "{column}: no such table");
        }
    }

    #[test]
    fn every_table_is_checked() {
        let listed =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/entities/mod.rs"))
                .expect("read entities/mod.rs");
        let modules = listed
            .lines()
            .filter_map(|line| line.strip_prefix("pub mod "))
            .map(|name| name.trim_end_matches(';').to_owned());
        let checked: Vec<String> = every_column()
            .into_iter()
            .map(|column| column.split_once('.').expect("table.column").0.to_owned())
            .collect();
        for module in modules {
            assert!(
                checked.contains(&module),
                "entities::{module} is not in the data-map check"
            );
        }
    }
}
