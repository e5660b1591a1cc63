//! The profile editor, and the profile card other pages show (the person's page, the match, the
//! pair page).

use super::api::ProfileDone;
use leptos::prelude::*;
use leptos_meta::Title;

use super::api::{EditableProfile, PublicProfile, SaveProfile, get_editable_profile};
use crate::components::form::{
    Checkbox, Choices, Field, FormAlert, SavedNotice, Select, TextArea, action_error, options_of,
};
use crate::components::notice::{Loaded, load};
use crate::components::routing::done_flag;
use crate::domain::choices::{DegreeProgram, MeetingMode, MentorSource, Offer, Role};
use crate::domain::profile::TIME_ZONES;

/// The photo-free avatar: initials on a coloured disc, hidden from screen readers (the name is
/// always next to it).
#[component]
pub fn Avatar(initials: String) -> impl IntoView {
    view! { <span class="avatar" aria-hidden="true">{initials}</span> }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = load(|| (), |_| get_editable_profile(0));
    view! {
        <Title text="Your profile · Mentorship Hub" />
        <Loaded resource=profile let:profile>
            <ProfileEditor profile />
        </Loaded>
    }
}

/// A free-text companion to a vocabulary checkbox group, posted into the same list.
#[component]
fn OtherTags(label: &'static str, name: &'static str) -> impl IntoView {
    let id = format!("field-{name}-other");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <span class="field__hint" id=format!("{id}-hint")>"Separate tags with commas."</span>
            <input id=id.clone() name=format!("{name}[]") aria-describedby=format!("{id}-hint") />
        </div>
    }
}

#[component]
fn ProfileEditor(profile: EditableProfile) -> impl IntoView {
    let action = ServerAction::<SaveProfile>::new();
    let error = action_error(action);
    let saved = Signal::derive(move || {
        done_flag(ProfileDone::Saved).get() || action.value().get().is_some_and(|r| r.is_ok())
    });
    let input = profile.input;
    let side = RwSignal::new(input.side.clone());
    // Until the page is hydrated both sides show, so the form works without JavaScript; after, the
    // side not chosen is hidden as soon as the choice changes.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let hide_unless = move |wanted: &'static str| move || hydrated.get() && side.get() != wanted;
    let vocabulary: Vec<(String, String)> = profile
        .vocabulary
        .iter()
        .map(|label| (label.clone(), label.clone()))
        .collect();
    let time_zones: Vec<(String, String)> = TIME_ZONES
        .iter()
        .map(|(zone, label)| ((*zone).to_owned(), (*label).to_owned()))
        .collect();
    let offer_options = options_of(Offer::ALL, Offer::code, Offer::label);
    view! {
        <div class="stack narrow">
            <h1>"Your profile"</h1>
            <p>
                "Your profile carries over from year to year. Mentors' profiles are shown to this year's participants; mentees' profiles only to the organizers and, once matched, to your mentor."
            </p>
            <SavedNotice saved message=ProfileDone::Saved.label() />
            <ActionForm action=action attr:class="form" attr:novalidate="">
                <FormAlert error />
                <input type="hidden" name="user_id" value=profile.user_id />
                <div on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if Role::from_code(&value).is_some() {
                        side.set(value);
                    }
                }>
                    <Choices
                        legend="I take part as"
                        name="side"
                        single=true
                        error
                        options=vec![
                            ("mentee".to_owned(), "A mentee (iSchool student)".to_owned()),
                            ("mentor".to_owned(), "A mentor (Library staff, alumni or another professional)".to_owned()),
                        ]
                        chosen=vec![input.side.clone()]
                    />
                </div>
                <section class="form-section" aria-labelledby="profile-about">
                    <h2 id="profile-about">"About you"</h2>
                    <Field label="Pronouns (optional)" name="pronouns" value=input.pronouns.clone() error />
                    <TextArea label="Short bio" name="bio" value=input.bio.clone() error hint="A few sentences: what you do or study, and what you care about. Up to 1,000 characters." />
                    <Field label="City or region" name="location" value=input.location.clone() error />
                    <Checkbox label="Happy to meet remotely" name="remote_ok" checked=!input.remote_ok.is_empty() />
                    <Choices
                        legend="Ways you can meet"
                        name="meeting_modes"
                        error
                        options=options_of(MeetingMode::ALL, MeetingMode::code, MeetingMode::label)
                        chosen=input.meeting_modes.clone()
                    />
                    <Select label="Time zone" name="time_zone" options=time_zones value=input.time_zone.clone() error />
                    <TextArea label="How you like to be contacted (optional)" name="contact_preferences" value=input.contact_preferences.clone() rows=2 error hint="Shown to your match only, e.g. “Email first; texts fine after 6 pm.”" />
                </section>
                <section class="form-section" hidden=hide_unless("mentor") aria-labelledby="profile-mentor">
                    <h2 id="profile-mentor">"As a mentor"</h2>
                    <Field label="Employer or institution" name="employer" value=input.employer.clone() error />
                    <Field label="Job title" name="job_title" value=input.job_title.clone() error />
                    <Select
                        label="How you come to the program"
                        name="mentor_source"
                        options=options_of(MentorSource::ALL, MentorSource::code, MentorSource::label)
                        value=input.mentor_source.clone()
                        blank="Choose…"
                        error
                    />
                    <Field label="Graduation year (alumni)" name="alumni_graduation_year" input_type="number" value=input.alumni_graduation_year.clone() error />
                    <Field label="Years of experience" name="years_experience" input_type="number" value=input.years_experience.clone() error />
                    <Choices legend="Areas of expertise" name="expertise" error options=vocabulary.clone() chosen=input.expertise.clone() />
                    <OtherTags label="Other areas of expertise" name="expertise" />
                    <Choices legend="Sectors you have worked in" name="sectors" error options=vocabulary.clone() chosen=input.sectors.clone() />
                    <OtherTags label="Other sectors" name="sectors" />
                    <Choices legend="What you can offer" name="offers" error options=offer_options.clone() chosen=input.offers.clone() />
                </section>
                <section class="form-section" hidden=hide_unless("mentee") aria-labelledby="profile-mentee">
                    <h2 id="profile-mentee">"As a mentee"</h2>
                    <Select
                        label="Degree program"
                        name="degree_program"
                        options=options_of(DegreeProgram::ALL, DegreeProgram::code, DegreeProgram::label)
                        value=input.degree_program.clone()
                        blank="Choose…"
                        error
                    />
                    <Field label="Expected graduation year" name="expected_graduation_year" input_type="number" value=input.expected_graduation_year.clone() error />
                    <Choices legend="Career interests" name="interests" error options=vocabulary.clone() chosen=input.interests.clone() />
                    <OtherTags label="Other career interests" name="interests" />
                    <Choices legend="Where you would like to work" name="dream_sectors" error options=vocabulary chosen=input.dream_sectors.clone() />
                    <OtherTags label="Other places you would like to work" name="dream_sectors" />
                    <TextArea label="Dream jobs (optional)" name="dream_jobs" value=input.dream_jobs.clone() rows=2 error />
                    <TextArea label="Jobs you do not want (optional)" name="unwanted_jobs" value=input.unwanted_jobs.clone() rows=2 error />
                    <Choices legend="What you hope a mentor can help with (optional)" name="wants" error options=offer_options chosen=input.wants.clone() />
                    <TextArea label="What you want from a mentor" name="wants_from_mentor" value=input.wants_from_mentor.clone() error />
                </section>
                <button type="submit" class="button">"Save profile"</button>
            </ActionForm>
        </div>
    }
}

#[component]
pub fn TagList(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tags">
                {tags.into_iter().map(|tag| view! { <li>{tag}</li> }).collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn ProfileCard(profile: PublicProfile) -> impl IntoView {
    let side = profile
        .side
        .map(|side| side.label())
        .unwrap_or("Participant");
    let list = |items: Vec<String>| items.join(", ");
    view! {
        <article class="card profile">
            <header class="profile__header">
                <Avatar initials=profile.initials />
                <div>
                    <h1>{profile.display_name}</h1>
                    <p class="person__meta">
                        {side}
                        {profile.source.map(|source| format!(" · {}", source.label()))}
                        {(!profile.pronouns.is_empty()).then(|| format!(" · {}", profile.pronouns))}
                    </p>
                </div>
            </header>
            {(!profile.bio.is_empty()).then(|| view! { <p>{profile.bio}</p> })}
            <dl>
                {(!profile.job_title.is_empty())
                    .then(|| view! { <dt>"Works as"</dt> <dd>{format!("{}, {}", profile.job_title, profile.employer)}</dd> })}
                {profile.years_experience.map(|years| view! { <dt>"Years of experience"</dt> <dd>{years}</dd> })}
                {profile.alumni_graduation_year.map(|year| view! { <dt>"iSchool graduate"</dt> <dd>{year}</dd> })}
                <dt>"Location"</dt>
                <dd>{profile.location} {profile.remote_ok.then_some(" (remote is fine)")}</dd>
                <dt>"Meets by"</dt>
                <dd>{list(profile.meeting_modes)}</dd>
                <dt>"Time zone"</dt>
                <dd>{profile.time_zone}</dd>
                {(!profile.expertise.is_empty()).then(|| view! { <dt>"Expertise"</dt> <dd>{list(profile.expertise.clone())}</dd> })}
                {(!profile.sectors.is_empty()).then(|| view! { <dt>"Sectors"</dt> <dd>{list(profile.sectors.clone())}</dd> })}
                {(!profile.offers.is_empty()).then(|| view! { <dt>"Can offer"</dt> <dd>{list(profile.offers.clone())}</dd> })}
            </dl>
            {profile.mentee.map(|mentee| view! {
                <h2>"As a mentee"</h2>
                <dl>
                    <dt>"Program"</dt>
                    <dd>{mentee.degree_program} {mentee.expected_graduation_year.map(|y| format!(", graduating {y}"))}</dd>
                    <dt>"Career interests"</dt>
                    <dd>{list(mentee.interests)}</dd>
                    <dt>"Would like to work in"</dt>
                    <dd>{list(mentee.dream_sectors)}</dd>
                    <dt>"Dream jobs"</dt>
                    <dd>{mentee.dream_jobs}</dd>
                    <dt>"Jobs they do not want"</dt>
                    <dd>{mentee.unwanted_jobs}</dd>
                    <dt>"Hopes for help with"</dt>
                    <dd>{list(mentee.wants)}</dd>
                    <dt>"Wants from a mentor"</dt>
                    <dd>{mentee.wants_from_mentor}</dd>
                </dl>
            })}
            {profile.contact.map(|contact| view! {
                <h2>"Contact"</h2>
                <dl>
                    <dt>"Email"</dt>
                    <dd><a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a></dd>
                    {(!contact.preferences.is_empty()).then(|| view! { <dt>"Preferences"</dt> <dd>{contact.preferences.clone()}</dd> })}
                </dl>
            })}
        </article>
    }
}
