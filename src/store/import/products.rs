//! Products checked and written a batch at a time: each step is one statement for all the
//! batch's rows, whatever their number (one round trip each on PostgreSQL), where writing
//! row by row sent a handful of statements a row.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::RowError;
use super::batches::Refused;
use super::parse::ProductRow;
use crate::domain::pricing::PriceBreak;
use crate::store::Result;
use crate::store::db::{
    Column, Conn, Value, insert_rows_then, json_rows, json_table, params, values,
};
use crate::store::docs::numbers_json;
use crate::store::stock::MovementKind;

/// The rows whose barcode belongs to another product (not the one of the row's SKU).
pub(super) fn barcodes_taken(conn: &Conn, rows: &[ProductRow]) -> Result<Refused> {
    let asked: Vec<Vec<Value>> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, row)| {
            let barcode = row.product.barcode.as_ref()?;
            Some(values![i, row.product.sku, barcode])
        })
        .collect();
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let asked_table = json_table(
        conn.dialect(),
        1,
        "r",
        &[
            ("i", Column::Int),
            ("sku", Column::Text),
            ("barcode", Column::Text),
        ],
    );
    let taken = conn.query_map(
        &format!(
            "SELECT r.i, p.sku FROM {asked_table}
             JOIN products p ON p.barcode = r.barcode AND p.sku <> r.sku ORDER BY r.i"
        ),
        params![json_rows(&asked)],
        |r| Ok((r.get::<usize>(0)?, r.get::<String>(1)?)),
    )?;
    Ok(taken
        .into_iter()
        .map(|(i, other)| {
            let row = &rows[i];
            let error = RowError {
                line: row.line,
                field: "barcode".into(),
                value: row.product.barcode.clone().unwrap_or_default(),
                reason: format!("already belongs to product {other}"),
            };
            (i, error)
        })
        .collect())
}

/// Writes a batch of products: upsert by SKU, breaks replaced, on hand at the row's location
/// set to the file's figure through a ledger movement. The barcodes are checked again first
/// (another terminal may have taken one since): a refused row writes nothing. `located`
/// holds the locations this import has written already.
pub(super) fn write_products(
    conn: &Conn,
    rows: &[ProductRow],
    located: &mut HashSet<String>,
) -> Result<Refused> {
    let refused = barcodes_taken(conn, rows)?;
    let refused_at: HashSet<usize> = refused.iter().map(|(i, _)| *i).collect();
    let kept: Vec<&ProductRow> = (0..rows.len())
        .filter(|i| !refused_at.contains(i))
        .map(|i| &rows[i])
        .collect();
    if kept.is_empty() {
        return Ok(refused);
    }
    let new_locations: Vec<Vec<Value>> = kept
        .iter()
        .filter(|row| located.insert(row.location.clone()))
        .map(|row| values![row.location, row.location])
        .collect();
    insert_rows_then(
        conn,
        "locations (code, name)",
        &new_locations,
        "ON CONFLICT DO NOTHING",
    )?;
    let ids = write_product_rows(conn, &kept)?;
    replace_breaks(conn, &kept, &ids)?;
    set_on_hand(conn, &kept, &ids)?;
    Ok(refused)
}

/// The columns of a product an import sets, in the order [`fields`] gives them; the last two
/// only from a file that has them.
const FIELDS: [(&str, Column); 10] = [
    ("sku", Column::Text),
    ("barcode", Column::Text),
    ("description", Column::Text),
    ("price", Column::Text),
    ("tax_class", Column::Text),
    ("min_stock", Column::Int),
    ("reorder_qty", Column::Int),
    ("supplier", Column::Text),
    ("supplier_sku", Column::Text),
    ("cost", Column::Text),
];

/// A row's values for [`FIELDS`] (the first eight, or all ten with purchasing columns).
fn fields(row: &ProductRow) -> Vec<Value> {
    let p = &row.product;
    let mut fields = values![
        p.sku,
        p.barcode,
        p.description,
        p.price,
        p.tax_class,
        p.min_stock,
        p.reorder_qty,
        p.supplier
    ];
    if let Some((supplier_sku, cost)) = &row.purchasing {
        fields.extend(values![supplier_sku, cost]);
    }
    fields
}

/// Writes the rows' products: the new ones inserted, and of the others only the columns
/// whose value changed (a row rewritten whole costs its indexes and triggers again,
/// however little changed; a row that changes nothing is not written). Their ids by SKU.
fn write_product_rows(conn: &Conn, rows: &[&ProductRow]) -> Result<HashMap<String, i64>> {
    let mut stored = stored_products(conn, rows)?;
    let new: Vec<&ProductRow> = rows
        .iter()
        .copied()
        .filter(|row| !stored.contains_key(&row.product.sku))
        .collect();
    insert_products(conn, &new, &mut stored)?;
    // Rows by the columns they change, each set of columns one statement.
    let mut changes: BTreeMap<Vec<usize>, Vec<Vec<Value>>> = BTreeMap::new();
    for row in rows {
        let Some((id, now)) = stored.get(&row.product.sku) else {
            continue;
        };
        let wanted = fields(row);
        let changed: Vec<usize> = (0..wanted.len()).filter(|&i| wanted[i] != now[i]).collect();
        if changed.is_empty() {
            continue;
        }
        let mut update = values![id];
        update.extend(changed.iter().map(|&i| wanted[i].clone()));
        changes.entry(changed).or_default().push(update);
    }
    for (changed, updates) in &changes {
        let mut columns = vec![("id", Column::Int)];
        columns.extend(changed.iter().map(|&i| FIELDS[i]));
        let table = json_table(conn.dialect(), 1, "r", &columns);
        let set: Vec<String> = changed
            .iter()
            .map(|&i| format!("{0} = r.{0}", FIELDS[i].0))
            .collect();
        conn.execute(
            &format!(
                "UPDATE products SET {} FROM {table} WHERE products.id = r.id",
                set.join(", ")
            ),
            params![json_rows(updates)],
        )?;
    }
    Ok(stored.into_iter().map(|(sku, (id, _))| (sku, id)).collect())
}

/// The stored id and [`FIELDS`] of the rows' products that exist, by SKU.
fn stored_products(
    conn: &Conn,
    rows: &[&ProductRow],
) -> Result<HashMap<String, (i64, Vec<Value>)>> {
    let skus: Vec<Vec<Value>> = rows.iter().map(|row| values![row.product.sku]).collect();
    let table = json_table(conn.dialect(), 1, "r", &[("sku", Column::Text)]);
    let names: Vec<String> = FIELDS.iter().map(|(name, _)| format!("p.{name}")).collect();
    let mut stored = HashMap::new();
    conn.for_each(
        &format!(
            "SELECT p.id, {} FROM {table} JOIN products p ON p.sku = r.sku",
            names.join(", ")
        ),
        params![json_rows(&skus)],
        |r| {
            let now = (1..=FIELDS.len())
                .map(|i| r.get::<Value>(i))
                .collect::<Result<Vec<_>>>()?;
            let sku = match &now[0] {
                Value::Text(sku) => sku.clone(),
                other => format!("{other:?}"),
            };
            stored.insert(sku, (r.get(0)?, now));
            Ok(())
        },
    )?;
    Ok(stored)
}

/// Inserts new products in the rows' order, and adds them to `stored` as inserted (the
/// purchasing columns at their defaults, for the update to set).
fn insert_products(
    conn: &Conn,
    new: &[&ProductRow],
    stored: &mut HashMap<String, (i64, Vec<Value>)>,
) -> Result<()> {
    if new.is_empty() {
        return Ok(());
    }
    let inserted: Vec<Vec<Value>> = new.iter().map(|row| fields(row)[..8].to_vec()).collect();
    let table = json_table(conn.dialect(), 1, "r", &FIELDS[..8]);
    // `WHERE true` tells SQLite's parser that ON starts the upsert, not a join's condition.
    let ids = conn.query_map(
        &format!(
            "INSERT INTO products (sku, barcode, description, price, tax_class, min_stock,
                                   reorder_qty, supplier)
             SELECT sku, barcode, description, price, tax_class, min_stock, reorder_qty,
                    supplier
             FROM {table} WHERE true ORDER BY ord
             ON CONFLICT(sku) DO UPDATE SET
                barcode = excluded.barcode, description = excluded.description,
                price = excluded.price, tax_class = excluded.tax_class,
                min_stock = excluded.min_stock, reorder_qty = excluded.reorder_qty,
                supplier = excluded.supplier
             RETURNING sku, id"
        ),
        params![json_rows(&inserted)],
        |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
    )?;
    let by_sku: HashMap<&str, &Vec<Value>> = new
        .iter()
        .zip(&inserted)
        .map(|(row, fields)| (row.product.sku.as_str(), fields))
        .collect();
    for (sku, id) in ids {
        let mut now = by_sku
            .get(sku.as_str())
            .map(|f| (*f).clone())
            .unwrap_or_default();
        now.extend(values!["", Value::Null]);
        stored.insert(sku, (id, now));
    }
    Ok(())
}

/// The product's id, as written.
fn id_of(ids: &HashMap<String, i64>, row: &ProductRow) -> i64 {
    ids.get(&row.product.sku).copied().unwrap_or_default()
}

/// Each product's price breaks replaced by the row's.
fn replace_breaks(conn: &Conn, rows: &[&ProductRow], ids: &HashMap<String, i64>) -> Result<()> {
    let products: Vec<i64> = rows.iter().map(|row| id_of(ids, row)).collect();
    conn.execute(
        "DELETE FROM price_breaks WHERE product_id IN (SELECT value FROM json_each(?1))",
        params![numbers_json(&products)],
    )?;
    let breaks: Vec<Vec<Value>> = rows
        .iter()
        .flat_map(|row| {
            let id = id_of(ids, row);
            row.product.breaks.iter().map(move |b| match *b {
                PriceBreak::Tier { min_qty, unit } => values![id, "tier", min_qty, unit],
                PriceBreak::Set { qty, price } => values![id, "set", qty, price],
            })
        })
        .collect();
    if breaks.is_empty() {
        return Ok(());
    }
    let table = json_table(
        conn.dialect(),
        1,
        "r",
        &[
            ("product_id", Column::Int),
            ("kind", Column::Text),
            ("qty", Column::Int),
            ("price", Column::Text),
        ],
    );
    conn.execute(
        &format!(
            "INSERT INTO price_breaks (product_id, kind, qty, price)
             SELECT product_id, kind, qty, price FROM {table}"
        ),
        params![json_rows(&breaks)],
    )?;
    Ok(())
}

/// On hand at each row's location made the file's figure, through a ledger row of the
/// difference (an opening where there was none, else a count) and the stock it moves.
fn set_on_hand(conn: &Conn, rows: &[&ProductRow], ids: &HashMap<String, i64>) -> Result<()> {
    let places: Vec<Vec<Value>> = rows
        .iter()
        .map(|row| values![id_of(ids, row), row.location])
        .collect();
    let places_table = json_table(
        conn.dialect(),
        1,
        "r",
        &[("product_id", Column::Int), ("location", Column::Text)],
    );
    let mut current: HashMap<(i64, String), i64> = HashMap::new();
    conn.for_each(
        &format!(
            "SELECT s.product_id, s.location, s.on_hand FROM {places_table}
             JOIN stock s ON s.product_id = r.product_id AND s.location = r.location"
        ),
        params![json_rows(&places)],
        |r| {
            current.insert((r.get(0)?, r.get(1)?), r.get(2)?);
            Ok(())
        },
    )?;
    let moves: Vec<Vec<Value>> = rows
        .iter()
        .filter_map(|row| {
            let id = id_of(ids, row);
            let now = current
                .get(&(id, row.location.clone()))
                .copied()
                .unwrap_or(0);
            let kind = match now {
                0 => MovementKind::Opening,
                _ => MovementKind::Count,
            };
            (now != row.on_hand)
                .then(|| values![id, row.location, row.on_hand - now, kind.as_str()])
        })
        .collect();
    if moves.is_empty() {
        return Ok(());
    }
    let table = json_table(
        conn.dialect(),
        1,
        "r",
        &[
            ("product_id", Column::Int),
            ("location", Column::Text),
            ("qty", Column::Int),
            ("kind", Column::Text),
        ],
    );
    let moves = json_rows(&moves);
    conn.execute(
        &format!(
            "INSERT INTO stock_movements (product_id, location, qty, kind, reference, user_name, at)
             SELECT product_id, location, qty, kind, 'import', 'import', ?2
             FROM {table} ORDER BY ord"
        ),
        params![moves, conn.now_text()],
    )?;
    conn.execute(
        &format!(
            "INSERT INTO stock (product_id, location, on_hand)
             SELECT product_id, location, qty FROM {table} WHERE true
             ON CONFLICT(product_id, location) DO UPDATE SET on_hand = stock.on_hand + excluded.on_hand"
        ),
        params![moves],
    )?;
    Ok(())
}
