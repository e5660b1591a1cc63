//! `/privacy`: the data map (`domain::privacy::DATA_MAP`) as a page, for anyone, signed in or
//! not. It uses only the map and the shared table, so it sits low, beside the features.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::table::StackedTable;
use crate::domain::privacy::DATA_MAP;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy · Mentorship Hub" />
        <div class="stack">
            <h1>"Privacy: what we keep about you"</h1>
            <p>
                "Every piece of personal information Mentorship Hub keeps, who can read it and how long it is kept. "
                "The app's tests check, for each line, that it shows exactly where this table says and nowhere else."
            </p>
            <StackedTable
                caption="Personal information Mentorship Hub keeps"
                columns=vec!["What", "Who can read it", "How long it is kept"]
            >
                {DATA_MAP
                    .iter()
                    .map(|field| {
                        view! {
                            <tr id=field.key>
                                <th scope="row">{field.name}</th>
                                <td data-label="Who can read it">{field.readers_in_words()}</td>
                                <td data-label="How long it is kept">{field.kept}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </StackedTable>
            <p>
                "Questions about your information, or a request to correct or delete it, go to the program's organizers."
            </p>
        </div>
    }
}
