//! What a page reads from its address: the id in the route's `:id`, and which success message a
//! plain form post asked for with `?done=`.

use leptos::Params;
use leptos::prelude::*;
use leptos_router::hooks::{use_params, use_query_map};
use leptos_router::params::Params;

/// A route's `:id` segment, typed.
#[derive(Params, Clone, Debug, PartialEq, Eq)]
pub struct IdParams {
    pub id: Option<i32>,
}

/// `?done=<what>` after a plain form post: which success message to show.
pub fn done_flag(what: &'static str) -> Signal<bool> {
    let query = use_query_map();
    Signal::derive(move || query.read().get("done").as_deref() == Some(what))
}

/// The id in the route's `:id`; 0 (which no row has, so the page answers "not found") when it is
/// missing or not a number.
pub fn route_id() -> Memo<i32> {
    let params = use_params::<IdParams>();
    Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.id).unwrap_or(0))
}
