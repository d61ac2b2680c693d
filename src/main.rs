use std::process::ExitCode;

/// mimalloc gives freed memory back to the system (glibc's allocator kept a gigabyte after a
/// burst of large uploads; see `benches/memory.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use backroom::cli;
use backroom::config::{Cli, Command, Settings};

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v2): how long freed memory is kept before
/// it goes back to the system. The default (10 ms) purges only when the freeing thread next
/// allocates, and the threads that decode uploads then sit idle holding it: at 0 the memory of a
/// burst of uploads is returned at once (measured in `benches/memory.rs`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Blocks of this size and more that the C libraries (SQLite, libpq) allocate through glibc
/// are mapped on their own and unmapped when freed. glibc's default threshold grows up to 32 MB
/// as large blocks are freed, so a 19 MB upload stored through SQLite stayed in a per-thread
/// arena for good: measured, 167 MiB held a minute after the burst of `benches/memory.rs`
/// fell to 100 MiB.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const GLIBC_MMAP_THRESHOLD: libc::c_int = 128 * 1024;

fn main() -> ExitCode {
    // SAFETY: sets one of mimalloc's documented options, by value, before the server starts any
    // thread; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` takes two integers and changes only glibc's tuning; it is called before
    // any other thread exists. A fixed threshold also turns off its dynamic growth.
    // `PR_SET_THP_DISABLE` keeps this process's memory in 4 KB pages: with transparent huge
    // pages, mimalloc's arena was backed by 2 MB pages that a few live objects keep resident
    // (measured at 100,000 products under 32 connections: peak RSS 138 → 88 MB, same speed).
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, GLIBC_MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, GLIBC_MMAP_THRESHOLD);
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let (command, args) = Cli::read();
    // The port first: a start that cannot listen leaves no file behind. (An address that does
    // not parse is left to the configuration check below.)
    let listener = match command {
        Command::Serve(_) if args.bind.parse::<std::net::SocketAddr>().is_ok() => {
            match cli::listen(&args.bind) {
                Ok(listener) => Some(listener),
                Err(error) => {
                    eprintln!("backroom: {error}");
                    return ExitCode::from(1);
                }
            }
        }
        _ => None,
    };
    let settings = match Settings::load(&args) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("backroom: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    // Held to the end of `main`: dropping it flushes the log lines still queued.
    let _log_flush = match cli::init_logging(&args.log_level) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("backroom: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    let outcome = match command {
        Command::Serve(_) => match listener {
            Some(listener) => cli::serve(settings, listener),
            None => Err("no listener".to_owned()),
        },
        Command::Migrate => cli::migrate(&settings),
        Command::Staff(command) => cli::staff(&settings, command),
        Command::ApiToken(command) => cli::api_token(&settings, command),
        Command::Backup { file } => cli::backup(&settings, &file),
        Command::DemoData(demo) => cli::demo_data(&settings, &demo),
        Command::Check => cli::check(&settings),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("backroom: {error}");
            ExitCode::from(1)
        }
    }
}
