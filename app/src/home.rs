//! `/`: the program for visitors; for signed-in people, their starting point (later issues fill it).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::CurrentUser;
use crate::auth::pages::use_viewer;
use crate::components::notice::Loaded;
use crate::program::pages::ProgramOverview;

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
                        <p><a href="/people">"See everyone with an account"</a></p>
                    </section>
                }
                    .into_any()
            } else {
                view! {
                    <section class="card">
                        <h2>"This year"</h2>
                        <p>
                            "Enrollment for the program year opens here: you will apply as a mentee or a mentor, and your match and meetings will appear on this page."
                        </p>
                    </section>
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
