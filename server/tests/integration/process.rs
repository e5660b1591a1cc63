//! The server binary run as its own process, as it is deployed: its log can be read line by line
//! and the process killed without warning.

use std::process::Stdio;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct ServerProcess {
    child: Child,
    /// Where it listens, e.g. `http://127.0.0.1:41234`.
    pub address: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl ServerProcess {
    /// Starts `target/…/server` on `database_url` at a free loopback port and waits until it
    /// listens. Its log (stderr, at `info`) is kept for [`ServerProcess::error_lines`].
    pub async fn start(database_url: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
            .env("DATABASE_URL", database_url)
            .env("SITE_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .env_remove("SITE_URL")
            .env_remove("SMTP_URL")
            .env_remove("APP_ENV")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start the server binary");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (listening_tx, listening_rx) = tokio::sync::oneshot::channel();
        let mut lines = BufReader::new(child.stderr.take().expect("stderr is piped")).lines();
        tokio::spawn({
            let log = log.clone();
            async move {
                let mut listening_tx = Some(listening_tx);
                while let Ok(Some(line)) = lines.next_line().await {
                    if line.contains("Mentorship Hub is listening")
                        && let Some(url) = line.split("url=").nth(1)
                        && let Some(tx) = listening_tx.take()
                    {
                        let _ = tx.send(url.trim().to_owned());
                    }
                    log.lock().unwrap().push(line);
                }
            }
        });
        let address = tokio::time::timeout(std::time::Duration::from_secs(60), listening_rx)
            .await
            .unwrap_or_else(|_| panic!("the server did not start: {:?}", log.lock().unwrap()))
            .unwrap_or_else(|_| panic!("the server exited: {:?}", log.lock().unwrap()));
        Self {
            child,
            address,
            log,
        }
    }

    /// The lines the server logged at ERROR so far.
    pub fn error_lines(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|line| line.contains(" ERROR "))
            .cloned()
            .collect()
    }

    /// Kills the process with SIGKILL, as a crash or the OOM killer would, and waits for it.
    pub async fn kill_hard(mut self) {
        self.child.start_kill().expect("send SIGKILL");
        self.child
            .wait()
            .await
            .expect("the killed server is reaped");
    }
}
