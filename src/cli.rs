//! The command line: everything that is not the counter screen. Errors go to stderr; exit 2
//! for bad input, 1 for everything else.

pub mod auth;
pub mod day;
pub mod manager;
pub mod migrate;
pub mod parked;
pub mod pay;
pub mod po;
mod progress;
pub mod returns;
pub mod sale;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use serde::Serialize;

use crate::clock::Clock;
use crate::config::Config;
use crate::domain::pricing::{Basis, line_charge};
use crate::domain::{Customer, Money, Role};
use crate::store::check::Depth;
use crate::store::import::{ImportReport, ImportRules};
use crate::store::stock::parse_quantity;
use crate::store::{Store, StoreError, Target};

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
    /// Open the store, draw the first frame of the screen off-terminal, print the peak
    /// memory and exit: how `ringup bench` times start-up.
    #[arg(long, hide = true)]
    pub first_frame: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// Config file (default: RINGUP_CONFIG, else the platform config dir).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database file, or a PostgreSQL URL postgres://USER@HOST/DB (default: RINGUP_DB,
    /// else [database] url or path, else ringup.db in the data dir).
    #[arg(long, global = true, value_name = "FILE|URL", env = "RINGUP_DB")]
    pub db: Option<String>,
    /// Who does it: a command that writes checks this user's PIN (from RINGUP_PIN, or a
    /// prompt on a terminal) and role; the screen fills in the sign-in name.
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// A manager who approves what the policy asks a manager for (a refund above the limit,
    /// a return without an invoice, on account over the limit...); the manager's PIN comes
    /// from RINGUP_APPROVER_PIN, or a prompt on a terminal.
    #[arg(long, global = true, value_name = "NAME")]
    pub approved_by: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty store database.
    Init,
    /// Load or update records from a CSV file (idempotent by SKU / account).
    ///
    /// The file is UTF-8 (a byte order mark before the header is skipped). Every bad row is
    /// listed with its line, field and value, and nothing is written while any is: a field
    /// of more than 200 characters, or holding a control character (NUL, tab, line break,
    /// escape) or an invisible one (bidirectional overrides and isolates, zero-width
    /// characters), a number with a sign, an exponent or separators, a price above
    /// 1000000000.
    Import {
        kind: ImportKind,
        /// Products: sku,barcode,description,price,breaks,on_hand,location,min_stock,
        /// reorder_qty,supplier,tax_class[,supplier_sku,cost]; customers:
        /// account,name,phone,email,credit_limit,price_level_pct.
        file: PathBuf,
        /// Write the good rows even when some are bad (the bad ones are listed).
        #[arg(long)]
        skip_bad: bool,
    },
    /// Record a stock receipt.
    Receive {
        sku: String,
        #[arg(allow_hyphen_values = true)]
        qty: String,
        #[arg(long, value_name = "L")]
        location: Option<String>,
        /// A supplier's delivery note or other reference.
        #[arg(long, default_value = "cli")]
        reference: String,
    },
    /// Record a stock count: on hand becomes QTY; promises it no longer covers go back to
    /// backordered, newest first.
    Count {
        sku: String,
        #[arg(allow_hyphen_values = true)]
        qty: String,
        #[arg(long, value_name = "L")]
        location: Option<String>,
    },
    /// What the counter would charge now and later for QTY units when N are available.
    PriceCheck {
        sku: String,
        #[arg(allow_hyphen_values = true)]
        qty: String,
        /// Units available now (default: the stock available at this location).
        #[arg(long, value_name = "N")]
        available: Option<String>,
        /// Price for this customer's account (special prices, level discount).
        #[arg(long, value_name = "ACCT")]
        customer: Option<String>,
        /// How a partly delivered line is charged (default: from the config).
        #[arg(long, value_enum)]
        basis: Option<BasisArg>,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Copy this store (a SQLite file) into an empty PostgreSQL database, then check both
    /// and compare their figures; needs a manager.
    MigrateStore(migrate::MigrateArgs),
    /// Verify every stock and money invariant; exit 1 if any fails. Opens the file
    /// read-only: it never creates, migrates or repairs anything.
    Check {
        /// Only the fast checks (a daily cron on a big store): SQLite's quick_check, stock,
        /// committed units, orders, invoice numbers, tenders and deposits. Without it, every
        /// document is reconciled with the others and with the audit log.
        #[arg(long)]
        quick: bool,
    },
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
        /// Add generated data to a store that already has products or sales.
        #[arg(long)]
        force: bool,
    },
    /// Measure this store's speed on this machine: lookups, search, F7, reports, a sale's
    /// commit against the floor of its writes, import, a frame, start-up and memory. Works on
    /// a generated store in a temporary directory, or on a copy of --db.
    Bench {
        /// Products in the generated store.
        #[arg(long, default_value_t = 100_000)]
        products: u64,
        /// Open customer orders in the generated store (rung through the sale path).
        #[arg(long, default_value_t = 1_000)]
        orders: u64,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Purchase orders to suppliers: suggest, create, add, show, list, receive, cancel.
    Po {
        #[command(subcommand)]
        command: po::PoCommand,
    },
    /// The end of the day: the X report so far, closing the day (Z), a closed day again.
    Day {
        #[command(subcommand)]
        command: day::DayCommand,
    },
    /// Ring a whole sale from the command line or a script (phone and web orders), by the
    /// counter's rules; prints the invoice (and order) number.
    Sale(sale::SaleArgs),
    /// Take a payment on account (cash or card) against what a customer owes; prints the
    /// payment number and the new balance, and the receipt.
    Pay(pay::PayArgs),
    /// Take back delivered goods against their invoice (SKU:QTY...), refunded the invoice's
    /// way or by --refund cash|card|account; prints the return number and the refund.
    Return(returns::ReturnArgs),
    /// A payment on account again.
    Payment {
        #[command(subcommand)]
        command: pay::PaymentCommand,
    },
    /// Parked sales and quotes of every terminal, newest first.
    Parked {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// A quote again.
    Quote {
        #[command(subcommand)]
        command: parked::QuoteCommand,
    },
    /// Print a document again through the receipt output, marked COPY (the drawer stays
    /// shut): an invoice (sale, final, refund or return), a payment on account, a quote, or
    /// a closed day's Z report.
    Reprint { kind: ReprintKind, number: i64 },
    #[command(flatten)]
    Manager(manager::ManagerCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReprintKind {
    Invoice,
    Payment,
    Quote,
    Day,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BasisArg {
    Split,
    Order,
    Shipped,
}

impl From<BasisArg> for Basis {
    fn from(b: BasisArg) -> Basis {
        match b {
            BasisArg::Split => Basis::Split,
            BasisArg::Order => Basis::Order,
            BasisArg::Shipped => Basis::Shipped,
        }
    }
}

pub use crate::present::reports::Format;

/// Prints a document as JSON (its times in the store's `zone`), or as text from `text` for
/// the table form.
pub fn print_doc<T: serde::Serialize>(
    out: &mut impl Write,
    format: Format,
    (doc, zone): (&T, &jiff::tz::TimeZone),
    text: impl FnOnce() -> String,
) -> anyhow::Result<()> {
    match format {
        Format::Json => writeln!(out, "{}", crate::present::json(doc, zone)?)?,
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
    /// Suppliers: code,name,phone,email,lead_time_days.
    Suppliers,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user; the new user's PIN is read from stdin. A manager's --user is needed
    /// once the store has users.
    Add {
        name: String,
        #[arg(long, value_parser = ["clerk", "manager"])]
        role: String,
    },
    /// Change a user's PIN (read from stdin); needs a manager.
    Pin { name: String },
    /// Change a user's role; needs a manager.
    Role {
        name: String,
        #[arg(value_parser = ["clerk", "manager"])]
        role: String,
    },
    /// Stop a user signing in or approving (someone who has left); needs a manager.
    /// Their name stays on every document they rang.
    Disable { name: String },
    /// Let a disabled user sign in again; needs a manager.
    Enable { name: String },
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
    /// The store: a SQLite file or a PostgreSQL URL.
    pub db: Target,
    /// The database was named with `--db` (not taken from the config or the data dir).
    pub db_given: bool,
    /// `--user`: who runs a writing command.
    pub user: Option<String>,
    /// `--approved-by`: the manager who approves what the policy asks of one.
    pub approved_by: Option<String>,
    /// The machine's clock in the store's time zone: the one clock of this process.
    pub clock: Clock,
    /// `--demo`: the store is the demo one, made from the demo catalog when missing.
    pub demo: bool,
}

impl Context {
    pub fn load(global: &Global) -> anyhow::Result<Context> {
        crate::private::restrict_new_files();
        let config = Config::load(global.config.as_deref()).map_err(|e| BadInput(e.to_string()))?;
        crate::outputs::check(&config).map_err(|e| BadInput(e.to_string()))?;
        let db = match &global.db {
            Some(text) => Target::parse(text),
            None => config.database_target(),
        };
        // Every amount of this process is rounded and parsed to the currency's places.
        crate::domain::Money::set_scale(config.store.minor_units);
        let data = &config.data_dir;
        for path in [data.clone(), data.join("receipts"), data.join("ringup.log")] {
            crate::private::make_private(&path)
                .with_context(|| format!("making {} private", path.display()))?;
        }
        Ok(Context {
            clock: Clock::system(config.store.time_zone.clone()),
            config,
            db,
            db_given: global.db.is_some(),
            user: global.user.clone(),
            approved_by: global.approved_by.clone(),
            demo: false,
        })
    }

    /// With `--demo`: the store is `demo.db` in the data directory (or the one `--db`
    /// names), made from the demo catalog when it is missing, for the screen and every
    /// command alike.
    pub fn with_demo(mut self) -> Context {
        if !self.db_given {
            self.db = Target::File(self.config.data_dir.join("demo.db"));
        }
        self.demo = true;
        self
    }

    /// Opens the store that is there and brings its schema up to date; only `init` and
    /// `--demo` make one. A missing or empty file, a directory, a FIFO or a read-only file is
    /// refused in plain words, and nothing is written.
    pub fn open(&self) -> anyhow::Result<Store> {
        if self.demo {
            return self.open_demo();
        }
        let store = Store::open_existing(&self.db, self.config.database.synchronous)
            .map_err(|e| opening(&self.db, e))?;
        self.configure(store)
    }

    /// Opens the store, making it when there is none (`ringup init`).
    pub fn create(&self) -> anyhow::Result<Store> {
        let store = Store::open_target(&self.db, self.config.database.synchronous)
            .map_err(|e| opening(&self.db, e))?;
        self.configure(store)
    }

    /// Opens the demo store, filling it from the demo catalog the first time.
    fn open_demo(&self) -> anyhow::Result<Store> {
        let fresh = !Store::exists(&self.db)?;
        let mut store = self.create()?;
        if fresh || store.product_count()? == 0 {
            // A store being made has no users yet: its maker is its manager.
            store.load_demo(&self.import_rules(false, auth::NO_USERS_NAME))?;
            tracing::info!(path = %self.db, "demo database created");
        }
        Ok(store)
    }

    /// Hands an open store this terminal's settings and clock.
    fn configure(&self, mut store: Store) -> anyhow::Result<Store> {
        store.set_pin_policy(self.config.security.pins);
        store.set_order_rules(self.config.order_rules());
        store.set_limits(self.config.limits());
        store.set_clock(self.clock.clone());
        store.ensure_location(&self.config.store.location)?;
        Ok(store)
    }

    /// Opens an existing store and checks that `--user` may do `what` (a manager's job).
    pub fn open_as_manager(&self, what: &str) -> anyhow::Result<(Store, String)> {
        let mut store = self.open_existing()?;
        let user = auth::manager_work(&mut store, self.user.as_deref(), what)?;
        Ok((store, user))
    }

    /// Opens an existing store; a missing file is bad input, not a new empty store.
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        self.open()
    }

    pub fn import_rules(&self, skip_bad: bool, user: &str) -> ImportRules {
        ImportRules {
            default_location: self.config.store.location.clone(),
            tax_classes: self.config.tax.rates.keys().cloned().collect(),
            skip_bad,
            user: user.to_string(),
        }
    }
}

/// An error opening `target`: named with it, unless it names the store itself.
pub fn opening(target: &Target, e: StoreError) -> anyhow::Error {
    match e.is_unusable_store() {
        true => anyhow::Error::new(e),
        false => anyhow::Error::new(e).context(format!("opening {target}")),
    }
}

/// Maps an error to its exit code and prints it.
pub fn report_error(err: &anyhow::Error) -> ExitCode {
    // `ringup report reorder | head -1`: the reader has what it wanted; end quietly.
    let broken_pipe = err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
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
                .is_some_and(|s| s.is_bad_input() || s.is_unusable_store())
    })
}

/// Runs a command that is not the screen.
pub fn run(command: Command, ctx: &Context) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Bench {
            products,
            orders,
            format,
        } => {
            let opts = crate::bench::BenchOptions {
                products,
                orders,
                db: ctx.db_given.then(|| ctx.db.clone()),
                config: ctx.config.clone(),
                exe: std::env::current_exe()?,
            };
            let report = crate::bench::run(&opts, progress::Bar::boxed)?;
            match format {
                Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
                Format::Table | Format::Csv => write!(out, "{}", crate::bench::table(&report))?,
            }
        }
        Command::Sale(args) => {
            drop(out);
            return sale::run(args, ctx);
        }
        Command::Pay(args) => {
            drop(out);
            return pay::run(args, ctx);
        }
        Command::Return(args) => {
            drop(out);
            return returns::run(args, ctx);
        }
        Command::Payment { command } => {
            drop(out);
            return pay::show(command, ctx);
        }
        Command::Parked { format } => {
            drop(out);
            return parked::list(format, ctx);
        }
        Command::Quote { command } => {
            drop(out);
            return parked::quote(command, ctx);
        }
        Command::Reprint { kind, number } => {
            use crate::counter::print::Reprint;
            let store = ctx.open_existing()?;
            let what = match kind {
                ReprintKind::Invoice => Reprint::Invoice(number),
                ReprintKind::Payment => Reprint::Payment(number),
                ReprintKind::Quote => Reprint::Quote(number),
                ReprintKind::Day => Reprint::Day(number),
            };
            match crate::counter::print::reprint(&store, &ctx.config, what) {
                Ok(path) => writeln!(out, "copy printed to {}", path.display())?,
                Err(crate::counter::Error::Store(e)) => return Err(e.into()),
                Err(e) => return Err(anyhow::anyhow!("{e}")),
            }
        }
        Command::Po { command } => {
            drop(out);
            return po::run(command, ctx);
        }
        Command::Day { command } => {
            drop(out);
            return day::run(command, ctx);
        }
        Command::MigrateStore(args) => {
            drop(out);
            return migrate::run(args, ctx);
        }
        Command::Manager(command) => {
            drop(out);
            return manager::run(command, ctx);
        }
        Command::Init => {
            let existed = Store::exists(&ctx.db)?;
            let store = match ctx.demo {
                true => ctx.open()?,
                false => ctx.create()?,
            };
            writeln!(
                out,
                "{} {} (schema version {})",
                if existed {
                    "opened existing"
                } else {
                    "created"
                },
                ctx.db,
                store.schema_version()?
            )?;
        }
        Command::Import {
            kind,
            file,
            skip_bad,
        } => {
            let mut store = ctx.open()?;
            let user = auth::manager_work(&mut store, ctx.user.as_deref(), "import")?;
            let reader = std::fs::File::open(&file)
                .map_err(|e| BadInput(format!("cannot read {}: {e}", file.display())))?;
            let rules = ctx.import_rules(skip_bad, &user);
            store.report_progress(progress::Bar::boxed());
            let report = match kind {
                ImportKind::Products => store.import_products(reader, &rules)?,
                ImportKind::Customers => store.import_customers(reader, &rules)?,
                ImportKind::Prices => store.import_special_prices(reader, &rules)?,
                ImportKind::Suppliers => store.import_suppliers(reader, &rules)?,
            };
            return print_import(&mut out, &file, &report);
        }
        Command::Receive {
            sku,
            qty,
            location,
            reference,
        } => {
            drop(out);
            // The receipt then fills or lists the orders waiting for the product.
            return manager::receive(ctx, &sku, &qty, location, &reference);
        }
        Command::Count { sku, qty, location } => {
            let counted = crate::domain::stock::parse_count("QTY", &qty)
                .map_err(|e| BadInput(e.to_string()))?;
            let location = location.unwrap_or_else(|| ctx.config.store.location.clone());
            let (mut store, user) = ctx.open_as_manager("count stock")?;
            let outcome = store.count(&sku, counted, &location, &user)?;
            let sku = store.require_product(&sku)?.sku;
            writeln!(
                out,
                "counted {counted} of {sku} at {location} (was {}): on hand {}, committed {}",
                outcome.before, outcome.on_hand, outcome.committed
            )?;
            for u in &outcome.unpromised {
                writeln!(
                    out,
                    "order {} line {}: {} of {} back to backordered (the count no longer covers them)",
                    u.order, u.line_no, u.qty, u.sku
                )?;
                if let Some(call) = &u.call_back {
                    writeln!(
                        out,
                        "  call back {} ({}): told order {} is ready by {} on {}",
                        call.customer,
                        crate::present::contact(&call.phone, &call.email),
                        u.order,
                        call.told.via,
                        call.told.at
                    )?;
                }
            }
        }
        Command::PriceCheck {
            sku,
            qty,
            available,
            customer,
            basis,
            format,
        } => {
            let qty = parse_quantity("QTY", &qty)?;
            let available = available
                .map(|a| match a.trim().parse::<i64>() {
                    Ok(n) if (0..=1_000_000).contains(&n) => Ok(n),
                    _ => Err(BadInput(format!(
                        "--available '{a}': must be a whole number from 0 to 1,000,000"
                    ))),
                })
                .transpose()?;
            let store = ctx.open_existing()?;
            let customer = customer.map(|a| store.require_customer(&a)).transpose()?;
            let basis = basis.map_or(ctx.config.backorders.price_break_basis, Basis::from);
            let check = price_check(&store, ctx, &sku, qty, available, customer.as_ref(), basis)?;
            match format {
                Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&check)?)?,
                Format::Table | Format::Csv => write!(out, "{}", check.table())?,
            }
        }
        Command::Check { quick } => {
            let depth = match quick {
                true => Depth::Quick,
                false => Depth::Full,
            };
            let mut store = match Store::open_to_check(&ctx.db) {
                Ok(store) => store,
                // What is there is no store to check: the check fails (exit 1).
                Err(e @ StoreError::NotAStore { .. }) => {
                    eprintln!("ringup: {e}");
                    return Ok(ExitCode::from(1));
                }
                Err(e) => return Err(e.into()),
            };
            store.set_clock(ctx.clock.clone());
            let damage = store.integrity_problems(depth)?;
            if !damage.is_empty() {
                for problem in &damage {
                    eprintln!("FAIL the database file is damaged: {problem}");
                }
                eprintln!(
                    "{} problem(s) in the file itself; restore from a backup before trusting any figure",
                    damage.len()
                );
                return Ok(ExitCode::from(1));
            }
            let findings = store.check_with(ctx.config.backorders.price_break_basis, depth)?;
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
                    let by = auth::manager_work(&mut store, ctx.user.as_deref(), "add a user")?;
                    let pin = read_pin()?;
                    let user = store.add_user_by(&name, role, &pin, &by)?;
                    writeln!(out, "user {} ({}) saved", user.name, user.role.as_str())?;
                }
                UserCommand::Pin { name } => {
                    let by = auth::manager_work(&mut store, ctx.user.as_deref(), "change a PIN")?;
                    let pin = read_pin()?;
                    store.set_pin(&name, &pin, &by)?;
                    writeln!(out, "PIN of {name} changed")?;
                }
                UserCommand::Role { name, role } => {
                    let role = Role::parse(&role)
                        .ok_or_else(|| BadInput(format!("ROLE '{role}': use clerk or manager")))?;
                    let by = auth::manager_work(&mut store, ctx.user.as_deref(), "change a role")?;
                    // A clerk made a manager needs a manager's PIN: read it like `user pin`.
                    let promoted = store.promotes(&name, role)?;
                    let pin = if promoted { Some(read_pin()?) } else { None };
                    store.set_role(&name, role, pin.as_deref(), &by)?;
                    writeln!(out, "{name} is now a {}", role.as_str())?;
                }
                UserCommand::Disable { ref name } | UserCommand::Enable { ref name } => {
                    let disable = matches!(command, UserCommand::Disable { .. });
                    let what = if disable {
                        "disable a user"
                    } else {
                        "enable a user"
                    };
                    let by = auth::manager_work(&mut store, ctx.user.as_deref(), what)?;
                    store.set_disabled(name, disable, &by)?;
                    let now = if disable { "disabled" } else { "enabled" };
                    writeln!(out, "{name} {now}")?;
                }
                UserCommand::List => {
                    let disabled = store.disabled_users()?;
                    for u in store.users()? {
                        let note = match disabled.contains(&u.name) {
                            true => "\tdisabled",
                            false => "",
                        };
                        writeln!(out, "{}\t{}{note}", u.name, u.role.as_str())?;
                    }
                }
            }
        }
        Command::DemoData {
            products,
            customers,
            orders,
            force,
        } => {
            let mut store = ctx.open()?;
            auth::manager_work(&mut store, ctx.user.as_deref(), "generate demo data")?;
            let (products_now, invoices_now) = store.size()?;
            if (products_now > 0 || invoices_now > 0) && !force {
                return Err(BadInput(format!(
                    "{} already has {products_now} products and {invoices_now} invoices; demo-data adds generated products and sales to it only with --force",
                    ctx.db
                ))
                .into());
            }
            let started = std::time::Instant::now();
            let location = &ctx.config.store.location;
            store.report_progress(progress::Bar::boxed());
            store.generate(products, customers, location)?;
            let rules = crate::domain::sale::Rules {
                // Generated orders exist to have backorders, whatever the counter allows.
                allow_on_invoice: true,
                ..ctx.config.sale_rules()
            };
            store.generate_orders(orders, &rules, &ctx.config.tax.rates, location)?;
            writeln!(
                out,
                "generated {products} products, {customers} customers and {orders} orders in {:.1?} into {}",
                started.elapsed(),
                ctx.db
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The answer of `ringup price-check`, with the JSON fields of the spec.
#[derive(Debug, Serialize)]
pub struct PriceCheck {
    pub sku: String,
    pub qty: i64,
    pub available: i64,
    pub delivered: i64,
    pub backordered: i64,
    pub basis: String,
    pub total: Money,
    pub unit_amounts: Vec<Money>,
    pub delivered_charge: Money,
    pub backordered_charge: Money,
}

impl PriceCheck {
    fn table(&self) -> String {
        let amounts: Vec<String> = self.unit_amounts.iter().map(Money::to_string).collect();
        format!(
            "{sku}: {qty} ordered, {available} available, basis {basis}\n\
             total T({qty})      {total:>12}\n\
             unit amounts       {amounts}\n\
             delivered now      {delivered:>5}  {delivered_charge:>12}\n\
             backordered        {backordered:>5}  {backordered_charge:>12}\n",
            sku = self.sku,
            qty = self.qty,
            available = self.available,
            basis = self.basis,
            total = self.total,
            amounts = amounts.join(" "),
            delivered = self.delivered,
            delivered_charge = self.delivered_charge,
            backordered = self.backordered,
            backordered_charge = self.backordered_charge,
        )
    }
}

fn price_check(
    store: &Store,
    ctx: &Context,
    sku: &str,
    qty: i64,
    available: Option<i64>,
    customer: Option<&Customer>,
    basis: Basis,
) -> anyhow::Result<PriceCheck> {
    let product = store.require_product(sku)?;
    let special = match customer {
        Some(c) => store.special_price(c.id, product.id)?,
        None => None,
    };
    let available = match available {
        Some(n) => n,
        None => store
            .stock_level(product.id, &ctx.config.store.location)?
            .available(),
    };
    let prices = product.price_list(customer, special);
    // parse_quantity bounds qty to 1..=1,000,000, so it fits a u32.
    let ordered = u32::try_from(qty)?;
    let delivered = u32::try_from(available.clamp(0, qty))?;
    let charge = line_charge(&prices, basis, ordered, delivered);
    Ok(PriceCheck {
        sku: product.sku,
        qty,
        available,
        delivered: i64::from(delivered),
        backordered: i64::from(ordered - delivered),
        basis: basis.to_string(),
        total: charge.total,
        unit_amounts: charge.unit_amounts,
        delivered_charge: charge.delivered,
        backordered_charge: charge.backordered,
    })
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
    // Its length and digits are checked by the store, against the user's role.
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}
