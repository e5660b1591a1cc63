//! Configuration from environment variables (see `.env.example` for every one and its default).

use std::net::SocketAddr;
use std::time::Duration;

use crate::client_address::TrustedProxies;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/mentorship-hub.db?mode=rwc";
pub const DEFAULT_SITE_ADDR: &str = "127.0.0.1:3000";

#[derive(Debug, Clone)]
pub struct Config {
    /// `APP_ENV=production`: nothing falls back to a development default, and the demo data
    /// (published passwords) is refused.
    pub production: bool,
    pub database_url: String,
    /// Where to listen. Port 0 picks a free port (tests).
    pub site_addr: SocketAddr,
    /// The public origin; `None` means `http://` + the address actually bound.
    pub site_url: Option<String>,
    /// Where the outbox is delivered; without it emails stay on the organizers' outbox page.
    pub smtp_url: Option<String>,
    /// The sender of every email.
    pub mail_from: String,
    /// How often the background tasks run.
    pub intervals: Intervals,
    /// Campus single sign-on over OpenID Connect, when configured.
    pub oidc: Option<OidcSettings>,
    /// The proxies whose `X-Forwarded-For` names the client (`TRUSTED_PROXIES`); none by default.
    pub trusted_proxies: TrustedProxies,
    /// Accounts one address may create per hour, by signing up or by accepting invitations
    /// (`ACCOUNTS_PER_ADDRESS_PER_HOUR`).
    pub accounts_per_address_per_hour: u32,
}

/// Accounts one address may create per hour unless configured otherwise: a class signing up
/// together behind one address fits; a script filling the database does not.
pub const DEFAULT_ACCOUNTS_PER_ADDRESS_PER_HOUR: u32 = 20;

/// An OpenID Provider and this site's registration with it (`OIDC_*`). The redirect URI to
/// register is `{SITE_URL}/auth/oidc/callback`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcSettings {
    pub issuer_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// The sign-in button's words.
    pub button_label: String,
}

pub const DEFAULT_OIDC_BUTTON_LABEL: &str = "Sign in with your university account";

/// How often each background task runs. Tests shorten them to see the tasks as the server runs
/// them; a deployment keeps these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intervals {
    /// Delivering the outbox, when SMTP is configured.
    pub outbox: Duration,
    /// Running the switched-on reminder rules (each reminder goes out once however often).
    pub reminders: Duration,
    /// Sweeping expired sessions from the store.
    pub session_sweep: Duration,
}

impl Default for Intervals {
    fn default() -> Self {
        Self {
            outbox: Duration::from_secs(15),
            reminders: Duration::from_secs(60 * 60),
            session_sweep: Duration::from_secs(60 * 60),
        }
    }
}

pub const DEFAULT_MAIL_FROM: &str = "Mentorship Hub <no-reply@localhost>";

impl Config {
    /// Development settings on `database_url` and a free loopback port, sending no email (tests
    /// and benchmarks start from this).
    pub fn local(database_url: String) -> Self {
        Self {
            production: false,
            database_url,
            site_addr: "127.0.0.1:0".parse().expect("a valid address"),
            site_url: None,
            smtp_url: None,
            mail_from: DEFAULT_MAIL_FROM.to_owned(),
            intervals: Intervals::default(),
            oidc: None,
            trusted_proxies: TrustedProxies::default(),
            // Tests and benchmarks create many accounts from loopback; the limit's own test sets it.
            accounts_per_address_per_hour: 100_000,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("{0} must be set when APP_ENV=production")]
    RequiredInProduction(&'static str),
}

impl Config {
    /// Reads the environment. In production (`APP_ENV=production`) nothing falls back to a
    /// development default: the database and the public URL must be given.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The same, reading variables through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let read = |name: &'static str| lookup(name).filter(|v| !v.trim().is_empty());
        let production = read("APP_ENV").is_some_and(|env| env == "production");
        let require = |name: &'static str, default: &str| match read(name) {
            Some(value) => Ok(value),
            None if production => Err(ConfigError::RequiredInProduction(name)),
            None => Ok(default.to_owned()),
        };

        let database_url = require("DATABASE_URL", DEFAULT_DATABASE_URL)?;
        // cargo-leptos passes the address it was configured with as LEPTOS_SITE_ADDR.
        let site_addr = read("SITE_ADDR")
            .or_else(|| read("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| DEFAULT_SITE_ADDR.to_owned());
        let site_addr =
            site_addr
                .parse()
                .map_err(|err: std::net::AddrParseError| ConfigError::Invalid {
                    name: "SITE_ADDR",
                    reason: err.to_string(),
                })?;
        let site_url = match read("SITE_URL") {
            Some(url) => Some(parse_site_url(&url, production)?),
            None if production => return Err(ConfigError::RequiredInProduction("SITE_URL")),
            None => None,
        };
        let outbox = match read("OUTBOX_INTERVAL_SECONDS") {
            Some(seconds) => match seconds.trim().parse::<u64>() {
                Ok(seconds @ 1..=3600) => Duration::from_secs(seconds),
                _ => {
                    return Err(ConfigError::Invalid {
                        name: "OUTBOX_INTERVAL_SECONDS",
                        reason: format!(
                            "{seconds:?} is not a whole number of seconds from 1 to 3600"
                        ),
                    });
                }
            },
            None => Intervals::default().outbox,
        };
        let trusted_proxies = TrustedProxies::parse(&read("TRUSTED_PROXIES").unwrap_or_default())
            .map_err(|reason| ConfigError::Invalid {
            name: "TRUSTED_PROXIES",
            reason,
        })?;
        let accounts_per_address_per_hour = match read("ACCOUNTS_PER_ADDRESS_PER_HOUR") {
            Some(count) => count
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|count| *count > 0)
                .ok_or_else(|| ConfigError::Invalid {
                    name: "ACCOUNTS_PER_ADDRESS_PER_HOUR",
                    reason: format!("{count:?} is not a whole number above 0"),
                })?,
            None => DEFAULT_ACCOUNTS_PER_ADDRESS_PER_HOUR,
        };
        Ok(Self {
            production,
            database_url,
            site_addr,
            site_url,
            smtp_url: read("SMTP_URL"),
            mail_from: read("MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.to_owned()),
            intervals: Intervals {
                outbox,
                ..Intervals::default()
            },
            oidc: oidc_settings(&read, production)?,
            trusted_proxies,
            accounts_per_address_per_hour,
        })
    }
}

/// `OIDC_ISSUER_URL`, `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET` together, or none of them.
fn oidc_settings(
    read: &impl Fn(&'static str) -> Option<String>,
    production: bool,
) -> Result<Option<OidcSettings>, ConfigError> {
    let (issuer, id, secret) = (
        read("OIDC_ISSUER_URL"),
        read("OIDC_CLIENT_ID"),
        read("OIDC_CLIENT_SECRET"),
    );
    if issuer.is_none() && id.is_none() && secret.is_none() {
        return Ok(None);
    }
    let missing = |name: &'static str| {
        ConfigError::Invalid {
        name,
        reason: "OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together; this one is missing".to_owned(),
    }
    };
    let issuer_url = issuer.ok_or_else(|| missing("OIDC_ISSUER_URL"))?;
    let issuer_url = issuer_url.trim().trim_end_matches('/').to_owned();
    let secure = issuer_url.starts_with("https://");
    if !secure
        && !(issuer_url.starts_with("http://") && (!production || is_loopback_http(&issuer_url)))
    {
        return Err(ConfigError::Invalid {
            name: "OIDC_ISSUER_URL",
            reason: "it must be an https:// address".to_owned(),
        });
    }
    Ok(Some(OidcSettings {
        issuer_url,
        client_id: id.ok_or_else(|| missing("OIDC_CLIENT_ID"))?,
        client_secret: secret.ok_or_else(|| missing("OIDC_CLIENT_SECRET"))?,
        button_label: read("OIDC_BUTTON_LABEL")
            .map(|label| label.trim().chars().take(80).collect())
            .unwrap_or_else(|| DEFAULT_OIDC_BUTTON_LABEL.to_owned()),
    }))
}

/// Checks a public origin and strips any trailing slash.
pub fn parse_site_url(url: &str, production: bool) -> Result<String, ConfigError> {
    let url = url.trim().trim_end_matches('/').to_owned();
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "SITE_URL",
        reason: reason.to_owned(),
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| invalid("it must start with http:// or https://"))?;
    if rest.is_empty() || rest.contains('/') {
        return Err(invalid(
            "give only the origin, like https://mentoring.example.edu",
        ));
    }
    if production && !url.starts_with("https://") && !is_loopback_http(&url) {
        return Err(invalid("it must use https:// in production"));
    }
    Ok(url)
}

/// Plain-http local development, where `Secure` cookies would not be sent back.
pub fn is_loopback_http(site_url: &str) -> bool {
    site_url.strip_prefix("http://").is_some_and(|host| {
        let host = host.rsplit_once(':').map_or(host, |(host, _port)| host);
        matches!(host, "localhost" | "127.0.0.1" | "[::1]")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config_from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn development_falls_back_to_embedded_sqlite_on_localhost() {
        let config = config_from(&[]).unwrap();
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(config.site_addr.to_string(), DEFAULT_SITE_ADDR);
        assert_eq!(config.site_url, None);
    }

    #[test]
    fn production_requires_the_database_and_site_url() {
        let missing_database = config_from(&[
            ("APP_ENV", "production"),
            ("SITE_URL", "https://hub.example.edu"),
        ]);
        let missing_url = config_from(&[
            ("APP_ENV", "production"),
            ("DATABASE_URL", "postgres://db/hub"),
        ]);
        assert!(matches!(
            missing_database,
            Err(ConfigError::RequiredInProduction("DATABASE_URL"))
        ));
        assert!(matches!(
            missing_url,
            Err(ConfigError::RequiredInProduction("SITE_URL"))
        ));
        let complete = config_from(&[
            ("APP_ENV", "production"),
            ("DATABASE_URL", "postgres://db/hub"),
            ("SITE_URL", "https://hub.example.edu/"),
        ])
        .unwrap();
        assert_eq!(
            complete.site_url.as_deref(),
            Some("https://hub.example.edu")
        );
    }

    #[test]
    fn single_sign_on_needs_its_issuer_id_and_secret_together() {
        assert_eq!(config_from(&[]).unwrap().oidc, None);
        let partial = config_from(&[("OIDC_ISSUER_URL", "https://login.example.edu")]);
        assert!(
            matches!(
                partial,
                Err(ConfigError::Invalid {
                    name: "OIDC_CLIENT_ID",
                    ..
                })
            ),
            "{partial:?}"
        );
        let complete = config_from(&[
            ("OIDC_ISSUER_URL", "https://login.example.edu/"),
            ("OIDC_CLIENT_ID", "hub"),
            ("OIDC_CLIENT_SECRET", "s3cret"),
        ])
        .unwrap()
        .oidc
        .unwrap();
        assert_eq!(complete.issuer_url, "https://login.example.edu");
        assert_eq!(complete.button_label, DEFAULT_OIDC_BUTTON_LABEL);
        let plain_http = config_from(&[
            ("APP_ENV", "production"),
            ("DATABASE_URL", "postgres://db/hub"),
            ("SITE_URL", "https://hub.example.edu"),
            ("OIDC_ISSUER_URL", "http://login.example.edu"),
            ("OIDC_CLIENT_ID", "hub"),
            ("OIDC_CLIENT_SECRET", "s3cret"),
        ]);
        assert!(
            matches!(
                plain_http,
                Err(ConfigError::Invalid {
                    name: "OIDC_ISSUER_URL",
                    ..
                })
            ),
            "{plain_http:?}"
        );
    }

    #[test]
    fn unparsable_site_addr_is_named() {
        let error = config_from(&[("SITE_ADDR", "localhost")]).unwrap_err();
        assert!(error.to_string().starts_with("SITE_ADDR"), "{error}");
    }

    #[test]
    fn outbox_interval_is_read_in_seconds_and_a_bad_one_is_named() {
        let every_second = config_from(&[("OUTBOX_INTERVAL_SECONDS", "1")]).unwrap();
        let refused = config_from(&[("OUTBOX_INTERVAL_SECONDS", "0")]).unwrap_err();

        assert_eq!(every_second.intervals.outbox, Duration::from_secs(1));
        assert_eq!(config_from(&[]).unwrap().intervals, Intervals::default());
        assert!(
            refused
                .to_string()
                .starts_with("OUTBOX_INTERVAL_SECONDS is not valid")
        );
    }

    #[test]
    fn trusted_proxies_are_read_and_a_bad_one_is_named() {
        let none = config_from(&[]).unwrap();
        let two = config_from(&[("TRUSTED_PROXIES", "10.0.0.0/8, 192.168.1.7")]).unwrap();
        let bad = config_from(&[("TRUSTED_PROXIES", "10.0.0.0/33")]).unwrap_err();

        assert_eq!(none.trusted_proxies, TrustedProxies::default());
        assert_eq!(
            two.trusted_proxies,
            TrustedProxies::parse("10.0.0.0/8 192.168.1.7").unwrap()
        );
        assert!(
            bad.to_string().starts_with("TRUSTED_PROXIES is not valid"),
            "{bad}"
        );
    }

    #[test]
    fn accounts_per_address_default_to_twenty_an_hour() {
        assert_eq!(config_from(&[]).unwrap().accounts_per_address_per_hour, 20);
        let set = config_from(&[("ACCOUNTS_PER_ADDRESS_PER_HOUR", "500")]).unwrap();
        assert_eq!(set.accounts_per_address_per_hour, 500);
        assert!(config_from(&[("ACCOUNTS_PER_ADDRESS_PER_HOUR", "0")]).is_err());
    }

    #[test]
    fn site_url_loses_its_trailing_slash() {
        assert_eq!(
            parse_site_url("https://hub.example.edu/", true).unwrap(),
            "https://hub.example.edu"
        );
    }

    #[test]
    fn production_site_url_must_be_https() {
        assert!(parse_site_url("http://hub.example.edu", true).is_err());
        assert!(parse_site_url("http://hub.example.edu", false).is_ok());
    }

    #[test]
    fn site_url_with_a_path_is_refused() {
        assert!(parse_site_url("https://hub.example.edu/app", false).is_err());
    }

    #[test]
    fn only_plain_http_on_loopback_counts_as_local() {
        assert!(is_loopback_http("http://127.0.0.1:3000"));
        assert!(is_loopback_http("http://localhost:8080"));
        assert!(!is_loopback_http("https://127.0.0.1:3000"));
        assert!(!is_loopback_http("http://hub.example.edu"));
    }
}
