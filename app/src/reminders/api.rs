//! Reminder rules and their runs: the quarterly meeting nudge, the check-in
//! prompt, the orientation reminder, the enrollment deadline and the unanswered meeting proposal.
//! The server runs them every hour; each person gets each reminder once per occasion (a unique
//! log row, written in the same transaction as the email), and every one sent is in the log.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{ReminderKind, SentOnce};
use crate::error::AppError;

crate::domain::choices::choices!(
    /// What the reminders page's forms just did.
    RemindersDone {
        Saved = "saved": "The rule is saved.",
    }
);

/// The most days a rule may look ahead (or wait).
pub const DAYS_MAX: i32 = 60;
/// The longest reminder text, in characters.
pub const BODY_MAX_CHARS: usize = 5_000;
/// Entries of the log shown.
#[cfg(feature = "ssr")]
const LOG_SHOWN: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRule {
    pub kind: ReminderKind,
    pub enabled: bool,
    pub days: i32,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderLogRow {
    /// "2026-11-27 18:05 UTC".
    pub at: String,
    pub kind: SentOnce,
    pub person: String,
    pub occasion: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminders {
    pub rules: Vec<ReminderRule>,
    pub log: Vec<ReminderLogRow>,
    /// What "Send due reminders now" just did: how many went out, per rule.
    pub just_ran: Option<Vec<(ReminderKind, u64)>>,
}

#[cfg(feature = "ssr")]
pub mod db {
    use std::collections::HashSet;

    use chrono::{DateTime, Duration, NaiveDate, Utc};
    use sea_orm::{
        ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
        Set, TransactionSession, TransactionTrait,
    };

    use super::*;
    use crate::dashboard::figures::lists::{Listed, Scope, behind};
    use crate::dashboard::figures::{DashboardFilter, Figure};
    use crate::domain::choices::{EmailKind, MeetingStatus, Phase};
    use crate::entities::{
        checkins, enrollments, meetings, orientation_rsvps, orientation_sessions, pairs,
        reminder_log, reminder_rules, users,
    };
    use crate::program::year::ProgramYear;

    /// One reminder due to one person.
    pub struct Due {
        pub user_id: i32,
        pub pair_id: Option<i32>,
        /// What makes it once only: "year 3 fall", "session 12", "meeting 40".
        pub occasion: String,
        /// Fills `{when}`.
        pub when: String,
        /// Where the reminder sends them (a path).
        pub path: String,
    }

    pub async fn rules(db: &impl ConnectionTrait) -> Result<Vec<reminder_rules::Model>, DbErr> {
        reminder_rules::Entity::find()
            .order_by_asc(reminder_rules::Column::Kind)
            .all(db)
            .await
    }

    /// A time as the program reads it (Los Angeles, taken as UTC−8).
    fn program_time(at: DateTime<Utc>) -> String {
        (at - Duration::hours(8))
            .format("%A %B %-d at %-I:%M %p (Pacific time)")
            .to_string()
    }

    /// Both members of each pair, once per pair, for this occasion.
    fn members(pairs: &[pairs::Model], occasion: &str, when: &str) -> Vec<Due> {
        pairs
            .iter()
            .flat_map(|pair| {
                [pair.mentee_id, pair.mentor_id].map(|user_id| Due {
                    user_id,
                    pair_id: Some(pair.id),
                    occasion: occasion.to_owned(),
                    when: when.to_owned(),
                    path: format!("/pairs/{}", pair.id),
                })
            })
            .collect()
    }

    /// Who is due `kind` today, in the year (days: the rule's number of days).
    pub async fn due_for(
        db: &impl ConnectionTrait,
        kind: ReminderKind,
        days: i32,
        year: &ProgramYear,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<Due>, DbErr> {
        let days = i64::from(days);
        let quarter = year.calendar.quarter_on(today).copied();
        let quarter_occasion = |name: &str| format!("year {} {}", year.id, name.to_lowercase());
        Ok(match kind {
            ReminderKind::MeetingNudge => {
                let Some(quarter) = quarter.filter(|_| year.calendar.past_halfway(today)) else {
                    return Ok(Vec::new());
                };
                let scope = Scope {
                    year_id: year.id,
                    calendar: &year.calendar,
                    filter: DashboardFilter::default(),
                    today,
                    now,
                };
                let Listed::Pairs(found) =
                    behind(db, &scope, Figure::NoMeetingFor { quarters: 1 }).await?
                else {
                    return Ok(Vec::new());
                };
                let ids: HashSet<i32> = found.into_iter().map(|(id, _)| id).collect();
                let not_met: Vec<pairs::Model> = crate::matching::db::active_pairs(db, year.id)
                    .await?
                    .into_iter()
                    .filter(|pair| ids.contains(&pair.id))
                    .collect();
                let label = quarter.name.label();
                members(&not_met, &quarter_occasion(label), label)
            }
            ReminderKind::CheckinPrompt => {
                let Some(quarter) = quarter.filter(|q| (q.ends_on - today).num_days() <= days)
                else {
                    return Ok(Vec::new());
                };
                let label = quarter.name.label();
                let pairs = crate::matching::db::active_pairs(db, year.id).await?;
                let answered: HashSet<(i32, i32)> = checkins::Entity::find()
                    .filter(checkins::Column::PairId.is_in(pairs.iter().map(|p| p.id)))
                    .filter(checkins::Column::Quarter.eq(label.to_lowercase()))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|checkin| (checkin.pair_id, checkin.user_id))
                    .collect();
                members(&pairs, &quarter_occasion(label), label)
                    .into_iter()
                    .filter(|due| !answered.contains(&(due.pair_id.unwrap_or(0), due.user_id)))
                    .collect()
            }
            ReminderKind::Orientation => {
                let sessions = orientation_sessions::Entity::find()
                    .filter(orientation_sessions::Column::YearId.eq(year.id))
                    .filter(orientation_sessions::Column::StartsAt.gt(now))
                    .filter(orientation_sessions::Column::StartsAt.lte(now + Duration::days(days)))
                    .all(db)
                    .await?;
                let mut due = Vec::new();
                for session in sessions {
                    let signed_up = orientation_rsvps::Entity::find()
                        .filter(orientation_rsvps::Column::SessionId.eq(session.id))
                        .all(db)
                        .await?;
                    due.extend(signed_up.into_iter().map(|rsvp| Due {
                        user_id: rsvp.user_id,
                        pair_id: None,
                        occasion: format!("session {}", session.id),
                        when: program_time(session.starts_at),
                        path: "/".to_owned(),
                    }));
                }
                due
            }
            ReminderKind::EnrollmentDeadline => {
                let left = (year.enrollment_deadline - today).num_days();
                if year.phase != Phase::Enrolling || left < 0 || left > days {
                    return Ok(Vec::new());
                }
                let applied: HashSet<i32> = enrollments::Entity::find()
                    .select_only()
                    .column(enrollments::Column::UserId)
                    .filter(enrollments::Column::YearId.eq(year.id))
                    .into_tuple::<i32>()
                    .all(db)
                    .await?
                    .into_iter()
                    .collect();
                let when = year.enrollment_deadline.format("%B %-d").to_string();
                users::Entity::find()
                    .filter(users::Column::IsOrganizer.eq(false))
                    .filter(users::Column::DisabledAt.is_null())
                    .order_by_asc(users::Column::Id)
                    .all(db)
                    .await?
                    .into_iter()
                    .filter(|user| !applied.contains(&user.id))
                    .map(|user| Due {
                        user_id: user.id,
                        pair_id: None,
                        occasion: format!("year {} deadline", year.id),
                        when: when.clone(),
                        path: "/apply".to_owned(),
                    })
                    .collect()
            }
            ReminderKind::UnansweredProposal => {
                let pairs = crate::matching::db::active_pairs(db, year.id).await?;
                let proposals = meetings::Entity::find()
                    .filter(meetings::Column::PairId.is_in(pairs.iter().map(|p| p.id)))
                    .filter(meetings::Column::Status.eq(MeetingStatus::Proposed))
                    .filter(meetings::Column::CreatedAt.lte(now - Duration::days(days)))
                    .filter(meetings::Column::StartsAt.gt(now))
                    .all(db)
                    .await?;
                proposals
                    .into_iter()
                    .filter_map(|meeting| {
                        let pair = pairs.iter().find(|pair| pair.id == meeting.pair_id)?;
                        (meeting.proposed_by == pair.mentee_id).then(|| Due {
                            user_id: pair.mentor_id,
                            pair_id: Some(pair.id),
                            occasion: format!("meeting {}", meeting.id),
                            when: program_time(meeting.starts_at),
                            path: format!("/pairs/{}", pair.id),
                        })
                    })
                    .collect()
            }
        })
    }

    /// Fills a rule's text for one person.
    pub fn filled(text: &str, name: &str, when: &str, link: &str) -> String {
        text.replace("{name}", name)
            .replace("{when}", when)
            .replace("{link}", link)
    }

    /// Runs every switched-on rule for the current year: each reminder due goes out once (the
    /// log row and the email are written together). Returns how many went out per rule.
    pub async fn run(
        db: &(impl ConnectionTrait + TransactionTrait),
        site_url: &str,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Vec<(ReminderKind, u64)>, DbErr> {
        let Some(row) = crate::program::db::current_year(db).await? else {
            return Ok(Vec::new());
        };
        let Ok(year) = ProgramYear::try_from(row) else {
            return Ok(Vec::new());
        };
        if year.is_closed() {
            return Ok(Vec::new());
        }
        let mut report = Vec::new();
        for rule in rules(db).await?.into_iter().filter(|rule| rule.enabled) {
            let kind = rule.kind;
            let mut sent = 0;
            for due in due_for(db, kind, rule.days, &year, today, now).await? {
                if send_once(db, kind, &rule, &due, site_url).await? {
                    sent += 1;
                }
            }
            tracing::info!(kind = kind.code(), sent, "reminders run");
            report.push((kind, sent));
        }
        Ok(report)
    }

    /// Logs and queues one reminder, unless it went out before; says whether it went now.
    async fn send_once(
        db: &impl TransactionTrait,
        kind: ReminderKind,
        rule: &reminder_rules::Model,
        due: &Due,
        site_url: &str,
    ) -> Result<bool, DbErr> {
        let txn = crate::database::begin_write(db).await?;
        let Some(user) = crate::auth::db::find_user(&txn, due.user_id).await? else {
            return Ok(false);
        };
        if !crate::outbox::db::log_once(&txn, kind.into(), due.user_id, &due.occasion, due.pair_id)
            .await?
        {
            return Ok(false);
        }
        let link = format!("{site_url}{}", due.path);
        let subject = filled(&rule.subject, &user.display_name, &due.when, &link);
        let body = filled(&rule.body, &user.display_name, &due.when, &link);
        crate::outbox::db::queue(
            &txn,
            crate::outbox::db::Email::to_user(&user, EmailKind::Reminders, &subject, &body),
        )
        .await?;
        crate::notify::notices::add_notice(&txn, user.id, &subject, &due.path).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// The latest reminders sent, newest first, with the person's name.
    pub async fn recent_log(
        db: &impl ConnectionTrait,
        limit: u64,
    ) -> Result<Vec<(reminder_log::Model, String)>, DbErr> {
        let rows = reminder_log::Entity::find()
            .order_by_desc(reminder_log::Column::Id)
            .limit(limit)
            .all(db)
            .await?;
        let people = crate::auth::db::users_by_id(db, rows.iter().map(|row| row.user_id)).await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let name = people
                    .iter()
                    .find(|user| user.id == row.user_id)
                    .map(|user| user.display_name.clone())
                    .unwrap_or_default();
                (row, name)
            })
            .collect())
    }

    pub async fn save_rule(
        db: &impl ConnectionTrait,
        rule: &ReminderRule,
        organizer_id: i32,
    ) -> Result<(), DbErr> {
        reminder_rules::Entity::update(reminder_rules::ActiveModel {
            kind: Set(rule.kind),
            enabled: Set(rule.enabled),
            days: Set(rule.days),
            subject: Set(rule.subject.clone()),
            body: Set(rule.body.clone()),
            updated_by: Set(Some(organizer_id)),
            updated_at: Set(Some(Utc::now())),
        })
        .exec(db)
        .await
        .map(|_| ())
    }
}

#[cfg(feature = "ssr")]
const JUST_RAN_KEY: &str = "reminders_just_ran";

/// The rules and the latest reminders sent, for organizers.
#[server(endpoint = "reminders")]
pub async fn get_reminders() -> Result<Reminders, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let rules = db::rules(&db)
        .await?
        .into_iter()
        .map(|rule| ReminderRule {
            kind: rule.kind,
            enabled: rule.enabled,
            days: rule.days,
            subject: rule.subject,
            body: rule.body,
        })
        .collect();
    let log = db::recent_log(&db, LOG_SHOWN)
        .await?
        .into_iter()
        .map(|(row, person)| ReminderLogRow {
            at: row.sent_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            kind: row.kind,
            person,
            occasion: row.occasion,
        })
        .collect();
    Ok(Reminders {
        rules,
        log,
        just_ran: crate::auth::ssr::take_flash(JUST_RAN_KEY).await?,
    })
}

/// Switches a rule on or off and words it; `enabled` is a checkbox ("on" or absent).
#[server(endpoint = "save_reminder_rule")]
pub async fn save_reminder_rule(
    kind: String,
    #[server(default)] enabled: String,
    #[server(default)] days: String,
    #[server(default)] subject: String,
    #[server(default)] body: String,
) -> Result<(), AppError> {
    use crate::error::Checked;
    let organizer = crate::auth::ssr::require_organizer().await?;
    let kind = ReminderKind::from_code(&kind).ok_or(AppError::NotFound)?;
    let days_checked = if kind.uses_days() {
        days.trim()
            .parse::<i32>()
            .ok()
            .filter(|days| (1..=DAYS_MAX).contains(days))
            .ok_or_else(|| format!("Enter a number of days from 1 to {DAYS_MAX}."))
    } else {
        Ok(0)
    };
    let (days, subject, body) = (
        ("days", days_checked),
        (
            "subject",
            crate::domain::profile::text(&subject, 200, Some("a subject")),
        ),
        (
            "body",
            crate::domain::profile::text(&body, BODY_MAX_CHARS, Some("the message")),
        ),
    )
        .checked()?;
    let rule = ReminderRule {
        kind,
        enabled: !enabled.is_empty(),
        days,
        subject,
        body,
    };
    let db = crate::context::db()?;
    let txn = crate::database::begin_write(&db).await?;
    db::save_rule(&txn, &rule, organizer.id).await?;
    crate::audit::db::record(
        &txn,
        &organizer,
        crate::domain::choices::AuditAction::ReminderRuleChanged,
        kind.label(),
        if rule.enabled {
            "Switched on"
        } else {
            "Switched off"
        },
    )
    .await?;
    txn.commit().await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        "/program/reminders",
        RemindersDone::Saved,
    ));
    Ok(())
}

/// Sends the reminders due now instead of waiting for the hourly run.
#[server(endpoint = "run_reminders")]
pub async fn run_reminders_now() -> Result<(), AppError> {
    crate::auth::ssr::require_organizer().await?;
    let state = crate::context::app_state()?;
    let report = db::run(
        &state.db,
        &state.config.site_url,
        crate::context::program_today(),
        chrono::Utc::now(),
    )
    .await?;
    crate::auth::ssr::put_flash(JUST_RAN_KEY, &report).await?;
    leptos_axum::redirect("/program/reminders");
    Ok(())
}
