//! The part of the server's configuration the services need at run time:
//! where links in messages point and which routing engine gives travel
//! times. `server::config::Config` reads and checks the environment once;
//! the binary installs the result here at start-up. Tests and tools that
//! install nothing get the defaults.

use std::sync::OnceLock;

/// Where links point when nothing is configured: the default listen address.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:3000";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Runtime {
    /// Absolute base of every link in a message, without a trailing slash.
    pub public_url: String,
    /// Base URL of an OSRM server; `None` uses the straight-line estimate.
    pub osrm_url: Option<String>,
    /// Where visit photos are stored on local disk (`PHOTO_DIR`).
    pub photo_dir: std::path::PathBuf,
    /// `WEBHOOK_ALLOW_LOCAL`: partner webhooks may post to this machine
    /// over plain http (development and tests; never in production).
    pub webhook_allow_local: bool,
}

/// Where photos go when nothing is configured.
pub const DEFAULT_PHOTO_DIR: &str = "data/photos";

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
            osrm_url: None,
            photo_dir: DEFAULT_PHOTO_DIR.into(),
            webhook_allow_local: false,
        }
    }
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// Installs the configuration; the first call wins (the binary makes it
/// before it serves anything). Returns false when one was installed already.
pub fn install(runtime: Runtime) -> bool {
    RUNTIME.set(runtime).is_ok()
}

pub fn get() -> &'static Runtime {
    RUNTIME.get_or_init(Runtime::default)
}

/// The absolute base URL of links in messages (`PUBLIC_URL`).
pub fn public_url() -> &'static str {
    &get().public_url
}

/// Checks a base URL for links: absolute http(s) with a host, and returns
/// it without a trailing slash, so that `format!("{base}{path}")` is right.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("must start with http:// or https://, got `{url}`"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("must name a host, got `{url}`"));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_absolute_and_lose_their_trailing_slash() {
        assert_eq!(
            normalise_base_url(" https://portaal.chargecars.nl/ ").unwrap(),
            "https://portaal.chargecars.nl"
        );
        assert_eq!(
            normalise_base_url("http://127.0.0.1:3000").unwrap(),
            "http://127.0.0.1:3000"
        );
        for bad in [
            "",
            "/klant",
            "portaal.chargecars.nl",
            "ftp://x",
            "https://",
            "http:///x",
            "https://a b",
        ] {
            assert!(normalise_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn without_an_install_links_point_at_the_default_address() {
        assert_eq!(Runtime::default().public_url, DEFAULT_PUBLIC_URL);
        assert_eq!(Runtime::default().osrm_url, None);
    }
}
