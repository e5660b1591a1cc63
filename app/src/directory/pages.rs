//! The directory page and one person's page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::api::{Directory, DirectoryEntry, DirectoryFilter, get_directory, get_profile};
use crate::components::form::{Field, Select, options_of};
use crate::components::notice::{Loaded, load};
use crate::components::routing::{found, route_id};
use crate::domain::choices::{EnrollmentStatus, MentorSource, Role};
use crate::error::AppError;
use crate::profiles::pages::{Avatar, ProfileCard, TagList};

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |key: &str| query.get(key).unwrap_or_default();
        DirectoryFilter {
            q: get("q"),
            role: get("role"),
            source: get("source"),
            tag: get("tag"),
            status: get("status"),
        }
    });
    let directory = load(move || filter.get(), get_directory);
    view! {
        <Title text="Directory · Mentorship Hub" />
        <Loaded resource=directory let:directory>
            <DirectoryView directory filter=filter.get_untracked() />
        </Loaded>
    }
}

#[component]
fn DirectoryView(directory: Directory, filter: DirectoryFilter) -> impl IntoView {
    let no_error = Signal::derive(|| None::<AppError>);
    let tag_options: Vec<(String, String)> = directory
        .tags
        .iter()
        .map(|tag| (tag.clone(), tag.clone()))
        .collect();
    let count = directory.entries.len();
    let intro = if directory.is_organizer {
        "Everyone enrolled in this year, with their application status."
    } else {
        "This year's mentors. Contact details are shared once you are matched."
    };
    view! {
        <h1>{format!("Directory {}", directory.year_label)}</h1>
        <p>{intro}</p>
        <Form method="get" action="/directory" attr:class="form filters" attr:role="search" attr:aria-label="Filter the directory">
            <Field label="Search" name="q" input_type="search" value=filter.q.clone() error=no_error />
            {directory
                .is_organizer
                .then(|| {
                    view! {
                        <Select label="Role" name="role" options=options_of(Role::ALL, Role::code, Role::label) value=filter.role.clone() blank="Everyone" error=no_error />
                        <Select label="Status" name="status" options=options_of(EnrollmentStatus::ALL, EnrollmentStatus::code, EnrollmentStatus::label) value=filter.status.clone() blank="Any status" error=no_error />
                    }
                })}
            <Select label="Mentor source" name="source" options=options_of(MentorSource::ALL, MentorSource::code, MentorSource::label) value=filter.source.clone() blank="Any source" error=no_error />
            <Select label="Expertise or interest" name="tag" options=tag_options value=filter.tag.clone() blank="Any" error=no_error />
            <button type="submit" class="button">"Filter"</button>
        </Form>
        <p role="status">{crate::domain::words::plural(count, "person", "people")}</p>
        <ul class="directory">
            {directory
                .entries
                .into_iter()
                .map(|entry| view! { <DirectoryCard entry /> })
                .collect_view()}
        </ul>
    }
}

#[component]
fn DirectoryCard(entry: DirectoryEntry) -> impl IntoView {
    let role_line = match (entry.role, entry.source) {
        (Role::Mentor, Some(source)) => format!("Mentor · {}", source.label()),
        (role, _) => role.label().to_owned(),
    };
    view! {
        <li class="card person">
            <Avatar initials=entry.initials />
            <div>
                <h2 class="person__name">
                    <a href=format!("/directory/{}", entry.user_id)>{entry.display_name}</a>
                </h2>
                <p class="person__meta">{role_line} " · " {entry.status.label()}</p>
                {(!entry.headline.is_empty()).then(|| view! { <p>{entry.headline}</p> })}
                {(!entry.location.is_empty()).then(|| view! { <p>{entry.location}</p> })}
                {entry.email.map(|email| view! { <p>{email}</p> })}
                <TagList tags=entry.tags />
            </div>
        </li>
    }
}

#[component]
pub fn PersonPage() -> impl IntoView {
    let id = route_id();
    let profile = load(move || id.get(), |id| found(id, get_profile));
    view! {
        <Title text="Profile · Mentorship Hub" />
        <Loaded resource=profile let:profile>
            <ProfileCard profile />
        </Loaded>
    }
}
