//! Quarter arithmetic for a program year (fall through spring): which quarter a date falls in,
//! how many are left, when a quarter is half over. Pure, so pages in the browser and reminder jobs
//! on the server agree.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

super::choices::choices!(
    /// The program year's three quarters, in order.
    QuarterName {
        Fall = "fall": "Fall",
        Winter = "winter": "Winter",
        Spring = "spring": "Spring",
    }
);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quarter {
    pub name: QuarterName,
    pub starts_on: NaiveDate,
    /// The last day of the quarter, inclusive.
    pub ends_on: NaiveDate,
}

impl Quarter {
    /// The day by which a pair that has not met this quarter gets a nudge.
    pub fn halfway(&self) -> NaiveDate {
        let days = (self.ends_on - self.starts_on).num_days();
        self.starts_on + chrono::Duration::days(days / 2)
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.starts_on <= date && date <= self.ends_on
    }
}

/// Where a date stands in the program year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    BeforeYear,
    /// In the quarter at this index.
    In(usize),
    /// In the break after the quarter at this index (winter or spring break).
    BreakAfter(usize),
    AfterYear,
}

/// The three quarters of one program year, checked: in order fall, winter, spring, each ending
/// on or after it starts, none overlapping the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramYearCalendar([Quarter; 3]);

impl ProgramYearCalendar {
    /// Checks the quarters; an error names the quarter and what is wrong with it.
    pub fn parse(quarters: [Quarter; 3]) -> Result<Self, String> {
        Self::check(quarters).map_err(|(_, message)| message)
    }

    /// Like [`Self::parse`], but the error also names the form field at fault, such as
    /// `winter_starts_on`.
    pub fn check(quarters: [Quarter; 3]) -> Result<Self, (String, String)> {
        let expected = [QuarterName::Fall, QuarterName::Winter, QuarterName::Spring];
        let field =
            |name: QuarterName, edge: &str| format!("{}_{edge}", name.label().to_lowercase());
        for (quarter, name) in quarters.iter().zip(expected) {
            if quarter.name != name {
                return Err((
                    field(name, "starts_on"),
                    format!(
                        "The quarters must be Fall, Winter and Spring, in that order (found {}).",
                        quarter.name.label()
                    ),
                ));
            }
            if quarter.ends_on < quarter.starts_on {
                return Err((
                    field(name, "ends_on"),
                    format!("{} quarter ends before it starts.", name.label()),
                ));
            }
        }
        for pair in quarters.windows(2) {
            if pair[1].starts_on <= pair[0].ends_on {
                return Err((
                    field(pair[1].name, "starts_on"),
                    format!(
                        "{} quarter must start after {} quarter ends.",
                        pair[1].name.label(),
                        pair[0].name.label()
                    ),
                ));
            }
        }
        Ok(Self(quarters))
    }

    /// Dates for the year starting in the fall of `start_year`, close to a typical quarter system
    /// (classes late September to mid June) for the organizer to adjust.
    pub fn suggest(start_year: i32) -> Self {
        let date = |year, month, day| {
            NaiveDate::from_ymd_opt(year, month, day).expect("fixed suggested dates are valid")
        };
        let next = start_year + 1;
        Self([
            Quarter {
                name: QuarterName::Fall,
                starts_on: date(start_year, 9, 24),
                ends_on: date(start_year, 12, 12),
            },
            Quarter {
                name: QuarterName::Winter,
                starts_on: date(next, 1, 5),
                ends_on: date(next, 3, 20),
            },
            Quarter {
                name: QuarterName::Spring,
                starts_on: date(next, 3, 30),
                ends_on: date(next, 6, 12),
            },
        ])
    }

    pub fn quarters(&self) -> &[Quarter; 3] {
        &self.0
    }

    /// "2026–27" for the year starting in fall 2026.
    pub fn label(&self) -> String {
        let start = self.0[0].starts_on.year();
        format!("{start}–{:02}", (start + 1) % 100)
    }

    pub fn position(&self, date: NaiveDate) -> Position {
        if date < self.0[0].starts_on {
            return Position::BeforeYear;
        }
        for (index, quarter) in self.0.iter().enumerate() {
            if quarter.contains(date) {
                return Position::In(index);
            }
            if self
                .0
                .get(index + 1)
                .is_some_and(|next| date < next.starts_on)
            {
                return Position::BreakAfter(index);
            }
        }
        Position::AfterYear
    }

    /// The quarter `date` falls in, if any.
    pub fn quarter_on(&self, date: NaiveDate) -> Option<&Quarter> {
        match self.position(date) {
            Position::In(index) => Some(&self.0[index]),
            _ => None,
        }
    }

    /// Quarters not yet over on `date`, counting the current one.
    pub fn quarters_left(&self, date: NaiveDate) -> usize {
        self.0
            .iter()
            .filter(|quarter| quarter.ends_on >= date)
            .count()
    }

    /// The quarter an organizer's report on `date` is about: the one under way, or in a break the
    /// one just finished, or after the year its last; none before the year starts.
    pub fn reporting_quarter(&self, date: NaiveDate) -> Option<usize> {
        match self.position(date) {
            Position::BeforeYear => None,
            Position::In(index) | Position::BreakAfter(index) => Some(index),
            Position::AfterYear => Some(self.0.len() - 1),
        }
    }

    /// Whether `date` is in a quarter that is at least half over.
    pub fn past_halfway(&self, date: NaiveDate) -> bool {
        self.quarter_on(date)
            .is_some_and(|quarter| date >= quarter.halfway())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn year() -> ProgramYearCalendar {
        ProgramYearCalendar::suggest(2026)
    }

    #[test]
    fn reports_are_about_the_quarter_under_way_or_just_finished() {
        let year = year();

        let on = |text| year.reporting_quarter(day(text));

        assert_eq!(on("2026-09-01"), None);
        assert_eq!(on("2026-10-15"), Some(0));
        assert_eq!(on("2026-12-20"), Some(0));
        assert_eq!(on("2027-02-01"), Some(1));
        assert_eq!(on("2027-08-01"), Some(2));
    }

    #[test]
    fn suggested_year_is_valid_and_labelled_by_its_academic_years() {
        let suggested = year();
        assert_eq!(
            ProgramYearCalendar::parse(*suggested.quarters()),
            Ok(suggested.clone())
        );
        assert_eq!(suggested.label(), "2026–27");
        assert_eq!(ProgramYearCalendar::suggest(2099).label(), "2099–00");
    }

    #[test]
    fn a_date_is_placed_in_its_quarter_or_break() {
        let calendar = year();
        assert_eq!(calendar.position(day("2026-09-01")), Position::BeforeYear);
        assert_eq!(calendar.position(day("2026-09-24")), Position::In(0));
        assert_eq!(calendar.position(day("2026-12-12")), Position::In(0));
        assert_eq!(
            calendar.position(day("2026-12-25")),
            Position::BreakAfter(0)
        );
        assert_eq!(calendar.position(day("2027-02-14")), Position::In(1));
        assert_eq!(
            calendar.position(day("2027-03-25")),
            Position::BreakAfter(1)
        );
        assert_eq!(calendar.position(day("2027-06-12")), Position::In(2));
        assert_eq!(calendar.position(day("2027-07-04")), Position::AfterYear);
        assert_eq!(
            calendar.quarter_on(day("2027-02-14")).map(|q| q.name),
            Some(QuarterName::Winter)
        );
        assert_eq!(calendar.quarter_on(day("2026-12-25")), None);
    }

    #[test]
    fn quarters_left_counts_the_current_one() {
        let calendar = year();
        assert_eq!(calendar.quarters_left(day("2026-08-01")), 3);
        assert_eq!(calendar.quarters_left(day("2026-11-27")), 3);
        assert_eq!(calendar.quarters_left(day("2026-12-20")), 2);
        assert_eq!(calendar.quarters_left(day("2027-05-01")), 1);
        assert_eq!(calendar.quarters_left(day("2027-06-13")), 0);
    }

    #[test]
    fn leap_day_falls_in_winter_and_counts_towards_its_length() {
        // 2027–28: winter 2028 has a February 29th.
        let calendar = ProgramYearCalendar::suggest(2027);
        let winter = calendar.quarters()[1];
        assert_eq!(calendar.position(day("2028-02-29")), Position::In(1));
        assert_eq!((winter.ends_on - winter.starts_on).num_days(), 75);
        assert_eq!(winter.halfway(), day("2028-02-11"));
        assert_eq!(calendar.quarters_left(day("2028-02-29")), 2);
        let leap_quarter = Quarter {
            starts_on: day("2028-02-29"),
            ends_on: day("2028-02-29"),
            ..winter
        };
        assert_eq!(leap_quarter.halfway(), day("2028-02-29"));
    }

    #[test]
    fn halfway_is_the_middle_day_of_the_quarter() {
        let calendar = year();
        let fall = calendar.quarters()[0];
        assert_eq!(fall.halfway(), day("2026-11-02"));
        assert!(!calendar.past_halfway(day("2026-11-01")));
        assert!(calendar.past_halfway(day("2026-11-02")));
        assert!(
            !calendar.past_halfway(day("2026-12-25")),
            "no quarter during the break"
        );
    }

    #[test]
    fn quarters_out_of_order_or_overlapping_are_refused_with_the_quarter_named() {
        let [fall, winter, spring] = *year().quarters();
        let overlapping = Quarter {
            starts_on: day("2026-12-01"),
            ..winter
        };
        assert_eq!(
            ProgramYearCalendar::check([fall, overlapping, spring]),
            Err((
                "winter_starts_on".into(),
                "Winter quarter must start after Fall quarter ends.".into()
            ))
        );
        let backwards = Quarter {
            ends_on: day("2026-09-01"),
            ..fall
        };
        assert_eq!(
            ProgramYearCalendar::parse([backwards, winter, spring]),
            Err("Fall quarter ends before it starts.".into())
        );
        assert!(
            ProgramYearCalendar::parse([winter, fall, spring])
                .unwrap_err()
                .contains("in that order")
        );
    }
}
