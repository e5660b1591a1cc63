//! The mentorship tips, collaboratively written with previous participants of the program.

use leptos::prelude::*;

use crate::domain::choices::Role;

/// Each tip, and the side it speaks to (none: everyone).
pub const TIPS: [(Option<Role>, &str); 5] = [
    (
        None,
        "Be communicative and respectful of the commitments each individual has made by participating in the program.",
    ),
    (
        None,
        "Take time to get to know your match’s professional experience and interests.",
    ),
    (
        Some(Role::Mentor),
        "For mentors, think creatively about how your network and experience could help your mentee. Can you make connections for your mentee by setting up informational interviews? Could you invite your mentee to recruitment interviews, meetings or classes?",
    ),
    (
        Some(Role::Mentee),
        "For mentees, be proactive in setting goals for your mentoring relationship. What would best serve your professional and career interests?",
    ),
    (
        None,
        "Let the organizers know if there is an issue with your match or if you have any questions, issues or concerns.",
    ),
];

/// The tips for one side of a pair (with everyone's), or all of them.
#[component]
pub fn TipsCard(#[prop(optional)] role: Option<Role>) -> impl IntoView {
    let tips: Vec<&'static str> = TIPS
        .iter()
        .filter(|(audience, _)| role.is_none() || audience.is_none() || *audience == role)
        .map(|(_, tip)| *tip)
        .collect();
    view! {
        <section class="card" aria-labelledby="tips-heading">
            <h2 id="tips-heading">"Mentorship tips"</h2>
            <p>"Collaboratively written with previous mentorship program participants."</p>
            <ul>{tips.into_iter().map(|tip| view! { <li>{tip}</li> }).collect_view()}</ul>
        </section>
    }
}
