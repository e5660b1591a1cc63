//! What a page reads from its address: the id in the route's `:id`, and which success message a
//! plain form post asked for with `?done=`.

use leptos::Params;
use leptos::prelude::*;
use leptos_router::hooks::{use_params, use_query_map};
use leptos_router::params::Params;

use crate::domain::choices::Choice;
use crate::error::AppError;

/// A route's `:id` segment, typed.
#[derive(Params, Clone, Debug, PartialEq, Eq)]
pub struct IdParams {
    pub id: Option<i32>,
}

/// Whether the page was reached with `?done=<what>` after a plain form post. Each page's
/// messages are a closed set (`choices!`), shared by the server function that redirects and the
/// page that shows them: the code goes in the address, the label is the message.
pub fn done_flag<D: Choice>(what: D) -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("done").as_deref() == Some(what.code()))
}

/// The message of whichever of `D` the address's `?done=` names, if any.
pub fn done_message<D: Choice>() -> impl IntoView {
    let query = use_query_map();
    move || {
        let done = query.read().get("done");
        D::all()
            .iter()
            .find(|what| done.as_deref() == Some(what.code()))
            .map(|what| view! { <p class="alert alert--success" role="status">{what.label()}</p> })
    }
}

/// `path` with `?done=` naming `what`, put before any `#fragment`: where a plain form post goes
/// back to.
pub fn with_done(path: &str, what: impl Choice) -> String {
    let (path, fragment) = path
        .split_once('#')
        .map_or((path, None), |(p, f)| (p, Some(f)));
    let separator = if path.contains('?') { '&' } else { '?' };
    let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
    format!("{path}{separator}done={}{fragment}", what.code())
}

/// The id in the route's `:id`, if there is one and it is a number.
pub fn route_id() -> Memo<Option<i32>> {
    let params = use_params::<IdParams>();
    Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id))
}

/// Fetches what the route's id names; a missing or malformed id is "not found" without asking
/// the server.
pub async fn found<T, Fut>(id: Option<i32>, fetch: impl FnOnce(i32) -> Fut) -> Result<T, AppError>
where
    Fut: Future<Output = Result<T, AppError>>,
{
    match id {
        Some(id) => fetch(id).await,
        None => Err(AppError::NotFound),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::choices::Phase;

    #[test]
    fn the_done_code_goes_before_the_fragment_and_after_any_query() {
        assert_eq!(with_done("/pairs/3", Phase::Closed), "/pairs/3?done=closed");
        assert_eq!(
            with_done("/resources/tips/edit#preview", Phase::Active),
            "/resources/tips/edit?done=active#preview"
        );
        assert_eq!(
            with_done("/program?year=2", Phase::Matching),
            "/program?year=2&done=matching"
        );
    }
}
