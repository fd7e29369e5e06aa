-- The shortfalls carry what the reorder and purchase reports print of each product short:
-- its SKU, description, supplier, minimum and reorder quantity, and its stock at the
-- location. The reports then read them in one pass instead of a hundred thousand products
-- and stock rows spread over the whole catalog. The same writes keep them: a product's
-- columns, a stock row's units, a location added or removed. `ringup check` compares
-- every column with the products and stock.
DROP TRIGGER shortfalls_stock_insert;
DROP TRIGGER shortfalls_stock_update;
DROP TRIGGER shortfalls_stock_delete;
DROP TRIGGER shortfalls_product_insert;
DROP TRIGGER shortfalls_product_minimum;
DROP TRIGGER shortfalls_product_delete;
DROP TRIGGER shortfalls_location_insert;
DROP TRIGGER shortfalls_location_delete;
DROP TABLE shortfalls;

CREATE TABLE shortfalls (
    location    TEXT NOT NULL,
    product_id  INTEGER NOT NULL,
    sku         TEXT NOT NULL,
    description TEXT NOT NULL,
    supplier    TEXT NOT NULL,
    min_stock   INTEGER NOT NULL,
    reorder_qty INTEGER NOT NULL,
    on_hand     INTEGER NOT NULL,
    committed   INTEGER NOT NULL,
    PRIMARY KEY (location, product_id)
) WITHOUT ROWID;
CREATE INDEX shortfalls_product ON shortfalls(product_id);

INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                        reorder_qty, on_hand, committed)
    SELECT l.code, p.id, p.sku, p.description, p.supplier, p.min_stock, p.reorder_qty,
           coalesce(s.on_hand, 0), coalesce(s.committed, 0)
    FROM products p CROSS JOIN locations l
    LEFT JOIN stock s ON s.product_id = p.id AND s.location = l.code
    WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock;

-- A stock row written: the product's row at its location again, if it is short there.
CREATE TRIGGER shortfalls_stock_insert AFTER INSERT ON stock BEGIN
    DELETE FROM shortfalls WHERE location = new.location AND product_id = new.product_id;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT new.location, id, sku, description, supplier, min_stock, reorder_qty,
               new.on_hand, new.committed
        FROM products
        WHERE id = new.product_id AND min_stock > 0 AND new.on_hand - new.committed < min_stock;
END;
CREATE TRIGGER shortfalls_stock_update AFTER UPDATE OF on_hand, committed ON stock
WHEN old.on_hand <> new.on_hand OR old.committed <> new.committed BEGIN
    DELETE FROM shortfalls WHERE location = new.location AND product_id = new.product_id;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT new.location, id, sku, description, supplier, min_stock, reorder_qty,
               new.on_hand, new.committed
        FROM products
        WHERE id = new.product_id AND min_stock > 0 AND new.on_hand - new.committed < min_stock;
END;
CREATE TRIGGER shortfalls_stock_delete AFTER DELETE ON stock BEGIN
    DELETE FROM shortfalls WHERE location = old.location AND product_id = old.product_id;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT old.location, id, sku, description, supplier, min_stock, reorder_qty, 0, 0
        FROM products
        WHERE id = old.product_id AND min_stock > 0
          AND EXISTS (SELECT 1 FROM locations WHERE code = old.location);
END;

-- A product added, or a column the shortfalls carry changed: its rows everywhere again.
CREATE TRIGGER shortfalls_product_insert AFTER INSERT ON products
WHEN new.min_stock > 0 BEGIN
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT l.code, new.id, new.sku, new.description, new.supplier, new.min_stock,
               new.reorder_qty, coalesce(s.on_hand, 0), coalesce(s.committed, 0)
        FROM locations l
        LEFT JOIN stock s ON s.product_id = new.id AND s.location = l.code
        WHERE coalesce(s.on_hand - s.committed, 0) < new.min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_product_update
AFTER UPDATE OF sku, description, supplier, min_stock, reorder_qty ON products
WHEN old.sku IS NOT new.sku OR old.description IS NOT new.description
  OR old.supplier IS NOT new.supplier OR old.min_stock <> new.min_stock
  OR old.reorder_qty <> new.reorder_qty BEGIN
    DELETE FROM shortfalls WHERE product_id = new.id;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT l.code, new.id, new.sku, new.description, new.supplier, new.min_stock,
               new.reorder_qty, coalesce(s.on_hand, 0), coalesce(s.committed, 0)
        FROM locations l
        LEFT JOIN stock s ON s.product_id = new.id AND s.location = l.code
        WHERE new.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < new.min_stock;
END;
CREATE TRIGGER shortfalls_product_delete AFTER DELETE ON products BEGIN
    DELETE FROM shortfalls WHERE product_id = old.id;
END;

-- A new location has none of anything: every product with a minimum is short there.
CREATE TRIGGER shortfalls_location_insert AFTER INSERT ON locations BEGIN
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT new.code, p.id, p.sku, p.description, p.supplier, p.min_stock, p.reorder_qty,
               coalesce(s.on_hand, 0), coalesce(s.committed, 0)
        FROM products p
        LEFT JOIN stock s ON s.product_id = p.id AND s.location = new.code
        WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_location_delete AFTER DELETE ON locations BEGIN
    DELETE FROM shortfalls WHERE location = old.code;
END;
