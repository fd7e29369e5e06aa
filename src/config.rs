//! The config file: serde + toml, defaults in code, every key checked.
//!
//! Unknown keys are errors (`deny_unknown_fields`) so a typo never passes silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::domain::money::plain_decimal;
use crate::domain::pricing::Basis;
use crate::domain::sale::Payment;
use crate::domain::text::{check_text, excerpt};
use crate::domain::{PinRules, catalog::MAX_PIN_DIGITS};
use crate::store::users::{PinCost, PinPolicy};

/// Where ringup keeps its files unless told otherwise.
pub const CONFIG_ENV: &str = "RINGUP_CONFIG";
pub const DATA_DIR_ENV: &str = "RINGUP_DATA_DIR";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("config file {path}: key `{key}` = {value}: {allowed}")]
    BadValue {
        path: PathBuf,
        key: String,
        value: String,
        allowed: String,
    },
    #[error("no home directory found: set {DATA_DIR_ENV} and {CONFIG_ENV}")]
    NoHome,
    #[error(
        "config file {path} holds the database password (`database.url`) but other users may read it (mode {mode:04o}); make it private with `chmod 600 {path}`"
    )]
    PasswordExposed { path: PathBuf, mode: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreSection {
    pub name: String,
    pub location: String,
    pub currency: String,
    pub minor_units: u32,
    /// The zone the store's documents, days and due dates are in (`[store] time_zone`, an
    /// IANA name; the machine's zone by default). Stored instants stay UTC.
    pub time_zone: jiff::tz::TimeZone,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxSection {
    pub prices_include_tax: bool,
    /// Percent by tax class, e.g. `standard = "8.25"`.
    pub rates: BTreeMap<String, Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backorders {
    pub allow_on_invoice: bool,
    pub payment: Payment,
    pub allow_negative_inventory: bool,
    pub price_break_basis: Basis,
    pub auto_commit_on_receipt: bool,
}

pub use crate::store::Synchronous;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseSection {
    /// None: `ringup.db` in the data directory.
    pub path: Option<PathBuf>,
    /// A PostgreSQL server (`postgres://…`) instead of the file.
    pub url: Option<String>,
    pub synchronous: Synchronous,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptSection {
    /// None: a file per receipt under `receipts/` in the data directory.
    /// Some(path): that file or device (e.g. `/dev/usb/lp0`) is written to.
    pub output: Option<PathBuf>,
    pub width: u16,
}

/// Where receipts print: `[printer]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PrinterSection {
    /// Text: a file per receipt, or `[receipt] output` (`kind = "file"`, the default).
    #[default]
    File,
    /// An ESC/POS printer on a device file, e.g. `/dev/usb/lp0` (`kind = "escpos"`,
    /// `device = ...`).
    EscPosDevice(PathBuf),
    /// An ESC/POS printer on a network port, e.g. `192.168.1.50:9100` (`kind = "escpos"`,
    /// `address = ...`).
    EscPosNetwork(std::net::SocketAddr),
}

/// Limits that make the counter ask before it takes a figure far beyond the usual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterSection {
    /// Cash handed over more than this above what is due asks to confirm (a scan or an
    /// extra zero is the usual cause).
    pub cash_over_due_confirm: Decimal,
    /// A line quantity above this asks to confirm.
    pub large_quantity: u32,
}

/// The end of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySection {
    /// The cash the drawer holds when a day opens (the float), counted in the expected cash
    /// of the day's report.
    pub opening_float: Decimal,
}

/// Returns of delivered goods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnsSection {
    /// A return refunding more than this (tax included) needs a manager's approval.
    pub approval_above: Decimal,
}

/// Price overrides and discounts at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverridesSection {
    /// A price cut or discount of more than this percent needs a manager's approval.
    pub approval_above_pct: Decimal,
    /// A unit price set more than this percent above the catalog's is asked about (a slip
    /// of the fingers: 999999.99 on a 1.89 item).
    pub confirm_raise_above_pct: Decimal,
}

/// Quotes printed at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotesSection {
    /// How many days a quote is valid, printed on it as a date.
    pub valid_days: u32,
}

/// How PINs are checked and how costly one guess is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecuritySection {
    pub pins: PinPolicy,
}

/// The whole, checked configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub store: StoreSection,
    pub tax: TaxSection,
    pub backorders: Backorders,
    pub database: DatabaseSection,
    pub receipt: ReceiptSection,
    pub printer: PrinterSection,
    pub counter: CounterSection,
    pub security: SecuritySection,
    pub day: DaySection,
    pub returns: ReturnsSection,
    pub overrides: OverridesSection,
    pub quotes: QuotesSection,
    /// Key overrides by action name, checked by the keymap.
    pub keys: BTreeMap<String, String>,
    /// The directory for the database, logs and receipts.
    pub data_dir: PathBuf,
}

// The file as written; every field optional so the defaults live in one place.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    store: RawStore,
    #[serde(default)]
    tax: RawTax,
    #[serde(default)]
    backorders: RawBackorders,
    #[serde(default)]
    database: RawDatabase,
    #[serde(default)]
    receipt: RawReceipt,
    #[serde(default)]
    printer: RawPrinter,
    #[serde(default)]
    counter: RawCounter,
    #[serde(default)]
    security: RawSecurity,
    #[serde(default)]
    day: RawDay,
    #[serde(default)]
    returns: RawReturns,
    #[serde(default)]
    overrides: RawOverrides,
    #[serde(default)]
    quotes: RawQuotes,
    #[serde(default)]
    keys: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStore {
    name: Option<String>,
    location: Option<String>,
    currency: Option<String>,
    minor_units: Option<i64>,
    time_zone: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTax {
    prices_include_tax: Option<bool>,
    rates: Option<BTreeMap<String, toml::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackorders {
    allow_on_invoice: Option<bool>,
    payment: Option<String>,
    allow_negative_inventory: Option<bool>,
    price_break_basis: Option<String>,
    auto_commit_on_receipt: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatabase {
    path: Option<PathBuf>,
    url: Option<String>,
    synchronous: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReceipt {
    output: Option<PathBuf>,
    width: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrinter {
    kind: Option<String>,
    device: Option<PathBuf>,
    address: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounter {
    cash_over_due_confirm: Option<toml::Value>,
    large_quantity: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuotes {
    valid_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDay {
    opening_float: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReturns {
    approval_above: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverrides {
    approval_above_pct: Option<toml::Value>,
    confirm_raise_above_pct: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSecurity {
    min_pin_manager: Option<i64>,
    min_pin_clerk: Option<i64>,
    pin_memory_kib: Option<i64>,
    pin_iterations: Option<i64>,
}

impl Config {
    /// Defaults only, with `data_dir` as given (tests and fresh stores).
    pub fn defaults(data_dir: PathBuf) -> Config {
        // The empty document always parses; defaults cannot be a bad value.
        Self::from_raw(RawConfig::default(), Path::new("(defaults)"), data_dir)
            .unwrap_or_else(|_| unreachable!("defaults are valid"))
    }

    /// Parses config text; `path` only names the file in messages.
    pub fn from_toml(text: &str, path: &Path, data_dir: PathBuf) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            message: quoted_message(e.message()) + &span_hint(text, e.span()),
        })?;
        Self::from_raw(raw, path, data_dir)
    }

    /// Parses a config file's bytes: UTF-8 text (a file that is not is refused naming the line
    /// where it stops being text), then as [`Config::from_toml`].
    pub fn from_bytes(bytes: &[u8], path: &Path, data_dir: PathBuf) -> Result<Config, ConfigError> {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            ConfigError::Parse {
                path: path.to_path_buf(),
                message: format!("is not UTF-8 text (line {line})"),
            }
        })?;
        Self::from_toml(text, path, data_dir)
    }

    /// Loads the config: `explicit` (from `--config`), else `RINGUP_CONFIG`, else the platform
    /// config file if it exists, else defaults. The data dir is `RINGUP_DATA_DIR` or the
    /// platform data directory.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let data_dir = default_data_dir()?;
        let env_path = std::env::var_os(CONFIG_ENV).map(PathBuf::from);
        let (path, must_exist) = match (explicit, env_path) {
            (Some(p), _) => (Some(p.to_path_buf()), true),
            (None, Some(p)) => (Some(p), true),
            (None, None) => (
                directories::ProjectDirs::from("", "", "ringup")
                    .map(|d| d.config_dir().join("config.toml")),
                false,
            ),
        };
        match path {
            Some(path) if must_exist || path.exists() => {
                let bytes = std::fs::read(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                let config = Self::from_bytes(&bytes, &path, data_dir)?;
                config.refuse_exposed_password(&path)?;
                Ok(config)
            }
            _ => Ok(Self::defaults(data_dir)),
        }
    }

    /// A config file that holds the database password must be private to its owner: one
    /// that the group or others may read is refused, naming the file and its mode.
    pub fn refuse_exposed_password(&self, path: &Path) -> Result<(), ConfigError> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let holds_password = self.database.url.as_deref().is_some_and(url_has_password);
            let mode = std::fs::metadata(path)
                .map(|m| m.permissions().mode() & 0o777)
                .unwrap_or(0);
            if holds_password && mode & 0o077 != 0 {
                return Err(ConfigError::PasswordExposed {
                    path: path.to_path_buf(),
                    mode,
                });
            }
        }
        #[cfg(not(unix))]
        let _ = path;
        Ok(())
    }

    /// Where the store is: `[database] url` (PostgreSQL), else the file.
    pub fn database_target(&self) -> crate::store::Target {
        match &self.database.url {
            Some(url) => crate::store::Target::Postgres(url.clone()),
            None => crate::store::Target::File(self.database_path()),
        }
    }

    /// The database file: `[database] path`, else `ringup.db` in the data dir.
    pub fn database_path(&self) -> PathBuf {
        self.database
            .path
            .clone()
            .unwrap_or_else(|| self.data_dir.join("ringup.db"))
    }

    /// The float a day opens with, as money of the store's currency.
    pub fn opening_float(&self) -> crate::domain::Money {
        crate::domain::Money::new(self.day.opening_float).round()
    }

    /// Above this refund a return needs a manager, as money of the store's currency.
    pub fn return_approval_above(&self) -> crate::domain::Money {
        crate::domain::Money::new(self.returns.approval_above).round()
    }

    /// The settings the policy reads: above which amounts a manager approves.
    pub fn limits(&self) -> crate::domain::policy::Limits {
        crate::domain::policy::Limits {
            return_approval_above: self.return_approval_above(),
            override_approval_above_pct: self.overrides.approval_above_pct,
        }
    }

    /// The settings that decide how a sale's lines come out.
    pub fn sale_rules(&self) -> crate::domain::sale::Rules {
        crate::domain::sale::Rules {
            allow_on_invoice: self.backorders.allow_on_invoice,
            basis: self.backorders.price_break_basis,
            prices_include_tax: self.tax.prices_include_tax,
        }
    }

    /// The settings that price an order's fills, refunds and final invoices.
    pub fn order_rules(&self) -> crate::domain::order::OrderRules {
        crate::domain::order::OrderRules {
            basis: self.backorders.price_break_basis,
            prices_include_tax: self.tax.prices_include_tax,
        }
    }

    /// Tax percent for a tax class; an unknown class is taxed at 0 and reported by import.
    pub fn tax_rate(&self, class: &str) -> Option<Decimal> {
        self.tax.rates.get(class).copied()
    }

    fn from_raw(raw: RawConfig, path: &Path, data_dir: PathBuf) -> Result<Config, ConfigError> {
        let bad = |key: &str, value: &dyn std::fmt::Display, allowed: &str| ConfigError::BadValue {
            path: path.to_path_buf(),
            key: key.to_string(),
            value: quoted_message(&value.to_string()),
            allowed: allowed.to_string(),
        };

        for (key, path) in [
            ("database.path", &raw.database.path),
            ("receipt.output", &raw.receipt.output),
            ("printer.device", &raw.printer.device),
        ] {
            let Some(text) = path.as_ref().map(|p| p.to_string_lossy()) else {
                continue;
            };
            if text.trim().is_empty() {
                return Err(bad(
                    key,
                    &"\"\"",
                    "a path, or no key at all for the default",
                ));
            }
            if let Err(why) = check_text(&text, 4096) {
                return Err(bad(
                    key,
                    &format!("\"{}\"", excerpt(&text)),
                    &format!("{why}; a path as the file system writes it"),
                ));
            }
        }

        let location = raw.store.location.unwrap_or_else(|| "MAIN".to_string());
        if !is_code(&location) {
            return Err(bad(
                "store.location",
                &format!("\"{}\"", excerpt(&location)),
                "a location code of 1 to 12 letters, digits, '-' or '_'",
            ));
        }
        let currency = raw.store.currency.unwrap_or_else(|| "USD".to_string());
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(bad(
                "store.currency",
                &format!("\"{}\"", excerpt(&currency)),
                "a three-letter ISO 4217 code such as \"USD\"",
            ));
        }
        let minor_units = match raw.store.minor_units {
            None => 2,
            Some(n @ 0..=4) => n as u32,
            Some(n) => return Err(bad("store.minor_units", &n, "a whole number from 0 to 4")),
        };
        let time_zone = match raw.store.time_zone {
            None => jiff::tz::TimeZone::system(),
            Some(name) => jiff::tz::TimeZone::get(&name).map_err(|_| {
                bad(
                    "store.time_zone",
                    &format!("\"{}\"", excerpt(&name)),
                    "an IANA time zone name such as \"America/Los_Angeles\" or \"UTC\"",
                )
            })?,
        };
        let name = raw.store.name.unwrap_or_else(|| "ringup".to_string());
        if name.trim().is_empty() {
            return Err(bad("store.name", &"\"\"", "a non-empty name"));
        }
        if let Err(why) = check_text(&name, MAX_STORE_NAME) {
            return Err(bad(
                "store.name",
                &format!("\"{}\"", excerpt(&name)),
                &format!(
                    "{why}; a name of at most {MAX_STORE_NAME} characters, shown in the header and on receipts"
                ),
            ));
        }

        let mut rates = BTreeMap::new();
        match raw.tax.rates {
            None => {
                rates.insert("standard".to_string(), Decimal::new(825, 2));
                rates.insert("reduced".to_string(), Decimal::new(5, 0));
                rates.insert("exempt".to_string(), Decimal::ZERO);
            }
            Some(given) if given.is_empty() => {
                return Err(bad(
                    "tax.rates",
                    &"{}",
                    "at least one tax class, e.g. standard = \"8.25\"",
                ));
            }
            Some(given) => {
                for (class, value) in given {
                    let key = format!("tax.rates.{}", excerpt(&class));
                    if !is_tax_class(&class) {
                        return Err(bad(
                            &key,
                            &value,
                            "a tax class named with 1 to 32 letters, digits, '-' or '_'",
                        ));
                    }
                    let allowed = "a percent from 0 to 100 as a string, e.g. \"8.25\"";
                    let text = match &value {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Integer(i) => i.to_string(),
                        other => return Err(bad(&key, other, allowed)),
                    };
                    let pct = plain_decimal(&text).ok_or_else(|| bad(&key, &value, allowed))?;
                    if pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED {
                        return Err(bad(&key, &value, allowed));
                    }
                    rates.insert(class, pct);
                }
            }
        }

        let payment = match raw.backorders.payment.as_deref() {
            None => Payment::WhenReceived,
            Some(text) => Payment::parse(text).ok_or_else(|| {
                bad(
                    "backorders.payment",
                    &format!("\"{}\"", excerpt(text)),
                    "one of \"when_received\", \"when_invoiced\"",
                )
            })?,
        };
        let price_break_basis = match raw.backorders.price_break_basis.as_deref() {
            None => Basis::Split,
            Some(text) => text.parse().map_err(|_| {
                bad(
                    "backorders.price_break_basis",
                    &format!("\"{}\"", excerpt(text)),
                    "one of \"split\", \"order\", \"shipped\"",
                )
            })?,
        };

        let url = match raw.database.url {
            Some(url)
                if matches!(
                    crate::store::Target::parse(&url),
                    crate::store::Target::Postgres(_)
                ) =>
            {
                Some(url)
            }
            Some(url) => {
                return Err(bad(
                    "database.url",
                    &format!("{:?}", crate::store::without_password(&url)),
                    "a PostgreSQL URL, postgres://USER@HOST/DATABASE",
                ));
            }
            None => None,
        };
        let synchronous = match raw
            .database
            .synchronous
            .as_deref()
            .map(str::to_ascii_lowercase)
        {
            None => Synchronous::Full,
            Some(s) => match s.as_str() {
                "off" => Synchronous::Off,
                "normal" => Synchronous::Normal,
                "full" => Synchronous::Full,
                "extra" => Synchronous::Extra,
                _ => {
                    return Err(bad(
                        "database.synchronous",
                        &format!("\"{}\"", excerpt(&s)),
                        "one of \"off\", \"normal\", \"full\", \"extra\"",
                    ));
                }
            },
        };

        let width = match raw.receipt.width {
            None => 42,
            Some(w @ (42 | 80)) => w as u16,
            Some(w) => return Err(bad("receipt.width", &w, "42 or 80 (columns)")),
        };

        let printer = match (
            raw.printer.kind.as_deref(),
            raw.printer.device,
            raw.printer.address,
        ) {
            (None | Some("file"), None, None) => PrinterSection::File,
            (None | Some("file"), Some(device), _) => {
                return Err(bad(
                    "printer.device",
                    &device.display(),
                    "only with kind = \"escpos\"",
                ));
            }
            (None | Some("file"), None, Some(address)) => {
                return Err(bad(
                    "printer.address",
                    &address,
                    "only with kind = \"escpos\"",
                ));
            }
            (Some("escpos"), Some(device), None) => PrinterSection::EscPosDevice(device),
            (Some("escpos"), None, Some(address)) => match address.parse() {
                Ok(socket) => PrinterSection::EscPosNetwork(socket),
                Err(_) => {
                    return Err(bad(
                        "printer.address",
                        &format!("\"{}\"", excerpt(&address)),
                        "an IP address and port, e.g. \"192.168.1.50:9100\"",
                    ));
                }
            },
            (Some("escpos"), _, _) => {
                return Err(bad(
                    "printer.kind",
                    &"\"escpos\"",
                    "needs one of device = \"/dev/usb/lp0\" or address = \"IP:9100\"",
                ));
            }
            (Some(other), _, _) => {
                return Err(bad(
                    "printer.kind",
                    &format!("\"{}\"", excerpt(other)),
                    "\"file\" or \"escpos\"",
                ));
            }
        };

        let cash_over_due_confirm = match raw.counter.cash_over_due_confirm {
            None => Decimal::new(100_000, 2),
            Some(value) => {
                let allowed = "an amount from 0 to 1000000000 as a string, e.g. \"1000.00\"";
                let text = match &value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    other => return Err(bad("counter.cash_over_due_confirm", other, allowed)),
                };
                match plain_decimal(&text) {
                    Some(limit) if limit <= MAX_AMOUNT => limit,
                    _ => return Err(bad("counter.cash_over_due_confirm", &value, allowed)),
                }
            }
        };
        let opening_float = match raw.day.opening_float {
            None => Decimal::ZERO,
            Some(value) => {
                let allowed = "an amount from 0 to 1000000000 as a string, e.g. \"150.00\"";
                let text = match &value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    other => return Err(bad("day.opening_float", other, allowed)),
                };
                match plain_decimal(&text) {
                    Some(float) if float <= MAX_AMOUNT => float,
                    _ => return Err(bad("day.opening_float", &value, allowed)),
                }
            }
        };
        let approval_above = match raw.returns.approval_above {
            None => Decimal::ONE_HUNDRED,
            Some(value) => {
                let allowed = "an amount from 0 to 1000000000 as a string, e.g. \"100.00\"";
                let text = match &value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    other => return Err(bad("returns.approval_above", other, allowed)),
                };
                match plain_decimal(&text) {
                    Some(limit) if limit <= MAX_AMOUNT => limit,
                    _ => return Err(bad("returns.approval_above", &value, allowed)),
                }
            }
        };
        let approval_above_pct = match raw.overrides.approval_above_pct {
            None => Decimal::TEN,
            Some(value) => {
                let allowed = "a percent from 0 to 100 as a string, e.g. \"10\"";
                let text = match &value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    other => return Err(bad("overrides.approval_above_pct", other, allowed)),
                };
                match plain_decimal(&text) {
                    Some(pct) if (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&pct) => pct,
                    _ => return Err(bad("overrides.approval_above_pct", &value, allowed)),
                }
            }
        };
        let confirm_raise_above_pct = match raw.overrides.confirm_raise_above_pct {
            None => Decimal::new(50, 0),
            Some(value) => {
                let allowed = "a percent from 0 to 10000 as a string, e.g. \"50\"";
                let text = match &value {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    other => return Err(bad("overrides.confirm_raise_above_pct", other, allowed)),
                };
                match plain_decimal(&text) {
                    Some(pct) if (Decimal::ZERO..=Decimal::new(10_000, 0)).contains(&pct) => pct,
                    _ => return Err(bad("overrides.confirm_raise_above_pct", &value, allowed)),
                }
            }
        };
        let large_quantity = match raw.counter.large_quantity {
            None => 999,
            Some(n @ 1..=1_000_000) => n as u32,
            Some(n) => {
                return Err(bad(
                    "counter.large_quantity",
                    &n,
                    "a whole number from 1 to 1,000,000",
                ));
            }
        };

        let whole = |key: &str,
                     value: Option<i64>,
                     default: u32,
                     range: std::ops::RangeInclusive<u32>| {
            match value {
                None => Ok(default),
                Some(n) if u32::try_from(n).is_ok_and(|n| range.contains(&n)) => Ok(n as u32),
                Some(n) => Err(bad(
                    key,
                    &n,
                    &format!(
                        "a whole number from {} to {}{}",
                        range.start(),
                        range.end(),
                        match key.starts_with("security.pin_") {
                            true =>
                                " (the floor keeps a stolen database from giving up PINs in seconds)",
                            false => "",
                        }
                    ),
                )),
            }
        };
        let defaults = PinPolicy::default();
        let max_digits = MAX_PIN_DIGITS as u32;
        let pins = PinPolicy {
            rules: PinRules {
                min_manager: whole(
                    "security.min_pin_manager",
                    raw.security.min_pin_manager,
                    defaults.rules.min_manager as u32,
                    4..=max_digits,
                )? as usize,
                min_clerk: whole(
                    "security.min_pin_clerk",
                    raw.security.min_pin_clerk,
                    defaults.rules.min_clerk as u32,
                    4..=max_digits,
                )? as usize,
            },
            // Never below the floor: a terminal's config must not make PINs cheap to guess.
            cost: PinCost {
                memory_kib: whole(
                    "security.pin_memory_kib",
                    raw.security.pin_memory_kib,
                    defaults.cost.memory_kib,
                    PinCost::FLOOR.memory_kib..=4 * 1024 * 1024,
                )?,
                iterations: whole(
                    "security.pin_iterations",
                    raw.security.pin_iterations,
                    defaults.cost.iterations,
                    PinCost::FLOOR.iterations..=64,
                )?,
            },
        };

        let quotes = QuotesSection {
            valid_days: whole("quotes.valid_days", raw.quotes.valid_days, 30, 1..=365)?,
        };

        Ok(Config {
            security: SecuritySection { pins },
            quotes,
            day: DaySection { opening_float },
            returns: ReturnsSection { approval_above },
            overrides: OverridesSection {
                approval_above_pct,
                confirm_raise_above_pct,
            },
            store: StoreSection {
                name,
                location,
                currency,
                minor_units,
                time_zone,
            },
            tax: TaxSection {
                prices_include_tax: raw.tax.prices_include_tax.unwrap_or(false),
                rates,
            },
            backorders: Backorders {
                allow_on_invoice: raw.backorders.allow_on_invoice.unwrap_or(true),
                payment,
                allow_negative_inventory: raw.backorders.allow_negative_inventory.unwrap_or(false),
                price_break_basis,
                auto_commit_on_receipt: raw.backorders.auto_commit_on_receipt.unwrap_or(false),
            },
            database: DatabaseSection {
                path: raw.database.path,
                url,
                synchronous,
            },
            receipt: ReceiptSection {
                output: raw.receipt.output,
                width,
            },
            printer,
            counter: CounterSection {
                cash_over_due_confirm,
                large_quantity,
            },
            keys: raw.keys,
            data_dir,
        })
    }
}

pub use crate::domain::catalog::is_code;

/// The longest store name: it heads every receipt, centred on 42 columns.
pub const MAX_STORE_NAME: usize = 60;

/// The largest amount a setting takes (a float, a limit): far beyond any till's, and far
/// from where sums of amounts could overflow.
const MAX_AMOUNT: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// A tax class's name: products name it in their `tax_class` column.
fn is_tax_class(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A message of the TOML reader, which may quote a value: cut short, hidden characters drawn.
fn quoted_message(message: &str) -> String {
    let shown = crate::domain::text::shown(message);
    match shown.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None => shown.into_owned(),
    }
}

/// Whether a PostgreSQL URL carries a password: `postgres://user:secret@host/db`, or a
/// `password=` parameter.
fn url_has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (authority, query) = match rest.split_once('?') {
        Some((before, query)) => (before, query),
        None => (rest, ""),
    };
    let in_user_info = authority
        .split('/')
        .next()
        .and_then(|host| host.rsplit_once('@'))
        .is_some_and(|(user_info, _)| user_info.contains(':'));
    in_user_info
        || query
            .split('&')
            .any(|pair| pair.trim().to_ascii_lowercase().starts_with("password="))
}

fn default_data_dir() -> Result<PathBuf, ConfigError> {
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "ringup")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or(ConfigError::NoHome)
}

/// Where in the file an error of the TOML reader is: its line, and the key written there
/// (`backorders.allow_on_invoice`) or the table (`stor`) when the line names one.
fn span_hint(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    let Some(span) = span else {
        return String::new();
    };
    let mut at = span.start.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let written = text[line_start..].lines().next().unwrap_or("").trim();
    let table = || {
        text[..line_start]
            .lines()
            .rev()
            .map(str::trim)
            .find(|l| l.starts_with('['))
            .map(|l| l.trim_matches(['[', ']']).trim().to_string())
    };
    let key = if written.starts_with('[') {
        Some(written.trim_matches(['[', ']']).trim().to_string())
    } else {
        written
            .split_once('=')
            .map(|(key, _)| key.trim().trim_matches(['"', '\'']).to_string())
            .filter(|key| !key.is_empty() && !key.starts_with('#'))
            .map(|key| match table() {
                Some(table) => format!("{table}.{key}"),
                None => key,
            })
    };
    match key {
        Some(key) => format!(" (line {line}, key `{}`)", excerpt(&key)),
        None => format!(" (line {line})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, Path::new("test.toml"), PathBuf::from("/data"))
    }

    #[test]
    fn empty_file_gives_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.store.location, "MAIN");
        assert_eq!(c.store.minor_units, 2);
        assert_eq!(c.backorders.payment, Payment::WhenReceived);
        assert_eq!(c.backorders.price_break_basis, Basis::Split);
        assert!(c.backorders.allow_on_invoice);
        assert_eq!(c.database.synchronous, Synchronous::Full);
        assert_eq!(c.database_path(), PathBuf::from("/data/ringup.db"));
    }

    #[test]
    fn the_example_file_is_valid_and_documents_every_key() {
        let text = include_str!("../config.example.toml");
        let c = parse(text).unwrap();
        assert_eq!(c.backorders.payment, Payment::WhenReceived);
        // The example says the defaults, so copying it changes nothing.
        assert_eq!(c.security, parse("").unwrap().security);
        for key in [
            "name",
            "location",
            "currency",
            "minor_units",
            "prices_include_tax",
            "allow_on_invoice",
            "payment",
            "allow_negative_inventory",
            "price_break_basis",
            "auto_commit_on_receipt",
            "synchronous",
            "output",
            "width",
            "cash_over_due_confirm",
            "large_quantity",
            "min_pin_manager",
            "min_pin_clerk",
            "pin_memory_kib",
            "pin_iterations",
            "opening_float",
            "approval_above",
            "[printer]",
            "kind",
            "device",
            "address",
            "approval_above_pct",
            "confirm_raise_above_pct",
            "[quotes]",
            "valid_days",
            "[keys]",
        ] {
            assert!(
                text.contains(key),
                "config.example.toml does not mention {key}"
            );
        }
    }

    #[test]
    fn the_printer_is_text_files_unless_an_escpos_one_is_named() {
        assert_eq!(parse("").unwrap().printer, PrinterSection::File);
        let c = parse("[printer]\nkind = \"escpos\"\ndevice = \"/dev/usb/lp0\"\n").unwrap();
        assert_eq!(
            c.printer,
            PrinterSection::EscPosDevice(PathBuf::from("/dev/usb/lp0"))
        );
        let c = parse("[printer]\nkind = \"escpos\"\naddress = \"192.168.1.50:9100\"\n").unwrap();
        assert_eq!(
            c.printer,
            PrinterSection::EscPosNetwork("192.168.1.50:9100".parse().unwrap())
        );
        for (text, key) in [
            ("kind = \"laser\"", "printer.kind"),
            ("kind = \"escpos\"", "printer.kind"),
            (
                "kind = \"escpos\"\naddress = \"printer\"",
                "printer.address",
            ),
            ("device = \"/dev/usb/lp0\"", "printer.device"),
        ] {
            let err = parse(&format!("[printer]\n{text}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn pin_rules_and_cost_come_from_the_security_section() {
        let c = parse("").unwrap();
        assert_eq!(c.security.pins.rules.min_manager, 6);
        assert_eq!(c.security.pins.rules.min_clerk, 4);
        assert_eq!(c.security.pins.cost.memory_kib, 65536);
        assert_eq!(c.security.pins.cost.iterations, 7);
        let c = parse("[security]\nmin_pin_manager = 8\npin_iterations = 3\n").unwrap();
        assert_eq!(c.security.pins.rules.min_manager, 8);
        assert_eq!(c.security.pins.cost.iterations, 3);
        for (text, key) in [
            ("min_pin_manager = 3", "security.min_pin_manager"),
            ("min_pin_clerk = 13", "security.min_pin_clerk"),
            ("pin_memory_kib = 7", "security.pin_memory_kib"),
            ("pin_iterations = 0", "security.pin_iterations"),
            ("pin_iterations = -1", "security.pin_iterations"),
            ("pin_memory_kib = 8", "security.pin_memory_kib"),
            ("pin_memory_kib = 19455", "security.pin_memory_kib"),
            ("pin_iterations = 1", "security.pin_iterations"),
        ] {
            let err = parse(&format!("[security]\n{text}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key), "{text}: {err}");
            assert!(err.contains("a whole number from"), "{text}: {err}");
        }
    }

    #[test]
    fn the_pin_cost_has_a_floor() {
        for (text, key, value) in [
            ("pin_memory_kib = 8", "security.pin_memory_kib", "= 8:"),
            ("pin_iterations = 1", "security.pin_iterations", "= 1:"),
        ] {
            let err = parse(&format!("[security]\n{text}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(key) && err.contains(value), "{text}: {err}");
            assert!(err.contains("a whole number from"), "{text}: {err}");
        }
        let c = parse("[security]\npin_memory_kib = 19456\npin_iterations = 2\n").unwrap();
        assert_eq!(c.security.pins.cost, PinCost::FLOOR);
    }

    #[test]
    fn a_url_with_a_password_is_found() {
        for url in [
            "postgres://ringup:secret@db.example/ringup",
            "postgresql://ringup:@db/ringup",
            "postgres://ringup@db/ringup?sslmode=require&password=secret",
        ] {
            assert!(url_has_password(url), "{url}");
        }
        for url in [
            "postgres://ringup@db.example/ringup",
            "postgres://db.example:5432/ringup",
            "postgres://ringup@db.example/ringup?sslmode=require",
        ] {
            assert!(!url_has_password(url), "{url}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_config_holding_the_database_password_must_be_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("config.toml");
        let with_password = "[database]\nurl = \"postgres://ringup:secret@db/ringup\"\n";
        std::fs::write(&path, with_password).unwrap();
        let config = Config::from_toml(with_password, &path, dir.path().into()).unwrap();
        for mode in [0o644, 0o640, 0o604] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let err = config
                .refuse_exposed_password(&path)
                .unwrap_err()
                .to_string();
            assert!(err.contains(&path.display().to_string()), "{err}");
            assert!(
                err.contains("database.url") && err.contains("chmod 600"),
                "{err}"
            );
            assert!(err.contains(&format!("{mode:04o}")), "{err}");
            assert!(!err.contains("secret"), "{err}");
        }
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        config.refuse_exposed_password(&path).unwrap();
        // Without a password, a readable file is no secret.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let plain = "[database]\nurl = \"postgres://ringup@db/ringup\"\n";
        let config = Config::from_toml(plain, &path, dir.path().into()).unwrap();
        config.refuse_exposed_password(&path).unwrap();
    }

    #[test]
    fn bad_value_names_key_value_and_what_is_allowed() {
        let err = parse("[backorders]\npayment = \"later\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("backorders.payment"), "{err}");
        assert!(err.contains("later"), "{err}");
        assert!(err.contains("when_invoiced"), "{err}");

        let err = parse("[store]\nminor_units = 7\n").unwrap_err().to_string();
        assert!(
            err.contains("store.minor_units") && err.contains('7'),
            "{err}"
        );

        let err = parse("[tax.rates]\nstandard = \"lots\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("tax.rates.standard") && err.contains("lots"),
            "{err}"
        );
    }

    #[test]
    fn the_time_zone_is_an_iana_name() {
        let config = parse("[store]\ntime_zone = \"America/Los_Angeles\"\n").unwrap();
        assert_eq!(
            config.store.time_zone.iana_name(),
            Some("America/Los_Angeles")
        );
        let err = parse("[store]\ntime_zone = \"Pacific Time\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("store.time_zone") && err.contains("Pacific Time"),
            "{err}"
        );
        assert!(err.contains("IANA time zone name"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error() {
        let err = parse("[backorders]\nallow_on_invoce = true\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("allow_on_invoce"), "{err}");
        let err = parse("[stor]\nname = \"x\"\n").unwrap_err().to_string();
        assert!(err.contains("stor"), "{err}");
    }

    #[test]
    fn wrong_type_is_an_error_with_line() {
        let err = parse("[backorders]\nallow_on_invoice = \"yes\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 2"), "{err}");
    }
}
