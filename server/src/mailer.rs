//! Delivers the outbox over SMTP when `SMTP_URL` is set: a background task takes due messages,
//! each through a claim only one task can win (so two instances never send the same message),
//! and sends it. A message the SMTP server refused with a 4xx reply is tried again with growing
//! waits; one refused with a 5xx, or refused too often, is given up. A message whose fate is
//! unknown (the connection broke mid-send) is never sent again on its own: at most once. The
//! organizers' outbox page shows both, with "Send again".

use std::time::Duration;

use chrono::Utc;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sea_orm::DatabaseConnection;

use app::entities::outbox;
use app::outbox::db as outbox_db;

/// Tries before a message is given up.
pub const MAX_ATTEMPTS: i32 = 8;
/// Messages taken per round.
const BATCH: u64 = 50;

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
    /// Left alone: may or may not have arrived.
    pub uncertain: u32,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    site_url: String,
}

/// The wait before try number `attempts + 1`: 1, 2, 4… minutes, at most six hours.
pub fn back_off(attempts: i32) -> chrono::Duration {
    let minutes = 1_i64 << attempts.clamp(1, 10).saturating_sub(1);
    chrono::Duration::minutes(minutes.min(360))
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://user:pass@host:587?tls=required`,
    /// `smtps://host:465`, or `smtp://127.0.0.1:2525` (no TLS: a local relay only).
    pub fn new(smtp_url: &str, from: &str, site_url: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(Self {
            transport,
            from: from.parse()?,
            site_url: site_url.to_owned(),
        })
    }

    /// The message as it goes out: with an unsubscribe link when its kind is optional.
    fn message(&self, email: &outbox::Model, key: &[u8]) -> anyhow::Result<Message> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(email.recipient.parse()?)
            .subject(email.subject.clone());
        let mut body = email.body.clone();
        let kind = email.kind;
        if let (Some(user_id), true) = (email.user_id, kind.optional()) {
            let link = format!(
                "{}/unsubscribe/{}",
                self.site_url,
                app::outbox::unsubscribe::token(key, user_id, kind)
            );
            body.push_str(&format!(
                "\n\n--\nTo stop emails like this ({}), open {link}\nor choose which emails you get on your account page.",
                kind.label().to_lowercase()
            ));
            builder = builder.raw_header(lettre::message::header::HeaderValue::new(
                lettre::message::header::HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{link}>"),
            ));
        }
        Ok(builder.header(ContentType::TEXT_PLAIN).body(body)?)
    }

    /// One round: every due message, each claimed first.
    pub async fn deliver_due(&self, db: &DatabaseConnection) -> anyhow::Result<Round> {
        let mut round = Round::default();
        let due = outbox_db::due(db, Utc::now(), BATCH).await?;
        if due.is_empty() {
            return Ok(round);
        }
        // Nothing is claimed while the server cannot be reached, so nothing waits on it.
        if let Err(err) = self.transport.test_connection().await {
            tracing::warn!(error = %err, "SMTP server unreachable; the outbox waits");
            return Ok(round);
        }
        let key = outbox_db::secret(db, app::notify::api::UNSUBSCRIBE_SECRET).await?;
        for id in due {
            let Some(email) = outbox_db::claim(db, id, Utc::now()).await? else {
                continue;
            };
            let message = match self.message(&email, &key) {
                Ok(message) => message,
                Err(err) => {
                    let reason = format!("Not an address we can send to: {err}");
                    outbox_db::stop_trying(db, id, Utc::now(), true, &reason).await?;
                    round.failed += 1;
                    continue;
                }
            };
            match self.transport.send(message).await {
                Ok(_) => {
                    outbox_db::mark_sent(db, id, Utc::now()).await?;
                    round.sent += 1;
                }
                Err(err) if err.is_transient() && email.attempts < MAX_ATTEMPTS => {
                    let next = Utc::now() + back_off(email.attempts);
                    let reason = format!("The mail server asked us to try later: {err}");
                    outbox_db::retry_later(db, id, next, &reason).await?;
                    round.retrying += 1;
                }
                Err(err) if err.is_transient() || err.is_permanent() => {
                    let reason = format!("The mail server refused it: {err}");
                    outbox_db::stop_trying(db, id, Utc::now(), true, &reason).await?;
                    round.failed += 1;
                }
                Err(err) => {
                    let reason = format!(
                        "May not have arrived (the connection failed while sending): {err}"
                    );
                    outbox_db::stop_trying(db, id, Utc::now(), false, &reason).await?;
                    round.uncertain += 1;
                }
            }
            tracing::info!(outbox_id = id, "outbox message handled");
        }
        Ok(round)
    }
}

/// Runs a round every `every` for as long as the server runs.
pub fn spawn(db: DatabaseConnection, mailer: Mailer, every: Duration) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            match mailer.deliver_due(&db).await {
                Ok(round) if round != Round::default() => {
                    tracing::info!(?round, "outbox delivered")
                }
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "outbox delivery failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::back_off;

    #[test]
    fn waits_double_from_a_minute_up_to_six_hours() {
        let minutes: Vec<i64> = [1, 2, 3, 4, 9, 20]
            .into_iter()
            .map(|attempts| back_off(attempts).num_minutes())
            .collect();

        assert_eq!(minutes, [1, 2, 4, 8, 256, 360]);
    }
}
