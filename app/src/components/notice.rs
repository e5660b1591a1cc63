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

/// Set on what a [`Loaded`] renders once its resource is there: nothing in it may make a resource.
#[derive(Clone, Copy)]
struct RenderingLoaded;

/// Whether this is being rendered inside what a [`Loaded`] renders.
fn rendering_loaded() -> bool {
    use_context::<RenderingLoaded>().is_some()
}

/// A page's data, loaded by `fetcher` whenever `source` changes: the one way this app makes a
/// resource (clippy refuses `Resource::new` elsewhere).
///
/// Call it at the top of a route's component (or in a loader function the route calls there),
/// never in what a [`Loaded`] renders. While a page is rendered on the server, a `Suspense` renders
/// its children several times (once to find what they read, again to check nothing new was read,
/// then for real) and keeps only the last: a resource made in there is made on every pass, each
/// takes the next hydration id, and the discarded ones run on with an owner whose parent is gone,
/// so their server functions find no context ("AppState missing from context") and their failure
/// is what the page serializes for hydration. Made here, above every `Suspense`, a resource is made
/// once and hydrates in order. A resource made in the wrong place is logged as an error, which
/// the page stress test fails on.
#[track_caller]
#[allow(clippy::disallowed_methods)] // this is the one place allowed to make resources
pub fn load<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<Result<T, AppError>>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
{
    if rendering_loaded() {
        let at = std::panic::Location::caller();
        #[cfg(feature = "ssr")]
        tracing::error!(%at, "a resource was made inside what a <Loaded> renders; make it at the top of the route");
        #[cfg(not(feature = "ssr"))]
        leptos::logging::error!(
            "a resource was made inside what a <Loaded> renders ({at}); make it at the top of the route"
        );
    }
    Resource::new(source, fetcher)
}

/// Renders `children` with a resource's value once it has loaded, or the error it failed with.
/// Pages render whole on the server (`SsrMode::Async`), so without JavaScript the loading text is
/// never seen. The resource comes from [`load`], made above this.
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
                provide_context(RenderingLoaded);
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

/// Why a page makes its resources at its top: a minimal reproduction of what server rendering
/// does with a resource made inside what a `Loaded` renders (see [`load`]). Upstream:
/// leptos-rs/leptos#4688 (children of a resolving Suspense rendered several times during SSR).
#[cfg(all(test, feature = "ssr"))]
mod server_rendering {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use leptos::prelude::*;

    use super::{Loaded, load, rendering_loaded};
    use crate::error::AppError;

    /// What a request provides (the app's state stands in as this).
    #[derive(Clone)]
    struct RequestState;

    /// Counts, per test, fetches that found the request's context and fetches that did not.
    #[derive(Clone, Default)]
    struct Tally {
        started: Arc<AtomicUsize>,
        found: Arc<AtomicUsize>,
        missing: Arc<AtomicUsize>,
        inside_loaded: Arc<AtomicUsize>,
    }

    /// A server function's shape: it awaits (a query), then reads the request's context.
    async fn fetch(tally: Tally) -> Result<u32, AppError> {
        tally.started.fetch_add(1, Ordering::SeqCst);
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        if use_context::<RequestState>().is_some() {
            tally.found.fetch_add(1, Ordering::SeqCst);
            Ok(7)
        } else {
            tally.missing.fetch_add(1, Ordering::SeqCst);
            Err(AppError::NotFound)
        }
    }

    #[component]
    fn Inner(tally: Tally) -> impl IntoView {
        if rendering_loaded() {
            tally.inside_loaded.fetch_add(1, Ordering::SeqCst);
        }
        let inner = load(|| (), move |_| fetch(tally.clone()));
        view! { <Loaded resource=inner let:n><p>{n}</p></Loaded> }
    }

    /// The shape the app had: a card making its own resource inside a page's `Loaded`.
    #[component]
    fn ResourceInsideLoaded(tally: Tally) -> impl IntoView {
        let outer = load(|| (), |_| async { Ok::<_, AppError>(1) });
        view! { <Loaded resource=outer let:_n><Inner tally=tally.clone() /></Loaded> }
    }

    /// The shape every page follows: both resources made at the top of the route.
    #[component]
    fn ResourcesAtTheTop(tally: Tally) -> impl IntoView {
        let outer = load(|| (), |_| async { Ok::<_, AppError>(1) });
        let inner = load(|| (), move |_| fetch(tally.clone()));
        view! {
            <Loaded resource=outer let:_n>
                <Loaded resource=inner let:n><p>{n}</p></Loaded>
            </Loaded>
        }
    }

    /// Renders the view as a page render does, keeping the request's owner alive until every
    /// fetch it started has finished.
    async fn render(tally: &Tally, view: impl FnOnce() -> AnyView + Send + 'static) -> String {
        use futures_util::StreamExt;
        let _ = any_spawner::Executor::init_tokio();
        let owner = Owner::new_root(None);
        let stream = owner.with(|| {
            provide_context(RequestState);
            view().to_html_stream_in_order()
        });
        let html = stream.collect::<String>().await;
        let finished = || tally.found.load(Ordering::SeqCst) + tally.missing.load(Ordering::SeqCst);
        while finished() < tally.started.load(Ordering::SeqCst) {
            tokio::task::yield_now().await;
        }
        drop(owner);
        html
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_resource_made_inside_loaded_is_made_on_every_pass_and_loses_the_request() {
        let tally = Tally::default();
        let html = render(&tally, {
            let tally = tally.clone();
            move || view! { <ResourceInsideLoaded tally /> }.into_any()
        })
        .await;

        // Rendered more than once: each pass made its own resource.
        let passes = tally.inside_loaded.load(Ordering::SeqCst);
        assert!(passes > 1, "rendered {passes} times; {html}");
        println!(
            "rendered {passes} times, {} fetches, {} without the request",
            tally.started.load(Ordering::SeqCst),
            tally.missing.load(Ordering::SeqCst)
        );
        // The passes thrown away ran on without the request's context.
        assert!(tally.missing.load(Ordering::SeqCst) > 0, "{html}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn resources_made_at_the_top_always_find_the_request() {
        let tally = Tally::default();
        for _ in 0..50 {
            let html = render(&tally, {
                let tally = tally.clone();
                move || view! { <ResourcesAtTheTop tally /> }.into_any()
            })
            .await;
            assert!(html.contains("<p>7"), "{html}");
        }
        assert_eq!(tally.missing.load(Ordering::SeqCst), 0);
        assert_eq!(tally.found.load(Ordering::SeqCst), 50);
    }
}
