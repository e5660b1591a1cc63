//! The quarterly rhythm of a pair: for each quarter of the year, how many meetings were held
//! against the program's minimum (one a quarter) and the pair's own plan, and whether to nudge
//! them. Pure, so the pair page and the organizers' dashboard count alike.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::quarters::{ProgramYearCalendar, Quarter};

/// Where a quarter stands for a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuarterState {
    NotStarted,
    /// The quarter is under way.
    Current,
    /// Over, with at least one meeting held.
    Met,
    /// Over, with none.
    Missed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuarterRhythm {
    pub quarter: Quarter,
    pub held: usize,
    /// Meetings a quarter the pair planned in their agreement (at least the program's one).
    pub planned: usize,
    pub state: QuarterState,
}

impl QuarterRhythm {
    /// One line for the pair page, e.g. "Winter: 1 meeting held of 2 planned (under way)".
    pub fn describe(&self) -> String {
        let held = match self.held {
            1 => "1 meeting held".to_owned(),
            n => format!("{n} meetings held"),
        };
        let state = match self.state {
            QuarterState::NotStarted => " (not started)",
            QuarterState::Current => " (under way)",
            QuarterState::Met => "",
            QuarterState::Missed => ": no meeting this quarter",
        };
        format!(
            "{}: {held} of {} planned{state}",
            self.quarter.name.label(),
            self.planned
        )
    }

    pub fn met_minimum(&self) -> bool {
        self.held >= 1
    }

    pub fn on_plan(&self) -> bool {
        self.held >= self.planned
    }
}

/// Each quarter of the year with the meetings held in it (by the date they were held).
pub fn rhythm(
    calendar: &ProgramYearCalendar,
    held_on: &[NaiveDate],
    planned_per_quarter: usize,
    today: NaiveDate,
) -> Vec<QuarterRhythm> {
    calendar
        .quarters()
        .iter()
        .map(|quarter| {
            let held = held_on
                .iter()
                .filter(|date| quarter.contains(**date))
                .count();
            let state = if today < quarter.starts_on {
                QuarterState::NotStarted
            } else if today <= quarter.ends_on {
                QuarterState::Current
            } else if held > 0 {
                QuarterState::Met
            } else {
                QuarterState::Missed
            };
            QuarterRhythm {
                quarter: *quarter,
                held,
                planned: planned_per_quarter.max(1),
                state,
            }
        })
        .collect()
}

/// Where the quarter under way stands, for a list of pairs: "No meeting yet this Fall quarter",
/// "1 meeting held this Fall quarter"… None between quarters.
pub fn this_quarter(
    calendar: &ProgramYearCalendar,
    held_on: &[NaiveDate],
    today: NaiveDate,
) -> Option<String> {
    let quarter = calendar.quarter_on(today)?;
    let name = quarter.name.label();
    Some(
        match held_on
            .iter()
            .filter(|date| quarter.contains(**date))
            .count()
        {
            0 => format!("No meeting yet this {name} quarter"),
            1 => format!("1 meeting held this {name} quarter"),
            n => format!("{n} meetings held this {name} quarter"),
        },
    )
}

/// A nudge when the current quarter is half over and the pair has not met in it yet.
pub fn nudge(
    calendar: &ProgramYearCalendar,
    held_on: &[NaiveDate],
    today: NaiveDate,
) -> Option<String> {
    let quarter = calendar.quarter_on(today)?;
    let met = held_on.iter().any(|date| quarter.contains(*date));
    (today >= quarter.halfway() && !met).then(|| {
        format!(
            "No meeting yet this {} quarter, and it is half over (it ends on {}). The program asks pairs to meet at least once a quarter.",
            quarter.name.label(),
            quarter.ends_on
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_quarter_counts_only_the_quarter_under_way() {
        let calendar = calendar();
        let fall = calendar.quarters()[0];
        let winter = calendar.quarters()[1];
        let in_winter = winter.starts_on + chrono::Duration::days(3);

        let none = this_quarter(&calendar, &[fall.starts_on], in_winter);
        let one = this_quarter(&calendar, &[fall.starts_on, winter.starts_on], in_winter);
        let two = this_quarter(&calendar, &[winter.starts_on, in_winter], in_winter);
        let between = this_quarter(&calendar, &[], fall.ends_on + chrono::Duration::days(1));

        assert_eq!(none.as_deref(), Some("No meeting yet this Winter quarter"));
        assert_eq!(one.as_deref(), Some("1 meeting held this Winter quarter"));
        assert_eq!(two.as_deref(), Some("2 meetings held this Winter quarter"));
        assert_eq!(
            between, None,
            "no quarter is under way between Fall and Winter"
        );
    }

    /// The usual calendar the app suggests for 2026–27.
    fn calendar() -> ProgramYearCalendar {
        ProgramYearCalendar::suggest(2026)
    }

    #[test]
    fn meetings_count_in_the_quarter_they_fall_in_up_to_its_last_day() {
        let quarters = calendar().quarters().to_owned();
        let fall_end = quarters[0].ends_on;
        let winter_start = quarters[1].starts_on;
        let held = [fall_end, winter_start];

        let rows = rhythm(
            &calendar(),
            &held,
            2,
            quarters[2].ends_on + chrono::Duration::days(1),
        );

        assert_eq!(
            rows.iter().map(|r| r.held).collect::<Vec<_>>(),
            vec![1, 1, 0]
        );
        assert_eq!(
            rows.iter().map(|r| r.state).collect::<Vec<_>>(),
            vec![QuarterState::Met, QuarterState::Met, QuarterState::Missed]
        );
        assert!(rows[0].met_minimum() && !rows[0].on_plan());
    }

    #[test]
    fn a_quarter_is_current_from_its_first_to_its_last_day() {
        let winter = calendar().quarters()[1];

        let on_first = rhythm(&calendar(), &[], 1, winter.starts_on);
        let on_last = rhythm(&calendar(), &[], 1, winter.ends_on);
        let before = rhythm(
            &calendar(),
            &[],
            1,
            winter.starts_on - chrono::Duration::days(1),
        );

        assert_eq!(on_first[1].state, QuarterState::Current);
        assert_eq!(on_last[1].state, QuarterState::Current);
        assert_eq!(before[1].state, QuarterState::NotStarted);
        assert_eq!(on_first[0].state, QuarterState::Missed);
    }

    #[test]
    fn the_nudge_comes_at_halfway_only_without_a_meeting_this_quarter() {
        let winter = calendar().quarters()[1];
        let halfway = winter.halfway();

        let before_halfway = nudge(&calendar(), &[], halfway - chrono::Duration::days(1));
        let at_halfway = nudge(&calendar(), &[], halfway);
        let met = nudge(&calendar(), &[winter.starts_on], halfway);
        let met_last_quarter = nudge(
            &calendar(),
            &[winter.starts_on - chrono::Duration::days(1)],
            halfway,
        );

        assert_eq!(before_halfway, None);
        assert!(at_halfway.is_some_and(|text| text.contains("No meeting yet this Winter quarter")));
        assert_eq!(met, None);
        assert!(met_last_quarter.is_some());
    }

    #[test]
    fn the_plan_is_never_below_the_programs_minimum() {
        let rows = rhythm(&calendar(), &[], 0, calendar().quarters()[0].starts_on);

        assert!(rows.iter().all(|r| r.planned == 1));
        assert_eq!(
            rows[0].describe(),
            "Fall: 0 meetings held of 1 planned (under way)"
        );
    }
}
