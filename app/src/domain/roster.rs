//! Reading a participants' spreadsheet exported as CSV: one row per person, every row's problems
//! named, duplicates within the file caught. Handles what spreadsheets write: a UTF-8 byte-order
//! mark, quoted fields with commas, and CRLF line ends.

use serde::{Deserialize, Serialize};

use super::choices::{DegreeProgram, MentorSource, Role};
use super::validation::{DisplayName, EmailAddress, quoted};

/// More rows than a program ever has; a bigger file is refused whole.
pub const MAX_ROWS: usize = 5000;

/// The columns, by header name (any order, any letter case; others are ignored).
pub const COLUMNS: [&str; 6] = ["name", "email", "role", "program", "source", "capacity"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    /// The row's line in the file, counting the header as line 1.
    pub line: u64,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub program: Option<DegreeProgram>,
    pub source: Option<MentorSource>,
    /// Mentors only: how many mentees (1–5, default 1).
    pub capacity: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub line: u64,
    /// The email as written, to help find the row.
    pub email: String,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub rows: Vec<RosterRow>,
    pub problems: Vec<RowProblem>,
}

/// Parses the file; `Err` when it cannot be read as a participants' CSV at all.
pub fn parse_roster(text: &str) -> Result<Roster, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|err| format!("The file could not be read as CSV: {err}."))?
        .clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let missing: Vec<&str> = ["name", "email", "role"]
        .into_iter()
        .filter(|name| column(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "The first row must name the columns; missing: {}. Expected columns: {}.",
            missing.join(", "),
            COLUMNS.join(", ")
        ));
    }
    let columns: Vec<Option<usize>> = COLUMNS.iter().map(|name| column(name)).collect();
    let mut roster = Roster::default();
    let mut first_line_of_email = std::collections::HashMap::new();
    // Counted here rather than taken from the reader, whose line numbers drift on long files; a
    // quoted field may span lines, so each record advances by the line breaks it holds.
    let mut next_line: u64 = 2;
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_ROWS {
            return Err(format!(
                "The file has more than {MAX_ROWS} rows; split it and import each part."
            ));
        }
        let record = record.map_err(|err| format!("The file could not be read as CSV: {err}."))?;
        let line = next_line;
        next_line += 1 + record
            .iter()
            .map(|field| field.matches('\n').count() as u64)
            .sum::<u64>();
        let cell = |i: usize| {
            columns[i]
                .and_then(|c| record.get(c))
                .unwrap_or("")
                .to_owned()
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let [name, email, role, program, source, capacity] = std::array::from_fn(cell);
        let mut problems = Vec::new();
        let parsed_name = DisplayName::parse(&name).map_err(|m| problems.push(m)).ok();
        let parsed_email = EmailAddress::parse(&email)
            .map_err(|_| problems.push(format!("{} is not a valid email address.", quoted(&email))))
            .ok();
        let parsed_role = Role::from_code(&role.to_lowercase());
        if parsed_role.is_none() {
            problems.push(format!(
                "Role must be mentee or mentor (found {}).",
                quoted(&role)
            ));
        }
        let parsed_program = if program.is_empty() {
            None
        } else {
            let found = DegreeProgram::ALL
                .iter()
                .copied()
                .find(|p| p.code().eq_ignore_ascii_case(&program));
            if found.is_none() {
                problems.push(format!(
                    "Unknown program {} (use one of: {}).",
                    quoted(&program),
                    DegreeProgram::ALL
                        .iter()
                        .map(|p| p.code())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            found
        };
        if parsed_role == Some(Role::Mentee) && program.is_empty() {
            problems.push("A mentee needs a program (MLIS, MLIS/MA, PhD or Other).".into());
        }
        let parsed_source = if source.is_empty() {
            None
        } else {
            let key = source.to_lowercase().replace(' ', "_");
            let found = MentorSource::from_code(&key);
            if found.is_none() {
                problems.push(format!(
                    "Source must be library staff, alumni or other (found {}).",
                    quoted(&source)
                ));
            }
            found
        };
        let parsed_capacity = match (parsed_role, capacity.as_str()) {
            (Some(Role::Mentor), "") => Some(1),
            (Some(Role::Mentor), text) => {
                let value = text.parse::<i32>().ok().filter(|n| (1..=5).contains(n));
                if value.is_none() {
                    problems.push(format!(
                        "Capacity must be a whole number from 1 to 5 (found {}).",
                        quoted(text)
                    ));
                }
                value
            }
            _ => None,
        };
        if let Some(email) = &parsed_email {
            if let Some(first) = first_line_of_email.get(email.as_str()) {
                problems.push(format!(
                    "Duplicate: {} is already on line {first}.",
                    email.as_str()
                ));
            } else {
                first_line_of_email.insert(email.as_str().to_owned(), line);
            }
        }
        match (problems.is_empty(), parsed_name, parsed_email, parsed_role) {
            (true, Some(name), Some(email), Some(role)) => roster.rows.push(RosterRow {
                line,
                name: name.as_str().to_owned(),
                email: email.as_str().to_owned(),
                role,
                program: parsed_program,
                source: parsed_source,
                capacity: parsed_capacity,
            }),
            _ => roster.problems.push(RowProblem {
                line,
                email,
                problems,
            }),
        }
    }
    Ok(roster)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_excel_output_with_bom_crlf_and_quoted_commas() {
        let file = "\u{feff}Name,Email,Role,Program,Source,Capacity\r\n\"Archive, Ada\",ADA@example.edu,Mentee,mlis,,\r\nBo Binder,bo@example.edu,mentor,,library staff,3\r\n";

        let roster = parse_roster(file).unwrap();

        assert_eq!(roster.problems, vec![]);
        assert_eq!(roster.rows.len(), 2);
        assert_eq!(roster.rows[0].name, "Archive, Ada");
        assert_eq!(roster.rows[0].email, "ada@example.edu");
        assert_eq!(roster.rows[0].program, Some(DegreeProgram::Mlis));
        assert_eq!(roster.rows[1].source, Some(MentorSource::LibraryStaff));
        assert_eq!(roster.rows[1].capacity, Some(3));
        assert_eq!(roster.rows[1].line, 3);
    }

    #[test]
    fn every_problem_of_a_row_is_named_with_its_line() {
        let file = "name,email,role,program,capacity\nAda,not-an-email,mentee,MBA,\nBo,bo@example.edu,mentor,,9\nAda Again,ada@example.edu,mentee,PhD,\nAda Twice,ADA@example.edu,mentee,PhD,\n";

        let roster = parse_roster(file).unwrap();

        assert_eq!(roster.rows.len(), 1);
        let lines: Vec<u64> = roster.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 3, 5]);
        assert_eq!(
            roster.problems[0].problems.len(),
            2,
            "{:?}",
            roster.problems[0]
        );
        assert!(roster.problems[0].problems[0].contains("not-an-email"));
        assert!(roster.problems[0].problems[1].contains("Unknown program “MBA”"));
        assert!(roster.problems[1].problems[0].contains("Capacity"));
        assert!(roster.problems[2].problems[0].contains("already on line 4"));
    }

    #[test]
    fn a_file_without_the_needed_columns_is_refused_whole() {
        let error = parse_roster("full name,mail\nAda,ada@example.edu\n").unwrap_err();
        assert!(error.contains("missing: name, email, role"), "{error}");
    }

    #[test]
    fn lines_are_counted_across_long_files_and_multi_line_fields() {
        // A name may not span lines (it is refused), but its row must not shift the ones after it.
        let mut file = String::from(
            "name,email,role,program\r\n\"Ada\nArchive\",ada@example.edu,mentee,MLIS\r\n",
        );
        for n in 3..=499 {
            file.push_str(&format!("Student {n},s{n}@example.edu,mentee,MLIS\r\n"));
        }
        file.push_str("Bad,bad,mentee,MLIS\r\n");

        let roster = parse_roster(&file).unwrap();

        let lines: Vec<u64> = roster.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 501]);
    }

    #[test]
    fn blank_lines_are_skipped() {
        let roster =
            parse_roster("name,email,role,program\n\n,,,\nAda,ada@example.edu,mentee,MLIS\n")
                .unwrap();
        assert_eq!(roster.rows.len(), 1);
        assert!(roster.problems.is_empty());
    }
}
