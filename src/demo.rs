//! `backroom demo-data`: fills the database with a realistic shop for trying Backroom and for
//! the benchmarks. Generators run in order and are deterministic for a given seed; each area
//! adds its own to [`GENERATORS`]. Running it twice adds nothing twice.

use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::auth::Actor;
use crate::auth::Role;
use crate::auth::passwords;
use crate::config::DemoArgs;
use crate::db::{self, DbConnection};
use crate::domain::words::count;
use crate::error::AppError;
use crate::staff::{create_account, email_taken, list};

/// What a generator is given.
pub struct DemoContext<'a> {
    pub args: &'a DemoArgs,
    pub rng: StdRng,
    /// Staff accounts that are not the demo team's: the shop is someone's, not a demo.
    pub own_staff: i64,
}

/// How many staff accounts are not the demo team's.
fn own_staff(conn: &mut DbConnection) -> Result<i64, AppError> {
    let demo: Vec<&str> = DEMO_TEAM.iter().map(|(email, _, _)| *email).collect();
    Ok(list(conn)?
        .iter()
        .filter(|member| !demo.contains(&member.email_key.as_str()))
        .count() as i64)
}

type Generator = fn(&mut DbConnection, &mut DemoContext<'_>) -> Result<String, AppError>;

/// The generators, in dependency order.
const GENERATORS: &[(&str, Generator)] = &[
    ("shop", shop_settings),
    ("staff", staff_team),
    ("catalog", catalog),
    ("inventory", inventory),
    ("customers", customers),
];

fn customers(conn: &mut DbConnection, context: &mut DemoContext<'_>) -> Result<String, AppError> {
    let count = context.args.customers;
    crate::customers::generate_demo(conn, &mut context.rng, count)
}

fn inventory(conn: &mut DbConnection, context: &mut DemoContext<'_>) -> Result<String, AppError> {
    crate::inventory::generate_demo(conn, &mut context.rng)
}

fn catalog(conn: &mut DbConnection, context: &mut DemoContext<'_>) -> Result<String, AppError> {
    let count = context.args.products;
    crate::catalog::generate_demo(conn, &mut context.rng, count)
}

/// Runs every generator; returns one report line each. A database with staff of its own (not
/// the demo team) is refused unless `--force`: demo data would rename the shop and add accounts
/// whose password is published.
pub fn run(conn: &mut DbConnection, args: &DemoArgs) -> Result<Vec<String>, AppError> {
    let own_staff = own_staff(conn)?;
    if own_staff > 0 && !args.force {
        return Err(AppError::Conflict(format!(
            "this database has {} of its own. demo-data would rename the shop and add \
             accounts with the public demo password, so it changed nothing. Use a new data directory for a demo \
             shop, or pass --force to add the demo catalog and team anyway (the shop's name is kept and no second \
             owner is created).",
            count(own_staff, "staff account", "staff accounts")
        )));
    }
    let mut context = DemoContext {
        args,
        rng: StdRng::seed_from_u64(args.seed),
        own_staff,
    };
    let mut report = Vec::new();
    for (name, generator) in GENERATORS {
        let line = generator(conn, &mut context)?;
        report.push(format!("{name}: {line}"));
    }
    Ok(report)
}

fn shop_settings(
    conn: &mut DbConnection,
    context: &mut DemoContext<'_>,
) -> Result<String, AppError> {
    if context.own_staff > 0 {
        return Ok("kept the shop's name".into());
    }
    db::write(conn, |c| {
        Ok(crate::shop::set_name(c, "Northwind Outfitters")?)
    })?;
    Ok("named the shop Northwind Outfitters".into())
}

/// The demo team: one account per role, all with the demo password.
pub const DEMO_TEAM: [(&str, &str, Role); 4] = [
    ("owner@demo.backroom.test", "Olivia Owner", Role::Owner),
    ("manager@demo.backroom.test", "Marco Manager", Role::Manager),
    ("clerk@demo.backroom.test", "Chloe Clerk", Role::Clerk),
    ("viewer@demo.backroom.test", "Victor Viewer", Role::Viewer),
];

fn staff_team(conn: &mut DbConnection, context: &mut DemoContext<'_>) -> Result<String, AppError> {
    passwords::check_policy(&context.args.password, &[])
        .map_err(|m| AppError::Validation(format!("demo password: {m}")))?;
    let hash = passwords::hash(&context.args.password).map_err(AppError::Unexpected)?;
    let mut created: Vec<&str> = Vec::new();
    db::write(conn, |c| {
        created.clear();
        // One owner at most: a shop that has one gets no demo owner.
        let has_owner = list(c)?.iter().any(|member| member.role == Role::Owner);
        for (email, name, role) in DEMO_TEAM {
            if email_taken(c, email)? || (role == Role::Owner && has_owner) {
                continue;
            }
            create_account(c, &Actor::command_line(), email, name, role, &hash)?;
            created.push(email);
        }
        Ok(())
    })?;
    // Names the accounts it made: a shop with an owner gets no demo owner.
    Ok(if created.is_empty() {
        "no demo account needed (they exist)".to_owned()
    } else {
        format!(
            "{} created ({})",
            count(created.len() as i64, "demo account", "demo accounts"),
            created.join(", ")
        )
    })
}
