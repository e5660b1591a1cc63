//! Resource pages are written in Markdown by organizers and suggested by participants: rendered
//! with pulldown-cmark, then everything that could run or mislead is removed by ammonia, so the
//! HTML is safe to put in the page whoever wrote the text.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The HTML of `markdown`, sanitized. The text's highest headings become `<h{top}>` (the page's
/// own title is above them) and the others keep their order below.
pub fn render(markdown: &str, top: HeadingLevel) -> String {
    let events: Vec<Event> = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .collect();
    let highest = events
        .iter()
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let shift = |level: HeadingLevel| {
        let moved = (level as usize + top as usize).saturating_sub(highest);
        HeadingLevel::try_from(moved.min(6)).unwrap_or(HeadingLevel::H6)
    };
    let events = events.into_iter().map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(markdown: &str) -> String {
        render(markdown, HeadingLevel::H2)
    }

    #[test]
    fn markdown_becomes_html_with_headings_below_the_pages_title() {
        let html = page(
            "# Job hunting\n\nSome **advice**:\n\n- a CV review\n- a [mock interview](/ideas)\n",
        );
        assert!(html.contains("<h2>Job hunting</h2>"), "{html}");
        assert!(html.contains("<strong>advice</strong>"), "{html}");
        assert!(html.contains("<li>a CV review</li>"), "{html}");
        assert!(
            html.contains(r#"<a href="/ideas" rel="noopener noreferrer nofollow">"#),
            "{html}"
        );
    }

    #[test]
    fn script_elements_are_dropped_with_their_content() {
        let html =
            page("Hello <script>alert('x')</script> and\n\n<script>\nfetch('/api')\n</script>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("alert"), "{html}");
        assert!(!html.contains("fetch"), "{html}");
        assert!(html.contains("Hello"), "{html}");
    }

    #[test]
    fn javascript_links_lose_their_address() {
        for markdown in [
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
            "[click](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let html = page(markdown);
            assert!(
                !html.to_lowercase().contains("javascript:"),
                "{markdown} gave {html}"
            );
            assert!(!html.contains("data:"), "{markdown} gave {html}");
            assert!(html.contains("click"), "{markdown} gave {html}");
        }
    }

    #[test]
    fn event_handlers_and_styles_are_removed() {
        let html = page(
            "<img src=\"x.png\" onerror=\"alert(1)\" alt=\"x\"> <p onclick=\"steal()\" style=\"position:fixed\">text</p> <iframe src=\"https://evil.example\"></iframe>",
        );
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains("text"), "{html}");
    }

    #[test]
    fn the_texts_highest_headings_come_just_below_the_title() {
        let html = render("## Part\n\n### Detail\n", HeadingLevel::H2);
        assert!(html.contains("<h2>Part</h2>"), "{html}");
        assert!(html.contains("<h3>Detail</h3>"), "{html}");
    }

    #[test]
    fn headings_deeper_than_six_stay_at_six() {
        let html = render("# Top\n\n###### Deep", HeadingLevel::H3);
        assert!(html.contains("<h3>Top</h3>"), "{html}");
        assert!(html.contains("<h6>Deep</h6>"), "{html}");
    }
}
