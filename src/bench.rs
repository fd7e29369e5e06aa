//! `ringup bench`: how fast this store is on this machine, measured the way the counter and
//! the manager use it, in one run (like pgbench: an owner can run it on the store's own PC).
//! It works on a generated store in a temporary directory, or on a copy of `--db` (a file
//! copied into a temporary directory; a PostgreSQL store copied into a schema of its own in
//! the same database, dropped afterwards), never on the live store: it rings sales and
//! imports to measure them.

use crate::store::Target;
use crate::store::db::params;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Serialize;

use crate::config::{Config, Synchronous};
use crate::counter::Counter;
use crate::domain::sale::{self, Payment, TenderKind};
use crate::domain::{Money, Role, User};
use crate::present::reports::{Format, ReportName, print_orders, write_report};
use crate::store::orders::{OrderFilter, StatusFilter};
use crate::store::reports::Scope;
use crate::store::sales::SaleToCommit;
use crate::store::{Progress, Store};

/// What to measure on.
pub struct BenchOptions {
    pub products: u64,
    pub orders: u64,
    /// A store to copy and measure instead of a generated one.
    pub db: Option<Target>,
    pub config: Config,
    /// This program, to time its start-up as a child process.
    pub exe: PathBuf,
}

/// The 50th and 99th percentile of one measure, in milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Percentiles {
    pub p50_ms: f64,
    pub p99_ms: f64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct CommitFigures {
    pub p50_ms: f64,
    pub floor_p50_ms: f64,
    pub ratio: f64,
}

/// Statements sent to the store (each a round trip on PostgreSQL), counted by its
/// connection.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct RoundTrips {
    /// Ringing one more item on a sale of 10 lines (the key's whole work, screen included).
    pub ring: u64,
    /// A key that changes no data (an arrow on that sale).
    pub key: u64,
    /// Committing a cash sale of 3 lines, and of 20.
    pub commit_3: u64,
    pub commit_20: u64,
    /// F7's list read again (its 5-second refresh).
    pub f7_refresh: u64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ImportFigures {
    pub rows_per_s: f64,
    pub longest_lock_ms: f64,
}

/// Every figure of one run; the JSON member names are the issue's.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub products: i64,
    pub orders_open: i64,
    pub synchronous: String,
    pub sku_lookup: Percentiles,
    pub barcode_lookup: Percentiles,
    pub word_search: Percentiles,
    pub f7_open: Percentiles,
    pub f7_filter: Percentiles,
    pub orders: Percentiles,
    #[serde(flatten)]
    pub reports: BTreeMap<String, Percentiles>,
    pub commit: CommitFigures,
    pub round_trips: RoundTrips,
    pub import: ImportFigures,
    pub frame: Percentiles,
    pub startup: Percentiles,
    pub rss_mb: f64,
}

/// Milliseconds, with a microsecond's precision.
fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1_000_000.0).round() / 1_000.0
}

fn percentiles(mut samples: Vec<Duration>) -> Percentiles {
    samples.sort();
    let at = |q: f64| {
        let i = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len().max(1));
        samples.get(i - 1).copied().unwrap_or_default()
    };
    Percentiles {
        p50_ms: ms(at(0.50)),
        p99_ms: ms(at(0.99)),
    }
}

/// Times `f` `n` times.
fn time<T>(
    n: usize,
    mut f: impl FnMut(usize) -> anyhow::Result<T>,
) -> anyhow::Result<Vec<Duration>> {
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let started = Instant::now();
        std::hint::black_box(f(i)?);
        samples.push(started.elapsed());
    }
    Ok(samples)
}

/// A small generator of spread-out picks, the same every run.
struct Picks(u64);

impl Picks {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

/// A temporary directory removed when the run ends.
struct Scratch(PathBuf);

/// A schema of the bench's own in a PostgreSQL database, dropped when done: the store in
/// the database's own schema is never touched.
struct ScratchDatabase {
    admin: String,
    name: String,
    url: String,
}

impl ScratchDatabase {
    fn new(admin: &str) -> anyhow::Result<ScratchDatabase> {
        let name = format!("ringup_bench_{}", std::process::id());
        let url = crate::store::db::create_schema(admin, &name)?;
        Ok(ScratchDatabase {
            admin: admin.to_string(),
            name,
            url,
        })
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        if let Err(e) = crate::store::db::drop_schema(&self.admin, &self.name) {
            tracing::warn!(error = %e, "could not drop the bench database");
        }
    }
}

impl Scratch {
    fn new() -> anyhow::Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("ringup-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn run(
    opts: &BenchOptions,
    progress: impl Fn() -> Box<dyn Progress>,
) -> anyhow::Result<BenchReport> {
    let scratch = Scratch::new()?;
    let path = scratch.0.join("bench.db");
    // On PostgreSQL, the bench works in a schema of its own in the same database.
    let server = match &opts.db {
        Some(Target::Postgres(url)) => Some(ScratchDatabase::new(url)?),
        _ => None,
    };
    let target = match &server {
        Some(db) => Target::Postgres(db.url.clone()),
        None => Target::File(path.clone()),
    };
    let synchronous = opts.config.database.synchronous;
    let location = opts.config.store.location.clone();
    match &opts.db {
        Some(live @ Target::File(_)) => {
            // A copy: the bench writes sales and imports.
            let store = Store::open_to_check(live)?;
            store.conn().execute(
                "VACUUM INTO ?1",
                params![path.to_string_lossy().to_string()],
            )?;
        }
        Some(live @ Target::Postgres(_)) => {
            // A copy in the bench's own schema of the same database, made by the server.
            let store = Store::open_to_check(live)?;
            let schema: String =
                store
                    .conn()
                    .query_row("SELECT current_schema()", params![], |r| r.get(0))?;
            Store::open_target(&target, synchronous)?.copy_from_schema(&schema)?;
        }
        None => {
            let mut store = Store::open_target(&target, Synchronous::Off)?;
            store.report_progress(progress());
            store.ensure_location(&location)?;
            store.generate(opts.products, 1_000, &location)?;
            let rules = sale::Rules {
                allow_on_invoice: true,
                ..opts.config.sale_rules()
            };
            store.generate_orders(opts.orders, &rules, &opts.config.tax.rates, &location)?;
        }
    }
    let mut store = Store::open_target(&target, synchronous)?;
    let products = store.product_count()?;
    let open = store.orders(&OrderFilter::default())?;
    let orders_open = open.len() as i64;
    let mut picks = Picks(0x5eed);

    // Lookups: random SKUs and barcodes of the catalog.
    let sample: Vec<crate::domain::Product> = (0..1_000)
        .map(|_| store.product_by_id(1 + picks.below(products as u64) as i64))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    let sku_lookup = percentiles(time(sample.len(), |i| {
        Ok(store.product_by_code(&sample[i].sku)?)
    })?);
    let barcodes: Vec<&String> = sample.iter().filter_map(|p| p.barcode.as_ref()).collect();
    let barcode_lookup = percentiles(time(barcodes.len(), |i| {
        Ok(store.product_by_code(barcodes[i])?)
    })?);
    // Word search as typed in F3: the first letters of one or two words of descriptions.
    let queries: Vec<String> = sample
        .iter()
        .take(200)
        .map(|p| {
            let words: Vec<&str> = p.description.split_whitespace().collect();
            let prefix = |w: &str| w.chars().take(3).collect::<String>();
            match words.as_slice() {
                [a, b, ..] => format!("{} {}", prefix(a), prefix(b)),
                [a] => prefix(a),
                [] => "a".into(),
            }
        })
        .collect();
    let word_search = percentiles(time(queries.len(), |i| {
        Ok(store.search_items(&queries[i], &location, 50)?)
    })?);

    // F7: the list as it opens, then filtered key by key as an account is typed.
    let f7_open = percentiles(time(20, |_| f7_list(&store, ""))?);
    let typed: Vec<String> = open
        .iter()
        .take(5)
        .map(|o| o.doc.customer.clone())
        .collect();
    let mut filters = Vec::new();
    for account in &typed {
        for end in 1..=account.len() {
            filters.push(account[..end].to_string());
        }
    }
    let f7_filter = percentiles(time(filters.len(), |i| f7_list(&store, &filters[i]))?);
    let orders = percentiles(time(10, |_| {
        let rows = store.orders(&OrderFilter::default())?;
        let mut sink = Vec::new();
        print_orders(&mut sink, Format::Table, &rows, store.zone())?;
        Ok(sink.len())
    })?);
    let mut reports = BTreeMap::new();
    for &name in <ReportName as clap::ValueEnum>::value_variants() {
        let samples = time(5, |_| {
            let mut sink = Vec::new();
            write_report(
                &mut sink,
                &store,
                name,
                Format::Table,
                &Scope::At(location.clone()),
            )?;
            Ok(sink.len())
        })?;
        reports.insert(format!("report_{}", name.as_str()), percentiles(samples));
    }

    let commit = commit_figures(&mut store, &location, &opts.config, &mut picks)?;
    let screen_store = Store::open_target(&target, synchronous)?;
    let round_trips = round_trips(
        &mut store,
        screen_store,
        &location,
        &opts.config,
        &mut picks,
    )?;
    let import = import_figures(&mut store, &scratch.0, &opts.config, products)?;
    let frame = frame_figures(store, &opts.config)?;
    let (startup, rss_mb) =
        startup_figures(&opts.exe, &target.to_string_with_password(), &scratch.0)?;
    Ok(BenchReport {
        products,
        orders_open,
        synchronous: synchronous.pragma().to_lowercase(),
        sku_lookup,
        barcode_lookup,
        word_search,
        f7_open,
        f7_filter,
        orders,
        reports,
        commit,
        round_trips,
        import,
        frame,
        startup,
        rss_mb,
    })
}

/// What F7 reads for one filter: its page of orders, and how many match when the page is
/// full.
fn f7_list(store: &Store, text: &str) -> anyhow::Result<usize> {
    let filter = OrderFilter {
        status: StatusFilter::All,
        text: text.to_string(),
        limit: Some(crate::store::orders::LIST_LIMIT),
        ..OrderFilter::default()
    };
    let page = store.order_page(&filter)?;
    Ok(match page.orders.len() < crate::store::orders::LIST_LIMIT {
        true => page.orders.len(),
        false => page.matching,
    })
}

/// Three in-stock lines rung for a cash sale, ready to commit.
fn three_lines(
    store: &Store,
    config: &Config,
    location: &str,
    picks: &mut Picks,
    products: u64,
) -> anyhow::Result<Vec<sale::SaleLine>> {
    lines_in_stock(store, config, location, picks, products, 3)
}

/// `n` lines of one unit each of distinct products in stock here, picked at random.
fn lines_in_stock(
    store: &Store,
    config: &Config,
    location: &str,
    picks: &mut Picks,
    products: u64,
    n: usize,
) -> anyhow::Result<Vec<sale::SaleLine>> {
    let mut lines: Vec<sale::SaleLine> = Vec::new();
    for _ in 0..100_000 {
        if lines.len() == n {
            return Ok(lines);
        }
        let Some(product) = store.product_by_id(1 + picks.below(products) as i64)? else {
            continue;
        };
        let line = store.ring_line(&product.sku, 1, None, location, &config.tax.rates)?;
        if line.available > 0 && lines.iter().all(|l| l.product_id != line.product_id) {
            lines.push(line);
        }
    }
    anyhow::bail!("the bench needs at least {n} products in stock at {location} to ring a sale")
}

/// A cash-register sale the bench rings: its lines with their outcomes and totals worked
/// out, paid whole one way, ready to commit (so the clock or the count covers the commit
/// alone).
struct PaidSale {
    lines: Vec<sale::SaleLine>,
    outcomes: Vec<sale::LineOutcome>,
    totals: sale::SaleTotals,
    tenders: [(TenderKind, Money); 1],
    prices_include_tax: bool,
}

impl PaidSale {
    fn new(lines: Vec<sale::SaleLine>, rules: &sale::Rules, kind: TenderKind) -> PaidSale {
        let outcomes: Vec<_> = lines.iter().map(|l| l.outcome(rules)).collect();
        let totals = sale::totals(&outcomes, Payment::WhenReceived, rules.prices_include_tax);
        PaidSale {
            lines,
            outcomes,
            tenders: [(kind, totals.due)],
            totals,
            prices_include_tax: rules.prices_include_tax,
        }
    }

    fn commit(&self, store: &mut Store, location: &str) -> anyhow::Result<()> {
        store.commit_sale(&SaleToCommit {
            location,
            user: "bench",
            customer: None,
            lines: &self.lines,
            outcomes: &self.outcomes,
            payment: Payment::WhenReceived,
            totals: &self.totals,
            tenders: &self.tenders,
            change: Money::ZERO,
            prices_include_tax: self.prices_include_tax,
            audit: &[],
            approvals: &[],
        })?;
        Ok(())
    }
}

/// A sale's commit against the floor of the same writes: the rows a three-line cash sale
/// writes, inserted and updated with plain SQL in one transaction at the same
/// `synchronous`. The ringing (lookups, prices) is done before the clock starts.
fn commit_figures(
    store: &mut Store,
    location: &str,
    config: &Config,
    picks: &mut Picks,
) -> anyhow::Result<CommitFigures> {
    let rules = config.sale_rules();
    let products = store.product_count()? as u64;
    let mut sales = Vec::new();
    let mut floors = Vec::new();
    for _ in 0..200 {
        let lines = three_lines(store, config, location, picks, products)?;
        let sale = PaidSale::new(lines, &rules, TenderKind::Card);
        let started = Instant::now();
        sale.commit(store, location)?;
        sales.push(started.elapsed());

        let lines = three_lines(store, config, location, picks, products)?;
        let started = Instant::now();
        floor_sale(store, location, &lines)?;
        floors.push(started.elapsed());
    }
    let sale = percentiles(sales).p50_ms;
    let floor = percentiles(floors).p50_ms;
    Ok(CommitFigures {
        p50_ms: sale,
        floor_p50_ms: floor,
        ratio: if floor > 0.0 {
            (sale / floor * 100.0).round() / 100.0
        } else {
            0.0
        },
    })
}

/// The statements the counter sends for what the round-trip budget covers.
fn round_trips(
    store: &mut Store,
    screen_store: Store,
    location: &str,
    config: &Config,
    picks: &mut Picks,
) -> anyhow::Result<RoundTrips> {
    let products = store.product_count()? as u64;
    let sent = |store: &Store| store.conn().statements();
    let mut commit = |store: &mut Store, n: usize| -> anyhow::Result<u64> {
        let lines = lines_in_stock(store, config, location, picks, products, n)?;
        let sale = PaidSale::new(lines, &config.sale_rules(), TenderKind::Cash);
        let before = sent(store);
        sale.commit(store, location)?;
        Ok(sent(store) - before)
    };
    let commit_3 = commit(store, 3)?;
    let commit_20 = commit(store, 20)?;
    let before = sent(store);
    f7_list(store, "")?;
    let f7_refresh = sent(store) - before;
    let skus: Vec<String> = lines_in_stock(store, config, location, picks, products, 11)?
        .into_iter()
        .map(|l| l.sku)
        .collect();
    let mut counter = bench_counter(screen_store, config);
    for sku in &skus[..10] {
        counter.add_item(sku, 1)?;
    }
    let mut app = crate::screen::on_sale_screen(counter, config, "bench");
    let key = |app: &mut crate::screen::Screen, code: KeyCode| {
        let before = app.counter().store.conn().statements();
        if let Some(action) = app.handle_key(KeyEvent::new(code, KeyModifiers::NONE)) {
            app.update(action);
        }
        app.counter().store.conn().statements() - before
    };
    let arrow = key(&mut app, KeyCode::Up);
    let before = app.counter().store.conn().statements();
    for c in skus[10].chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    let ring = app.counter().store.conn().statements() - before;
    Ok(RoundTrips {
        ring,
        key: arrow,
        commit_3,
        commit_20,
        f7_refresh,
    })
}

/// The rows of a three-line cash sale, written by hand: the stock check and update with its
/// ledger row per line, the invoice, its lines and its tender.
fn floor_sale(store: &mut Store, location: &str, lines: &[sale::SaleLine]) -> anyhow::Result<()> {
    let tx = store.write()?;
    let invoice: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM invoices",
        params![],
        |r| r.get(0),
    )?;
    let reference = format!("invoice {invoice}");
    for line in lines {
        let _: i64 = tx
            .prepare_cached(
                "SELECT on_hand - committed FROM stock WHERE product_id = ?1 AND location = ?2",
            )?
            .query_row(params![line.product_id, location], |r| r.get(0))?;
        tx.prepare_cached(
            "INSERT INTO stock_movements (product_id, location, qty, kind, reference, user_name, at)
             VALUES (?1, ?2, -1, 'sale', ?3, 'bench', ?4)",
        )?
        .execute(params![line.product_id, location, reference, tx.now_text()])?;
        tx.prepare_cached(
            "UPDATE stock SET on_hand = on_hand - 1 WHERE product_id = ?1 AND location = ?2",
        )?
        .execute(params![line.product_id, location])?;
    }
    tx.prepare_cached(
        "INSERT INTO invoices (number, kind, location, user_name, goods, tax, deposit,
                               deposit_applied, total, change_given, tax_included, at)
         VALUES (?1, 'sale', ?2, 'bench', '1.00', '0.00', '0.00', '0.00', '1.00', '0.00', 0, ?3)",
    )?
    .execute(params![invoice, location, tx.now_text()])?;
    for (i, line) in lines.iter().enumerate() {
        tx.prepare_cached(
            "INSERT INTO invoice_lines (invoice_number, line_no, product_id, sku, description,
                ordered, qty, held_back, backordered, unit_price, amount, tax, deposit, deposit_tax)
             VALUES (?1, ?2, ?3, ?4, ?5, 1, 1, 0, 0, '1.00', '1.00', '0.00', '0.00', '0.00')",
        )?
        .execute(params![
            invoice,
            i as i64 + 1,
            line.product_id,
            line.sku,
            line.description
        ])?;
    }
    tx.prepare_cached(
        "INSERT INTO tenders (invoice_number, kind, amount) VALUES (?1, 'card', '3.00')",
    )?
    .execute(params![invoice])?;
    tx.commit()?;
    Ok(())
}

/// Imports a file of changed prices for existing products (a tenth of the catalog, at most
/// 100,000 rows), and the longest any of its batches held the write lock.
fn import_figures(
    store: &mut Store,
    dir: &Path,
    config: &Config,
    products: i64,
) -> anyhow::Result<ImportFigures> {
    let rows = (products / 10).clamp(1, 100_000);
    let file = dir.join("prices.csv");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file)?);
    writeln!(
        out,
        "sku,barcode,description,price,breaks,on_hand,location,min_stock,reorder_qty,supplier,tax_class"
    )?;
    for id in 1..=rows {
        let Some(p) = store.product_by_id(id)? else {
            continue;
        };
        let on_hand = store.stock_level(id, &config.store.location)?.on_hand;
        writeln!(
            out,
            "{},{},\"{}\",{},,{},{},{},{},{},{}",
            p.sku,
            p.barcode.unwrap_or_default(),
            p.description.replace('"', "\"\""),
            p.price + Money::from_minor(1),
            on_hand,
            config.store.location,
            p.min_stock,
            p.reorder_qty,
            p.supplier,
            p.tax_class
        )?;
    }
    out.flush()?;
    drop(out);
    let rules = crate::store::import::ImportRules {
        default_location: config.store.location.clone(),
        tax_classes: config.tax.rates.keys().cloned().collect(),
        skip_bad: false,
        user: crate::cli::auth::NO_USERS_NAME.to_string(),
    };
    let started = Instant::now();
    let report = store.import_products(std::fs::File::open(&file)?, &rules)?;
    let took = started.elapsed();
    anyhow::ensure!(
        report.committed,
        "the bench's own import was refused: {:?}",
        report.bad_rows.first()
    );
    Ok(ImportFigures {
        rows_per_s: (report.written as f64 / took.as_secs_f64()).round(),
        longest_lock_ms: ms(report.longest_lock),
    })
}

/// A counter as the bench's manager, over `store`.
fn bench_counter(store: Store, config: &Config) -> Counter {
    let user = User {
        id: 0,
        name: "bench".into(),
        role: Role::Manager,
    };
    Counter::new(store, config.clone(), user)
}

/// The sale screen with 50 lines, drawn at 120×40 on a test terminal.
fn frame_figures(store: Store, config: &Config) -> anyhow::Result<Percentiles> {
    let mut counter = bench_counter(store, config);
    let products = counter.store.product_count()? as u64;
    let mut picks = Picks(0xf4a3e);
    // 50 lines, or one per product of a smaller catalog.
    for _ in 0..10_000 {
        if counter.sale.lines.len() as u64 >= products.min(50) {
            break;
        }
        let id = 1 + picks.below(products) as i64;
        if let Some(p) = counter.store.product_by_id(id)? {
            // A quantity the counter would refuse without asking is simply not rung.
            let _ = counter.add_item(&p.sku, 1 + (id % 5) as u32);
        }
    }
    let app = crate::screen::on_sale_screen(counter, config, "bench");
    let mut terminal = Terminal::new(TestBackend::new(120, 40))?;
    Ok(percentiles(time(200, |_| {
        crate::screen::draw_on(&mut terminal, &app)?;
        Ok(())
    })?))
}

/// This program started on the bench store until its first frame is drawn, ten times;
/// and the most memory it held by then.
fn startup_figures(exe: &Path, db: &str, dir: &Path) -> anyhow::Result<(Percentiles, f64)> {
    let mut rss_kb = 0u64;
    let samples = time(10, |_| {
        let out = std::process::Command::new(exe)
            .arg("--db")
            .arg(db)
            .arg("--first-frame")
            .env("RINGUP_DATA_DIR", dir)
            .stdin(std::process::Stdio::null())
            .output()?;
        anyhow::ensure!(
            out.status.success(),
            "start-up run failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        if let Some(kb) = text
            .trim()
            .strip_prefix("peak_rss_kb ")
            .and_then(|k| k.parse().ok())
        {
            rss_kb = rss_kb.max(kb);
        }
        Ok(())
    })?;
    Ok((
        percentiles(samples),
        (rss_kb as f64 / 1024.0 * 10.0).round() / 10.0,
    ))
}

/// The most memory this process has held, in KiB (Linux; 0 where it cannot be read).
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// The report as a table for a person.
pub fn table(report: &BenchReport) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = |name: &str, p: &Percentiles| {
        rows.push(vec![
            name.to_string(),
            format!("{:.3}", p.p50_ms),
            format!("{:.3}", p.p99_ms),
        ]);
    };
    row("sku_lookup", &report.sku_lookup);
    row("barcode_lookup", &report.barcode_lookup);
    row("word_search", &report.word_search);
    row("f7_open", &report.f7_open);
    row("f7_filter", &report.f7_filter);
    row("orders", &report.orders);
    for (name, p) in &report.reports {
        row(name, p);
    }
    row("frame", &report.frame);
    row("startup", &report.startup);
    let mut text = format!(
        "{} products, {} open orders, synchronous = {}\n\n",
        report.products, report.orders_open, report.synchronous
    );
    text += &crate::present::reports::table(&["measure", "p50 ms", "p99 ms"], &rows, None);
    text += &format!(
        "\ncommit: {:.3} ms p50, floor of the same writes {:.3} ms, ratio {:.2}\n",
        report.commit.p50_ms, report.commit.floor_p50_ms, report.commit.ratio
    );
    let trips = &report.round_trips;
    text += &format!(
        "round trips: ring {}, key {}, commit_3 {}, commit_20 {}, f7_refresh {}\n",
        trips.ring, trips.key, trips.commit_3, trips.commit_20, trips.f7_refresh
    );
    text += &format!(
        "import: {:.0} rows/s, longest write lock {:.1} ms\n",
        report.import.rows_per_s, report.import.longest_lock_ms
    );
    text += &format!("peak RSS at the first frame: {:.1} MB\n", report.rss_mb);
    text
}
