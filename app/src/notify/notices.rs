//! Notices: short messages on a person's home page (a match published, a reminder, a resource
//! suggestion answered), each linking to where to act. Areas add them in their own transaction.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::notice::load;
#[cfg(feature = "ssr")]
use crate::entities::notices;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub message: String,
    pub link: String,
    pub created_on: chrono::NaiveDate,
}

/// Adds a notice to `user_id`'s home page (written in the caller's transaction).
#[cfg(feature = "ssr")]
pub async fn add_notice(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
    message: &str,
    link: &str,
) -> Result<(), sea_orm::DbErr> {
    use sea_orm::{ActiveModelTrait, Set};
    notices::ActiveModel {
        user_id: Set(user_id),
        message: Set(message.to_owned()),
        link: Set(link.to_owned()),
        created_at: Set(chrono::Utc::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// `user_id`'s latest notices, newest first.
#[cfg(feature = "ssr")]
pub async fn notices_of(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i32,
) -> Result<Vec<notices::Model>, sea_orm::DbErr> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    notices::Entity::find()
        .filter(notices::Column::UserId.eq(user_id))
        .order_by_desc(notices::Column::Id)
        .limit(10)
        .all(db)
        .await
}

#[server(endpoint = "my_notices")]
pub async fn my_notices() -> Result<Vec<Notice>, AppError> {
    let user = crate::auth::ssr::require_user().await?;
    let notices = notices_of(&crate::context::db()?, user.id).await?;
    Ok(notices
        .into_iter()
        .map(|n| Notice {
            message: n.message,
            link: n.link,
            created_on: n.created_at.date_naive(),
        })
        .collect())
}

/// The signed-in person's latest notices, for a page that shows them (made at the page's top).
pub fn load_my_notices() -> Resource<Result<Vec<Notice>, AppError>> {
    load(|| (), |_| my_notices())
}

/// The signed-in person's latest notices, if they have any.
#[component]
pub fn NoticesCard(notices: Vec<Notice>) -> impl IntoView {
    (!notices.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby="notices-heading">
                <h2 id="notices-heading">"Notices"</h2>
                <ul class="plain-list">
                    {notices
                        .into_iter()
                        .map(|n| view! { <li>{n.created_on.to_string()} ": " <a href=n.link>{n.message}</a></li> })
                        .collect_view()}
                </ul>
            </section>
        }
    })
}
