//! Showing what a page loaded, or why it could not.

use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use crate::error::AppError;

/// Shows an error instead of a page's content; during server rendering also sets the status.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            axum::http::StatusCode::from_u16(error.status_code())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    let sign_in_hint = matches!(error, AppError::Unauthenticated).then(|| {
        view! {
            <p>
                <a href="/sign-in">"Sign in"</a>
                " or "
                <a href="/sign-up">"create an account"</a>
                "."
            </p>
        }
    });
    view! {
        <section class="card narrow">
            <h1>"Sorry"</h1>
            <p class="alert alert--error" role="alert">{error.to_string()}</p>
            {sign_in_hint}
        </section>
    }
}

/// Renders `children` with a resource's value once it has loaded, or the error it failed with.
/// Pages render whole on the server (`SsrMode::Async`), so without JavaScript the loading text is
/// never seen.
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, children: F) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => children(value).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
