//! The app's one table: scrolls on its own when wide, and on small screens turns each row into a
//! card (rows label their cells with `data-label`).

use leptos::prelude::*;

#[component]
pub fn StackedTable(
    /// Names the table for screen readers (and for finding it in tests).
    #[prop(into)]
    caption: String,
    columns: Vec<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table--stack">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        {columns
                            .into_iter()
                            .map(|column| view! { <th scope="col">{column}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
