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
) -> impl IntoView {
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = Signal::derive(move || error.get().and_then(|e| e.field_message(name)));
    // After a refused plain form post, the page is rendered anew: put back what was typed.
    let value = move || error.get().and_then(|e| e.submitted_value(name));
    let described_by = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|text| view! { <span class="field__hint" id=hint_id.clone()>{text}</span> })}
            <input
                id=id
                name=name
                type=input_type
                autocomplete=autocomplete
                value=value
                aria-invalid=move || message.get().map(|_| "true")
                aria-describedby=described_by
            />
            {move || {
                message
                    .get()
                    .map(|text| view! { <p class="field__error" id=error_id.clone()>{text}</p> })
            }}
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
