//! The command line as clap reads it: the flags every command shares, the server's, the
//! commands, and [`GlobalArgs`], everything [`super::Settings::load`] checks.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "backroom",
    version,
    about = "The back office of a small online shop."
)]
pub struct Cli {
    #[command(flatten)]
    pub shared: SharedArgs,
    /// The server's flags, for `backroom` run without a command.
    #[command(flatten)]
    pub server: ServerArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Reads the command line (exiting with clap's message on a mistake) into the command and
    /// the flags it runs with: the server's flags from `serve`, or from the top level when no
    /// command is given. Other commands read them from the environment alone, as they do not
    /// show them; a server flag before another command is refused rather than ignored.
    pub fn read() -> (Command, GlobalArgs) {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Cli::command().get_matches();
        let resolved = Cli::from_arg_matches(&matches).and_then(|cli| cli.resolve(&matches));
        resolved.unwrap_or_else(|error| error.format(&mut Cli::command()).exit())
    }

    fn resolve(self, matches: &clap::ArgMatches) -> Result<(Command, GlobalArgs), clap::Error> {
        // The server flag given on the command line before a command, if any.
        let given_before = || {
            ServerArgs::augment_args(clap::Command::new("backroom"))
                .get_arguments()
                .map(|arg| arg.get_id().as_str().to_owned())
                .find(|id| matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine))
        };
        let (command, server) = match self.command {
            None => (Command::Serve(self.server.clone()), self.server),
            Some(command) => {
                if let Some(flag) = given_before() {
                    return Err(clap::Error::raw(
                        clap::error::ErrorKind::ArgumentConflict,
                        format!(
                            "--{} is a server flag: give it after `serve`, or with no command",
                            flag.replace('_', "-")
                        ),
                    ));
                }
                match command {
                    Command::Serve(server) => (Command::Serve(server.clone()), server),
                    other => (other, ServerArgs::from_env()?),
                }
            }
        };
        Ok((command, GlobalArgs::new(self.shared, server)))
    }
}

/// Flags every command takes: where the data is, and how it logs.
#[derive(Debug, Clone, Args)]
pub struct SharedArgs {
    /// Directory for the SQLite database, the secret key file and backups.
    #[arg(
        long,
        env = "BACKROOM_DATA_DIR",
        default_value = "backroom-data",
        global = true
    )]
    pub data_dir: PathBuf,
    /// Database URL: a SQLite file path, or postgres://user@host/db. Default: <data-dir>/backroom.db.
    #[arg(
        long,
        env = "BACKROOM_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Log filter: error, warn, info, debug, trace, or a tracing directive list.
    #[arg(long, env = "BACKROOM_LOG", default_value = "info", global = true)]
    pub log_level: String,
    /// Maximum database connections in the pool.
    #[arg(
        long,
        env = "BACKROOM_DB_POOL_SIZE",
        default_value_t = 8,
        global = true
    )]
    pub db_pool_size: u32,
}

/// Flags of the web server only.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    /// Address and port to listen on.
    #[arg(long, env = "BACKROOM_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Secret for signing and encrypting cookies: at least 64 bytes, hex-encoded. Generated on
    /// first start and kept in <data-dir>/secret.key when not given.
    #[arg(long, env = "BACKROOM_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// The URL staff use to reach Backroom, e.g. https://admin.example.com. Decides the allowed
    /// origin for forms and whether cookies are marked Secure. Default: http://<bind>.
    #[arg(long, env = "BACKROOM_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Extra host names accepted in the Host header, comma-separated ("*" accepts any).
    #[arg(long, env = "BACKROOM_ALLOWED_HOSTS", value_delimiter = ',')]
    pub allowed_hosts: Vec<String>,
    /// Behind your own reverse proxy: take the client address (throttling, audit) from the
    /// address the proxy appended to X-Forwarded-For, not from the connection.
    #[arg(long, env = "BACKROOM_TRUST_PROXY", default_value_t = false)]
    pub trust_proxy: bool,
    /// How many proxies of yours a request passes (a CDN in front of nginx is 2): the client
    /// address is this many entries from the right of the header. With --trust-proxy.
    #[arg(long, env = "BACKROOM_PROXY_HOPS", default_value_t = 1)]
    pub proxy_hops: usize,
    /// The header your proxy writes: x-forwarded-for, or forwarded (RFC 7239). Only that one is
    /// read; a client-sent other one is ignored. With --trust-proxy.
    #[arg(long, env = "BACKROOM_PROXY_HEADER", default_value = "x-forwarded-for")]
    pub proxy_header: String,
    /// Minutes without activity after which a session ends.
    #[arg(long, env = "BACKROOM_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: u64,
    /// Hours after sign-in after which a session ends regardless of activity.
    #[arg(long, env = "BACKROOM_SESSION_ABSOLUTE_HOURS", default_value_t = 12)]
    pub session_absolute_hours: u64,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "BACKROOM_WORKERS")]
    pub workers: Option<usize>,
}

impl ServerArgs {
    /// The server's settings from the environment and defaults alone (no flags).
    fn from_env() -> Result<ServerArgs, clap::Error> {
        use clap::FromArgMatches;
        let command = ServerArgs::augment_args(clap::Command::new("backroom"));
        ServerArgs::from_arg_matches(&command.try_get_matches_from(["backroom"])?)
    }
}

/// Everything [`Settings::load`] checks: the shared flags and the server's.
#[derive(Debug, Clone)]
pub struct GlobalArgs {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub bind: String,
    pub secret_key: Option<String>,
    pub public_url: Option<String>,
    pub allowed_hosts: Vec<String>,
    pub trust_proxy: bool,
    pub proxy_hops: usize,
    pub proxy_header: String,
    pub log_level: String,
    pub session_idle_minutes: u64,
    pub session_absolute_hours: u64,
    pub workers: Option<usize>,
    pub db_pool_size: u32,
}

impl GlobalArgs {
    pub fn new(shared: SharedArgs, server: ServerArgs) -> GlobalArgs {
        GlobalArgs {
            data_dir: shared.data_dir,
            database_url: shared.database_url,
            bind: server.bind,
            secret_key: server.secret_key,
            public_url: server.public_url,
            allowed_hosts: server.allowed_hosts,
            trust_proxy: server.trust_proxy,
            proxy_hops: server.proxy_hops,
            proxy_header: server.proxy_header,
            log_level: shared.log_level,
            session_idle_minutes: server.session_idle_minutes,
            session_absolute_hours: server.session_absolute_hours,
            workers: server.workers,
            db_pool_size: shared.db_pool_size,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web server (the default).
    Serve(ServerArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage staff accounts from the shell.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Manage the JSON API's bearer tokens from the shell.
    #[command(subcommand, name = "api-token")]
    ApiToken(ApiTokenCommand),
    /// Write a consistent copy of the database while Backroom runs (SQLite: VACUUM INTO).
    Backup {
        /// Where to write the copy; must not exist yet.
        file: PathBuf,
    },
    /// Fill the database with a realistic demo shop.
    DemoData(DemoArgs),
    /// Verify the stock ledger: every level equals the sum of its movements and breaks no
    /// rule. Prints what differs and exits with 1 if anything does.
    Check,
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Create a staff account. The password is read from BACKROOM_STAFF_PASSWORD or prompted.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, manager, clerk or viewer.
        #[arg(long)]
        role: String,
    },
    /// List staff accounts.
    List,
    /// Set a new password (BACKROOM_STAFF_PASSWORD or prompted) and end the account's sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiTokenCommand {
    /// Create a token and print it, once: only its fingerprint is kept.
    Create {
        /// What will use it, like "Storefront".
        #[arg(long)]
        name: String,
        /// What it may do: catalog:read, orders:read, orders:write (repeat for several).
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// Seed for the random generator: the same seed gives the same shop.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// How many products the demo catalog gets (about 2.3 variants each).
    #[arg(long, default_value_t = 10_000)]
    pub products: usize,
    /// How many customers the demo shop gets (with an address each, tags and consents).
    #[arg(long, default_value_t = 10_000)]
    pub customers: usize,
    /// Password for the demo staff accounts (owner@, manager@, clerk@, viewer@demo.backroom.test).
    #[arg(
        long,
        env = "BACKROOM_DEMO_PASSWORD",
        default_value = "demo-backroom-2026",
        hide_env_values = true
    )]
    pub password: String,
    /// Add the demo catalog and team to a database that has staff of its own. The shop's name
    /// is kept, and no second owner is created.
    #[arg(long)]
    pub force: bool,
}
