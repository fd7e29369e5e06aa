//! Stock: the ledger of movements and the on-hand/committed figures kept equal to it.

use std::collections::BTreeMap;

use crate::store::db::{Conn, Value, insert_rows, insert_rows_then, params, values};
use crate::store::policy::managers_only;

use super::audit::{Audit, audit};
use super::{Result, Store, StoreError};
use crate::domain::StockLevel;

/// Why on hand changed; the ledger's `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MovementKind {
    Opening,
    Receipt,
    TransferIn,
    TransferOut,
    Count,
    Sale,
    Fill,
    Refund,
    /// Delivered units handed back on a return.
    Return,
}

impl MovementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MovementKind::Opening => "opening",
            MovementKind::Receipt => "receipt",
            MovementKind::TransferIn => "transfer_in",
            MovementKind::TransferOut => "transfer_out",
            MovementKind::Count => "count",
            MovementKind::Sale => "sale",
            MovementKind::Fill => "fill",
            MovementKind::Refund => "refund",
            MovementKind::Return => "return",
        }
    }
}

/// Records one ledger row and moves on hand by the same amount, in the caller's
/// transaction: the two never disagree.
pub(crate) fn record_movement(
    conn: &Conn,
    product_id: i64,
    location: &str,
    qty: i64,
    kind: MovementKind,
    reference: &str,
    user: &str,
) -> Result<()> {
    record_movements(conn, &[(product_id, qty)], location, kind, reference, user)
}

/// Records movements of several products (product, units: negative out) at one location:
/// the ledger rows in one statement, the stock they change in another, however many.
pub(crate) fn record_movements(
    conn: &Conn,
    moves: &[(i64, i64)],
    location: &str,
    kind: MovementKind,
    reference: &str,
    user: &str,
) -> Result<()> {
    let at = conn.now_text();
    let ledger: Vec<Vec<Value>> = moves
        .iter()
        .map(|(product, qty)| values![product, location, qty, kind.as_str(), reference, user, at])
        .collect();
    insert_rows(
        conn,
        "stock_movements (product_id, location, qty, kind, reference, user_name, at)",
        &ledger,
    )?;
    upsert_stock(conn, "on_hand", moves, location)
}

/// Adds each product's units to a stock column at a location (one statement for them
/// all; a product named twice counts once with both).
fn upsert_stock(conn: &Conn, column: &str, deltas: &[(i64, i64)], location: &str) -> Result<()> {
    let mut summed: BTreeMap<i64, i64> = BTreeMap::new();
    for (product, delta) in deltas {
        *summed.entry(*product).or_default() += delta;
    }
    let rows: Vec<Vec<Value>> = summed
        .iter()
        .map(|(product, delta)| values![product, location, delta])
        .collect();
    insert_rows_then(
        conn,
        &format!("stock (product_id, location, {column})"),
        &rows,
        &format!(
            "ON CONFLICT(product_id, location) DO UPDATE SET {column} = stock.{column} + excluded.{column}"
        ),
    )
}

/// Promises more units of several products at a location (held back for orders): one
/// statement for them all.
pub(crate) fn commit_units(conn: &Conn, units: &[(i64, i64)], location: &str) -> Result<()> {
    upsert_stock(conn, "committed", units, location)
}

/// The stock of several products at a location in one read; a product with no stock row
/// there has none.
pub(crate) fn stock_levels(
    conn: &Conn,
    products: &[i64],
    location: &str,
) -> Result<BTreeMap<i64, StockLevel>> {
    let mut levels = BTreeMap::new();
    conn.for_each(
        "SELECT product_id, on_hand, committed FROM stock
         WHERE location = ?1 AND product_id IN (SELECT value FROM json_each(?2))",
        params![location, super::docs::numbers_json(products)],
        |r| {
            levels.insert(
                r.get(0)?,
                StockLevel {
                    on_hand: r.get(1)?,
                    committed: r.get(2)?,
                },
            );
            Ok(())
        },
    )?;
    Ok(levels)
}

/// Moves committed units of a product at a location (positive: promise more).
pub(crate) fn adjust_committed(
    conn: &Conn,
    product_id: i64,
    location: &str,
    delta: i64,
) -> Result<()> {
    if delta < 0 {
        // Units promised earlier have a stock row; an upsert would test the CHECK on the
        // negative value it proposes to insert before finding that row.
        conn.prepare_cached(
            "UPDATE stock SET committed = committed + ?3 WHERE product_id = ?1 AND location = ?2",
        )?
        .execute(params![product_id, location, delta])?;
        return Ok(());
    }
    commit_units(conn, &[(product_id, delta)], location)
}

pub(crate) fn stock_level(conn: &Conn, product_id: i64, location: &str) -> Result<StockLevel> {
    let level = conn
        .prepare_cached(
            "SELECT on_hand, committed FROM stock WHERE product_id = ?1 AND location = ?2",
        )?
        .query_row(params![product_id, location], |r| {
            Ok(StockLevel {
                on_hand: r.get(0)?,
                committed: r.get(1)?,
            })
        });
    match level {
        Ok(level) => Ok(level),
        Err(StoreError::NoRows) => Ok(StockLevel::default()),
        Err(e) => Err(e),
    }
}

/// Units received, transferred or cancelled (the domain's rule, as a store error).
pub fn parse_quantity(field: &'static str, text: &str) -> Result<i64> {
    crate::domain::stock::parse_quantity(field, text).map_err(StoreError::from)
}

impl Store {
    pub fn stock_level(&self, product_id: i64, location: &str) -> Result<StockLevel> {
        stock_level(&self.conn, product_id, location)
    }

    /// Available units at every other location that has any, by code.
    pub fn available_elsewhere(
        &self,
        product_id: i64,
        location: &str,
    ) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT location, on_hand - committed FROM stock
             WHERE product_id = ?1 AND location <> ?2 AND on_hand - committed > 0
             ORDER BY location",
        )?;
        let rows = stmt.query_map(params![product_id, location], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        rows.collect::<Result<_>>()
    }

    /// Records a supplier receipt (or a count correction, `qty` may then be negative) at a
    /// location, in its own transaction.
    pub fn receive(
        &mut self,
        sku: &str,
        qty: i64,
        location: &str,
        kind: MovementKind,
        reference: &str,
        user: &str,
    ) -> Result<StockLevel> {
        let outcome = self.receive_and_fill(sku, qty, location, kind, reference, user, false)?;
        Ok(StockLevel {
            on_hand: outcome.on_hand,
            committed: outcome.committed,
        })
    }

    /// Moves units between locations: out of one and into the other in one transaction.
    /// Moves available units between locations, as `user`, audited.
    pub fn transfer(
        &mut self,
        sku: &str,
        qty: i64,
        from: &str,
        to: &str,
        user: &str,
    ) -> Result<()> {
        if from == to {
            return Err(StoreError::bad_input(
                "to",
                to,
                "must differ from the source location",
            ));
        }
        let product = self.require_product(sku)?;
        let known = self.locations()?;
        for (field, loc) in [("from", from), ("to", to)] {
            if !known.iter().any(|l| l == loc) {
                return Err(StoreError::bad_input(field, loc, "no such location"));
            }
        }
        let tx = self.write()?;
        managers_only(&tx, user, "transfer stock")?;
        let source = stock_level(&tx, product.id, from)?;
        if source.available() < qty {
            return Err(StoreError::bad_input(
                "qty",
                qty,
                format!("only {} available at {from}", source.available()),
            ));
        }
        let reference = format!("{from}->{to}");
        record_movement(
            &tx,
            product.id,
            from,
            -qty,
            MovementKind::TransferOut,
            &reference,
            user,
        )?;
        record_movement(
            &tx,
            product.id,
            to,
            qty,
            MovementKind::TransferIn,
            &reference,
            user,
        )?;
        audit(
            &tx,
            &Audit {
                user,
                action: "transfer",
                product_id: Some(product.id),
                qty: Some(qty),
                reference: &reference,
                detail: format!("moved {qty} of {sku} from {from} to {to}"),
                ..Audit::default()
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
