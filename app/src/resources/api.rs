//! Server functions for resource pages: anyone reads them, signed-in participants suggest
//! changes, organizers edit (with a preview kept as their draft) and answer suggestions; every
//! saved version stays in the page's history.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::choices::{Audience, Moment};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::error::Checked as _;

/// The longest page, in characters: several screens of text.
pub const MAX_BODY: usize = 20_000;
/// How many suggestions one person may have waiting at once.
pub const MAX_PENDING_SUGGESTIONS: u64 = 5;

crate::domain::choices::choices!(
    /// The two buttons of the editor: keep the text as a draft and show it, or save it.
    SaveIntent {
        Preview = "preview": "Preview",
        Save = "save": "Save",
    }
);

crate::domain::choices::choices!(
    /// What a form of a resource page (reading, editing, its history) just did, for its message.
    ResourceDone {
        Saved = "saved": "The page was saved.",
        Suggested = "suggested": "Thank you: your suggestion reached the organizers.",
        Preview = "preview": "Your preview is below; it is kept as your draft until you save.",
        Discarded = "discarded": "Your draft was discarded.",
        Reviewed = "reviewed": "The suggestion was answered, and its author told.",
        Restored = "restored": "The earlier version was restored as the newest one.",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceSummary {
    pub slug: String,
    pub title: String,
    pub audience: Audience,
    pub moment: Moment,
    pub updated_on: NaiveDate,
    /// A page an organizer added and has not written yet (only organizers see it).
    pub unwritten: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceIndex {
    pub pages: Vec<ResourceSummary>,
    pub organizer: bool,
    /// For organizers: suggestions waiting, as (page slug, page title, who suggested).
    pub waiting: Vec<(String, String, String)>,
}

/// A participant's own suggestion, with the organizers' answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySuggestion {
    pub written_on: NaiveDate,
    pub note: String,
    /// "Waiting", "Accepted" or "Declined".
    pub status: String,
    pub reply: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourcePage {
    pub slug: String,
    pub title: String,
    pub audience: Audience,
    /// The page, rendered and sanitized.
    pub html: String,
    /// The Markdown, to start a suggestion from (for signed-in readers only: a visitor's page
    /// carries only the sanitized HTML).
    pub body: String,
    pub updated_on: NaiveDate,
    pub signed_in: bool,
    pub organizer: bool,
    pub my_suggestions: Vec<MySuggestion>,
}

/// A resource shown on a pair page, rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guide {
    pub slug: String,
    pub title: String,
    pub html: String,
}

/// A suggestion as organizers review it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionReview {
    pub id: i32,
    pub author: String,
    pub written_on: NaiveDate,
    pub note: String,
    pub html: String,
    /// The page was saved again after the suggestion was written.
    pub stale: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceEditor {
    pub slug: String,
    pub version: i32,
    pub title: String,
    pub audience: Audience,
    pub moment: Moment,
    /// The organizer's draft if they have one, else the saved text.
    pub body: String,
    pub note: String,
    /// The draft, rendered, with when it was kept.
    pub preview: Option<(String, String)>,
    pub suggestions: Vec<SuggestionReview>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub version: i32,
    pub title: String,
    pub html: String,
    pub editor: String,
    pub note: String,
    pub saved_on: NaiveDate,
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceHistory {
    pub slug: String,
    pub title: String,
    pub revisions: Vec<Revision>,
}

/// The edit form, as posted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    pub title: String,
    pub audience: String,
    pub moment: String,
    pub body: String,
    /// What changed and why, for the history.
    pub note: String,
    /// The version the organizer started from.
    pub version: String,
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use pulldown_cmark::HeadingLevel;

    use super::*;
    use crate::domain::choices::Role;
    use crate::domain::profile::text;
    use crate::entities::resources;

    /// The page's text, checked: (title, audience, moment, body, note).
    pub struct Checked {
        pub title: String,
        pub audience: Audience,
        pub moment: Moment,
        pub body: String,
        pub note: String,
    }

    pub fn checked(form: &ResourceForm) -> Result<Checked, AppError> {
        use crate::error::Checked as _;
        let (title, audience, moment, body, note) = (
            ("title", text(&form.title, 200, Some("a title"))),
            (
                "audience",
                Audience::from_code(&form.audience)
                    .ok_or_else(|| "Choose who the page is for.".to_owned()),
            ),
            (
                "moment",
                Moment::from_code(&form.moment)
                    .ok_or_else(|| "Choose when pair pages show it.".to_owned()),
            ),
            ("body", text(&form.body, MAX_BODY, Some("the page's text"))),
            ("note", text(&form.note, 300, None)),
        )
            .checked()
            .map_err(|error| {
                error.keeping([
                    ("title", form.title.as_str()),
                    ("body", form.body.as_str()),
                    ("note", form.note.as_str()),
                ])
            })?;
        Ok(Checked {
            title,
            audience,
            moment,
            body,
            note,
        })
    }

    pub async fn keep_draft(
        db: &impl sea_orm::ConnectionTrait,
        page_id: i32,
        organizer_id: i32,
        checked: &Checked,
    ) -> Result<(), sea_orm::DbErr> {
        super::super::db::keep_draft(
            db,
            page_id,
            organizer_id,
            &checked.title,
            &checked.body,
            &checked.note,
        )
        .await
    }

    /// Logs an organizer's change to a page.
    pub async fn audit(
        db: &impl sea_orm::ConnectionTrait,
        organizer: &crate::entities::users::Model,
        title: &str,
        what: &str,
    ) -> Result<(), sea_orm::DbErr> {
        crate::audit::db::record(
            db,
            organizer,
            crate::domain::choices::AuditAction::ResourceChanged,
            format!("“{title}”"),
            what,
        )
        .await
    }

    /// A page's rendered HTML, headings below a title of `<h{top - 1}>`.
    pub fn html(markdown: &str, top: HeadingLevel) -> String {
        super::super::markdown::render(markdown, top)
    }

    pub async fn find(slug: &str) -> Result<resources::Model, AppError> {
        super::super::db::find_resource(&crate::context::db()?, slug)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// An address-safe name made from the title: `Advice for interviews` → `advice-for-interviews`.
    pub fn slug_of(title: &str) -> String {
        let mut slug = String::new();
        for c in title.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            "page".to_owned()
        } else {
            slug.to_owned()
        }
    }

    /// The pages a pair page shows to a member on this side now: those for the pair's start
    /// until its first meeting is held, and those for the last quarter in it.
    pub async fn guides_for(
        role: Role,
        first_meeting_held: bool,
        in_last_quarter: bool,
    ) -> Result<Vec<Guide>, AppError> {
        let db = crate::context::db()?;
        Ok(super::super::db::all_resources(&db)
            .await?
            .into_iter()
            .filter(|page| {
                let audience = page.audience;
                let now = match page.moment {
                    Moment::PairStart => !first_meeting_held,
                    Moment::LastQuarter => in_last_quarter,
                    _ => false,
                };
                now && audience.includes(role) && !page.body.is_empty()
            })
            .map(|page| Guide {
                html: html(&page.body, HeadingLevel::H3),
                slug: page.slug,
                title: page.title,
            })
            .collect())
    }
}

/// Every page, for anyone (organizers also see unwritten pages and the suggestions waiting).
#[server(endpoint = "resources")]
pub async fn get_resources() -> Result<ResourceIndex, AppError> {
    let organizer = crate::auth::ssr::current_user()
        .await?
        .is_some_and(|user| user.is_organizer);
    let db = crate::context::db()?;
    let pages = super::db::all_resources(&db).await?;
    let mut waiting = Vec::new();
    if organizer {
        for suggestion in super::db::pending_suggestions(&db, None).await? {
            if let Some(page) = pages.iter().find(|p| p.id == suggestion.resource_id) {
                let author = crate::auth::db::display_name(&db, suggestion.user_id).await?;
                waiting.push((page.slug.clone(), page.title.clone(), author));
            }
        }
    }
    Ok(ResourceIndex {
        pages: pages
            .into_iter()
            .filter(|page| organizer || !page.body.is_empty())
            .map(|page| ResourceSummary {
                audience: page.audience,
                moment: page.moment,
                updated_on: page.updated_at.date_naive(),
                unwritten: page.body.is_empty(),
                slug: page.slug,
                title: page.title,
            })
            .collect(),
        organizer,
        waiting,
    })
}

/// One page, for anyone; a signed-in reader also gets their own suggestions for it.
#[server(endpoint = "resource")]
pub async fn get_resource(slug: String) -> Result<ResourcePage, AppError> {
    let user = crate::auth::ssr::current_user().await?;
    let organizer = user.as_ref().is_some_and(|u| u.is_organizer);
    let page = ssr::find(&slug).await?;
    if page.body.is_empty() && !organizer {
        return Err(AppError::NotFound);
    }
    let my_suggestions = match &user {
        Some(user) => super::db::suggestions_by(&crate::context::db()?, user.id, page.id)
            .await?
            .into_iter()
            .map(|s| MySuggestion {
                written_on: s.created_at.date_naive(),
                note: s.note,
                status: s.status.label().to_owned(),
                reply: s.reply,
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(ResourcePage {
        html: ssr::html(&page.body, pulldown_cmark::HeadingLevel::H2),
        audience: page.audience,
        updated_on: page.updated_at.date_naive(),
        signed_in: user.is_some(),
        organizer,
        my_suggestions,
        slug: page.slug,
        title: page.title,
        body: if user.is_some() {
            page.body
        } else {
            String::new()
        },
    })
}

/// A signed-in person suggests a new text for a page, for the organizers to accept or decline.
#[server(endpoint = "suggest_resource_change")]
pub async fn suggest_resource_change(
    slug: String,
    body: String,
    note: String,
) -> Result<(), AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let page = ssr::find(&slug).await?;
    if page.body.is_empty() {
        return Err(AppError::NotFound);
    }
    let typed = [("body", body.as_str()), ("note", note.as_str())];
    let (body, note) = (
        (
            "body",
            crate::domain::profile::text(&body, MAX_BODY, Some("the text you suggest")),
        ),
        (
            "note",
            crate::domain::profile::text(&note, 1000, Some("what you changed and why")),
        ),
    )
        .checked()
        .map_err(|error| error.keeping(typed))?;
    let db = crate::context::db()?;
    if super::db::pending_count_by(&db, user.id).await? >= MAX_PENDING_SUGGESTIONS {
        return Err(AppError::field(
            "note",
            format!(
                "You have {MAX_PENDING_SUGGESTIONS} suggestions waiting already; the organizers answer them before you send more."
            ),
        )
        .keeping([("body", body.as_str()), ("note", note.as_str())]));
    }
    super::db::add_suggestion(&db, &page, user.id, &body, &note).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/resources/{}", page.slug),
        ResourceDone::Suggested,
    ));
    Ok(())
}

/// The edit form's content for an organizer: their draft if they have one.
#[server(endpoint = "resource_editor")]
pub async fn get_resource_editor(slug: String) -> Result<ResourceEditor, AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let page = ssr::find(&slug).await?;
    let db = crate::context::db()?;
    let draft = super::db::draft_of(&db, page.id, organizer.id).await?;
    let mut suggestions = Vec::new();
    for s in super::db::pending_suggestions(&db, Some(page.id)).await? {
        suggestions.push(SuggestionReview {
            id: s.id,
            author: crate::auth::db::display_name(&db, s.user_id).await?,
            written_on: s.created_at.date_naive(),
            html: ssr::html(&s.body, pulldown_cmark::HeadingLevel::H4),
            stale: s.base_version != page.version,
            note: s.note,
        });
    }
    let (title, body, note, preview) = match draft {
        Some(draft) => (
            draft.title,
            draft.body.clone(),
            draft.note,
            Some((
                ssr::html(&draft.body, pulldown_cmark::HeadingLevel::H3),
                draft.updated_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            )),
        ),
        None => (page.title, page.body, String::new(), None),
    };
    Ok(ResourceEditor {
        slug: page.slug,
        version: page.version,
        audience: page.audience,
        moment: page.moment,
        title,
        body,
        note,
        preview,
        suggestions,
    })
}

/// An organizer previews their text (`intent` "preview": it is kept as their draft, which no one
/// else sees) or saves it as the page's new version. If someone saved the page since they opened
/// it, nothing is overwritten: their text is kept as their draft and they are told.
#[server(endpoint = "save_resource")]
pub async fn save_resource(
    slug: String,
    #[server(default)] intent: String,
    #[server(flatten)] form: ResourceForm,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let page = ssr::find(&slug).await?;
    let checked = ssr::checked(&form)?;
    let db = crate::context::db()?;
    if SaveIntent::from_code(&intent) == Some(SaveIntent::Preview) {
        ssr::keep_draft(&db, page.id, organizer.id, &checked).await?;
        leptos_axum::redirect(&crate::components::routing::with_done(
            &format!("/resources/{}/edit#preview", page.slug),
            ResourceDone::Preview,
        ));
        return Ok(());
    }
    let started_from: i32 = form.version.trim().parse().unwrap_or(-1);
    let txn = crate::database::begin_write(&db).await?;
    let saved = super::db::save_version(
        &txn,
        page.id,
        started_from,
        super::db::NewVersion {
            title: &checked.title,
            audience: checked.audience,
            moment: checked.moment,
            body: &checked.body,
            note: &checked.note,
            editor: organizer.id,
        },
    )
    .await?;
    if saved {
        super::db::discard_draft(&txn, page.id, organizer.id).await?;
        ssr::audit(&txn, &organizer, &checked.title, &checked.note).await?;
    } else {
        ssr::keep_draft(&txn, page.id, organizer.id, &checked).await?;
    }
    txn.commit().await?;
    if !saved {
        return Err(AppError::field(
            "body",
            format!(
                "Someone saved this page since you opened it (it is now version {}). Your text is kept as your draft: look at the history, then save again.",
                page.version
            ),
        ));
    }
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/resources/{}", page.slug),
        ResourceDone::Saved,
    ));
    Ok(())
}

/// An organizer throws away their draft and starts again from the saved page.
#[server(endpoint = "discard_resource_draft")]
pub async fn discard_resource_draft(slug: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let page = ssr::find(&slug).await?;
    super::db::discard_draft(&crate::context::db()?, page.id, organizer.id).await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/resources/{}/edit", page.slug),
        ResourceDone::Discarded,
    ));
    Ok(())
}

/// An organizer adds a page (empty, seen only by organizers until it is written).
#[server(endpoint = "add_resource")]
pub async fn add_resource(title: String, audience: String) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let typed = [("title", title.as_str())];
    let (title, audience) = (
        (
            "title",
            crate::domain::profile::text(&title, 200, Some("a title")),
        ),
        (
            "audience",
            Audience::from_code(&audience).ok_or_else(|| "Choose who the page is for.".to_owned()),
        ),
    )
        .checked()
        .map_err(|error| error.keeping(typed))?;
    let db = crate::context::db()?;
    let base = ssr::slug_of(&title);
    let mut slug = base.clone();
    let mut n = 1;
    while super::db::find_resource(&db, &slug).await?.is_some() {
        n += 1;
        slug = format!("{base}-{n}");
    }
    let txn = crate::database::begin_write(&db).await?;
    super::db::add_resource(&txn, &slug, &title, audience, organizer.id).await?;
    ssr::audit(&txn, &organizer, &title, "Page added").await?;
    txn.commit().await?;
    leptos_axum::redirect(&format!("/resources/{slug}/edit"));
    Ok(())
}

/// Every saved version of a page, newest first, for organizers.
#[server(endpoint = "resource_history")]
pub async fn get_resource_history(slug: String) -> Result<ResourceHistory, AppError> {
    crate::auth::ssr::require_organizer().await?;
    let page = ssr::find(&slug).await?;
    let db = crate::context::db()?;
    let mut revisions = Vec::new();
    for revision in super::db::revisions_of(&db, page.id).await? {
        let editor = match revision.edited_by {
            Some(id) => crate::auth::db::display_name(&db, id).await?,
            None => "The program".to_owned(),
        };
        revisions.push(Revision {
            version: revision.version,
            html: ssr::html(&revision.body, pulldown_cmark::HeadingLevel::H4),
            current: revision.version == page.version,
            saved_on: revision.created_at.date_naive(),
            title: revision.title,
            note: revision.note,
            editor,
        });
    }
    Ok(ResourceHistory {
        slug: page.slug,
        title: page.title,
        revisions,
    })
}

/// An organizer brings back an earlier version's text, as a new version.
#[server(endpoint = "restore_resource_revision")]
pub async fn restore_resource_revision(slug: String, version: i32) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let page = ssr::find(&slug).await?;
    let db = crate::context::db()?;
    let old = super::db::find_revision(&db, page.id, version)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = crate::database::begin_write(&db).await?;
    super::db::save_version(
        &txn,
        page.id,
        page.version,
        super::db::NewVersion {
            title: &old.title,
            audience: page.audience,
            moment: page.moment,
            body: &old.body,
            note: &format!("Version {version} restored"),
            editor: organizer.id,
        },
    )
    .await?;
    ssr::audit(
        &txn,
        &organizer,
        &page.title,
        &format!("Version {version} restored"),
    )
    .await?;
    txn.commit().await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/resources/{}/history", page.slug),
        ResourceDone::Restored,
    ));
    Ok(())
}

/// An organizer accepts a suggestion (its text becomes the page's new version) or declines it;
/// either way the person who suggested it is told, with the reply.
#[server(endpoint = "review_resource_suggestion")]
pub async fn review_resource_suggestion(
    suggestion_id: i32,
    decision: String,
    #[server(default)] reply: String,
) -> Result<(), AppError> {
    let organizer = crate::auth::ssr::require_organizer().await?;
    let db = crate::context::db()?;
    let suggestion = super::db::find_suggestion(&db, suggestion_id)
        .await?
        .filter(|s| s.status == crate::domain::choices::SuggestionStatus::Pending)
        .ok_or(AppError::NotFound)?;
    let accepted = match decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::field("decision", "Choose accept or decline.")),
    };
    let reply = crate::domain::profile::text(&reply, 1000, None)
        .map_err(|problem| AppError::field("reply", problem))?;
    let page = super::db::find_resource_by_id(&db, suggestion.resource_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = crate::database::begin_write(&db).await?;
    if !super::db::decide_suggestion(
        &txn,
        suggestion.id,
        if accepted {
            crate::domain::choices::SuggestionStatus::Accepted
        } else {
            crate::domain::choices::SuggestionStatus::Declined
        },
        &reply,
        organizer.id,
    )
    .await?
    {
        return Err(AppError::NotFound);
    }
    let author = crate::auth::db::display_name(&txn, suggestion.user_id).await?;
    if accepted {
        let note = format!("Suggested by {author}: {}", suggestion.note);
        let note: String = note.chars().take(300).collect();
        super::db::save_version(
            &txn,
            page.id,
            page.version,
            super::db::NewVersion {
                title: &page.title,
                audience: page.audience,
                moment: page.moment,
                body: &suggestion.body,
                note: &note,
                editor: organizer.id,
            },
        )
        .await?;
    }
    let told = format!(
        "Your suggestion for “{}” was {}{}",
        page.title,
        if accepted { "accepted" } else { "declined" },
        if reply.is_empty() {
            ".".to_owned()
        } else {
            format!(": {reply}")
        }
    );
    crate::audit::db::record(
        &txn,
        &organizer,
        crate::domain::choices::AuditAction::SuggestionAnswered,
        format!("Suggestion from {author} for “{}”", page.title),
        if accepted { "Accepted" } else { "Declined" },
    )
    .await?;
    crate::notify::notices::add_notice(
        &txn,
        suggestion.user_id,
        &told,
        &format!("/resources/{}", page.slug),
    )
    .await?;
    txn.commit().await?;
    leptos_axum::redirect(&crate::components::routing::with_done(
        &format!("/resources/{}/edit", page.slug),
        ResourceDone::Reviewed,
    ));
    Ok(())
}
