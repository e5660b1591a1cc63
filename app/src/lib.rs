//! Mentorship Hub: pages, server functions, shared types and pure domain logic.
//! This file is the one place that lists every page.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

pub mod account;
pub mod audit;
pub mod auth;
pub mod components;
pub mod dashboard;
pub mod directory;
pub mod domain;
pub mod enrollment;
pub mod error;
pub mod home;
pub mod layout;
pub mod matching;
pub mod notify;
pub mod outbox;
pub mod pairs;
pub mod privacy;
pub mod profiles;
pub mod program;
pub mod reminders;
pub mod resources;
pub mod year_admin;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod database;
#[cfg(feature = "ssr")]
pub mod entities;

use account::AccountPage;
use auth::pages::{
    ForgotPasswordPage, LinkAccountPage, PeoplePage, ResetPasswordPage, SetupPage, SignInPage,
    SignUpPage,
};
use components::notice::ErrorNotice;
use dashboard::pages::{AnnouncementsPage, AuditLogView, DashboardPage, FigureListPage};
use directory::pages::{DirectoryPage, PersonPage};
use enrollment::pages::{ApplicationsPage, ApplyPage, ImportPage, InvitationPage, InvitationsPage};
use error::AppError;
use home::HomePage;
use layout::{SiteFooter, SiteHeader};
use matching::pages::MatchingPage;
use notify::pages::{OutboxView, UnsubscribePage};
use pairs::pages::{ConcernsPage, IdeasPage, PairPageView, PairsPage};
use privacy::PrivacyPage;
use profiles::pages::ProfilePage;
use program::pages::{NewYearPage, ProgramPage, SurveyPage, VocabularyPage};
use reminders::pages::RemindersPage;
use resources::pages::{ResourceEditPage, ResourceHistoryPage, ResourcePageView, ResourcesPage};
use year_admin::pages::YearPage;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Mentorship Hub: the iSchool Mentorship Program's home for mentees, mentors and organizers." />
                <link rel="icon" href="data:," />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::pages::provide_viewer();
    // Effects run only in the browser: this marks the page as hydrated, which browser tests wait
    // for instead of sleeping.
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "");
        }
    });
    view! {
        <Stylesheet id="leptos" href="/pkg/mentorship-hub.css" />
        <Title text="Mentorship Hub" />
        <Router>
            <SiteHeader />
            <main id="main" class="site-main" tabindex="-1">
                // Every page is rendered whole before it is sent (`SsrMode::Async`), so it works
                // without JavaScript and can set its status code.
                <Routes fallback=|| view! { <ErrorNotice error=AppError::NotFound /> }>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-in/link") view=LinkAccountPage ssr=SsrMode::Async />
                    <Route path=path!("/sign-up") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password/:token") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/people") view=PeoplePage ssr=SsrMode::Async />
                    <Route path=path!("/setup/:token") view=SetupPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/apply") view=ApplyPage ssr=SsrMode::Async />
                    <Route path=path!("/directory") view=DirectoryPage ssr=SsrMode::Async />
                    <Route path=path!("/directory/:id") view=PersonPage ssr=SsrMode::Async />
                    <Route path=path!("/invitation/:token") view=InvitationPage ssr=SsrMode::Async />
                    <Route path=path!("/program") view=ProgramPage ssr=SsrMode::Async />
                    <Route path=path!("/program/years/new") view=NewYearPage ssr=SsrMode::Async />
                    <Route path=path!("/program/years/:id") view=YearPage ssr=SsrMode::Async />
                    <Route path=path!("/program/vocabulary") view=VocabularyPage ssr=SsrMode::Async />
                    <Route path=path!("/program/applications") view=ApplicationsPage ssr=SsrMode::Async />
                    <Route path=path!("/program/invitations") view=InvitationsPage ssr=SsrMode::Async />
                    <Route path=path!("/program/import/:id") view=ImportPage ssr=SsrMode::Async />
                    <Route path=path!("/program/matching") view=MatchingPage ssr=SsrMode::Async />
                    <Route path=path!("/pairs") view=PairsPage ssr=SsrMode::Async />
                    <Route path=path!("/ideas") view=IdeasPage ssr=SsrMode::Async />
                    <Route path=path!("/program/concerns") view=ConcernsPage ssr=SsrMode::Async />
                    <Route path=path!("/program/audit") view=AuditLogView ssr=SsrMode::Async />
                    <Route path=path!("/program/outbox") view=OutboxView ssr=SsrMode::Async />
                    <Route path=path!("/program/reminders") view=RemindersPage ssr=SsrMode::Async />
                    <Route path=path!("/survey/:id") view=SurveyPage ssr=SsrMode::Async />
                    <Route path=path!("/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async />
                    <Route path=path!("/program/announcements") view=AnnouncementsPage ssr=SsrMode::Async />
                    <Route path=path!("/program/dashboard") view=DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/program/dashboard/list") view=FigureListPage ssr=SsrMode::Async />
                    <Route path=path!("/pairs/:id") view=PairPageView ssr=SsrMode::Async />
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async />
                    <Route path=path!("/resources") view=ResourcesPage ssr=SsrMode::Async />
                    <Route path=path!("/resources/:slug") view=ResourcePageView ssr=SsrMode::Async />
                    <Route path=path!("/resources/:slug/edit") view=ResourceEditPage ssr=SsrMode::Async />
                    <Route path=path!("/resources/:slug/history") view=ResourceHistoryPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
