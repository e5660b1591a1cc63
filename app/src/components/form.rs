//! Form building blocks: labelled fields with an error slot, and the form-level alert. They render
//! the same markup with and without JavaScript; errors come from the action's value, which Leptos
//! also restores from the URL after a plain form post.

use leptos::prelude::*;

use crate::error::AppError;

/// The last error of a server action, as a signal the form's pieces can read.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}

/// Whether the action's last run succeeded, for "saved" messages.
pub fn action_succeeded<I, O>(action: ServerAction<I>) -> Signal<bool>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(_))))
}

/// What every kind of field shares: ids, its message from the form's error, what was typed.
#[derive(Clone)]
struct FieldState {
    name: &'static str,
    id: String,
    error_id: String,
    hint_id: String,
    has_hint: bool,
    error: Signal<Option<AppError>>,
}

impl FieldState {
    /// `form` tells apart fields of the same name in two forms of one page.
    fn new(
        name: &'static str,
        form: Option<&'static str>,
        error: Signal<Option<AppError>>,
        has_hint: bool,
    ) -> Self {
        let id = match form {
            Some(form) => format!("field-{form}-{name}"),
            None => format!("field-{name}"),
        };
        Self {
            name,
            error_id: format!("{id}-error"),
            hint_id: format!("{id}-hint"),
            id,
            has_hint,
            error,
        }
    }

    fn message(&self) -> Signal<Option<String>> {
        let (error, name) = (self.error, self.name);
        Signal::derive(move || error.get().and_then(|e| e.field_message(name)))
    }

    /// After a refused plain form post the page is rendered anew: what was typed, else `initial`.
    fn value(
        &self,
        initial: Option<String>,
    ) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static + use<> {
        let (error, name) = (self.error, self.name);
        move || {
            error
                .get()
                .and_then(|e| e.submitted_value(name))
                .or_else(|| initial.clone())
        }
    }

    fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + 'static + use<> {
        let message = self.message();
        let (hint_id, error_id, has_hint) =
            (self.hint_id.clone(), self.error_id.clone(), self.has_hint);
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    fn invalid(&self) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static + use<> {
        let message = self.message();
        move || message.get().map(|_| "true")
    }

    fn hint_view(&self, hint: Option<&'static str>) -> impl IntoView + use<> {
        let hint_id = self.hint_id.clone();
        hint.map(|text| view! { <span class="field__hint" id=hint_id>{text}</span> })
    }

    fn error_view(&self) -> impl IntoView + use<> {
        let message = self.message();
        let error_id = self.error_id.clone();
        move || {
            message
                .get()
                .map(|text| view! { <p class="field__error" id=error_id.clone()>{text}</p> })
        }
    }
}

#[component]
pub fn Field(
    /// The visible label.
    label: &'static str,
    /// The form field's name, which is also the server function's argument.
    name: &'static str,
    /// The error of the form's action; the field shows its own message from it.
    error: Signal<Option<AppError>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    /// The value shown before anything is typed (the saved value, when editing).
    #[prop(optional, into)]
    value: Option<String>,
    #[prop(optional)] required: bool,
    /// Set when another form on the page has a field of the same name.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let state = FieldState::new(name, form, error, hint.is_some());
    view! {
        <div class="field">
            <label for=state.id.clone()>{label}</label>
            {state.hint_view(hint)}
            <input
                id=state.id.clone()
                name=name
                type=input_type
                autocomplete=autocomplete
                value=state.value(value)
                required=required
                aria-invalid=state.invalid()
                aria-describedby=state.described_by()
            />
            {state.error_view()}
        </div>
    }
}

#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = 4)] rows: u32,
    /// Set when another form on the page has a field of the same name.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let state = FieldState::new(name, form, error, hint.is_some());
    let text = state.value(value);
    view! {
        <div class="field">
            <label for=state.id.clone()>{label}</label>
            {state.hint_view(hint)}
            <textarea
                id=state.id.clone()
                name=name
                rows=rows
                aria-invalid=state.invalid()
                aria-describedby=state.described_by()
            >
                {move || text().unwrap_or_default()}
            </textarea>
            {state.error_view()}
        </div>
    }
}

/// A drop-down of (value, label) options; `blank` adds a first, empty option with that text.
#[component]
pub fn Select(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional)] blank: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    /// Set when another form on the page has a field of the same name.
    #[prop(optional)]
    form: Option<&'static str>,
) -> impl IntoView {
    let state = FieldState::new(name, form, error, hint.is_some());
    let selected = state.value(value);
    let selected = move || selected().unwrap_or_default();
    view! {
        <div class="field">
            <label for=state.id.clone()>{label}</label>
            {state.hint_view(hint)}
            <select
                id=state.id.clone()
                name=name
                aria-invalid=state.invalid()
                aria-describedby=state.described_by()
            >
                {blank.map(|text| view! { <option value="">{text}</option> })}
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let is_selected = {
                            let value = value.clone();
                            let selected = selected.clone();
                            move || selected() == value
                        };
                        view! {
                            <option value=value selected=is_selected>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {state.error_view()}
        </div>
    }
}

/// A group of checkboxes (or radio buttons, with `single`) under one legend; checkboxes post as
/// `name[]` so the server receives a list.
#[component]
pub fn Choices(
    legend: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    /// The values chosen before anything is changed.
    #[prop(optional)]
    chosen: Vec<String>,
    #[prop(optional)] single: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    let state = FieldState::new(name, None, error, hint.is_some());
    // After a refused plain post, kept list values come back one per line.
    let submitted = error
        .get_untracked()
        .and_then(|e| e.submitted_value(name))
        .map(|kept| kept.lines().map(str::to_owned).collect::<Vec<_>>());
    let chosen = submitted.unwrap_or(chosen);
    // Values chosen earlier but no longer offered (a free tag, a retired term) stay visible.
    let mut options = options;
    for value in &chosen {
        if !value.is_empty() && !options.iter().any(|(option, _)| option == value) {
            options.push((value.clone(), value.clone()));
        }
    }
    let (input_type, input_name) = if single {
        ("radio", name.to_owned())
    } else {
        ("checkbox", format!("{name}[]"))
    };
    let legend_id = format!("{}-legend", state.id);
    view! {
        <fieldset
            class="field choices"
            aria-describedby=state.described_by()
            id=state.id.clone()
        >
            <legend id=legend_id>{legend}</legend>
            {state.hint_view(hint)}
            {state.error_view()}
            <div class="choices__options">
                {options
                    .into_iter()
                    .enumerate()
                    .map(|(index, (value, text))| {
                        let id = format!("{}-{index}", state.id);
                        let checked = chosen.contains(&value);
                        view! {
                            <label class="choice" for=id.clone()>
                                <input
                                    type=input_type
                                    id=id.clone()
                                    name=input_name.clone()
                                    value=value
                                    checked=checked
                                />
                                <span>{text}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// A single checkbox that posts `on` when ticked.
#[component]
pub fn Checkbox(label: &'static str, name: &'static str, checked: bool) -> impl IntoView {
    let id = format!("field-{name}");
    view! {
        <div class="field">
            <label class="choice" for=id.clone()>
                <input type="checkbox" id=id.clone() name=name checked=checked />
                <span>{label}</span>
            </label>
        </div>
    }
}

/// The form-level message: what went wrong as a whole (validation summary, refusal, internal).
#[component]
pub fn FormAlert(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().map(|error| {
            view! {
                <p class="alert alert--error" role="alert">
                    {error.to_string()}
                </p>
            }
        })
    }
}

/// A success message shown after the action worked, or when the page was reached with `?done=…`
/// after a plain form post.
#[component]
pub fn SavedNotice(saved: Signal<bool>, message: &'static str) -> impl IntoView {
    move || {
        saved
            .get()
            .then(|| view! { <p class="alert alert--success" role="status">{message}</p> })
    }
}

/// Choices from a closed set, as (code, label) options for [`Select`] and [`Choices`].
pub fn options_of<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|choice| (code(*choice).to_owned(), label(*choice).to_owned()))
        .collect()
}

/// The error of a plain (non-Leptos) form post to the server function at `path`, which the server
/// sends back in the URL; used by the file upload, which is a plain multipart form in both modes.
pub fn plain_post_error(path: &'static str) -> Signal<Option<AppError>> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        let query = query.read();
        (query.get("__path").as_deref() == Some(path))
            .then(|| query.get("__err"))
            .flatten()
            .map(|err| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&err))
    })
}

/// A form that is one button (accept, pin, move up…): the hidden fields say what it acts on, and
/// the visible label is followed by words only screen readers hear (which item), so that a list
/// of such buttons reads well. It works the same with and without JavaScript.
#[component]
pub fn OneButtonForm<ServFn, OutputProtocol>(
    action: ServerAction<ServFn>,
/// The server function's arguments, as (name, value).
    fields: Vec<(&'static str, String)>,
    label: &'static str,
/// Said after the label for screen readers: which item.
    #[prop(into, optional)]
    whom: String,
/// The main action of its item rather than a secondary one.
    #[prop(optional)]
    primary: bool,
) -> impl IntoView
where
    ServFn: serde::de::DeserializeOwned
        + leptos::server_fn::ServerFn<Protocol = leptos::server_fn::Http<leptos::server_fn::codec::PostUrl, OutputProtocol>>
        + Clone
        + Send
        + Sync
        + 'static,
    <<ServFn::Client as leptos::server_fn::client::Client<ServFn::Error>>::Request as leptos::server_fn::request::ClientReq<ServFn::Error>>::FormData:
        From<web_sys::FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as leptos::server_fn::ServerFn>::Client: leptos::server_fn::client::Client<<ServFn as leptos::server_fn::ServerFn>::Error>,
{
    let class = if primary {
        "button button--small"
    } else {
        "button button--small button--secondary"
    };
    view! {
        <ActionForm action>
            {fields
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <button type="submit" class=class>
                {label}
                <span class="visually-hidden">{whom}</span>
            </button>
        </ActionForm>
    }
}
