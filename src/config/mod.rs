//! Command-line flags with `BACKROOM_*` environment fallbacks, checked once into [`Settings`].
//! Nothing here is global: `main` builds the settings and passes them in.

mod args;

pub use args::{
    ApiTokenCommand, Cli, Command, DemoArgs, GlobalArgs, ServerArgs, SharedArgs, StaffCommand,
};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The checked, typed configuration of one process.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    pub secret_key: Vec<u8>,
    pub public_origin: String,
    pub secure_cookies: bool,
    pub allowed_hosts: Vec<String>,
    /// The reverse proxy whose header gives the client address; none: the connection's.
    pub proxy: Option<TrustedProxy>,
    pub session_idle: Duration,
    pub session_absolute: Duration,
    pub workers: usize,
    pub db_pool_size: u32,
}

/// A configuration problem, reported as one line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

const SECRET_FILE: &str = "secret.key";
const MIN_SECRET_BYTES: usize = 64;

impl Settings {
    /// Checks the flags; reads or creates the secret key file.
    pub fn load(args: &GlobalArgs) -> Result<Settings, ConfigError> {
        let bind: SocketAddr = args.bind.parse().map_err(|_| {
            ConfigError(format!(
                "BACKROOM_BIND / --bind: '{}' is not an address like 127.0.0.1:8080",
                args.bind
            ))
        })?;
        let database_url = match &args.database_url {
            Some(url) if url.trim().is_empty() => {
                return Err(ConfigError(
                    "BACKROOM_DATABASE_URL / --database-url is empty".into(),
                ));
            }
            Some(url) => url.clone(),
            None => args
                .data_dir
                .join("backroom.db")
                .to_string_lossy()
                .into_owned(),
        };
        let public_url = args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{bind}"));
        let parsed = url::Url::parse(&public_url).map_err(|e| {
            ConfigError(format!(
                "BACKROOM_PUBLIC_URL / --public-url: '{public_url}' is not a URL ({e})"
            ))
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(ConfigError(format!(
                "BACKROOM_PUBLIC_URL / --public-url: '{public_url}' must be an http:// or https:// URL"
            )));
        }
        let public_origin = parsed.origin().ascii_serialization();
        let mut allowed_hosts: Vec<String> =
            vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()];
        if let Some(host) = parsed.host_str() {
            allowed_hosts.push(host.to_ascii_lowercase());
        }
        if !bind.ip().is_unspecified() {
            allowed_hosts.push(bind.ip().to_string());
        }
        allowed_hosts.extend(
            args.allowed_hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .filter(|h| !h.is_empty()),
        );
        if args.session_idle_minutes == 0 || args.session_absolute_hours == 0 {
            return Err(ConfigError(
                "session timeouts must be at least 1 minute / 1 hour".into(),
            ));
        }
        if args.db_pool_size == 0 {
            return Err(ConfigError(
                "BACKROOM_DB_POOL_SIZE must be at least 1".into(),
            ));
        }
        let secret_key = match &args.secret_key {
            Some(hex_key) => {
                let bytes = hex::decode(hex_key.trim())
                    .map_err(|_| ConfigError("BACKROOM_SECRET_KEY must be hex-encoded".into()))?;
                if bytes.len() < MIN_SECRET_BYTES {
                    return Err(ConfigError(format!(
                        "BACKROOM_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes ({} hex characters)",
                        MIN_SECRET_BYTES * 2
                    )));
                }
                bytes
            }
            None => load_or_create_secret(&args.data_dir)?,
        };
        Ok(Settings {
            data_dir: args.data_dir.clone(),
            database_url,
            bind,
            secret_key,
            secure_cookies: parsed.scheme() == "https",
            public_origin,
            allowed_hosts,
            proxy: trusted_proxy(args)?,
            session_idle: Duration::from_secs(args.session_idle_minutes * 60),
            session_absolute: Duration::from_secs(args.session_absolute_hours * 3600),
            workers: args
                .workers
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get())),
            db_pool_size: args.db_pool_size,
        })
    }
}

/// The header a trusted reverse proxy writes the client's address into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProxyHeader {
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=…`.
    Forwarded,
}

/// Your reverse proxies: how many a request passes, and the header they append to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrustedProxy {
    pub hops: usize,
    pub header: ProxyHeader,
}

fn trusted_proxy(args: &GlobalArgs) -> Result<Option<TrustedProxy>, ConfigError> {
    if !args.trust_proxy {
        return Ok(None);
    }
    let header = match args.proxy_header.trim().to_ascii_lowercase().as_str() {
        "x-forwarded-for" => ProxyHeader::XForwardedFor,
        "forwarded" => ProxyHeader::Forwarded,
        other => {
            return Err(ConfigError(format!(
                "BACKROOM_PROXY_HEADER / --proxy-header: '{other}' is not x-forwarded-for or forwarded"
            )));
        }
    };
    if !(1..=10).contains(&args.proxy_hops) {
        return Err(ConfigError(
            "BACKROOM_PROXY_HOPS / --proxy-hops must be between 1 and 10".into(),
        ));
    }
    Ok(Some(TrustedProxy {
        hops: args.proxy_hops,
        header,
    }))
}

fn load_or_create_secret(data_dir: &std::path::Path) -> Result<Vec<u8>, ConfigError> {
    use std::io::Write;
    let path = data_dir.join(SECRET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let bytes = hex::decode(text.trim())
                .map_err(|_| ConfigError(format!("{} is not a hex-encoded key", path.display())))?;
            if bytes.len() < MIN_SECRET_BYTES {
                return Err(ConfigError(format!(
                    "{} holds a key shorter than {MIN_SECRET_BYTES} bytes",
                    path.display()
                )));
            }
            Ok(bytes)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(data_dir).map_err(|e| {
                ConfigError(format!(
                    "cannot create data directory {}: {e}",
                    data_dir.display()
                ))
            })?;
            let key: [u8; MIN_SECRET_BYTES] = rand::random();
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut file = options
                .open(&path)
                .map_err(|e| ConfigError(format!("cannot create {}: {e}", path.display())))?;
            file.write_all(hex::encode(key).as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(|e| ConfigError(format!("cannot write {}: {e}", path.display())))?;
            Ok(key.to_vec())
        }
        Err(e) => Err(ConfigError(format!("cannot read {}: {e}", path.display()))),
    }
}
