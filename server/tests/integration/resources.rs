//! Resource pages over HTTP, on both engines: who may read, suggest and edit (one table for every
//! server function), the seed's text on day one, sanitizing, drafts, versions and suggestions.

use app::error::AppError;
use app::notify::notices::MyNotices;
use app::resources::api::{
    GetResource, GetResourceEditor, GetResourceHistory, GetResources, ResourceEditor, ResourceForm,
    ResourceHistory, ResourceIndex, ResourcePage, RestoreResourceRevision,
    ReviewResourceSuggestion, SaveResource, SuggestResourceChange,
};

use crate::helpers::{Answer, Engine, Refusal, TestApp, spawn_app};
use crate::on_both_engines;

on_both_engines!(
    every_resource_function_allows_exactly_the_people_it_should,
    every_tip_and_piece_of_advice_in_the_seed_is_a_page_on_day_one,
    saved_pages_lose_scripts_javascript_links_and_event_handlers,
    a_preview_stays_a_draft_and_each_save_is_a_version_in_the_history,
    an_organizer_who_saves_over_a_newer_version_is_stopped_and_keeps_their_text,
    a_participants_suggestion_is_accepted_or_declined_and_they_are_told,
    bad_suggestions_are_named_by_field_and_limited_in_number,
);

struct People {
    organizer: TestApp,
    participant: TestApp,
    anonymous: TestApp,
}

async fn people(engine: Engine) -> People {
    let organizer = spawn_app(engine)
        .await
        .signed_up_organizer("Olga Organizer", "olga@example.edu")
        .await;
    let participant = organizer
        .new_browser()
        .signed_up("Pat Participant", "pat@example.edu")
        .await;
    let anonymous = organizer.new_browser();
    People {
        organizer,
        participant,
        anonymous,
    }
}

async fn page(client: &TestApp, slug: &str) -> ResourcePage {
    client
        .call(GetResource { slug: slug.into() })
        .await
        .expect("read the page")
}

async fn index(client: &TestApp) -> ResourceIndex {
    client
        .call(GetResources {})
        .await
        .expect("read the resources")
}

async fn editor(organizer: &TestApp, slug: &str) -> ResourceEditor {
    organizer
        .call(GetResourceEditor { slug: slug.into() })
        .await
        .expect("open the editor")
}

async fn history(organizer: &TestApp, slug: &str) -> ResourceHistory {
    organizer
        .call(GetResourceHistory { slug: slug.into() })
        .await
        .expect("read the history")
}

/// The organizer's edit form for `slug` posted with this text and intent.
async fn edit(
    organizer: &TestApp,
    slug: &str,
    version: i32,
    body: &str,
    note: &str,
    intent: &str,
) -> Answer<()> {
    organizer
        .call(SaveResource {
            slug: slug.into(),
            intent: intent.into(),
            form: ResourceForm {
                title: "Mentorship tips".into(),
                audience: "everyone".into(),
                moment: "pair_start".into(),
                body: body.into(),
                note: note.into(),
                version: version.to_string(),
            },
        })
        .await
}

async fn suggest(participant: &TestApp, slug: &str, body: &str, note: &str) -> Answer<()> {
    participant
        .call(SuggestResourceChange {
            slug: slug.into(),
            body: body.into(),
            note: note.into(),
        })
        .await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Participant,
    Organizer,
    Anonymous,
}

async fn every_resource_function_allows_exactly_the_people_it_should(engine: Engine) {
    let p = people(engine).await;
    suggest(&p.participant, "tips", "- Be kind.\n", "Shorter")
        .await
        .expect("suggest a change");
    let suggestion = editor(&p.organizer, "tips").await.suggestions[0]
        .id
        .to_string();

    // Each call is made fresh by every caller, so one caller's success does not decide another's.
    let calls: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("resources", vec![]),
        ("resource", vec![("slug", "about".into())]),
        (
            "suggest_resource_change",
            vec![
                ("slug", "about".into()),
                ("body", "A better text.".into()),
                ("note", "Clearer".into()),
            ],
        ),
        ("resource_editor", vec![("slug", "about".into())]),
        (
            "save_resource",
            vec![
                ("slug", "first-position".into()),
                ("intent", "preview".into()),
                ("title", "Advice".into()),
                ("audience", "mentees".into()),
                ("moment", "last_quarter".into()),
                ("body", "Text".into()),
                ("version", "1".into()),
            ],
        ),
        (
            "discard_resource_draft",
            vec![("slug", "first-position".into())],
        ),
        (
            "add_resource",
            vec![
                ("title", "Informational interviews".into()),
                ("audience", "everyone".into()),
            ],
        ),
        ("resource_history", vec![("slug", "about".into())]),
        (
            "restore_resource_revision",
            vec![("slug", "meeting-ideas".into()), ("version", "1".into())],
        ),
        (
            "review_resource_suggestion",
            vec![
                ("suggestion_id", suggestion.clone()),
                ("decision", "decline".into()),
            ],
        ),
    ];
    let everyone = ["resources", "resource"];
    let signed_in = ["suggest_resource_change"];
    let mut mismatches = Vec::new();
    // The organizer goes last: answering the suggestion takes it out of the queue.
    for caller in [Caller::Anonymous, Caller::Participant, Caller::Organizer] {
        let client = match caller {
            Caller::Participant => &p.participant,
            Caller::Organizer => &p.organizer,
            Caller::Anonymous => &p.anonymous,
        };
        for (function, form) in &calls {
            let expected = match caller {
                _ if everyone.contains(function) => 200,
                Caller::Anonymous => 401,
                Caller::Participant if signed_in.contains(function) => 200,
                Caller::Participant => 403,
                Caller::Organizer => 200,
            };
            // Raw: a table of functions named by their endpoints, checked by HTTP status.
            let got = client.call_raw_owned(function, form).await.status;
            if got != expected {
                mismatches.push(format!(
                    "{function} by {caller:?}: {got}, expected {expected}"
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}

async fn every_tip_and_piece_of_advice_in_the_seed_is_a_page_on_day_one(engine: Engine) {
    let p = people(engine).await;

    let index = index(&p.anonymous).await;

    let slugs: Vec<&str> = index.pages.iter().map(|page| page.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "about",
            "tips",
            "tips-for-mentors",
            "tips-for-mentees",
            "meeting-ideas",
            "first-position"
        ]
    );
    let mut all_text = String::new();
    for slug in slugs {
        all_text.push_str(&page(&p.anonymous, slug).await.html);
    }
    for seed in [
        "UCLA Library staff and iSchool alumni",
        "jointly organized by the iSchool, the Library, and the Library and Information Studies Alumni Association (LISAA)",
        "academic year (fall through spring)",
        "at least once per quarter",
        "each pair decides on the frequency of communication",
        "An orientation is offered for new participants each fall.",
        "Be communicative and respectful of the commitments",
        "Take time to get to know your match’s professional experience and interests.",
        "think creatively about how your network and experience could help your mentee",
        "setting up informational interviews",
        "be proactive in setting goals for your mentoring relationship",
        "Let the organizers know if there is an issue with your match",
        "Mentor’s career path and professional interests",
        "dream job(s), undesirable jobs",
        "Current job duties of the mentor",
        "interview presentations, team meetings",
        "instructional sessions and workshops",
        "Reviews of CVs or resumes and cover letters",
        "The interview process in the mentor’s field",
        "A mock interview",
        "Things you had to learn on the job",
        "Referrals to other professionals",
        "Fellowships, internships, and other funding opportunities",
        "Professional engagement, conferences, research",
    ] {
        assert!(all_text.contains(seed), "missing from the pages: {seed}");
    }
    // The program's text is version 1 of each page's history.
    let versions = history(&p.organizer, "tips").await.revisions;
    assert_eq!(versions.len(), 1);
    assert_eq!(versions[0].editor, "The program");
}

async fn saved_pages_lose_scripts_javascript_links_and_event_handlers(engine: Engine) {
    let p = people(engine).await;
    let hostile = "Read this.\n\n<script>alert('stolen')</script>\n\n[Click](javascript:alert(1)) \
<a href=\"JAVASCRIPT:alert(2)\">here</a> <img src=\"x.png\" alt=\"x\" onerror=\"alert(3)\"> \
<b onmouseover=\"alert(4)\">bold</b>\n";
    let saved = edit(&p.organizer, "tips", 1, hostile, "Testing", "save").await;
    assert_eq!(saved, Ok(()));

    let html = page(&p.anonymous, "tips").await.html;
    let served = p
        .anonymous
        .get("/resources/tips")
        .await
        .text()
        .await
        .unwrap();

    for text in [&html, &served] {
        assert!(!text.contains("alert("), "{text}");
        assert!(!text.to_lowercase().contains("javascript:"), "{text}");
        assert!(!text.contains("onerror"), "{text}");
        assert!(!text.contains("onmouseover"), "{text}");
    }
    assert!(html.contains("Read this."), "{html}");
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(served.contains("Read this."));
}

async fn a_preview_stays_a_draft_and_each_save_is_a_version_in_the_history(engine: Engine) {
    let p = people(engine).await;
    let before = page(&p.participant, "tips").await;

    let previewed = edit(
        &p.organizer,
        "tips",
        1,
        "## New tips\n\n- Reply within a week.\n",
        "Added a tip",
        "preview",
    )
    .await;

    assert_eq!(previewed, Ok(()));
    assert_eq!(
        page(&p.participant, "tips").await,
        before,
        "a preview is not published"
    );
    let draft = editor(&p.organizer, "tips").await;
    assert_eq!(draft.body, "## New tips\n\n- Reply within a week.");
    let (preview, _) = draft.preview.expect("the preview");
    assert!(preview.contains("<h3>New tips</h3>"), "{preview}");
    assert!(
        preview.contains("<li>Reply within a week.</li>"),
        "{preview}"
    );

    let saved = edit(
        &p.organizer,
        "tips",
        1,
        "## New tips\n\n- Reply within a week.\n",
        "Added a tip",
        "save",
    )
    .await;

    assert_eq!(saved, Ok(()));
    let after = page(&p.participant, "tips").await;
    assert!(
        after.html.contains("<li>Reply within a week.</li>"),
        "{}",
        after.html
    );
    assert!(
        editor(&p.organizer, "tips").await.preview.is_none(),
        "the draft is gone once saved"
    );
    let versions = history(&p.organizer, "tips").await.revisions;
    assert_eq!(
        versions.iter().map(|r| r.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(versions[0].editor, "Olga Organizer");
    assert_eq!(versions[0].note, "Added a tip");
    assert!(versions[0].current);

    // Version 1 comes back as version 3.
    let restored = p
        .organizer
        .call(RestoreResourceRevision {
            slug: "tips".into(),
            version: 1,
        })
        .await;

    assert_eq!(restored, Ok(()));
    assert_eq!(page(&p.participant, "tips").await.body, before.body);
    let versions = history(&p.organizer, "tips").await.revisions;
    assert_eq!(versions[0].version, 3);
    assert_eq!(versions[0].note, "Version 1 restored");
}

async fn an_organizer_who_saves_over_a_newer_version_is_stopped_and_keeps_their_text(
    engine: Engine,
) {
    let p = people(engine).await;
    let second_organizer = p
        .organizer
        .new_browser()
        .signed_up_organizer("Sam Second", "sam@example.edu")
        .await;
    // Both open version 1; Sam saves first.
    let first = edit(&second_organizer, "tips", 1, "Sam's text.", "", "save").await;
    assert_eq!(first, Ok(()));

    let late = edit(&p.organizer, "tips", 1, "Olga's text.", "", "save").await;

    assert!(matches!(late, Err(AppError::Invalid(_))), "{late:?}");
    let message = late.field_error("body").expect("a message on the text");
    assert!(
        message.contains("Someone saved this page since you opened it"),
        "{message}"
    );
    assert_eq!(page(&p.participant, "tips").await.body, "Sam's text.");
    let kept = editor(&p.organizer, "tips").await;
    assert_eq!(
        kept.body, "Olga's text.",
        "the late text is kept as a draft"
    );
    assert_eq!(kept.version, 2);
    // Saving again from the version now shown works.
    let again = edit(&p.organizer, "tips", 2, "Olga's text.", "", "save").await;
    assert_eq!(again, Ok(()));
    assert_eq!(page(&p.participant, "tips").await.body, "Olga's text.");
}

async fn a_participants_suggestion_is_accepted_or_declined_and_they_are_told(engine: Engine) {
    let p = people(engine).await;
    let suggested = suggest(
        &p.participant,
        "tips-for-mentees",
        "- Come to each meeting with one question.\n",
        "A concrete habit helped me.",
    )
    .await;
    assert_eq!(suggested, Ok(()));
    let mine = page(&p.participant, "tips-for-mentees")
        .await
        .my_suggestions;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, "Waiting");
    let queue = editor(&p.organizer, "tips-for-mentees").await.suggestions;
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].author, "Pat Participant");
    assert!(!queue[0].stale);
    assert_eq!(index(&p.organizer).await.waiting.len(), 1);

    let review = |suggestion_id: i32, decision: &str, reply: &str| ReviewResourceSuggestion {
        suggestion_id,
        decision: decision.into(),
        reply: reply.into(),
    };
    let accepted = p
        .organizer
        .call(review(queue[0].id, "accept", "Thank you!"))
        .await;

    assert_eq!(accepted, Ok(()));
    let now = page(&p.participant, "tips-for-mentees").await;
    assert_eq!(now.body, "- Come to each meeting with one question.");
    assert_eq!(now.my_suggestions[0].status, "Accepted");
    assert_eq!(now.my_suggestions[0].reply, "Thank you!");
    let versions = history(&p.organizer, "tips-for-mentees").await.revisions;
    assert_eq!(
        versions[0].note,
        "Suggested by Pat Participant: A concrete habit helped me."
    );
    let notices = p.participant.call(MyNotices {}).await.unwrap();
    assert!(
        notices.iter().any(|notice| notice
            .message
            .contains("Your suggestion for “Tips for mentees” was accepted: Thank you!")),
        "{notices:?}"
    );
    // A suggestion cannot be answered twice.
    let twice = p.organizer.call(review(queue[0].id, "decline", "")).await;
    assert_eq!(twice, Err(AppError::NotFound));

    // A declined one leaves the page as it was.
    suggest(
        &p.participant,
        "tips-for-mentees",
        "Nothing.",
        "Remove it all",
    )
    .await
    .expect("suggest a change");
    let declined_id = editor(&p.organizer, "tips-for-mentees").await.suggestions[0].id;
    let declined = p
        .organizer
        .call(review(declined_id, "decline", "We keep the tip."))
        .await;
    assert_eq!(declined, Ok(()));
    let now = page(&p.participant, "tips-for-mentees").await;
    assert_eq!(now.body, "- Come to each meeting with one question.");
    assert_eq!(now.my_suggestions[0].status, "Declined");
    assert_eq!(now.my_suggestions[0].reply, "We keep the tip.");
}

async fn bad_suggestions_are_named_by_field_and_limited_in_number(engine: Engine) {
    let p = people(engine).await;
    let too_long = "x".repeat(app::resources::api::MAX_BODY + 1);

    let refused = suggest(&p.participant, "tips", &too_long, "").await;

    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    assert!(
        refused
            .field_error("body")
            .unwrap()
            .contains("20000 characters or fewer")
    );
    assert_eq!(
        refused.field_error("note").unwrap(),
        "Enter what you changed and why."
    );
    assert!(editor(&p.organizer, "tips").await.suggestions.is_empty());

    for n in 0..app::resources::api::MAX_PENDING_SUGGESTIONS {
        let sent = suggest(&p.participant, "tips", "Better.", &format!("Idea {n}")).await;
        assert_eq!(sent, Ok(()));
    }
    let one_more = suggest(&p.participant, "tips", "Better still.", "Idea 6").await;
    assert!(
        matches!(one_more, Err(AppError::Invalid(_))),
        "{one_more:?}"
    );
    assert!(
        one_more
            .field_error("note")
            .unwrap()
            .contains("5 suggestions waiting already")
    );
    // A page that does not exist is not found.
    assert_eq!(
        suggest(&p.participant, "nope", "Text", "Why").await,
        Err(AppError::NotFound)
    );
}
