//! Unsubscribe links that work without signing in: `{user id}.{kind}.{signature}`, signed with
//! the site's secret (HMAC-SHA-256), so changing any part of the token breaks it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::choices::EmailKind;

type Signer = Hmac<Sha256>;

fn signer(key: &[u8], user_id: i32, kind: EmailKind) -> Signer {
    let mut mac = Signer::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("unsubscribe.{user_id}.{}", kind.code()).as_bytes());
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// The token for `user_id` to stop emails of `kind`.
pub fn token(key: &[u8], user_id: i32, kind: EmailKind) -> String {
    let signature = signer(key, user_id, kind).finalize().into_bytes();
    format!("{user_id}.{}.{}", kind.code(), hex(&signature))
}

/// Who and what a token is for, if it was signed with `key` (checked in constant time).
pub fn verify(key: &[u8], token: &str) -> Option<(i32, EmailKind)> {
    let mut parts = token.splitn(3, '.');
    let user_id: i32 = parts.next()?.parse().ok()?;
    let kind = EmailKind::from_code(parts.next()?).filter(|kind| kind.optional())?;
    let signature = parts.next()?;
    if signature.len() != 64 || !signature.is_ascii() {
        return None;
    }
    let bytes: Vec<u8> = (0..64)
        .step_by(2)
        .map(|at| u8::from_str_radix(&signature[at..at + 2], 16).ok())
        .collect::<Option<_>>()?;
    signer(key, user_id, kind)
        .verify_slice(&bytes)
        .ok()
        .map(|()| (user_id, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a test key";

    #[test]
    fn a_token_verifies_as_the_person_and_kind_it_was_made_for() {
        let made = token(KEY, 42, EmailKind::Reminders);

        assert_eq!(verify(KEY, &made), Some((42, EmailKind::Reminders)));
    }

    #[test]
    fn a_token_with_any_part_changed_is_refused() {
        let made = token(KEY, 42, EmailKind::Reminders);
        let signature = made.rsplit('.').next().unwrap();
        let flipped = format!(
            "{}{}",
            &signature[..63],
            if signature.ends_with('0') { '1' } else { '0' }
        );

        let tampered = [
            made.replacen("42", "43", 1),
            made.replace("reminders", "announcements"),
            format!("42.reminders.{flipped}"),
            "42.reminders.".to_owned(),
            format!("42.account.{signature}"),
        ];

        for token in tampered {
            assert_eq!(verify(KEY, &token), None, "{token}");
        }
        assert_eq!(verify(b"another key", &made), None);
    }
}
