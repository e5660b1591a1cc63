//! `/`: the program for visitors; for signed-in people, their starting point. A matched
//! participant's home is their pair page (a mentor with several mentees gets the list of pairs).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

use crate::auth::api::CurrentUser;
use crate::auth::pages::use_viewer;
use crate::components::notice::Loaded;
use crate::enrollment::orientation::OrientationCard;
use crate::matching::pages::MyMatchCards;
use crate::pairs::api::get_my_pairs;
use crate::program::overview::ProgramOverview;

#[component]
pub fn HomePage() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <Title text="Mentorship Hub" />
        <Loaded resource=viewer.user let:user>
            {match user {
                Some(user) => view! { <SignedInHome user /> }.into_any(),
                None => view! { <ProgramOverview /> }.into_any(),
            }}
        </Loaded>
    }
}

#[component]
fn SignedInHome(user: CurrentUser) -> impl IntoView {
    view! {
        <h1>{format!("Welcome, {}", user.display_name)}</h1>
        <div class="grid">
            {if user.is_organizer {
                view! {
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
                }
                    .into_any()
            } else {
                view! {
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
                    <MyMatchCards />
                    <OrientationCard />
                    <ToMyPair />
                }
                    .into_any()
            }}
            <section class="card">
                <h2>"Your account"</h2>
                <p>
                    "Signed in as " <strong>{user.email}</strong> "."
                </p>
                <p><a href="/account">"Manage your account"</a></p>
            </section>
        </div>
    }
}

/// Sends a matched participant on to their pair page, or to their list of pairs.
#[component]
fn ToMyPair() -> impl IntoView {
    let pairs = Resource::new(|| (), |_| get_my_pairs());
    view! {
        <Loaded resource=pairs let:pairs>
            {match pairs.as_slice() {
                [] => ().into_any(),
                [pair] => view! { <Redirect path=format!("/pairs/{}", pair.pair_id) /> }.into_any(),
                _ => view! { <Redirect path="/pairs" /> }.into_any(),
            }}
        </Loaded>
    }
}
