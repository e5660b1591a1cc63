//! Horizontal bar charts drawn on the server as SVG, each with a text alternative and its numbers
//! in a table whose cells link to the list behind them: readable without JavaScript, by screen
//! readers, and on a phone.

use leptos::prelude::*;

use super::table::StackedTable;

/// One bar: `value` drawn against `out_of` (or against the chart's largest bar).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub out_of: Option<u64>,
    /// The number as people read it: "12", "4.2 of 5", "3 of 8 places".
    pub text: String,
    /// The list behind the number.
    pub href: String,
}

const WIDTH: u64 = 600;
const LABEL_WIDTH: u64 = 220;
const BAR_WIDTH: u64 = 300;
const ROW_HEIGHT: u64 = 30;

/// `value` as a share of `BAR_WIDTH` against `scale`.
fn length(value: u64, scale: u64) -> u64 {
    (value.min(scale) * BAR_WIDTH)
        .checked_div(scale)
        .unwrap_or(0)
}

/// A chart and, below it, the same numbers as a table; `id` must be unique on the page.
#[component]
pub fn BarChart(
    id: &'static str,
    #[prop(into)] title: String,
    /// The table's heading for the numbers.
    value_heading: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let largest = bars
        .iter()
        .map(|bar| bar.out_of.unwrap_or(bar.value).max(bar.value))
        .max()
        .unwrap_or(0);
    let height = ROW_HEIGHT * bars.len().max(1) as u64;
    let summary = if bars.is_empty() {
        "Nothing to show yet.".to_owned()
    } else {
        bars.iter()
            .map(|bar| format!("{}: {}", bar.label, bar.text))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let drawn = bars
        .iter()
        .enumerate()
        .map(|(index, bar)| {
            let top = index as u64 * ROW_HEIGHT;
            let scale = bar.out_of.unwrap_or(largest);
            let filled = length(bar.value, scale);
            view! {
                <g>
                    <text x="0" y=top + 19 class="chart__label">{bar.label.clone()}</text>
                    {bar.out_of.map(|_| view! {
                        <rect x=LABEL_WIDTH y=top + 4 width=BAR_WIDTH height="20" class="chart__track" />
                    })}
                    <rect x=LABEL_WIDTH y=top + 4 width=filled height="20" class="chart__bar" />
                    <text x=LABEL_WIDTH + BAR_WIDTH + 8 y=top + 19 class="chart__value">{bar.text.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let table_caption = title.clone();
    view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                role="img"
                aria-labelledby=labelled_by
                class="chart__svg"
            >
                <title id=title_id>{title}</title>
                <desc id=desc_id>{summary}</desc>
                {drawn}
            </svg>
        </figure>
        <StackedTable caption=table_caption columns=vec!["What", value_heading]>
            {bars
                .into_iter()
                .map(|bar| view! {
                    <tr>
                        <th scope="row">{bar.label}</th>
                        <td data-label=value_heading><a href=bar.href>{bar.text}</a></td>
                    </tr>
                })
                .collect_view()}
        </StackedTable>
    }
}

/// A card with a heading and its chart, or `empty` in place of the chart when there are no
/// bars.
#[component]
pub fn ChartCard(
    id: &'static str,
    heading: &'static str,
    #[prop(into)] title: String,
    value_heading: &'static str,
    bars: Vec<Bar>,
    #[prop(optional)] empty: Option<&'static str>,
) -> impl IntoView {
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let chart = match empty {
        Some(message) if bars.is_empty() => view! { <p>{message}</p> }.into_any(),
        _ => view! { <BarChart id title value_heading bars /> }.into_any(),
    };
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{heading}</h2>
            {chart}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_their_whole_and_never_overflow() {
        assert_eq!(length(0, 10), 0);
        assert_eq!(length(5, 10), BAR_WIDTH / 2);
        assert_eq!(length(12, 10), BAR_WIDTH);
        assert_eq!(length(3, 0), 0);
    }
}
