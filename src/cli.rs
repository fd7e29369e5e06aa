//! The command line: everything that is not the counter screen. Errors go to stderr; exit 2
//! for bad input, 1 for everything else.

pub mod manager;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::domain::Role;
use crate::store::import::{ImportReport, ImportRules};
use crate::store::stock::{MovementKind, parse_quantity};
use crate::store::{Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "ringup",
    version,
    about = "Keyboard-only point-of-sale for the trade counter"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    /// Run on the demo database (created from the built-in demo catalog if missing).
    #[arg(long)]
    pub demo: bool,
    /// Fill in the user name on the sign-in screen.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Config file (default: RINGUP_CONFIG, else the platform config dir).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database file (default: [database] path, else ringup.db in the data dir).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty store database.
    Init,
    /// Load or update records from a CSV file (idempotent by SKU / account).
    Import {
        kind: ImportKind,
        file: PathBuf,
        /// Write the good rows even when some are bad (the bad ones are listed).
        #[arg(long)]
        skip_bad: bool,
    },
    /// Record a stock receipt (or, with --count, a count correction).
    Receive {
        sku: String,
        qty: String,
        #[arg(long, value_name = "L")]
        location: Option<String>,
        /// A supplier's delivery note or other reference.
        #[arg(long, default_value = "cli")]
        reference: String,
    },
    /// Verify every stock and money invariant; exit 1 if any fails.
    Check,
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Generate a large store for trying ringup at scale.
    DemoData {
        #[arg(long, default_value_t = 1000)]
        products: u64,
        #[arg(long, default_value_t = 100)]
        customers: u64,
        #[arg(long, default_value_t = 0)]
        orders: u64,
    },
    #[command(flatten)]
    Manager(manager::ManagerCommand),
}

/// Output format of documents and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// Prints a document as JSON, or as text from `text` for the table form.
pub fn print_doc<T: serde::Serialize>(
    out: &mut impl Write,
    format: Format,
    doc: &T,
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(doc)?)?,
        Format::Table | Format::Csv => write!(out, "{}", text())?,
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    Products,
    Customers,
    /// Customer special prices: account,sku,price.
    Prices,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user (or reset one); the PIN is read from stdin.
    Add {
        name: String,
        #[arg(long, value_parser = ["clerk", "manager"])]
        role: String,
    },
    /// List users.
    List,
}

/// An error that is the caller's input, not the machine's fault: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// What a command needs: the checked config and the database path.
pub struct Context {
    pub config: Config,
    pub db_path: PathBuf,
}

impl Context {
    pub fn load(global: &Global) -> anyhow::Result<Context> {
        let config = Config::load(global.config.as_deref()).map_err(|e| BadInput(e.to_string()))?;
        let db_path = global.db.clone().unwrap_or_else(|| config.database_path());
        Ok(Context { config, db_path })
    }

    /// Opens the store, creating and migrating it as needed.
    pub fn open(&self) -> anyhow::Result<Store> {
        let store = Store::open_with(&self.db_path, self.config.database.synchronous)
            .with_context(|| format!("opening {}", self.db_path.display()))?;
        store.ensure_location(&self.config.store.location)?;
        Ok(store)
    }

    /// Opens an existing store; a missing file is bad input, not a new empty store.
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        if !self.db_path.exists() {
            return Err(BadInput(format!(
                "no database at {} (create one with `ringup init` or `ringup --demo`)",
                self.db_path.display()
            ))
            .into());
        }
        self.open()
    }

    pub fn import_rules(&self, skip_bad: bool) -> ImportRules {
        ImportRules {
            minor_units: self.config.store.minor_units,
            default_location: self.config.store.location.clone(),
            tax_classes: self.config.tax.rates.keys().cloned().collect(),
            skip_bad,
        }
    }
}

/// Maps an error to its exit code and prints it.
pub fn report_error(err: &anyhow::Error) -> ExitCode {
    eprintln!("ringup: {err:#}");
    if is_bad_input(err) {
        ExitCode::from(2)
    } else {
        ExitCode::from(1)
    }
}

fn is_bad_input(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<BadInput>().is_some()
            || e.downcast_ref::<StoreError>()
                .is_some_and(|s| s.is_bad_input() || matches!(s, StoreError::TooNew { .. }))
    })
}

/// Runs a command that is not the screen.
pub fn run(command: Command, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Manager(command) => {
            drop(out);
            return manager::run(command, ctx);
        }
        Command::Init => {
            let existed = ctx.db_path.exists();
            let store = ctx.open()?;
            writeln!(
                out,
                "{} {} (schema version {})",
                if existed {
                    "opened existing"
                } else {
                    "created"
                },
                ctx.db_path.display(),
                store.schema_version()?
            )?;
        }
        Command::Import {
            kind,
            file,
            skip_bad,
        } => {
            let mut store = ctx.open()?;
            let reader = std::fs::File::open(&file)
                .map_err(|e| BadInput(format!("cannot read {}: {e}", file.display())))?;
            let rules = ctx.import_rules(skip_bad);
            let report = match kind {
                ImportKind::Products => store.import_products(reader, &rules)?,
                ImportKind::Customers => store.import_customers(reader, &rules)?,
                ImportKind::Prices => store.import_special_prices(reader, &rules)?,
            };
            return print_import(&mut out, &file, &report);
        }
        Command::Receive {
            sku,
            qty,
            location,
            reference,
        } => {
            let qty = parse_quantity("QTY", &qty)?;
            let location = location.unwrap_or_else(|| ctx.config.store.location.clone());
            let mut store = ctx.open_existing()?;
            let level = store.receive(&sku, qty, &location, MovementKind::Receipt, &reference)?;
            writeln!(
                out,
                "received {qty} of {sku} at {location}: on hand {}, available {}",
                level.on_hand,
                level.available()
            )?;
        }
        Command::Check => {
            let store = ctx.open_existing()?;
            let findings = store.check()?;
            if findings.is_empty() {
                writeln!(out, "ok: every invariant holds")?;
            } else {
                for f in &findings {
                    eprintln!("FAIL {f}");
                }
                eprintln!("{} invariant failure(s)", findings.len());
                return Ok(ExitCode::from(1));
            }
        }
        Command::User { command } => {
            let mut store = ctx.open()?;
            match command {
                UserCommand::Add { name, role } => {
                    let role = Role::parse(&role).ok_or_else(|| {
                        BadInput(format!("--role '{role}': use clerk or manager"))
                    })?;
                    let pin = read_pin()?;
                    let user = store.add_user(&name, role, &pin)?;
                    writeln!(out, "user {} ({}) saved", user.name, user.role.as_str())?;
                }
                UserCommand::List => {
                    for u in store.users()? {
                        writeln!(out, "{}\t{}", u.name, u.role.as_str())?;
                    }
                }
            }
        }
        Command::DemoData {
            products,
            customers,
            orders,
        } => {
            if orders > 0 {
                return Err(BadInput(
                    "--orders: generating customer orders is not available yet".into(),
                )
                .into());
            }
            let mut store = ctx.open()?;
            let started = std::time::Instant::now();
            store.generate(products, customers, &ctx.config.store.location)?;
            writeln!(
                out,
                "generated {products} products and {customers} customers in {:.1?} into {}",
                started.elapsed(),
                ctx.db_path.display()
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_import(
    out: &mut impl Write,
    file: &Path,
    report: &ImportReport,
) -> anyhow::Result<ExitCode> {
    for e in &report.bad_rows {
        eprintln!("{}: {e}", file.display());
    }
    if report.committed {
        writeln!(
            out,
            "imported {} row(s) from {}{}",
            report.written,
            file.display(),
            if report.bad_rows.is_empty() {
                String::new()
            } else {
                format!(", skipped {} bad row(s)", report.bad_rows.len())
            }
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} bad row(s): nothing imported (fix them, or use --skip-bad to import the good rows)",
            report.bad_rows.len()
        );
        Ok(ExitCode::from(2))
    }
}

/// Reads a PIN from stdin (one line), without echo handling: it is meant for pipes and
/// scripts as much as for people.
fn read_pin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let pin = line.trim_end_matches(['\r', '\n']).to_string();
    crate::store::users::check_pin(&pin)?;
    Ok(pin)
}
