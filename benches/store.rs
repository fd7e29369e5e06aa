//! Speed of the counter's hot paths on a large store: SKU/barcode lookup, item search by
//! words, and committing a sale, with a one-row write transaction as the baseline for commits.
//!
//! `RINGUP_BENCH_PRODUCTS` sets the catalog size (default 1,000,000; the store is generated
//! once per run into a temporary directory).

use criterion::{Criterion, criterion_group, criterion_main};
use ringup::store::params;

use ringup::config::{Config, Synchronous};
use ringup::domain::Money;
use ringup::domain::sale::{self, Payment, Rules, TenderKind};
use ringup::store::Store;
use ringup::store::sales::SaleToCommit;

fn products() -> u64 {
    std::env::var("RINGUP_BENCH_PRODUCTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let n = products();
    {
        let mut store = Store::open_with(&path, Synchronous::Off).unwrap();
        store.generate(n, 1_000, "MAIN").unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let config = Config::defaults(dir.path().to_path_buf());
    let middle = format!("GEN-{:07}", n / 2);
    let barcode = store.require_product(&middle).unwrap().barcode.unwrap();

    let mut g = c.benchmark_group(format!("lookup_{n}_products"));
    g.bench_function("sku", |b| {
        b.iter(|| store.require_product(&middle).unwrap())
    });
    g.bench_function("barcode", |b| {
        b.iter(|| store.require_product(&barcode).unwrap())
    });
    g.bench_function("search_two_words", |b| {
        b.iter(|| store.search_items("ball bra", "MAIN", 50).unwrap())
    });
    g.bench_function("search_one_prefix", |b| {
        b.iter(|| store.search_items("scr", "MAIN", 50).unwrap())
    });
    g.finish();

    let rules = Rules {
        allow_on_invoice: true,
        basis: config.backorders.price_break_basis,
        prices_include_tax: false,
    };
    let mut g = c.benchmark_group("commit_synchronous_full");
    g.sample_size(30);
    // The floor of any durable write: one small row in its own transaction.
    g.bench_function("baseline_one_row_write_transaction", |b| {
        b.iter(|| {
            let tx = store.write().unwrap();
            tx.execute(
                "INSERT INTO audit_log (user_name, action) VALUES ('bench', 'baseline')",
                params![],
            )
            .unwrap();
            tx.commit().unwrap();
        })
    });
    let mut k = 0u64;
    g.bench_function("three_line_cash_sale", |b| {
        b.iter(|| {
            // Three products with stock, so the sale needs no customer order.
            let mut lines = Vec::new();
            while lines.len() < 3 {
                k += 1;
                let sku = format!("GEN-{:07}", 1 + (k * 7919) % n);
                let line = store
                    .ring_line(&sku, 1, None, "MAIN", &config.tax.rates)
                    .unwrap();
                if line.available > 0 {
                    lines.push(line);
                }
            }
            let outcomes: Vec<_> = lines.iter().map(|l| l.outcome(&rules)).collect();
            let totals = sale::totals(&outcomes, Payment::WhenReceived, false);
            let tenders = [(TenderKind::Card, totals.due)];
            store
                .commit_sale(&SaleToCommit {
                    location: "MAIN",
                    user: "bench",
                    customer: None,
                    lines: &lines,
                    outcomes: &outcomes,
                    payment: Payment::WhenReceived,
                    totals: &totals,
                    tenders: &tenders,
                    change: Money::ZERO,
                    prices_include_tax: false,
                    audit: &[],
                    approvals: &[],
                })
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
