//! The account page: the account's own cards (`auth`) and the email preferences (`notify`). It
//! brings two areas together, so it sits above both.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::pages::{AccountCards, use_viewer};
use crate::components::notice::{ErrorNotice, Loaded};
use crate::error::AppError;
use crate::notify::pages::{EmailPreferences, EmailPreferencesCard};

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = use_viewer();
    let emails = EmailPreferences::load();
    view! {
        <Title text="Your account · Mentorship Hub" />
        <Loaded resource=viewer.user let:user>
            {match user {
                Some(user) => {
                    view! {
                        <div class="stack narrow">
                            <h1>"Your account"</h1>
                            <AccountCards user />
                            <EmailPreferencesCard preferences=emails />
                        </div>
                    }
                        .into_any()
                }
                None => view! { <ErrorNotice error=AppError::Unauthenticated /> }.into_any(),
            }}
        </Loaded>
    }
}
