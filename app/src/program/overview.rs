//! The public description of the program, written from the program's own overview.

use leptos::prelude::*;

/// What a visitor needs to know before joining.
#[component]
pub fn ProgramOverview() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"The iSchool Mentorship Program"</h1>
            <p class="lead">
                "Current iSchool students matched with professional mentors: UCLA Library staff and iSchool alumni working at institutions in Los Angeles and around the country."
            </p>
            <p class="actions">
                <a class="button" href="/sign-up">"Create an account"</a>
                <a class="button button--secondary" href="/sign-in">"Sign in"</a>
            </p>
        </section>
        <div class="grid">
            <section class="card">
                <h2>"How it works"</h2>
                <ul>
                    <li>"Matches are made for one academic year, fall through spring."</li>
                    <li>
                        "Pairs are asked to meet at least once a quarter. Beyond that there is no fixed time commitment: each pair decides how often to talk and what to do together."
                    </li>
                    <li>"New participants are offered an orientation each fall."</li>
                </ul>
            </section>
            <section class="card">
                <h2>"Who takes part"</h2>
                <ul>
                    <li><strong>"Mentees"</strong>": current iSchool students."</li>
                    <li><strong>"Mentors"</strong>": UCLA Library staff and iSchool alumni."</li>
                    <li>
                        <strong>"Organizers"</strong>
                        ": the iSchool, the Library, and the Library & Information Studies Alumni Association (LISAA), jointly."
                    </li>
                </ul>
            </section>
            <section class="card">
                <h2>"Written with past participants"</h2>
                <p>
                    "Mentorship tips, meeting ideas and advice for a first position, collaboratively written with previous participants, are here for every pair: read them in the "
                    <a href="/resources">"resources"</a>
                    "."
                </p>
                <p>
                    "Something not right with your match? Questions or concerns? Let the organizers know at any time."
                </p>
            </section>
        </div>
    }
}
