//! The organizers' CSV exports over HTTP, on both engines: only organizers download them, every
//! file parses back with its header row, the figures match what was recorded, and a cell that
//! would run as a spreadsheet formula is neutralized.

use app::pairs::concerns::SubmitCheckin;

use crate::helpers::{Engine, TestApp};
use crate::on_both_engines;
use crate::pairs::world;

on_both_engines!(
    only_organizers_download_exports_and_unknown_files_are_not_found,
    exports_parse_back_with_the_years_figures_and_formulas_neutralized,
);

async fn download(client: &TestApp, year_id: i32, file: &str) -> (u16, String) {
    let response = client
        .get(&format!("/program/years/{year_id}/exports/{file}"))
        .await;
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The file's rows, header first (after the byte-order mark spreadsheets need).
fn parsed(text: &str) -> Vec<Vec<String>> {
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark first");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

async fn year_of(client: &TestApp) -> i32 {
    client.current_year().await.id
}

async fn only_organizers_download_exports_and_unknown_files_are_not_found(engine: Engine) {
    let w = world(engine).await;
    let year = year_of(&w.organizer).await;

    let statuses = [
        download(&w.organizer, year, "pairs.csv").await.0,
        download(&w.mentee, year, "pairs.csv").await.0,
        download(&w.anonymous, year, "pairs.csv").await.0,
        download(&w.organizer, year, "passwords.csv").await.0,
        download(&w.organizer, year + 100, "pairs.csv").await.0,
    ];

    assert_eq!(statuses, [200, 403, 401, 404, 404]);
    let response = w
        .organizer
        .get(&format!("/program/years/{year}/exports/pairs.csv"))
        .await;
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\""),
        "{disposition}"
    );
    assert!(disposition.ends_with("-pairs.csv\""), "{disposition}");
}

async fn exports_parse_back_with_the_years_figures_and_formulas_neutralized(engine: Engine) {
    let w = world(engine).await;
    let year = year_of(&w.organizer).await;
    // One meeting held this (Fall) quarter, and a check-in whose message looks like a formula.
    w.hold_a_meeting_two_days_ago().await;
    let formula = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    let answered = w
        .mentee
        .call(SubmitCheckin {
            pair_id: w.pair_id,
            rating: "4".into(),
            met: "on".into(),
            message: formula.into(),
        })
        .await;
    assert_eq!(answered, Ok(()));

    let participants = parsed(&download(&w.organizer, year, "participants.csv").await.1);
    let pairs = parsed(&download(&w.organizer, year, "pairs.csv").await.1);
    let meetings = parsed(
        &download(&w.organizer, year, "meetings-per-quarter.csv")
            .await
            .1,
    );
    let checkins = parsed(&download(&w.organizer, year, "check-ins.csv").await.1);

    // Every participant enrolled this year (two mentors, three mentees), one row each.
    assert_eq!(participants[0][..2], ["Name", "Email"]);
    assert_eq!(participants.len(), 1 + 5);
    assert!(
        participants[1..]
            .iter()
            .all(|row| row[1].ends_with("@example.edu"))
    );
    assert_eq!(
        participants[1..]
            .iter()
            .filter(|row| row[2] == "Mentee")
            .count(),
        3
    );
    // Both pairs, with names and emails.
    assert_eq!(pairs[0][0], "Mentee");
    assert_eq!(pairs.len(), 1 + 2);
    assert!(
        pairs[1..]
            .iter()
            .all(|row| row[1].contains('@') && row[3].contains('@'))
    );
    // The held meeting counts in Fall for the first pair only.
    assert_eq!(
        meetings[0],
        ["Mentee", "Mentor", "Fall", "Winter", "Spring"]
    );
    let fall: Vec<&str> = meetings[1..].iter().map(|row| row[2].as_str()).collect();
    assert_eq!(fall, ["1", "0"]);
    // The check-in, with its message as text, never as a formula.
    assert_eq!(checkins.len(), 1 + 1);
    assert_eq!(checkins[1][3], "Fall");
    assert_eq!(checkins[1][4], "4");
    assert_eq!(checkins[1][5], "yes");
    assert_eq!(checkins[1][6], format!("'{formula}"));
}
