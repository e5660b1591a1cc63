//! The server process killed without warning (a crash, the OOM killer, a pulled plug on the
//! container) while organizers are saving: every save it acknowledged is there after a restart,
//! and the restarted server starts cleanly on the same database.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use futures::future::join_all;

use app::program::api::{AddVocabularyTerm, ListVocabulary};

use crate::helpers::{Engine, spawn_app};
use crate::on_both_engines;
use crate::process::ServerProcess;

on_both_engines!(every_acknowledged_save_survives_the_server_being_killed);

/// Organizers saving at once, and how many acknowledged saves the server is killed after.
const WRITERS: usize = 4;
const KILL_AFTER: usize = 40;

async fn every_acknowledged_save_survives_the_server_being_killed(engine: Engine) {
    let setup = spawn_app(engine)
        .await
        .signed_up_organizer("Marian Stacks", "marian@example.edu")
        .await;
    let server = ServerProcess::start(&setup.database_url).await;
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let (enough_tx, enough_rx) = tokio::sync::watch::channel(false);

    // Each writer adds terms one after another until the server stops answering.
    let organizers: Vec<_> = (0..WRITERS).map(|_| setup.on(&server.address)).collect();
    let writers = organizers
        .into_iter()
        .enumerate()
        .map(|(writer, organizer)| {
            let acknowledged = acknowledged.clone();
            let enough_tx = enough_tx.clone();
            async move {
                for n in 0.. {
                    let label = format!("Term {writer}-{n}");
                    let Ok(response) = organizer
                        .try_call(AddVocabularyTerm {
                            label: label.clone(),
                        })
                        .await
                    else {
                        return;
                    };
                    assert_eq!(response, Ok(()), "saving {label}");
                    let mut saved = acknowledged.lock().unwrap();
                    saved.insert(label);
                    if saved.len() >= KILL_AFTER {
                        enough_tx.send_replace(true);
                    }
                }
            }
        });
    let killer = async {
        let mut enough = enough_rx;
        enough.wait_for(|enough| *enough).await.unwrap();
        // Saves are still under way: the writers never wait for the kill.
        server.kill_hard().await;
    };
    tokio::join!(join_all(writers), killer);

    let restarted = ServerProcess::start(&setup.database_url).await;
    let organizer = setup.on(&restarted.address);
    let terms = organizer
        .call(ListVocabulary {})
        .await
        .expect("the vocabulary after the restart");
    let labels: BTreeSet<String> = terms
        .into_iter()
        .filter(|term| term.curated)
        .map(|term| term.label)
        .collect();
    let acknowledged = acknowledged.lock().unwrap().clone();
    let lost: Vec<&String> = acknowledged.difference(&labels).collect();
    assert!(acknowledged.len() >= KILL_AFTER);
    assert!(
        lost.is_empty(),
        "acknowledged, then lost in the crash: {lost:?}"
    );
    assert_eq!(restarted.error_lines(), Vec::<String>::new());
    // The restarted server keeps taking saves.
    let after = organizer
        .call(AddVocabularyTerm {
            label: "After the restart".into(),
        })
        .await;
    assert_eq!(after, Ok(()));
}
