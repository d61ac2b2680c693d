//! The `backroom` binary: configuration errors, staff commands, migrate, backup, demo data, serve.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_backroom");

fn backroom(data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env("BACKROOM_DATA_DIR", data_dir)
        .env("BACKROOM_LOG", "warn")
        .stdin(Stdio::null());
    for key in [
        "BACKROOM_DATABASE_URL",
        "BACKROOM_BIND",
        "BACKROOM_SECRET_KEY",
        "BACKROOM_PUBLIC_URL",
        "BACKROOM_STAFF_PASSWORD",
    ] {
        command.env_remove(key);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn invalid_configuration_is_one_clear_line_and_exit_code_2() {
    let dir = tempfile::tempdir().unwrap();
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case; 5] = [
        (
            &["migrate"],
            &[("BACKROOM_BIND", "not-an-address")],
            "BACKROOM_BIND",
        ),
        (
            &["migrate"],
            &[("BACKROOM_SECRET_KEY", "abcd")],
            "BACKROOM_SECRET_KEY",
        ),
        (
            &["migrate"],
            &[("BACKROOM_PUBLIC_URL", "ftp://shop")],
            "BACKROOM_PUBLIC_URL",
        ),
        (
            &["migrate"],
            &[("BACKROOM_LOG", "info,[[[")],
            "BACKROOM_LOG",
        ),
        (
            &["migrate", "--session-idle-minutes", "soon"],
            &[],
            "session-idle-minutes",
        ),
    ];
    for (args, env, mentions) in cases {
        let output = backroom(dir.path(), args, env);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{mentions}: {stderr}");
        assert!(stderr.contains(mentions), "{mentions}: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{stderr}"
        );
    }
}

/// A start that cannot listen (the port is taken) says so and leaves no file behind: no data
/// directory, no secret key, no database.
#[test]
fn a_failed_start_on_a_busy_port_leaves_nothing_behind() {
    let parent = tempfile::tempdir().unwrap();
    let data_dir = parent.path().join("backroom-data");
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = busy.local_addr().unwrap().to_string();
    let output = backroom(&data_dir, &["serve"], &[("BACKROOM_BIND", &address)]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on {address}")),
        "{stderr}"
    );
    assert!(!data_dir.exists(), "{:?} was created", data_dir);
    assert_eq!(std::fs::read_dir(parent.path()).unwrap().count(), 0);
}

#[test]
fn a_bad_postgres_url_reports_the_connection_error_instead_of_creating_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = backroom(
        dir.path(),
        &["migrate"],
        &[(
            "BACKROOM_DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/backroom",
        )],
    );
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cannot open the database"), "{stderr}");
    assert!(
        stderr.to_lowercase().contains("connect"),
        "the backend's own message: {stderr}"
    );
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("postgres"))
        .collect();
    assert!(
        stray.is_empty(),
        "a SQLite file named after the URL was created"
    );
}

#[test]
fn the_secret_key_is_generated_once_with_private_permissions() {
    let dir = tempfile::tempdir().unwrap();
    assert!(backroom(dir.path(), &["migrate"], &[]).status.success());
    let key_path = dir.path().join("secret.key");
    let first = std::fs::read_to_string(&key_path).unwrap();
    assert_eq!(first.len(), 128);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key_path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(backroom(dir.path(), &["migrate"], &[]).status.success());
    assert_eq!(std::fs::read_to_string(&key_path).unwrap(), first);
}

#[test]
fn migrate_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let first = backroom(dir.path(), &["migrate"], &[]);
    let applied: usize = text(&first.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(applied >= 1, "{}", text(&first.stdout));
    let second = backroom(dir.path(), &["migrate"], &[]);
    assert!(text(&second.stdout).contains("0 migrations applied"));
}

#[test]
fn staff_can_be_added_listed_and_reset_from_the_shell() {
    let dir = tempfile::tempdir().unwrap();
    let password = [("BACKROOM_STAFF_PASSWORD", crate::common::PASSWORD)];
    let add = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "Boss@Shop.test",
            "--name",
            "Bo Boss",
            "--role",
            "owner",
        ],
        &password,
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    assert!(text(&add.stdout).contains("Created Bo Boss"));

    let duplicate = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "boss@shop.test",
            "--name",
            "Again",
            "--role",
            "clerk",
        ],
        &password,
    );
    assert_eq!(duplicate.status.code(), Some(1));
    assert!(text(&duplicate.stderr).contains("exists already"));

    let weak = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "weak@shop.test",
            "--name",
            "Weak",
            "--role",
            "clerk",
        ],
        &[("BACKROOM_STAFF_PASSWORD", "password1234")],
    );
    assert_eq!(weak.status.code(), Some(1));
    assert!(text(&weak.stderr).contains("password"));

    let bad_role = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "x@shop.test",
            "--name",
            "X",
            "--role",
            "admin",
        ],
        &password,
    );
    assert!(text(&bad_role.stderr).contains("role"));

    let no_password = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "y@shop.test",
            "--name",
            "Y",
            "--role",
            "clerk",
        ],
        &[],
    );
    assert_eq!(no_password.status.code(), Some(1));
    assert!(text(&no_password.stderr).contains("BACKROOM_STAFF_PASSWORD"));

    let list = text(&backroom(dir.path(), &["staff", "list"], &[]).stdout);
    assert!(
        list.contains("Boss@Shop.test") && list.contains("owner") && list.contains("active"),
        "{list}"
    );
    assert!(!list.contains("weak@"));

    let reset = backroom(
        dir.path(),
        &["staff", "reset-password", "--email", "boss@shop.test"],
        &[("BACKROOM_STAFF_PASSWORD", crate::common::OTHER_PASSWORD)],
    );
    assert!(reset.status.success(), "{}", text(&reset.stderr));
    let unknown = backroom(
        dir.path(),
        &["staff", "reset-password", "--email", "ghost@shop.test"],
        &password,
    );
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn backup_writes_a_consistent_copy_that_opens_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let demo = backroom(dir.path(), &["demo-data"], &[]);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let target = dir.path().join("copy.db");
    let backup = backroom(dir.path(), &["backup", target.to_str().unwrap()], &[]);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert!(text(&backup.stdout).contains("integrity check: ok"));
    // The copy is a working database with the same accounts.
    let list = backroom(
        dir.path(),
        &["staff", "list"],
        &[("BACKROOM_DATABASE_URL", target.to_str().unwrap())],
    );
    assert_eq!(
        text(&list.stdout).lines().count(),
        4,
        "{}",
        text(&list.stdout)
    );
    let again = backroom(dir.path(), &["backup", target.to_str().unwrap()], &[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("exists already"));
    let on_postgres = backroom(
        dir.path(),
        &["backup", "x.dump"],
        &[(
            "BACKROOM_DATABASE_URL",
            "postgres://postgres@127.0.0.1/postgres",
        )],
    );
    assert!(text(&on_postgres.stderr).contains("pg_dump"));
}

#[test]
fn the_database_its_journal_the_key_and_backups_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let add = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "o@shop.test",
            "--name",
            "O",
            "--role",
            "owner",
        ],
        &[("BACKROOM_STAFF_PASSWORD", crate::common::PASSWORD)],
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    let backup = dir.path().join("copy.db");
    let made = backroom(dir.path(), &["backup", backup.to_str().unwrap()], &[]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let mut checked = 0;
    for name in [
        "backroom.db",
        "backroom.db-wal",
        "backroom.db-shm",
        "secret.key",
        "copy.db",
    ] {
        let path = dir.path().join(name);
        if !path.exists() {
            continue;
        }
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name} is {mode:o}");
        checked += 1;
    }
    assert!(checked >= 3, "the database, the key and the backup exist");
}

#[test]
fn demo_data_is_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let first = text(&backroom(dir.path(), &["demo-data", "--seed", "7"], &[]).stdout);
    assert!(first.contains("4 demo accounts created"), "{first}");
    let second = text(&backroom(dir.path(), &["demo-data", "--seed", "7"], &[]).stdout);
    assert!(second.contains("no demo account needed"), "{second}");
    // The ledger, read in the order it was written, is in time order: "tracking started"
    // comes before the 90 days of history, not dated today below it.
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let url = format!("sqlite://{}", dir.path().join("backroom.db").display());
    let pool = backroom::db::connect(&url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    let count = |sql: &str, conn: &mut _| -> i64 {
        use diesel::RunQueryDsl;
        diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
    };
    let out_of_order = count(
        "SELECT count(*) AS n FROM (SELECT created_at, lag(created_at) OVER (ORDER BY id) AS before \
         FROM stock_movements) AS ledger WHERE before > created_at",
        &mut *conn,
    );
    assert_eq!(out_of_order, 0, "rows written later but dated earlier");
    let started = count(
        "SELECT count(*) AS n FROM stock_movements WHERE kind = 'tracking_started'",
        &mut *conn,
    );
    assert!(started > 0);
}

#[test]
fn demo_data_refuses_a_shop_with_staff_of_its_own_and_never_adds_a_second_owner() {
    let dir = tempfile::tempdir().unwrap();
    let password = [("BACKROOM_STAFF_PASSWORD", crate::common::PASSWORD)];
    let add = backroom(
        dir.path(),
        &[
            "staff",
            "add",
            "--email",
            "real@shop.test",
            "--name",
            "Rhea Real",
            "--role",
            "owner",
        ],
        &password,
    );
    assert!(add.status.success(), "{}", text(&add.stderr));
    let staff = || text(&backroom(dir.path(), &["staff", "list"], &[]).stdout);
    let before = staff();

    let refused = backroom(dir.path(), &["demo-data", "--products", "5"], &[]);
    assert_eq!(refused.status.code(), Some(1));
    let message = text(&refused.stderr);
    assert!(
        message.contains("1 staff account of its own") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(staff(), before, "nothing was added");

    let forced = backroom(
        dir.path(),
        &["demo-data", "--products", "5", "--force"],
        &[],
    );
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    let report = text(&forced.stdout);
    assert!(report.contains("kept the shop's name"), "{report}");
    assert!(report.contains("3 demo accounts created"), "{report}");
    assert!(
        report.contains("manager@demo.backroom.test") && !report.contains("owner@demo"),
        "it names the accounts it created: {report}"
    );
    let after = staff();
    let owners = after.lines().filter(|l| l.contains(" owner ")).count();
    assert_eq!(owners, 1, "one owner, the shop's own:\n{after}");
    assert!(!after.contains("owner@demo.backroom.test"), "{after}");
}

#[test]
fn serve_prints_the_setup_link_answers_health_checks_and_stops_on_sigterm() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let bind = format!("127.0.0.1:{port}");
    let mut child = Command::new(BIN)
        .env("BACKROOM_DATA_DIR", dir.path())
        .env("BACKROOM_BIND", &bind)
        // Info: request lines are logged while the banner is printed.
        .env("BACKROOM_LOG", "info")
        .env_remove("BACKROOM_DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut setup_url = None;
    let mut before_link = Vec::new();
    for _ in 0..10 {
        let Some(Ok(line)) = lines.next() else { break };
        before_link.push(line.clone());
        if let Some(at) = line.find("/setup/") {
            setup_url = Some(line[line.find("http").unwrap()..].trim().to_owned());
            assert!(line[at..].len() > 40);
            break;
        }
    }
    let setup_url = setup_url.expect("the setup link is printed");
    assert!(setup_url.starts_with(&format!("http://{bind}/setup/")));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let health = reqwest::get(format!("http://{bind}/healthz"))
            .await
            .unwrap();
        assert_eq!(health.status(), 200);
        assert_eq!(health.text().await.unwrap(), "ok");
        assert_eq!(reqwest::get(&setup_url).await.unwrap().status(), 200);
    });
    // SIGTERM: a graceful stop with exit code 0.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    // The link stands right under its sentence, with nothing logged in between, and a pipe
    // gets no colour codes.
    let intro = before_link.len() - 2;
    assert!(
        before_link[intro].starts_with("No staff account exists yet"),
        "{before_link:?}"
    );
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|l| l.contains("/healthz")),
        "request lines are logged: {rest:?}"
    );
    for line in before_link.iter().chain(&rest) {
        assert!(!line.contains('\u{1b}'), "colour codes in {line:?}");
    }
}

/// Each command's help shows the flags it takes: the server's only under `serve` (and the
/// top level), the data directory and database everywhere.
#[test]
fn each_command_shows_only_its_own_flags() {
    let dir = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| text(&backroom(dir.path(), args, &[]).stdout);
    let demo = help(&["demo-data", "--help"]);
    assert!(
        demo.contains("--seed") && demo.contains("--data-dir"),
        "{demo}"
    );
    for server_flag in [
        "--bind",
        "--secret-key",
        "--trust-proxy",
        "--session-idle-minutes",
    ] {
        assert!(!demo.contains(server_flag), "{server_flag}: {demo}");
    }
    let serve = help(&["serve", "--help"]);
    assert!(
        serve.contains("--bind") && serve.contains("--trust-proxy"),
        "{serve}"
    );
    assert!(!serve.contains("--seed"));
    // A server flag before another command would be ignored: it is refused instead.
    let refused = backroom(dir.path(), &["--bind", "127.0.0.1:9", "migrate"], &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("--bind is a server flag"));
    assert!(backroom(dir.path(), &["migrate"], &[]).status.success());
}

/// `backroom staff list | head -0`: the reader is gone before the list is written; the
/// command ends quietly instead of panicking with a backtrace.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    assert!(backroom(dir.path(), &["migrate"], &[]).status.success());
    for _ in 0..3 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_backroom"))
            .args(["staff", "list"])
            .env("BACKROOM_DATA_DIR", dir.path())
            .env("BACKROOM_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(output.status.code(), Some(0), "{stderr}");
    }
}

/// `backroom check` on a healthy ledger says so and exits 0; a level changed behind the
/// ledger's back is named and the exit code is 1.
#[test]
fn check_verifies_the_stock_ledger() {
    let dir = tempfile::tempdir().unwrap();
    assert!(backroom(dir.path(), &["migrate"], &[]).status.success());
    let fine = backroom(dir.path(), &["check"], &[]);
    assert!(fine.status.success(), "{}", text(&fine.stderr));
    assert!(text(&fine.stdout).contains("every level equals the sum of its movements"));
    // A level with no movements behind it: a variant whose stock was typed into the table.
    let url = format!("sqlite://{}", dir.path().join("backroom.db").display());
    let pool = backroom::db::connect(&url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    {
        use diesel::RunQueryDsl;
        for sql in [
            "INSERT INTO products (id, handle, title, description, status, vendor, product_type, tags, seo_title, seo_description, version, updated_by, created_at, updated_at) VALUES (1, 'x', 'X', '', 'draft', '', '', '', '', '', 1, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "INSERT INTO variants (id, product_id, sku, sku_key, price, position, created_at, updated_at) VALUES (1, 1, 'CHK-1', 'CHK-1', 100, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            "INSERT INTO stock_levels (variant_id, location_id, on_hand, updated_at) VALUES (1, 1, 7, CURRENT_TIMESTAMP)",
            "INSERT INTO stock_totals (variant_id, on_hand) VALUES (1, 7)",
        ] {
            diesel::sql_query(sql).execute(&mut *conn).unwrap();
        }
    }
    drop(conn);
    let broken = backroom(dir.path(), &["check"], &[]);
    assert_eq!(broken.status.code(), Some(1));
    let out = text(&broken.stdout);
    assert!(
        out.contains("CHK-1 at MAIN") && out.contains("stored on hand 7"),
        "{out}"
    );
    assert!(text(&broken.stderr).contains("1 difference"));
}
