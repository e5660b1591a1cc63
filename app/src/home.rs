//! `/`: the program for visitors; for signed-in people, their starting point. A matched
//! participant's home is their pair page (a mentor with several mentees gets the list of pairs).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

use crate::auth::api::CurrentUser;
use crate::auth::pages::use_viewer;
use crate::components::notice::{Loaded, load};
use crate::enrollment::orientation::{OrientationActions, OrientationCard, OrientationOffer};
use crate::error::AppError;
use crate::matching::api::MyMatch;
use crate::matching::pages::MatchCard;
use crate::notify::notices::{Notice, NoticesCard};
use crate::pairs::api::PairSummary;
use crate::program::overview::ProgramOverview;

/// Everything the home page shows, for whoever is looking.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Home {
    Visitor,
    Organizer(CurrentUser),
    Participant(Box<ParticipantHome>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParticipantHome {
    pub user: CurrentUser,
    pub matches: Vec<MyMatch>,
    pub notices: Vec<Notice>,
    pub orientation: Option<OrientationOffer>,
    pub pairs: Vec<PairSummary>,
}

/// The home page's data in one call: who is looking, and for a participant their matches,
/// notices, orientation and pairs.
#[server(endpoint = "home_page")]
pub async fn home_page() -> Result<Home, AppError> {
    let Some(user) = crate::auth::ssr::current_user()
        .await?
        .map(CurrentUser::from)
    else {
        return Ok(Home::Visitor);
    };
    if user.is_organizer {
        return Ok(Home::Organizer(user));
    }
    Ok(Home::Participant(Box::new(ParticipantHome {
        user,
        matches: crate::matching::api::my_matches().await?,
        notices: crate::notify::notices::my_notices().await?,
        orientation: crate::enrollment::orientation::my_orientation().await?,
        pairs: crate::pairs::api::get_my_pairs().await?,
    })))
}

#[component]
pub fn HomePage() -> impl IntoView {
    let viewer = use_viewer();
    let orientation = OrientationActions::new();
    // The page shows whoever is looking: signing out (with JavaScript) must show the visitor's page.
    let home = load(
        move || (viewer.changes(), orientation.completed()),
        |_| home_page(),
    );
    view! {
        <Title text="Mentorship Hub" />
        <Loaded resource=home let:home>
            {match home {
                Home::Visitor => view! { <ProgramOverview /> }.into_any(),
                Home::Organizer(user) => view! { <OrganizerHome user /> }.into_any(),
                Home::Participant(home) => {
                    view! { <ParticipantHomeView home=*home orientation /> }.into_any()
                }
            }}
        </Loaded>
    }
}

#[component]
fn OrganizerHome(user: CurrentUser) -> impl IntoView {
    view! {
        <h1>{format!("Welcome, {}", user.display_name)}</h1>
        <div class="grid">
            <section class="card">
                <h2>"Organizing"</h2>
                <p>"You are an organizer of the program."</p>
                <ul>
                    <li><a href="/program/dashboard">"Dashboard: the year at a glance"</a></li>
                    <li><a href="/program">"Program years, organizing bodies and vocabulary"</a></li>
                    <li><a href="/program/applications">"Applications"</a></li>
                    <li><a href="/program/matching">"Matching"</a></li>
                    <li><a href="/program/concerns">"Concerns raised by participants"</a></li>
                    <li><a href="/ideas">"Meeting ideas"</a></li>
                    <li><a href="/program/invitations">"Invitations and import"</a></li>
                    <li><a href="/directory">"Directory"</a></li>
                    <li><a href="/people">"Everyone with an account"</a></li>
                    <li><a href="/resources">"Resources: tips and advice pages"</a></li>
                    <li><a href="/program/audit">"Audit log"</a></li>
                    <li><a href="/program/announcements">"Announcements to a group of participants"</a></li>
                    <li><a href="/program/reminders">"Reminders"</a></li>
                    <li><a href="/program/outbox">"Outbox: every email the site sends"</a></li>
                </ul>
            </section>
            <AccountCard user />
        </div>
    }
}

/// A participant's home; a matched one is sent on to their pair page, or to their list of pairs.
#[component]
fn ParticipantHomeView(home: ParticipantHome, orientation: OrientationActions) -> impl IntoView {
    let ParticipantHome {
        user,
        matches,
        notices,
        orientation: offer,
        pairs,
    } = home;
    let to_pair = match pairs.as_slice() {
        [] => None,
        [pair] => Some(format!("/pairs/{}", pair.pair_id)),
        _ => Some("/pairs".to_owned()),
    };
    view! {
        {to_pair.map(|path| view! { <Redirect path /> })}
        <h1>{format!("Welcome, {}", user.display_name)}</h1>
        <div class="grid">
            <section class="card">
                <h2>"This year"</h2>
                <p>
                    "Complete your profile, then apply to this year's program as a mentee or a mentor. Your match and meetings will appear on this page."
                </p>
                <ul>
                    <li><a href="/profile">"Your profile"</a></li>
                    <li><a href="/apply">"Your application"</a></li>
                    <li><a href="/directory">"Directory of mentors"</a></li>
                </ul>
            </section>
            {matches.into_iter().map(|m| view! { <MatchCard m /> }).collect_view()}
            <NoticesCard notices />
            <OrientationCard offer actions=orientation />
            <AccountCard user />
        </div>
    }
}

#[component]
fn AccountCard(user: CurrentUser) -> impl IntoView {
    view! {
        <section class="card">
            <h2>"Your account"</h2>
            <p>
                "Signed in as " <strong>{user.email}</strong> "."
            </p>
            <p><a href="/account">"Manage your account"</a></p>
        </section>
    }
}
