//! A real SMTP server on a loopback port, for the outbox's delivery tests: it speaks enough of
//! RFC 5321 for lettre, keeps what it accepts, and can be told how to answer the next messages:
//! "try again later" (4xx) as a busy server does, "refused" (5xx) as one that will never take
//! them does, or hanging up in the middle of the message, as a crashing one does.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// Headers and body, as sent.
    pub data: String,
}

/// How the sink answers one message instead of taking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// `451` to MAIL FROM: a temporary refusal.
    Busy,
    /// `550` to RCPT TO: a permanent refusal.
    Refused,
    /// Reads the message, then closes the connection without answering it.
    HangsUpDuringMessage,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    answers: Arc<Mutex<VecDeque<Answer>>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Self {
            url: format!("smtp://{}", listener.local_addr().unwrap()),
            received: Arc::default(),
            answers: Arc::default(),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serving.clone().session(stream));
            }
        });
        sink
    }

    /// The next `count` messages get "451 try again later".
    pub fn refuse_next(&self, count: u32) {
        for _ in 0..count {
            self.answer_next(Answer::Busy);
        }
    }

    /// The next message not yet given an answer gets this one.
    pub fn answer_next(&self, answer: Answer) {
        self.answers.lock().unwrap().push_back(answer);
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    async fn session(self, stream: TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut reply = async |text: &str| write.write_all(format!("{text}\r\n").as_bytes()).await;
        if reply("220 sink.test ESMTP").await.is_err() {
            return;
        }
        let mut to = Vec::new();
        let mut answer_now = None;
        while let Ok(Some(line)) = lines.next_line().await {
            let command = line.to_ascii_uppercase();
            let answer = if command.starts_with("EHLO") || command.starts_with("HELO") {
                "250-sink.test\r\n250 8BITMIME"
            } else if command.starts_with("MAIL FROM") {
                to.clear();
                answer_now = self.answers.lock().unwrap().pop_front();
                if answer_now == Some(Answer::Busy) {
                    "451 4.3.2 Busy, try again later"
                } else {
                    "250 2.1.0 OK"
                }
            } else if command.starts_with("RCPT TO") {
                to.push(line[8..].trim().trim_start_matches(':').trim().to_owned());
                if answer_now == Some(Answer::Refused) {
                    "550 5.1.1 No such mailbox here"
                } else {
                    "250 2.1.5 OK"
                }
            } else if command == "DATA" {
                if reply("354 End data with <CR><LF>.<CR><LF>").await.is_err() {
                    return;
                }
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if line == "." {
                        break;
                    }
                    data.push_str(&line);
                    data.push('\n');
                }
                if answer_now == Some(Answer::HangsUpDuringMessage) {
                    return;
                }
                self.received.lock().unwrap().push(Received {
                    to: std::mem::take(&mut to),
                    data,
                });
                "250 2.0.0 Queued"
            } else if command == "QUIT" {
                let _ = reply("221 2.0.0 Bye").await;
                return;
            } else if command == "RSET" || command == "NOOP" {
                "250 2.0.0 OK"
            } else {
                "502 5.5.2 Not implemented"
            };
            if reply(answer).await.is_err() {
                return;
            }
        }
    }
}
