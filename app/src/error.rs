//! The one error type every server function returns. Its messages are written for the person using
//! the app; the details of internal failures stay in the server log under a reference they can quote.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A wait as people say it: "45 seconds", "1 minute", "15 minutes" (rounded up).
pub fn wait_in_words(seconds: u32) -> String {
    let seconds = seconds.max(1);
    if seconds < 60 {
        return format!("{seconds} second{}", if seconds == 1 { "" } else { "s" });
    }
    let minutes = seconds.div_ceil(60);
    format!("{minutes} minute{}", if minutes == 1 { "" } else { "s" })
}

/// The most of one field's value a refused form gets back: twice the longest field allows, so
/// whoever typed too much still sees what to shorten.
pub const KEPT_VALUE_MAX_CHARS: usize = 2_000;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("That page or item does not exist.")]
    NotFound,
    /// What the form was about was changed or removed (by someone else, or in another tab) after
    /// the page was loaded.
    #[error(
        "This was changed or removed since the page was loaded. Reload the page and try again."
    )]
    Stale,
    #[error("Please correct the fields marked below.")]
    Invalid(FieldErrors),
    /// A request refused for a reason that is safe to show as it is.
    #[error("{0}")]
    Refused(String),
    #[error(
        "Too many attempts. Please wait {} and try again.",
        wait_in_words(*retry_after_seconds)
    )]
    Throttled { retry_after_seconds: u32 },
    #[error(
        "Something went wrong on our side. If it keeps happening, tell the organizers and quote reference {reference}."
    )]
    Internal { reference: String },
    /// The request never reached the application (network, encoding). The detail is kept for the
    /// browser console only.
    #[error("The request could not be completed. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    /// Builds a validation error from each field's outcome; fields that passed are skipped.
    pub fn invalid<'a>(fields: impl IntoIterator<Item = (&'a str, Option<String>)>) -> Self {
        Self::Invalid(FieldErrors {
            errors: fields
                .into_iter()
                .filter_map(|(field, message)| {
                    message.map(|message| FieldError {
                        field: field.to_owned(),
                        message,
                    })
                })
                .collect(),
            submitted: Vec::new(),
        })
    }

    /// Carries what was typed into these (never secret) fields back with a validation error, so a
    /// form posted without JavaScript comes back filled in rather than empty. Each value is cut at
    /// [`KEPT_VALUE_MAX_CHARS`]: the error travels in a redirect's address, which must stay small.
    pub fn keeping<'a>(mut self, fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        if let Self::Invalid(errors) = &mut self {
            errors
                .submitted
                .extend(fields.into_iter().map(|(field, value)| {
                    let kept = match value.char_indices().nth(KEPT_VALUE_MAX_CHARS) {
                        Some((cut, _)) => &value[..cut],
                        None => value,
                    };
                    (field.to_owned(), kept.to_owned())
                }));
        }
        self
    }

    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::invalid([(field, Some(message.into()))])
    }

    pub fn status_code(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Stale => 409,
            Self::Invalid(_) => 422,
            Self::Refused(_) | Self::Transport(_) => 400,
            Self::Throttled { .. } => 429,
            Self::Internal { .. } => 500,
        }
    }

    /// The message for one form field, if this error names it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid(errors) => errors.message(field).map(str::to_owned),
            _ => None,
        }
    }

    /// What was typed into `field` when the form was refused, if it was kept.
    pub fn submitted_value(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid(errors) => errors
                .submitted
                .iter()
                .find(|(name, _)| name == field)
                .map(|(_, value)| value.clone()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FieldErrors {
    pub errors: Vec<FieldError>,
    /// (field, value) pairs to put back into the form.
    pub submitted: Vec<(String, String)>,
}

impl FieldErrors {
    pub fn message(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Each field of a form checked at once: a tuple of `(field, outcome)` becomes the tuple of the
/// checked values, or one error naming every field at fault. The one way server functions check
/// what a form sent, so that a form with several mistakes is told all of them together.
///
/// ```ignore
/// let (name, email) = (
///     ("display_name", DisplayName::parse(&display_name)),
///     ("email", EmailAddress::parse(&email)),
/// )
///     .checked()
///     .map_err(|error| error.keeping([("display_name", display_name.as_str())]))?;
/// ```
pub trait Checked {
    type Values;
    fn checked(self) -> Result<Self::Values, AppError>;
}

macro_rules! checked_tuple {
    ($($kind:ident $pair:ident $value:ident),+) => {
        impl<$($kind),+> Checked for ($((&str, Result<$kind, String>),)+) {
            type Values = ($($kind,)+);

            fn checked(self) -> Result<Self::Values, AppError> {
                let ($($pair,)+) = self;
                match ($($pair.1,)+) {
                    ($(Ok($value),)+) => Ok(($($value,)+)),
                    ($($value,)+) => Err(AppError::invalid([
                        $(($pair.0, $value.err()),)+
                    ])),
                }
            }
        }
    };
}

checked_tuple!(A a va);
checked_tuple!(A a va, B b vb);
checked_tuple!(A a va, B b vb, C c vc);
checked_tuple!(A a va, B b vb, C c vc, D d vd);
checked_tuple!(A a va, B b vb, C c vc, D d vd, E e ve);
checked_tuple!(A a va, B b vb, C c vc, D d vd, E e ve, F f vf);
checked_tuple!(A a va, B b vb, C c vc, D d vd, E e ve, F f vf, G g vg);

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_said_in_seconds_then_in_whole_minutes_rounded_up() {
        let said: Vec<String> = [0, 1, 45, 60, 61, 900].map(wait_in_words).into();
        assert_eq!(
            said,
            [
                "1 second",
                "1 second",
                "45 seconds",
                "1 minute",
                "2 minutes",
                "15 minutes"
            ]
        );
    }

    #[test]
    fn checking_fields_gives_their_values_or_every_field_at_fault() {
        let good: Result<(u8, &str), AppError> = (("age", Ok(3)), ("name", Ok("Ada"))).checked();
        assert_eq!(good.unwrap(), (3, "Ada"));

        let bad: Result<(u8, &str, bool), AppError> = (
            ("age", Err("Enter a number.".to_owned())),
            ("name", Ok("Ada")),
            ("agreed", Err("Tick the box.".to_owned())),
        )
            .checked();
        let Err(AppError::Invalid(errors)) = bad else {
            panic!("expected a validation error: {bad:?}");
        };
        assert_eq!(errors.message("age"), Some("Enter a number."));
        assert_eq!(errors.message("name"), None);
        assert_eq!(errors.message("agreed"), Some("Tick the box."));
    }

    #[test]
    fn invalid_keeps_only_fields_that_failed() {
        let error = AppError::invalid([
            ("email", Some("Enter your email address.".to_owned())),
            ("display_name", None),
        ]);
        assert_eq!(
            error.field_message("email").as_deref(),
            Some("Enter your email address.")
        );
        assert_eq!(error.field_message("display_name"), None);
    }

    #[test]
    fn kept_values_come_back_only_for_validation_errors() {
        let invalid = AppError::field("email", "Enter your email address.")
            .keeping([("display_name", "Ada")]);
        assert_eq!(
            invalid.submitted_value("display_name").as_deref(),
            Some("Ada")
        );
        assert_eq!(invalid.submitted_value("email"), None);
        let refused = AppError::Refused("No.".into()).keeping([("email", "a@b.c")]);
        assert_eq!(refused.submitted_value("email"), None);
    }

    #[test]
    fn kept_values_are_cut_so_the_error_stays_small() {
        let long = "é".repeat(KEPT_VALUE_MAX_CHARS * 30);
        let invalid = AppError::field("bio", "Too long.").keeping([("bio", long.as_str())]);
        let kept = invalid.submitted_value("bio").unwrap();
        assert_eq!(kept.chars().count(), KEPT_VALUE_MAX_CHARS);
        assert!(long.starts_with(&kept));
    }

    #[test]
    fn internal_error_shows_reference_but_no_detail() {
        let error = AppError::Internal {
            reference: "req-42".into(),
        };
        assert!(error.to_string().contains("req-42"));
        assert_eq!(error.status_code(), 500);
    }
}
