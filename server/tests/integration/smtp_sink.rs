//! A real SMTP server on a loopback port, for the outbox's delivery tests: it speaks enough of
//! RFC 5321 for lettre, keeps what it accepts, and can be told to refuse the next messages with
//! a 4xx reply ("try again later"), as a busy mail server does.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// Headers and body, as sent.
    pub data: String,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    refusals: Arc<AtomicU32>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = Self {
            url: format!("smtp://{}", listener.local_addr().unwrap()),
            received: Arc::default(),
            refusals: Arc::default(),
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
        self.refusals.store(count, Ordering::SeqCst);
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
        while let Ok(Some(line)) = lines.next_line().await {
            let command = line.to_ascii_uppercase();
            let answer = if command.starts_with("EHLO") || command.starts_with("HELO") {
                "250-sink.test\r\n250 8BITMIME"
            } else if command.starts_with("MAIL FROM") {
                to.clear();
                let refused = self
                    .refusals
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if refused {
                    "451 4.3.2 Busy, try again later"
                } else {
                    "250 2.1.0 OK"
                }
            } else if command.starts_with("RCPT TO") {
                to.push(line[8..].trim().trim_start_matches(':').trim().to_owned());
                "250 2.1.5 OK"
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
