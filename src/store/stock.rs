//! Stock: the ledger of movements and the on-hand/committed figures kept equal to it.

use crate::store::db::{Conn, params};
use crate::store::policy::managers_only;

use super::sales::{Audit, audit};
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
    conn.prepare_cached(
        "INSERT INTO stock_movements (product_id, location, qty, kind, reference, user_name, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        product_id,
        location,
        qty,
        kind.as_str(),
        reference,
        user,
        conn.now_text()
    ])?;
    conn.prepare_cached(
        "INSERT INTO stock (product_id, location, on_hand) VALUES (?1, ?2, ?3)
         ON CONFLICT(product_id, location) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand",
    )?
    .execute(params![product_id, location, qty])?;
    Ok(())
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
    conn.prepare_cached(
        "INSERT INTO stock (product_id, location, committed) VALUES (?1, ?2, ?3)
         ON CONFLICT(product_id, location) DO UPDATE SET committed = stock.committed + excluded.committed",
    )?
    .execute(params![product_id, location, delta])?;
    Ok(())
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
