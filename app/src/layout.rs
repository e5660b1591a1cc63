//! The frame around every page: skip link, header with the role's navigation, footer. It links
//! to every area's pages and asks who is signed in, so it sits at the top beside `App`, not among
//! the shared widgets.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::auth::api::{CurrentUser, SignOut};
use crate::auth::pages::use_viewer;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">"Mentorship Hub"</a>
                <nav class="site-nav" aria-label="Main">
                    <Transition fallback=|| view! { <SignedOutLinks /> }>
                        {move || Suspend::new(async move {
                            match viewer.user.await {
                                Ok(Some(user)) => view! { <SignedInLinks user /> }.into_any(),
                                _ => view! { <SignedOutLinks /> }.into_any(),
                            }
                        })}
                    </Transition>
                </nav>
            </div>
        </header>
    }
}

#[component]
fn SignedOutLinks() -> impl IntoView {
    view! {
        <ul>
            <li><A href="/" exact=true>"Home"</A></li>
            <li><A href="/resources">"Resources"</A></li>
            <li><A href="/sign-in">"Sign in"</A></li>
            <li><A href="/sign-up">"Create account"</A></li>
        </ul>
    }
}

#[component]
fn SignedInLinks(user: CurrentUser) -> impl IntoView {
    let viewer = use_viewer();
    let sign_out = ServerAction::<SignOut>::new();
    Effect::new(move |_| {
        if matches!(sign_out.value().get(), Some(Ok(()))) {
            viewer.refresh();
        }
    });
    view! {
        <ul>
            <li><A href="/" exact=true>"Home"</A></li>
            {if user.is_organizer {
                view! {
                    <li><A href="/program/dashboard">"Dashboard"</A></li>
                    <li><A href="/program" exact=true>"Program"</A></li>
                    <li><A href="/program/applications">"Applications"</A></li>
                    <li><A href="/program/matching">"Matching"</A></li>
                    <li><A href="/directory">"Directory"</A></li>
                    <li><A href="/people">"People"</A></li>
                }
                    .into_any()
            } else {
                view! {
                    <li><A href="/profile">"Profile"</A></li>
                    <li><A href="/apply">"Application"</A></li>
                    <li><A href="/directory">"Directory"</A></li>
                }
                    .into_any()
            }}
            <li><A href="/resources">"Resources"</A></li>
            <li><A href="/account">"Account"</A></li>
            <li>
                <ActionForm action=sign_out>
                    <button type="submit" class="link-button">"Sign out"</button>
                </ActionForm>
            </li>
        </ul>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
                <p>
                    "Mentorship Hub: organized jointly by the iSchool, the Library, and the Library & Information Studies Alumni Association."
                </p>
                <p>
                    <A href="/privacy">"Privacy: what we keep about you"</A>
                </p>
            </div>
        </footer>
    }
}
