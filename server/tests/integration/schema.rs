//! Migrations: reversible, the same schema on SQLite and PostgreSQL, and CHECK lists that allow
//! exactly the codes of the choices the entities hold.

use std::collections::BTreeSet;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use crate::helpers::{Engine, fresh_database_url};
use crate::on_both_engines;

on_both_engines!(migrations_go_up_down_and_up_again);
on_both_engines!(check_lists_allow_exactly_the_codes_of_their_choices);
on_both_engines!(rankings_move_from_joined_ids_to_rows_and_back);
on_both_engines!(quarter_names_become_codes_and_back);

/// Every (table, column, nullable) of the application's tables.
async fn columns(db: &DatabaseConnection) -> BTreeSet<(String, String, bool)> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT m.name AS table_name, p.name AS column_name, p.\"notnull\" = 0 AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'seaql_migrations'"
        }
        _ => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, is_nullable = 'YES' AS nullable \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> 'seaql_migrations'"
        }
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| {
            (
                row.try_get::<String>("", "table_name").unwrap(),
                row.try_get::<String>("", "column_name").unwrap(),
                row.try_get::<bool>("", "nullable").unwrap(),
            )
        })
        .collect()
}

async fn migrated(engine: Engine) -> DatabaseConnection {
    let db = server::database::connect(&fresh_database_url(engine).await)
        .await
        .unwrap();
    Migrator::up(&db, None).await.unwrap();
    db
}

async fn migrations_go_up_down_and_up_again(engine: Engine) {
    let db = migrated(engine).await;
    let after_first_up = columns(&db).await;
    assert!(
        after_first_up
            .iter()
            .any(|(table, column, _)| table == "users" && column == "email")
    );

    Migrator::down(&db, None).await.unwrap();
    assert!(columns(&db).await.is_empty(), "down removes every table");

    Migrator::up(&db, None).await.unwrap();
    assert_eq!(columns(&db).await, after_first_up);
}

#[tokio::test]
async fn both_engines_get_the_same_schema() {
    let sqlite = columns(&migrated(Engine::Sqlite).await).await;
    let postgres = columns(&migrated(Engine::Postgres).await).await;

    assert_eq!(sqlite, postgres);
}

/// The text of every CHECK constraint of `table`, as the database keeps it.
async fn checks_of(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        // SQLite keeps the CREATE TABLE statement, CHECK clauses and all.
        DatabaseBackend::Sqlite => format!(
            "SELECT sql AS def FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
        ),
        _ => format!(
            "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint \
             WHERE contype = 'c' AND conrelid = '{table}'::regclass"
        ),
    };
    db.query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<String>("", "def").unwrap())
        .collect()
}

/// The values a CHECK text allows `column` to take: the quoted strings of `column IN (…)`
/// (SQLite keeps it so) or of `(column)::text = ANY (ARRAY[…])` (how PostgreSQL writes it back).
fn allowed_values(check: &str, column: &str) -> Option<BTreeSet<String>> {
    let mut rest = check;
    while let Some(at) = rest.find(column) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + column.len()..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let list = if let Some(list) = after.strip_prefix(" IN (") {
            &list[..list.find(')')?]
        } else if let Some(at) = after.find("= ANY (").filter(|at| *at < 16) {
            let list = &after[at..];
            &list[..list.find(']')?]
        } else {
            continue;
        };
        return Some(
            list.split('\'')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect(),
        );
    }
    None
}

async fn check_lists_allow_exactly_the_codes_of_their_choices(engine: Engine) {
    use app::domain::choices::*;
    fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> BTreeSet<String> {
        all.iter().map(|value| code(*value).to_owned()).collect()
    }
    let db = migrated(engine).await;
    let lists = [
        ("program_years", "phase", codes(Phase::ALL, Phase::code)),
        (
            "profiles",
            "mentor_source",
            codes(MentorSource::ALL, MentorSource::code),
        ),
        ("profile_tags", "kind", codes(TagKind::ALL, TagKind::code)),
        ("enrollments", "role", codes(Role::ALL, Role::code)),
        (
            "enrollments",
            "status",
            codes(EnrollmentStatus::ALL, EnrollmentStatus::code),
        ),
        ("invitations", "role", codes(Role::ALL, Role::code)),
        ("goals", "status", codes(GoalStatus::ALL, GoalStatus::code)),
        (
            "meetings",
            "status",
            codes(MeetingStatus::ALL, MeetingStatus::code),
        ),
        (
            "ideas",
            "suggestion",
            codes(IdeaSuggestion::ALL, IdeaSuggestion::code),
        ),
        (
            "concerns",
            "status",
            codes(ConcernStatus::ALL, ConcernStatus::code),
        ),
        (
            "resources",
            "audience",
            codes(Audience::ALL, Audience::code),
        ),
        ("resources", "moment", codes(Moment::ALL, Moment::code)),
        (
            "request_limits",
            "action",
            codes(LimitedAction::ALL, LimitedAction::code),
        ),
        (
            "resource_suggestions",
            "status",
            codes(SuggestionStatus::ALL, SuggestionStatus::code),
        ),
    ];
    for (table, column, expected) in lists {
        let allowed: Vec<BTreeSet<String>> = checks_of(&db, table)
            .await
            .iter()
            .filter_map(|check| allowed_values(check, column))
            .collect();
        assert_eq!(
            allowed,
            vec![expected],
            "the CHECK list of {table}.{column}"
        );
    }
}

/// Before migration 21 a ranking was user ids joined by commas; after it, rows in order. Ids of
/// no one, and repeats, are left behind; going down joins the rows again.
async fn rankings_move_from_joined_ids_to_rows_and_back(engine: Engine) {
    use app::domain::choices::{EnrollmentStatus, Phase, Role};
    use app::entities::{enrollments, program_years, rankings, users};
    use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};

    let db = server::database::connect(&fresh_database_url(engine).await)
        .await
        .unwrap();
    Migrator::up(&db, Some(20)).await.unwrap();
    let now = chrono::Utc::now();
    let mut people = Vec::new();
    for name in ["Mina Mentee", "Ada Mentor", "Bo Mentor"] {
        let user = users::ActiveModel {
            email: Set(format!("{}@example.edu", name.replace(' ', "."))),
            display_name: Set(name.to_owned()),
            password_hash: Set(String::new()),
            is_organizer: Set(false),
            disabled_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        people.push(user.id);
    }
    let year = program_years::ActiveModel {
        label: Set("2026–27".to_owned()),
        phase: Set(Phase::Matching),
        enrollment_deadline: Set(now.date_naive()),
        is_current: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let enrollment = enrollments::ActiveModel {
        user_id: Set(people[0]),
        year_id: Set(year.id),
        role: Set(Role::Mentee),
        status: Set(EnrollmentStatus::Approved),
        capacity: Set(None),
        goals: Set(String::new()),
        availability: Set(String::new()),
        notes_for_organizers: Set(String::new()),
        decision_message: Set(String::new()),
        decided_by: Set(None),
        body_id: Set(None),
        decided_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let backend = db.get_database_backend();
    let joined = format!("{},999999,{},{}", people[2], people[1], people[2]);
    db.execute_raw(Statement::from_string(
        backend,
        format!(
            "UPDATE enrollments SET preferred_mentors = '{joined}' WHERE id = {}",
            enrollment.id
        ),
    ))
    .await
    .unwrap();

    Migrator::up(&db, Some(1)).await.unwrap();
    let rows: Vec<(i32, i32)> = rankings::Entity::find()
        .order_by_asc(rankings::Column::Position)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.position, row.ranked_id))
        .collect();
    assert_eq!(rows, vec![(1, people[2]), (2, people[1])]);

    Migrator::down(&db, Some(1)).await.unwrap();
    let back = db
        .query_one_raw(Statement::from_string(
            backend,
            format!(
                "SELECT preferred_mentors FROM enrollments WHERE id = {}",
                enrollment.id
            ),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<String>("", "preferred_mentors")
        .unwrap();
    assert_eq!(back, format!("{},{}", people[2], people[1]));
}

/// Migration 22: a quarter's stored name becomes its code, read as a `QuarterName`, and goes back.
async fn quarter_names_become_codes_and_back(engine: Engine) {
    use app::domain::quarters::QuarterName;
    use app::entities::quarters;
    use sea_orm::{EntityTrait, QueryOrder};

    let db = server::database::connect(&fresh_database_url(engine).await)
        .await
        .unwrap();
    Migrator::up(&db, Some(21)).await.unwrap();
    let backend = db.get_database_backend();
    for statement in [
        "INSERT INTO program_years (label, phase, enrollment_deadline, is_current, created_at) \
         VALUES ('2026–27', 'enrolling', '2026-10-01', TRUE, '2026-09-01 00:00:00+00:00')",
        "INSERT INTO quarters (year_id, name, starts_on, ends_on) VALUES \
         (1, 'Fall', '2026-09-24', '2026-12-11'), (1, 'Winter', '2027-01-05', '2027-03-19'), \
         (1, 'Spring', '2027-03-30', '2027-06-12')",
    ] {
        db.execute_raw(Statement::from_string(backend, statement))
            .await
            .unwrap();
    }

    Migrator::up(&db, Some(1)).await.unwrap();
    let names: Vec<QuarterName> = quarters::Entity::find()
        .order_by_asc(quarters::Column::StartsOn)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|quarter| quarter.name)
        .collect();
    assert_eq!(
        names,
        [QuarterName::Fall, QuarterName::Winter, QuarterName::Spring]
    );

    Migrator::down(&db, Some(1)).await.unwrap();
    let back: Vec<String> = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT name FROM quarters ORDER BY starts_on",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect();
    assert_eq!(back, ["Fall", "Winter", "Spring"]);
}
