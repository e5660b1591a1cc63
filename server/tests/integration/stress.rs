//! Every page, as every kind of viewer, rendered many times at once against the server binary
//! on a year with pairs, meetings, goals and a concern: no internal error in the page or in the
//! data it carries for hydration, no request left waiting, and nothing logged at ERROR.

use futures::StreamExt;

use app::pairs::concerns::RaiseConcern;
use app::resources::api::GetResources;

use crate::helpers::{Engine, TestApp};
use crate::on_both_engines;
use crate::pairs::{World, world};
use crate::process::ServerProcess;

on_both_engines!(every_page_renders_for_every_viewer_under_concurrent_load_without_an_error);

/// How often each viewer loads each page, and how many requests are under way at once.
const RENDERS: usize = 4;
const AT_ONCE: usize = 8;

/// A year with content on every page, served by the server binary; and the ids its pages take.
pub(crate) struct Seeded {
    pub(crate) world: World,
    pub(crate) server: ServerProcess,
    pub(crate) year_id: i32,
    pub(crate) mentor_user_id: i32,
    pub(crate) resource_slug: String,
}

impl Seeded {
    /// Each kind of viewer, named, as a browser of the server binary.
    pub(crate) fn viewers(&self) -> Vec<(&'static str, TestApp)> {
        let address = &self.server.address;
        vec![
            ("signed out", self.world.anonymous.on(address)),
            ("mentee in the pair", self.world.mentee.on(address)),
            ("mentor in the pair", self.world.mentor.on(address)),
            ("another pair's mentee", self.world.other_mentee.on(address)),
            ("unmatched participant", self.world.unmatched.on(address)),
            ("organizer", self.world.organizer.on(address)),
        ]
    }

    /// Every page of the app with real ids in it, plus ids that do not exist or do not parse.
    /// A page added without an entry here fails the test.
    pub(crate) fn pages(&self) -> Vec<String> {
        let mut pages = Vec::new();
        for route in server::route_list() {
            let path = route.path().to_owned();
            let id = if path.starts_with("/directory/") {
                Some(self.mentor_user_id.to_string())
            } else if path.starts_with("/pairs/") {
                Some(self.world.pair_id.to_string())
            } else if path.starts_with("/program/years/") || path.starts_with("/survey/") {
                Some(self.year_id.to_string())
            } else if path.starts_with("/program/import/") {
                Some("1".to_owned())
            } else {
                None
            };
            let placeholder = path
                .split('/')
                .find(|segment| segment.starts_with(':') || segment.starts_with('{'))
                .map(str::to_owned);
            match placeholder {
                None => pages.push(path),
                Some(segment) => {
                    let real = match segment.trim_matches(['{', '}', ':']) {
                        "id" => id.unwrap_or_else(|| panic!("no id for the page {path}")),
                        "slug" => self.resource_slug.clone(),
                        "token" => "not-a-real-token".to_owned(),
                        other => panic!("the page {path} takes {other}: give it a value here"),
                    };
                    for value in [real.as_str(), "999999", "abc", "-1"] {
                        pages.push(path.replace(&segment, value));
                    }
                }
            }
        }
        pages
    }
}

pub(crate) async fn seeded(engine: Engine) -> Seeded {
    let world = world(engine).await;
    world.hold_a_meeting_two_days_ago().await;
    world.add_goal("Learn how archives hire", true).await;
    world.add_goal("A private goal", false).await;
    let concern = world
        .mentee
        .call(RaiseConcern {
            pair_id: world.pair_id,
            body: "We have not met.".into(),
        })
        .await;
    assert_eq!(concern, Ok(()));
    let year_id = world.organizer.current_year().await.id;
    let mentor_user_id = world.mentor.my_id().await;
    let index = world
        .anonymous
        .call(GetResources {})
        .await
        .expect("read the resources");
    let resource_slug = index.pages[0].slug.clone();
    let server = ServerProcess::start(&world.organizer.database_url).await;
    Seeded {
        world,
        server,
        year_id,
        mentor_user_id,
        resource_slug,
    }
}

/// What a page says when something broke on our side, in its HTML or in the resources it
/// serializes for hydration.
fn internal_error_in(body: &str) -> bool {
    body.contains("Something went wrong on our side") || body.contains("\"Internal\"")
}

async fn every_page_renders_for_every_viewer_under_concurrent_load_without_an_error(
    engine: Engine,
) {
    let seeded = seeded(engine).await;
    let pages = seeded.pages();
    let requests: Vec<(&'static str, TestApp, String)> = seeded
        .viewers()
        .into_iter()
        .flat_map(|(viewer, client)| {
            pages
                .iter()
                .flat_map(move |page| std::iter::repeat_n(page.clone(), RENDERS))
                .map(move |page| (viewer, client.clone(), page))
        })
        .collect();
    let total = requests.len();

    let failures: Vec<String> = futures::stream::iter(requests)
        .map(|(viewer, client, page)| async move {
            match client.client.get(client.url(&page)).send().await {
                Err(err) => Some(format!("{viewer} {page}: no answer ({err})")),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let body = response.text().await.unwrap_or_default();
                    (status >= 500 || internal_error_in(&body))
                        .then(|| format!("{viewer} {page}: {status}"))
                }
            }
        })
        .buffer_unordered(AT_ONCE)
        .filter_map(|failure| async move { failure })
        .collect()
        .await;

    assert!(
        failures.is_empty(),
        "{} of {total} renders failed:\n{}\nThe server logged:\n{}",
        failures.len(),
        failures.join("\n"),
        seeded.server.error_lines().join("\n")
    );
    assert_eq!(seeded.server.error_lines(), Vec::<String>::new());
}
