//! CSV exports for organizers' own reports: which files there are, their header rows, and cells
//! made safe to open in a spreadsheet (a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return would otherwise be run as a formula: "CSV injection").

/// The files an organizer can download for a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Participants,
    Pairs,
    Meetings,
    Checkins,
}

impl ExportKind {
    pub const ALL: [ExportKind; 4] = [
        ExportKind::Participants,
        ExportKind::Pairs,
        ExportKind::Meetings,
        ExportKind::Checkins,
    ];

    /// The file's name in addresses, without the year: `participants.csv`.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Participants => "participants.csv",
            Self::Pairs => "pairs.csv",
            Self::Meetings => "meetings-per-quarter.csv",
            Self::Checkins => "check-ins.csv",
        }
    }

    pub fn from_file_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.file_name() == name)
    }

    /// What people read on the link.
    pub fn label(self) -> &'static str {
        match self {
            Self::Participants => "Participants",
            Self::Pairs => "Pairs, with names and emails",
            Self::Meetings => "Meetings held per quarter",
            Self::Checkins => "Check-in answers",
        }
    }

    pub fn header(self) -> &'static [&'static str] {
        match self {
            Self::Participants => &[
                "Name",
                "Email",
                "Role",
                "Status",
                "Mentees they can take",
                "Applied on",
            ],
            Self::Pairs => &[
                "Mentee",
                "Mentee email",
                "Mentor",
                "Mentor email",
                "Started on",
                "Ended on",
                "Why it ended",
            ],
            Self::Meetings => &["Mentee", "Mentor", "Fall", "Winter", "Spring"],
            Self::Checkins => &[
                "Mentee",
                "Mentor",
                "Answered by",
                "Quarter",
                "How it is going (1-5)",
                "Met this quarter",
                "For the organizers",
                "Answered on",
            ],
        }
    }
}

/// The cell as a spreadsheet will show it, never as a formula: a leading `'` is added where the
/// first character would start one.
pub fn neutralize(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// Rows as CSV text (quoted where needed, lines ending in CRLF), every cell neutralized.
pub fn csv_text<'a>(rows: impl IntoIterator<Item = &'a [String]>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(row.iter().map(|cell| neutralize(cell)));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The header row of a file.
pub fn header_text(kind: ExportKind) -> String {
    let header: Vec<String> = kind.header().iter().map(|h| (*h).to_owned()).collect();
    csv_text([header.as_slice()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_start_a_formula_are_escaped() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(neutralize(formula), format!("'{formula}"));
        }
        for plain in ["Ada", "", "2026-11-27", "a=b", " =x"] {
            assert_eq!(neutralize(plain), plain);
        }
    }

    #[test]
    fn rows_are_quoted_csv_with_crlf_and_neutralized_cells() {
        let rows = [vec![
            "Lovelace, Ada".to_owned(),
            "=cmd()".to_owned(),
            "said \"hi\"".to_owned(),
        ]];

        let text = csv_text(rows.iter().map(Vec::as_slice));

        assert_eq!(text, "\"Lovelace, Ada\",'=cmd(),\"said \"\"hi\"\"\"\r\n");
    }

    #[test]
    fn each_file_is_found_by_its_name() {
        for kind in ExportKind::ALL {
            assert_eq!(ExportKind::from_file_name(kind.file_name()), Some(kind));
        }
        assert_eq!(ExportKind::from_file_name("secrets.csv"), None);
    }
}
