//! Configuration from environment variables, each with a sane default.
//! The README lists them all; `Config::from_lookup` keeps this testable.

use std::net::SocketAddr;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// `DATABASE_URL`: SQLite file by default, `postgres://…` in production.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: where to listen.
    pub site_addr: SocketAddr,
    /// `SEED_DEMO_DATA`: load demo data into an empty database at start-up
    /// (default false: demo data only when asked for).
    pub seed_demo_data: bool,
    /// `APP_ENV=production`: `PUBLIC_URL` must be set, demo data may not be
    /// asked for, and the server refuses to run while demo accounts exist.
    pub production: bool,
    /// `LOG_FORMAT`: `text` (default) or `json`.
    pub log_json: bool,
    /// `SHUTDOWN_GRACE_SECS`: how long in-flight requests may finish after SIGTERM.
    pub shutdown_grace: Duration,
    /// `PUBLIC_URL`: the absolute base of links in e-mails (default
    /// `http://<LEPTOS_SITE_ADDR>`). Never taken from a request.
    pub public_url: String,
    /// `OSRM_URL`: an OSRM server for road travel times; unset uses the
    /// straight-line estimate.
    pub osrm_url: Option<String>,
    /// `PHOTO_DIR`: where visit photos are stored (default `data/photos`).
    pub photo_dir: std::path::PathBuf,
    /// `SLA_SWEEP_SECS`: how often the SLA watch runs (default 60; 0 turns it off).
    pub sla_sweep: Option<Duration>,
    /// `MAX_BODY_BYTES` (default 262144), `MAX_UPLOAD_BYTES` (default
    /// 8388608, the photo and logo routes) and `REQUEST_TIMEOUT_SECS`
    /// (default 90): the edge's limits.
    pub limits: crate::edge::Limits,
    /// `SMTP_URL`: where e-mail goes (`smtp://127.0.0.1:2525`,
    /// `smtp://user:pass@relay:587?tls=required`, `smtps://relay:465`);
    /// unset: messages wait in the outbox.
    pub smtp_url: Option<String>,
    /// `MAIL_FROM`: the sender of messages that belong to no entity.
    pub mail_from: String,
    /// `DELIVERY_POLL_SECS`: how often the outbox worker looks for due mail.
    pub delivery_poll: Duration,
    /// `DELIVERY_CLOCK_FILE` (tests only; refused in production): a file
    /// whose RFC 3339 time, while it holds one, is the outbox worker's "now",
    /// so that an end-to-end test can let a reminder's time come.
    pub delivery_clock: Option<std::path::PathBuf>,
    /// SMS and WhatsApp providers and their webhooks (README, "Messages").
    pub texts: TextProviders,
    /// `TRUSTED_PROXIES`: addresses or CIDR ranges of reverse proxies whose
    /// `X-Forwarded-For` names the client (default none).
    pub trusted_proxies: crate::edge::TrustedProxies,
    /// `API_RATE_PER_MINUTE` (default 120) and `API_RATE_BURST` (default
    /// 60): the partner API's token bucket per key.
    pub api_rate: services::rate_limit::RatePolicy,
    /// The webhook worker (README, "Partner API").
    pub webhooks: WebhookWorker,
}

/// `WEBHOOK_POLL_SECS` (default 2): how often the worker looks for due
/// deliveries; `WEBHOOK_LEASE_SECS` (default 60): after how long a
/// delivery left `sending` by a dead worker is sent again;
/// `WEBHOOK_ALLOW_LOCAL` (default false, refused in production): endpoints
/// may be on this machine over plain http.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookWorker {
    pub poll: Duration,
    pub lease: Duration,
    pub allow_local: bool,
}

/// Where SMS and WhatsApp go, and the secrets their webhooks sign with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextProviders {
    /// `SMS_API_URL` (default MessageBird's `https://rest.messagebird.com`)
    /// and `SMS_API_KEY`: SMS is sent when the key is set.
    pub sms: Option<(String, String)>,
    /// `WHATSAPP_API_URL` (default `https://graph.facebook.com/v21.0`),
    /// `WHATSAPP_TOKEN` and `WHATSAPP_PHONE_NUMBER_ID`: WhatsApp is sent
    /// when the token and number id are set.
    pub whatsapp: Option<(String, String, String)>,
    /// `SMS_WEBHOOK_SECRET`, `WHATSAPP_WEBHOOK_SECRET`: the HMAC secrets of
    /// `/api/webhooks/sms` and `/api/webhooks/whatsapp` (unset: refused).
    pub sms_webhook_secret: Option<String>,
    pub whatsapp_webhook_secret: Option<String>,
    /// `EMAIL_WEBHOOK_SECRET`: the secret of `/api/webhooks/email`, where
    /// the mail provider posts replies (unset: refused).
    pub email_webhook_secret: Option<String>,
}

impl TextProviders {
    fn from_lookup(non_empty: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let url = |k: &str, default: &str| -> Result<String, ConfigError> {
            let u = non_empty(k).unwrap_or_else(|| default.to_owned());
            if u.starts_with("https://") || u.starts_with("http://") {
                Ok(u)
            } else {
                Err(ConfigError(format!(
                    "{k} must be an http(s) URL, got `{u}`"
                )))
            }
        };
        let sms = match non_empty("SMS_API_KEY") {
            Some(key) => Some((url("SMS_API_URL", "https://rest.messagebird.com")?, key)),
            None => None,
        };
        let whatsapp = match (
            non_empty("WHATSAPP_TOKEN"),
            non_empty("WHATSAPP_PHONE_NUMBER_ID"),
        ) {
            (Some(token), Some(id)) => Some((
                url("WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")?,
                token,
                id,
            )),
            (None, None) => None,
            _ => {
                return Err(ConfigError(
                    "WhatsApp needs both WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID".to_owned(),
                ))
            }
        };
        Ok(TextProviders {
            sms,
            whatsapp,
            sms_webhook_secret: non_empty("SMS_WEBHOOK_SECRET"),
            whatsapp_webhook_secret: non_empty("WHATSAPP_WEBHOOK_SECRET"),
            email_webhook_secret: non_empty("EMAIL_WEBHOOK_SECRET"),
        })
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let non_empty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let database_url = non_empty("DATABASE_URL")
            .unwrap_or_else(|| services::db::DEFAULT_DATABASE_URL.to_owned());
        if services::db::backend_name(&database_url) == "unknown" {
            return Err(ConfigError(format!(
                "DATABASE_URL must start with sqlite: or postgres:, got `{database_url}`"
            )));
        }
        let site_addr =
            non_empty("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let site_addr = site_addr.parse().map_err(|_| {
            ConfigError(format!(
                "LEPTOS_SITE_ADDR must be host:port, got `{site_addr}`"
            ))
        })?;
        let seed_demo_data = match non_empty("SEED_DEMO_DATA").as_deref() {
            Some("1" | "true" | "yes") => true,
            None | Some("0" | "false" | "no") => false,
            Some(other) => {
                return Err(ConfigError(format!(
                    "SEED_DEMO_DATA must be true or false, got `{other}`"
                )))
            }
        };
        let log_json = match non_empty("LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(ConfigError(format!(
                    "LOG_FORMAT must be text or json, got `{other}`"
                )))
            }
        };
        let grace = non_empty("SHUTDOWN_GRACE_SECS").unwrap_or_else(|| "10".to_owned());
        let shutdown_grace = grace.parse::<u64>().map(Duration::from_secs).map_err(|_| {
            ConfigError(format!(
                "SHUTDOWN_GRACE_SECS must be a whole number, got `{grace}`"
            ))
        })?;
        let production = match non_empty("APP_ENV").as_deref() {
            None | Some("development") => false,
            Some("production") => true,
            Some(other) => {
                return Err(ConfigError(format!(
                    "APP_ENV must be development or production, got `{other}`"
                )))
            }
        };
        if production && non_empty("PUBLIC_URL").is_none() {
            return Err(ConfigError(
                "PUBLIC_URL must be set when APP_ENV=production (links in e-mails)".into(),
            ));
        }
        if production && seed_demo_data {
            return Err(ConfigError(
                "SEED_DEMO_DATA cannot be true when APP_ENV=production".into(),
            ));
        }
        let public_url = services::runtime::normalise_base_url(
            &non_empty("PUBLIC_URL").unwrap_or_else(|| format!("http://{site_addr}")),
        )
        .map_err(|e| ConfigError(format!("PUBLIC_URL {e}")))?;
        let osrm_url = non_empty("OSRM_URL")
            .map(|u| services::runtime::normalise_base_url(&u))
            .transpose()
            .map_err(|e| ConfigError(format!("OSRM_URL {e}")))?;
        let photo_dir = non_empty("PHOTO_DIR")
            .unwrap_or_else(|| services::runtime::DEFAULT_PHOTO_DIR.to_owned())
            .into();
        let sweep = non_empty("SLA_SWEEP_SECS").unwrap_or_else(|| "60".to_owned());
        let sla_sweep = match sweep.trim().parse::<u64>() {
            Ok(0) => None,
            Ok(s) => Some(Duration::from_secs(s)),
            Err(_) => {
                return Err(ConfigError(format!(
                    "SLA_SWEEP_SECS must be a whole number (0 turns the watch off), got `{sweep}`"
                )))
            }
        };
        let number = |key: &str, default: u64| -> Result<u64, ConfigError> {
            match non_empty(key) {
                None => Ok(default),
                Some(v) => v
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| {
                        ConfigError(format!("{key} must be a whole number above 0, got `{v}`"))
                    }),
            }
        };
        let defaults = crate::edge::Limits::default();
        let limits = crate::edge::Limits {
            body_bytes: number("MAX_BODY_BYTES", defaults.body_bytes as u64)? as usize,
            upload_bytes: number("MAX_UPLOAD_BYTES", defaults.upload_bytes as u64)? as usize,
            timeout: Duration::from_secs(number(
                "REQUEST_TIMEOUT_SECS",
                defaults.timeout.as_secs(),
            )?),
            page_stall: Duration::from_secs(number(
                "PAGE_STALL_SECS",
                defaults.page_stall.as_secs(),
            )?),
        };
        let trusted_proxies =
            crate::edge::TrustedProxies::parse(&non_empty("TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|e| ConfigError(format!("TRUSTED_PROXIES: {e}")))?;
        let smtp_url = non_empty("SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError(format!(
                    "SMTP_URL must start with smtp:// or smtps://, got `{url}`"
                )));
            }
        }
        let mail_from = non_empty("MAIL_FROM")
            .unwrap_or_else(|| "ChargeCars <noreply@chargecars.nl>".to_owned());
        if services::delivery::mailbox(&mail_from).is_err() {
            return Err(ConfigError(format!(
                "MAIL_FROM must be an address like `Name <noreply@example.nl>`, got `{mail_from}`"
            )));
        }
        let delivery_poll = Duration::from_secs(number("DELIVERY_POLL_SECS", 2)?);
        let delivery_clock = non_empty("DELIVERY_CLOCK_FILE").map(std::path::PathBuf::from);
        if production && delivery_clock.is_some() {
            return Err(ConfigError(
                "DELIVERY_CLOCK_FILE is for tests and cannot be set when APP_ENV=production".into(),
            ));
        }
        let texts = TextProviders::from_lookup(non_empty)?;
        let rate = services::rate_limit::RatePolicy::default();
        let api_rate = services::rate_limit::RatePolicy {
            per_minute: number("API_RATE_PER_MINUTE", rate.per_minute.into())?.min(u32::MAX.into())
                as u32,
            burst: number("API_RATE_BURST", rate.burst.into())?.min(u32::MAX.into()) as u32,
        };
        let allow_local = match non_empty("WEBHOOK_ALLOW_LOCAL").as_deref() {
            None | Some("0" | "false" | "no") => false,
            Some("1" | "true" | "yes") => true,
            Some(other) => {
                return Err(ConfigError(format!(
                    "WEBHOOK_ALLOW_LOCAL must be true or false, got `{other}`"
                )))
            }
        };
        if production && allow_local {
            return Err(ConfigError(
                "WEBHOOK_ALLOW_LOCAL cannot be true when APP_ENV=production".into(),
            ));
        }
        let webhooks = WebhookWorker {
            poll: Duration::from_secs(number("WEBHOOK_POLL_SECS", 2)?),
            lease: Duration::from_secs(number("WEBHOOK_LEASE_SECS", 60)?),
            allow_local,
        };
        Ok(Config {
            webhooks,
            api_rate,
            delivery_clock,
            texts,
            smtp_url,
            mail_from,
            delivery_poll,
            trusted_proxies,
            database_url,
            site_addr,
            seed_demo_data,
            production,
            log_json,
            shutdown_grace,
            public_url,
            osrm_url,
            photo_dir,
            sla_sweep,
            limits,
        })
    }

    /// The outbox worker's carriers: SMTP and the text providers that are
    /// configured (`None` when nothing is).
    pub fn carriers(
        &self,
    ) -> Result<Option<services::delivery::Carriers<services::delivery::Smtp>>, String> {
        use services::delivery::providers::{MessageBird, WhatsAppCloud};
        let mail = match &self.smtp_url {
            Some(url) => Some(services::delivery::Smtp::from_url(url)?),
            None => None,
        };
        let carriers = services::delivery::Carriers {
            mail,
            default_from: self.mail_from.clone(),
            sms: self.texts.sms.as_ref().map(|(u, k)| MessageBird::new(u, k)),
            whatsapp: self
                .texts
                .whatsapp
                .as_ref()
                .map(|(u, t, id)| WhatsAppCloud::new(u, t, id)),
        };
        Ok(
            (carriers.mail.is_some() || carriers.sms.is_some() || carriers.whatsapp.is_some())
                .then_some(carriers),
        )
    }

    /// What the services read at run time (links, routing engine).
    pub fn runtime(&self) -> services::runtime::Runtime {
        services::runtime::Runtime {
            public_url: self.public_url.clone(),
            osrm_url: self.osrm_url.clone(),
            photo_dir: self.photo_dir.clone(),
            webhook_allow_local: self.webhooks.allow_local,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_on_embedded_sqlite() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://data/chargecars.db?mode=rwc");
        assert_eq!(c.site_addr, "127.0.0.1:3000".parse().unwrap());
        // No demo data unless asked for.
        assert!(!c.seed_demo_data);
        assert!(!c.production);
        assert!(!c.log_json);
        assert_eq!(c.shutdown_grace, Duration::from_secs(10));
        // Links in e-mails are absolute even when nothing is configured.
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert_eq!(c.osrm_url, None);
        assert_eq!(c.sla_sweep, Some(Duration::from_secs(60)));
    }

    #[test]
    fn reads_overrides() {
        let c = cfg(&[
            ("DATABASE_URL", "postgres://postgres@127.0.0.1/test"),
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("SEED_DEMO_DATA", "true"),
            ("LOG_FORMAT", "json"),
            ("SHUTDOWN_GRACE_SECS", "3"),
            ("PUBLIC_URL", "https://portaal.chargecars.nl/"),
            ("OSRM_URL", "http://127.0.0.1:5000"),
            ("SLA_SWEEP_SECS", "0"),
            ("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"),
        ])
        .unwrap();
        assert_eq!(
            c.trusted_proxies,
            crate::edge::TrustedProxies::parse("10.0.0.0/8,127.0.0.1").unwrap()
        );
        assert_eq!(c.public_url, "https://portaal.chargecars.nl");
        assert_eq!(c.osrm_url.as_deref(), Some("http://127.0.0.1:5000"));
        assert_eq!(c.sla_sweep, None);
        assert_eq!(c.database_url, "postgres://postgres@127.0.0.1/test");
        assert_eq!(c.site_addr.port(), 8080);
        assert!(c.seed_demo_data);
        assert!(c.log_json);
        assert_eq!(c.shutdown_grace, Duration::from_secs(3));
    }

    #[test]
    fn rejects_bad_values_with_a_message_naming_the_variable() {
        for (k, v) in [
            ("DATABASE_URL", "mysql://x"),
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("SEED_DEMO_DATA", "maybe"),
            ("LOG_FORMAT", "xml"),
            ("TRUSTED_PROXIES", "proxy.local"),
            ("SHUTDOWN_GRACE_SECS", "-1"),
            ("PUBLIC_URL", "/relative"),
            ("OSRM_URL", "osrm:5000"),
            ("SLA_SWEEP_SECS", "soon"),
            ("MAX_BODY_BYTES", "0"),
            ("APP_ENV", "staging"),
            ("MAX_UPLOAD_BYTES", "8M"),
            ("REQUEST_TIMEOUT_SECS", "-5"),
        ] {
            let err = cfg(&[(k, v)]).unwrap_err();
            assert!(err.0.starts_with(k), "{err}");
            assert!(err.0.contains(v), "{err}");
        }
    }

    #[test]
    fn production_needs_a_public_url_and_no_demo_data() {
        let err = cfg(&[("APP_ENV", "production")]).unwrap_err();
        assert!(err.0.starts_with("PUBLIC_URL"), "{err}");
        let err = cfg(&[
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://ops.chargecars.nl"),
            ("SEED_DEMO_DATA", "true"),
        ])
        .unwrap_err();
        assert!(err.0.starts_with("SEED_DEMO_DATA"), "{err}");
        let c = cfg(&[
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://ops.chargecars.nl"),
        ])
        .unwrap();
        assert!(c.production && !c.seed_demo_data && c.delivery_clock.is_none());
        // The test clock stays out of production.
        let err = cfg(&[
            ("APP_ENV", "production"),
            ("PUBLIC_URL", "https://ops.chargecars.nl"),
            ("DELIVERY_CLOCK_FILE", "/tmp/now"),
        ])
        .unwrap_err();
        assert!(err.0.starts_with("DELIVERY_CLOCK_FILE"), "{err}");
        assert!(cfg(&[("DELIVERY_CLOCK_FILE", "/tmp/now")])
            .unwrap()
            .delivery_clock
            .is_some());
    }

    #[test]
    fn blank_values_fall_back_to_defaults() {
        let c = cfg(&[("DATABASE_URL", "  "), ("LOG_FORMAT", "")]).unwrap();
        assert_eq!(c.database_url, services::db::DEFAULT_DATABASE_URL);
        assert!(!c.log_json);
    }
}
