//! The subcommands. Each opens what it needs, does its work and returns a one-line error.

/// `println!` for the commands' output, quiet on a closed pipe (`backroom staff list | head`):
/// the reader has what it wanted, so the command ends without a panic or a message.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::write_line(format_args!($($arg)*))
    };
}

/// Writes one line to stdout; ends the process quietly when the reader has gone.
pub fn write_line(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(error) = writeln!(out, "{line}").and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
    }
}

use std::io::IsTerminal;
use std::path::Path;

use tracing_subscriber::EnvFilter;

use crate::auth::Actor;
use crate::auth::passwords;
use crate::config::{ApiTokenCommand, DemoArgs, Settings, StaffCommand};
use crate::db::{self, DbConnection, DbPool};
use crate::domain::email::Email;
use crate::error::AppError;
use crate::staff::{
    NewStaffForm, create_account, email_taken, find_by_email_key, list as list_staff,
    replace_password,
};

/// `backroom api-token create --name … --scope …`: prints the new token once.
pub fn api_token(settings: &Settings, command: ApiTokenCommand) -> Result<(), String> {
    let pool = open(settings)?;
    match command {
        ApiTokenCommand::Create { name, scopes } => {
            let new = crate::tokens::NewToken::parse(&name, &scopes)
                .map_err(|errors| errors.one_line())?;
            let actor = Actor::command_line();
            let (id, token) = with_conn(&pool, |conn| {
                crate::tokens::create_token(conn, &actor, &new)
            })?;
            eprintln!(
                "Created API token {id} \u{201c}{}\u{201d} ({}). It is shown this once:",
                new.name,
                crate::auth::tokens::scopes_text(&new.scopes)
            );
            say!("{token}");
            Ok(())
        }
    }
}

/// Sets up logging; an invalid filter is a configuration error.
/// Installs the log subscriber. Lines go to standard output through a writer thread, so a
/// request never waits on the write: at info level (a line per request) writing in place cost
/// the busiest pages about a fifth of their throughput. The guard flushes what is queued when
/// dropped; hold it until exit.
pub fn init_logging(filter: &str) -> Result<tracing_appender::non_blocking::WorkerGuard, String> {
    let filter =
        EnvFilter::try_new(filter).map_err(|e| format!("BACKROOM_LOG / --log-level: {e}"))?;
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        // Under a flood, block rather than drop lines: the log is the audit of last resort.
        .lossy(false)
        .finish(std::io::stdout());
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        // Colour codes only for a person at a terminal, not in files, pipes and journals.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .with_writer(writer)
        .try_init();
    Ok(guard)
}

fn runtime() -> Result<actix_web::rt::SystemRunner, String> {
    Ok(actix_web::rt::System::new())
}

fn open(settings: &Settings) -> Result<DbPool, String> {
    crate::startup::install_hooks();
    let pool = db::connect(&settings.database_url, 2)?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot open the database: {e}"))?;
    db::migrate(&mut conn)?;
    Ok(pool)
}

fn with_conn<T>(
    pool: &DbPool,
    work: impl FnOnce(&mut DbConnection) -> Result<T, AppError>,
) -> Result<T, String> {
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot open the database: {e}"))?;
    work(&mut conn).map_err(|e| match e {
        AppError::Unexpected(detail) => detail,
        other => other.public_message(),
    })
}

/// Takes the address `backroom serve` will listen on, before anything else happens: a busy
/// port fails the start before the data directory, secret key or database are created.
pub fn listen(bind: &str) -> Result<std::net::TcpListener, String> {
    let address: std::net::SocketAddr = bind
        .parse()
        .map_err(|_| format!("'{bind}' is not an address like 127.0.0.1:8080"))?;
    std::net::TcpListener::bind(address).map_err(|e| format!("cannot listen on {address}: {e}"))
}

/// `backroom serve`
pub fn serve(settings: Settings, listener: std::net::TcpListener) -> Result<(), String> {
    let public_origin = settings.public_origin.clone();
    runtime()?.block_on(async move {
        let started = crate::startup::start_on(settings, Some(listener)).await?;
        let mut banner = format!("Backroom is running at http://{}\n", started.address);
        if let Some(token) = &started.setup_token {
            banner.push_str(&format!(
                "\nNo staff account exists yet. Open this one-time link to create the owner account:\n  \
                 {public_origin}/setup/{token}\n(It works once and expires in 24 hours; `backroom staff \
                 add` works too.)\n\n"
            ));
        }
        // One write under the stdout lock: the log writer's thread cannot put a line in the
        // middle of the link.
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(banner.as_bytes()).and_then(|()| out.flush());
        }
        started
            .server
            .await
            .map_err(|e| format!("server error: {e}"))
    })
}

/// `backroom migrate`
pub fn migrate(settings: &Settings) -> Result<(), String> {
    let pool = db::connect(&settings.database_url, 1)?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let applied = db::migrate(&mut conn)?;
    say!(
        "{} applied; the database is up to date.",
        crate::domain::words::count(applied as i64, "migration", "migrations")
    );
    Ok(())
}

fn read_password(prompt: &str) -> Result<String, String> {
    if let Ok(password) = std::env::var("BACKROOM_STAFF_PASSWORD") {
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(
            "set BACKROOM_STAFF_PASSWORD or run in a terminal to be asked for the password".into(),
        );
    }
    let first =
        rpassword::prompt_password(prompt).map_err(|e| format!("cannot read the password: {e}"))?;
    let second = rpassword::prompt_password("Repeat it: ")
        .map_err(|e| format!("cannot read the password: {e}"))?;
    if first != second {
        return Err("the two passwords don't match".into());
    }
    Ok(first)
}

/// `backroom staff …`
pub fn staff(settings: &Settings, command: StaffCommand) -> Result<(), String> {
    let pool = open(settings)?;
    match command {
        StaffCommand::Add { email, name, role } => {
            let password = read_password("Password for the new account: ")?;
            let form = NewStaffForm {
                name,
                email,
                role,
                password: password.clone(),
                password_confirmation: password,
            };
            let valid = form.parse().map_err(|errors| errors.one_line())?;
            let hash = passwords::hash(&valid.password)?;
            let id = with_conn(&pool, |conn| {
                db::write(conn, |c| {
                    let email_key = valid.email.key();
                    if email_taken(c, &email_key)? {
                        return Err(AppError::Conflict(format!(
                            "a staff account with the email {} exists already",
                            valid.email
                        )));
                    }
                    create_account(
                        c,
                        &Actor::command_line(),
                        valid.email.as_str(),
                        &valid.name,
                        valid.role,
                        &hash,
                    )
                })
            })?;
            say!(
                "Created {} ({}) as {} with id {id}.",
                valid.name,
                valid.email,
                valid.role.label()
            );
            Ok(())
        }
        StaffCommand::List => {
            let members = with_conn(&pool, |conn| Ok(list_staff(conn)?))?;
            if members.is_empty() {
                say!("No staff accounts yet.");
            }
            for m in members {
                say!(
                    "{:>4}  {:<32}  {:<24}  {:<8}  {}",
                    m.id,
                    m.email,
                    m.name,
                    m.role.as_str(),
                    if m.active { "active" } else { "deactivated" }
                );
            }
            Ok(())
        }
        StaffCommand::ResetPassword { email } => {
            let email = Email::parse(&email).map_err(|e| format!("email: {e}"))?;
            let member = with_conn(&pool, |conn| Ok(find_by_email_key(conn, &email.key())?))?
                .ok_or_else(|| format!("no staff account has the email {email}"))?;
            let password = read_password("New password: ")?;
            passwords::check_policy(&password, &[&member.email, &member.name])?;
            let hash = passwords::hash(&password)?;
            with_conn(&pool, |conn| {
                db::write(conn, |c| {
                    replace_password(
                        c,
                        &Actor::command_line(),
                        member.id,
                        &hash,
                        "staff.password_reset",
                    )
                })
            })?;
            say!(
                "New password set for {}; their sessions were ended.",
                member.email
            );
            Ok(())
        }
    }
}

/// `backroom backup FILE`: a consistent copy taken while the server runs.
pub fn backup(settings: &Settings, file: &Path) -> Result<(), String> {
    if db::Backend::from_url(&settings.database_url) == db::Backend::Postgres {
        return Err("on PostgreSQL, back up with pg_dump (for example: pg_dump --format=custom --file=backroom.dump \"$BACKROOM_DATABASE_URL\")".into());
    }
    if file.exists() {
        return Err(format!(
            "{} exists already; choose a new file name",
            file.display()
        ));
    }
    let target = file
        .to_str()
        .ok_or("the backup path must be valid UTF-8")?
        .to_owned();
    // VACUUM INTO fills an empty file: created first, readable by its owner only.
    db::create_private_file(file).map_err(|e| format!("cannot create {}: {e}", file.display()))?;
    let pool = db::connect(&settings.database_url, 1)?;
    with_conn(&pool, |conn| {
        use diesel::RunQueryDsl;
        use diesel::sql_types::Text;
        // VACUUM INTO reads one snapshot: the copy is consistent even while writers go on.
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(&target)
            .execute(conn)?;
        Ok(())
    })?;
    let copy = db::connect(&target, 1)?;
    let verdict = with_conn(&copy, |conn| {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| r.integrity_check)
            .collect::<Vec<_>>()
            .join("; "))
    })?;
    if verdict != "ok" {
        return Err(format!("the copy failed its integrity check: {verdict}"));
    }
    say!(
        "Backup written to {} (integrity check: ok).",
        file.display()
    );
    Ok(())
}

/// `backroom demo-data`
/// `backroom check`: the stock ledger against the levels; an error (exit 1) when anything differs.
pub fn check(settings: &Settings) -> Result<(), String> {
    let pool = open(settings)?;
    let differences = with_conn(&pool, crate::inventory::check_ledger)?;
    if differences.is_empty() {
        say!("stock ledger: every level equals the sum of its movements; no rule broken");
        return Ok(());
    }
    for difference in &differences {
        say!("{}", difference.0);
    }
    Err(format!(
        "the stock ledger has {}",
        crate::domain::words::count(differences.len() as i64, "difference", "differences")
    ))
}

pub fn demo_data(settings: &Settings, args: &DemoArgs) -> Result<(), String> {
    let pool = open(settings)?;
    let report = with_conn(&pool, |conn| crate::demo::run(conn, args))?;
    for line in report {
        say!("{line}");
    }
    Ok(())
}
