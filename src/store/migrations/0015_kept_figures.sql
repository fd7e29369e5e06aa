-- Products below their minimum at a location: available there (on hand less committed; a
-- location without a stock row has none) under min_stock. Kept by triggers on every write
-- to stock, products and locations, so the reorder and purchase reports read the few
-- products short instead of looking at every product of the catalog. `ringup check`
-- compares it with the stock.
CREATE TABLE shortfalls (
    location   TEXT NOT NULL,
    product_id INTEGER NOT NULL,
    PRIMARY KEY (location, product_id)
) WITHOUT ROWID;
CREATE INDEX shortfalls_product ON shortfalls(product_id);

INSERT INTO shortfalls (location, product_id)
    SELECT l.code, p.id FROM products p CROSS JOIN locations l
    LEFT JOIN stock s ON s.product_id = p.id AND s.location = l.code
    WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock;

-- A stock row's available units changed (a fill moves on hand and committed alike: none).
CREATE TRIGGER shortfalls_stock_insert AFTER INSERT ON stock BEGIN
    DELETE FROM shortfalls WHERE location = new.location AND product_id = new.product_id
        AND NOT EXISTS (SELECT 1 FROM products WHERE id = new.product_id
                        AND min_stock > 0
                        AND new.on_hand - new.committed < min_stock);
    INSERT INTO shortfalls (location, product_id)
        SELECT new.location, new.product_id FROM products
        WHERE id = new.product_id AND min_stock > 0
          AND new.on_hand - new.committed < min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_stock_update AFTER UPDATE OF on_hand, committed ON stock
WHEN old.on_hand - old.committed <> new.on_hand - new.committed BEGIN
    DELETE FROM shortfalls WHERE location = new.location AND product_id = new.product_id
        AND NOT EXISTS (SELECT 1 FROM products WHERE id = new.product_id
                        AND min_stock > 0
                        AND new.on_hand - new.committed < min_stock);
    INSERT INTO shortfalls (location, product_id)
        SELECT new.location, new.product_id FROM products
        WHERE id = new.product_id AND min_stock > 0
          AND new.on_hand - new.committed < min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_stock_delete AFTER DELETE ON stock BEGIN
    INSERT INTO shortfalls (location, product_id)
        SELECT old.location, old.product_id FROM products
        WHERE id = old.product_id AND min_stock > 0
          AND EXISTS (SELECT 1 FROM locations WHERE code = old.location)
        ON CONFLICT DO NOTHING;
END;

-- A product's minimum set or changed: its shortfalls at every location again.
CREATE TRIGGER shortfalls_product_insert AFTER INSERT ON products
WHEN new.min_stock > 0 BEGIN
    INSERT INTO shortfalls (location, product_id)
        SELECT l.code, new.id FROM locations l
        LEFT JOIN stock s ON s.product_id = new.id AND s.location = l.code
        WHERE new.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < new.min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_product_minimum AFTER UPDATE OF min_stock ON products
WHEN old.min_stock <> new.min_stock BEGIN
    DELETE FROM shortfalls WHERE product_id = new.id;
    INSERT INTO shortfalls (location, product_id)
        SELECT l.code, new.id FROM locations l
        LEFT JOIN stock s ON s.product_id = new.id AND s.location = l.code
        WHERE new.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < new.min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_product_delete AFTER DELETE ON products BEGIN
    DELETE FROM shortfalls WHERE product_id = old.id;
END;

-- A new location has none of anything: every product with a minimum is short there.
CREATE TRIGGER shortfalls_location_insert AFTER INSERT ON locations BEGIN
    INSERT INTO shortfalls (location, product_id)
        SELECT new.code, p.id FROM products p
        LEFT JOIN stock s ON s.product_id = p.id AND s.location = new.code
        WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock
        ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER shortfalls_location_delete AFTER DELETE ON locations BEGIN
    DELETE FROM shortfalls WHERE location = old.code;
END;

-- Each order line's SKU, kept from its product, so the orders-in-process filter matches
-- a SKU without looking up a product for every line of every open order.
ALTER TABLE order_lines ADD COLUMN sku TEXT;
UPDATE order_lines SET sku = (SELECT sku FROM products WHERE id = order_lines.product_id);
CREATE INDEX order_lines_sku ON order_lines(order_number, sku);
CREATE TRIGGER order_lines_sku_insert AFTER INSERT ON order_lines BEGIN
    UPDATE order_lines SET sku = (SELECT sku FROM products WHERE id = new.product_id)
    WHERE order_number = new.order_number AND line_no = new.line_no;
END;
CREATE TRIGGER order_lines_sku_product AFTER UPDATE OF product_id ON order_lines BEGIN
    UPDATE order_lines SET sku = (SELECT sku FROM products WHERE id = new.product_id)
    WHERE order_number = new.order_number AND line_no = new.line_no;
END;
CREATE TRIGGER products_sku_order_lines AFTER UPDATE OF sku ON products
WHEN old.sku <> new.sku BEGIN
    UPDATE order_lines SET sku = new.sku WHERE product_id = new.id;
END;

-- The item search index is written again only when a description or SKU changes, not on
-- every update that names them (an import rewrites every column of a row it upserts).
DROP TRIGGER products_fts_update;
CREATE TRIGGER products_fts_update AFTER UPDATE OF description, sku ON products
WHEN old.description IS NOT new.description OR old.sku IS NOT new.sku BEGIN
    INSERT INTO products_fts(products_fts, rowid, description, sku)
        VALUES ('delete', old.id, old.description, old.sku);
    INSERT INTO products_fts(rowid, description, sku) VALUES (new.id, new.description, new.sku);
END;
