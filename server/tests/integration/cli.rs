//! The `server` binary's maintenance commands, run as an administrator would.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{Engine, PASSWORD, fresh_database_url};
use crate::on_both_engines;

on_both_engines!(create_organizer_reads_the_password_and_can_sign_in);

fn server(database_url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server binary");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

async fn create_organizer_reads_the_password_and_can_sign_in(engine: Engine) {
    let database_url = fresh_database_url(engine).await;

    let output = server(
        &database_url,
        &[
            "create-organizer",
            "--email",
            "Marian@Example.edu",
            "--name",
            "Marian Stacks",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );

    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("Organizer marian@example.edu created.")
    );
    let db = server::database::connect(&database_url).await.unwrap();
    let email = app::domain::validation::EmailAddress::parse("marian@example.edu").unwrap();
    let user = app::auth::db::find_user_by_email(&db, &email)
        .await
        .unwrap()
        .unwrap();
    assert!(user.is_organizer);
    assert_eq!(user.display_name, "Marian Stacks");
    assert!(
        app::auth::ssr::verify_password(PASSWORD.to_owned(), Some(user.password_hash))
            .await
            .unwrap()
    );

    let too_short = server(
        &database_url,
        &[
            "create-organizer",
            "--email",
            "other@example.edu",
            "--password-stdin",
        ],
        "short\n",
    );
    assert!(!too_short.status.success());
    assert!(String::from_utf8_lossy(&too_short.stderr).contains("at least 10 characters"));
}

#[test]
fn matching_instance_written_out_can_be_solved_from_the_file() {
    let file = std::env::temp_dir().join(format!("instance-{}.json", uuid::Uuid::new_v4()));

    let written = server(
        "sqlite::memory:",
        &["matching-instance", "--mentees", "20", "--mentors", "8"],
        "",
    );
    std::fs::write(&file, &written.stdout).unwrap();
    let instance: app::domain::matching::Instance =
        serde_json::from_slice(&written.stdout).unwrap();
    let solved = server(
        "sqlite::memory:",
        &["matching-solve", file.to_str().unwrap()],
        "",
    );

    assert!(written.status.success());
    assert_eq!((instance.mentees.len(), instance.mentors.len()), (20, 8));
    assert!(
        solved.status.success(),
        "{}",
        String::from_utf8_lossy(&solved.stderr)
    );
    assert!(String::from_utf8_lossy(&solved.stdout).contains("of 20 mentees matched"));
}

#[test]
fn matching_scores_are_written_for_another_solver_and_every_method_solves_the_file() {
    let instance = std::env::temp_dir().join(format!("instance-{}.json", uuid::Uuid::new_v4()));
    let scores = instance.with_extension("scores");
    let written = server(
        "sqlite::memory:",
        &[
            "matching-instance",
            "--mentees",
            "12",
            "--mentors",
            "5",
            "--family",
            "popular-mentors",
        ],
        "",
    );
    std::fs::write(&instance, &written.stdout).unwrap();

    let matrix = server(
        "sqlite::memory:",
        &[
            "matching-scores",
            instance.to_str().unwrap(),
            scores.to_str().unwrap(),
        ],
        "",
    );
    let unknown_family = server(
        "sqlite::memory:",
        &["matching-instance", "--family", "huge"],
        "",
    );

    assert!(
        matrix.status.success(),
        "{}",
        String::from_utf8_lossy(&matrix.stderr)
    );
    let bytes = std::fs::read(&scores).unwrap();
    assert_eq!(&bytes[..8], &[12, 0, 0, 0, 5, 0, 0, 0]);
    assert_eq!(bytes.len(), 8 + 4 * 5 + 2 * 12 * 5);
    assert!(!unknown_family.status.success());
    assert!(String::from_utf8_lossy(&unknown_family.stderr).contains("many-ties"));
    for method in ["optimal", "fairest", "stable"] {
        let solved = server(
            "sqlite::memory:",
            &[
                "matching-solve",
                instance.to_str().unwrap(),
                "--method",
                method,
            ],
            "",
        );
        assert!(
            solved.status.success(),
            "{method}: {}",
            String::from_utf8_lossy(&solved.stderr)
        );
        assert!(String::from_utf8_lossy(&solved.stdout).contains("of 12 mentees matched"));
    }
}
