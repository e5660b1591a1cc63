//! Newtypes for what people type into forms. Each `parse` returns the cleaned value or a message
//! that names the field, so the same rules run in the browser and on the server.

use serde::{Deserialize, Serialize};

/// How much of a refused value a message quotes back.
const QUOTED_MAX_CHARS: usize = 40;

/// A value quoted in a message, “like this”, cut short (with …) so that a message about a long
/// or garbled value stays readable; control characters are shown as �.
pub fn quoted(value: &str) -> String {
    let mut shown: String = value
        .chars()
        .take(QUOTED_MAX_CHARS)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if value.chars().nth(QUOTED_MAX_CHARS).is_some() {
        shown.push('…');
    }
    format!("“{shown}”")
}

/// The longest address RFC 5321 allows in a path.
const EMAIL_MAX_CHARS: usize = 254;
const DISPLAY_NAME_MAX_CHARS: usize = 100;
/// Long enough for a passphrase; short enough that hashing cannot be used to tie up the server.
const PASSWORD_MIN_CHARS: usize = 10;
const PASSWORD_MAX_CHARS: usize = 128;

/// An email address, trimmed and lower-cased so that letter case never creates a second account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(input: &str) -> Result<Self, String> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err("Enter your email address.".into());
        }
        if email.chars().count() > EMAIL_MAX_CHARS {
            return Err(format!(
                "Email address must be at most {EMAIL_MAX_CHARS} characters."
            ));
        }
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if valid {
            Ok(Self(email))
        } else {
            Err("Enter an email address like name@example.edu.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown to other people in the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim();
        if name.is_empty() {
            return Err("Enter your name as you would like others to see it.".into());
        }
        if name.chars().count() > DISPLAY_NAME_MAX_CHARS {
            return Err(format!(
                "Name must be at most {DISPLAY_NAME_MAX_CHARS} characters."
            ));
        }
        if name.chars().any(char::is_control) {
            return Err("Name cannot contain control characters.".into());
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password. Existing passwords are only ever compared against their hash, never parsed.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(input: &str) -> Result<Self, String> {
        let length = input.chars().count();
        if length < PASSWORD_MIN_CHARS {
            return Err(format!(
                "Password must be at least {PASSWORD_MIN_CHARS} characters."
            ));
        }
        if length > PASSWORD_MAX_CHARS {
            return Err(format!(
                "Password must be at most {PASSWORD_MAX_CHARS} characters."
            ));
        }
        if input.trim().is_empty() {
            return Err("Password cannot be only spaces.".into());
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Passwords never appear in logs, even by accident.
impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

/// Whether a submitted current password is plausible enough to be worth hashing.
pub fn password_within_limits(input: &str) -> bool {
    !input.is_empty() && input.chars().count() <= PASSWORD_MAX_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_value_is_cut_short_and_shows_no_control_characters() {
        assert_eq!(quoted("Archives"), "“Archives”");
        let long = quoted(&"x".repeat(60_000));
        assert_eq!(long, format!("“{}…”", "x".repeat(QUOTED_MAX_CHARS)));
        assert_eq!(quoted("a\u{1}b"), "“a\u{FFFD}b”");
    }

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Ada.Lovelace@Example.EDU ").unwrap();
        assert_eq!(email.as_str(), "ada.lovelace@example.edu");
    }

    #[test]
    fn email_without_at_sign_or_domain_dot_is_refused() {
        for bad in [
            "ada",
            "ada@",
            "@example.edu",
            "ada@example",
            "ada@@example.edu",
            "a da@example.edu",
            "ada@.edu",
            "ada@example.",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn empty_email_asks_for_one() {
        assert_eq!(
            EmailAddress::parse("   ").unwrap_err(),
            "Enter your email address."
        );
    }

    #[test]
    fn overlong_email_is_refused() {
        let long = format!("{}@example.edu", "a".repeat(250));
        assert!(
            EmailAddress::parse(&long)
                .unwrap_err()
                .contains("at most 254")
        );
    }

    #[test]
    fn display_name_is_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Grace H. ").unwrap().as_str(),
            "Grace H."
        );
        assert!(DisplayName::parse("").is_err());
        assert!(DisplayName::parse(&"x".repeat(101)).is_err());
        assert!(DisplayName::parse("bad\u{0007}name").is_err());
    }

    #[test]
    fn password_length_limits_are_enforced() {
        assert!(
            NewPassword::parse("short")
                .unwrap_err()
                .contains("at least 10")
        );
        assert!(
            NewPassword::parse(&"p".repeat(129))
                .unwrap_err()
                .contains("at most 128")
        );
        assert!(NewPassword::parse("           ").is_err());
        assert!(NewPassword::parse("correct horse battery").is_ok());
    }

    #[test]
    fn password_debug_output_hides_the_secret() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
