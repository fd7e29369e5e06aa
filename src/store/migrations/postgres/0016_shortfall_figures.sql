-- The shortfalls carry what the reorder and purchase reports print of each product short:
-- its SKU, description, supplier, minimum and reorder quantity, and its stock at the
-- location. The reports then read them in one pass instead of a hundred thousand products
-- and stock rows spread over the whole catalog. The same writes keep them: a product's
-- columns, a stock row's units, a location added or removed. `ringup check` compares
-- every column with the products and stock.
DROP TRIGGER shortfalls_stock_insert ON stock;
DROP TRIGGER shortfalls_stock_update ON stock;
DROP TRIGGER shortfalls_stock_delete ON stock;
DROP TRIGGER shortfalls_product_insert ON products;
DROP TRIGGER shortfalls_product_minimum ON products;
DROP TRIGGER shortfalls_product_delete ON products;
DROP TRIGGER shortfalls_location_insert ON locations;
DROP TRIGGER shortfalls_location_delete ON locations;
DROP FUNCTION shortfalls_keep_stock();
DROP FUNCTION shortfalls_keep_product();
DROP FUNCTION shortfalls_keep_location();
DROP TABLE shortfalls;

CREATE TABLE shortfalls (
    location    TEXT COLLATE "C" NOT NULL,
    product_id  BIGINT NOT NULL,
    sku         TEXT COLLATE "C" NOT NULL,
    description TEXT COLLATE "C" NOT NULL,
    supplier    TEXT COLLATE "C" NOT NULL,
    min_stock   BIGINT NOT NULL,
    reorder_qty BIGINT NOT NULL,
    on_hand     BIGINT NOT NULL,
    committed   BIGINT NOT NULL,
    PRIMARY KEY (location, product_id)
);
CREATE INDEX shortfalls_product ON shortfalls(product_id);

INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                        reorder_qty, on_hand, committed)
    SELECT l.code, p.id, p.sku, p.description, p.supplier, p.min_stock, p.reorder_qty,
           coalesce(s.on_hand, 0), coalesce(s.committed, 0)
    FROM products p CROSS JOIN locations l
    LEFT JOIN stock s ON s.product_id = p.id AND s.location = l.code
    WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock;

-- A stock row written: the product's row at its location again, if it is short there.
CREATE FUNCTION shortfalls_keep_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM shortfalls WHERE location = OLD.location AND product_id = OLD.product_id;
        INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                                reorder_qty, on_hand, committed)
            SELECT OLD.location, id, sku, description, supplier, min_stock, reorder_qty, 0, 0
            FROM products
            WHERE id = OLD.product_id AND min_stock > 0
              AND EXISTS (SELECT 1 FROM locations WHERE code = OLD.location);
        RETURN OLD;
    END IF;
    DELETE FROM shortfalls WHERE location = NEW.location AND product_id = NEW.product_id;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT NEW.location, id, sku, description, supplier, min_stock, reorder_qty,
               NEW.on_hand, NEW.committed
        FROM products
        WHERE id = NEW.product_id AND min_stock > 0 AND NEW.on_hand - NEW.committed < min_stock;
    RETURN NEW;
END $$;
CREATE TRIGGER shortfalls_stock_insert AFTER INSERT ON stock
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_stock();
CREATE TRIGGER shortfalls_stock_update AFTER UPDATE OF on_hand, committed ON stock
    FOR EACH ROW WHEN (OLD.on_hand <> NEW.on_hand OR OLD.committed <> NEW.committed)
    EXECUTE FUNCTION shortfalls_keep_stock();
CREATE TRIGGER shortfalls_stock_delete AFTER DELETE ON stock
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_stock();

-- A product added, or a column the shortfalls carry changed: its rows everywhere again.
CREATE FUNCTION shortfalls_keep_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM shortfalls
        WHERE product_id = CASE TG_OP WHEN 'DELETE' THEN OLD.id ELSE NEW.id END;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT l.code, NEW.id, NEW.sku, NEW.description, NEW.supplier, NEW.min_stock,
               NEW.reorder_qty, coalesce(s.on_hand, 0), coalesce(s.committed, 0)
        FROM locations l
        LEFT JOIN stock s ON s.product_id = NEW.id AND s.location = l.code
        WHERE NEW.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < NEW.min_stock;
    RETURN NEW;
END $$;
CREATE TRIGGER shortfalls_product_insert AFTER INSERT ON products
    FOR EACH ROW WHEN (NEW.min_stock > 0) EXECUTE FUNCTION shortfalls_keep_product();
CREATE TRIGGER shortfalls_product_update
    AFTER UPDATE OF sku, description, supplier, min_stock, reorder_qty ON products
    FOR EACH ROW WHEN (OLD.sku IS DISTINCT FROM NEW.sku
                       OR OLD.description IS DISTINCT FROM NEW.description
                       OR OLD.supplier IS DISTINCT FROM NEW.supplier
                       OR OLD.min_stock <> NEW.min_stock
                       OR OLD.reorder_qty <> NEW.reorder_qty)
    EXECUTE FUNCTION shortfalls_keep_product();
CREATE TRIGGER shortfalls_product_delete AFTER DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_product();

-- A new location has none of anything: every product with a minimum is short there.
CREATE FUNCTION shortfalls_keep_location() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM shortfalls WHERE location = OLD.code;
        RETURN OLD;
    END IF;
    INSERT INTO shortfalls (location, product_id, sku, description, supplier, min_stock,
                            reorder_qty, on_hand, committed)
        SELECT NEW.code, p.id, p.sku, p.description, p.supplier, p.min_stock, p.reorder_qty,
               coalesce(s.on_hand, 0), coalesce(s.committed, 0)
        FROM products p
        LEFT JOIN stock s ON s.product_id = p.id AND s.location = NEW.code
        WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER shortfalls_location_insert AFTER INSERT ON locations
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_location();
CREATE TRIGGER shortfalls_location_delete AFTER DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_location();
