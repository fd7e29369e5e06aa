-- Products below their minimum at a location: available there (on hand less committed; a
-- location without a stock row has none) under min_stock. Kept by triggers on every write
-- to stock, products and locations, so the reorder and purchase reports read the few
-- products short instead of looking at every product of the catalog. `ringup check`
-- compares it with the stock.
CREATE TABLE shortfalls (
    location   TEXT COLLATE "C" NOT NULL,
    product_id BIGINT NOT NULL,
    PRIMARY KEY (location, product_id)
);
CREATE INDEX shortfalls_product ON shortfalls(product_id);

INSERT INTO shortfalls (location, product_id)
    SELECT l.code, p.id FROM products p CROSS JOIN locations l
    LEFT JOIN stock s ON s.product_id = p.id AND s.location = l.code
    WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock;

-- A stock row written: is the product short at its location now? (A fill moves on hand
-- and committed alike, and changes nothing.)
CREATE FUNCTION shortfalls_keep_stock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO shortfalls (location, product_id)
            SELECT OLD.location, OLD.product_id FROM products
            WHERE id = OLD.product_id AND min_stock > 0
              AND EXISTS (SELECT 1 FROM locations WHERE code = OLD.location)
            ON CONFLICT DO NOTHING;
        RETURN OLD;
    END IF;
    DELETE FROM shortfalls WHERE location = NEW.location AND product_id = NEW.product_id
        AND NOT EXISTS (SELECT 1 FROM products WHERE id = NEW.product_id
                        AND min_stock > 0
                        AND NEW.on_hand - NEW.committed < min_stock);
    INSERT INTO shortfalls (location, product_id)
        SELECT NEW.location, NEW.product_id FROM products
        WHERE id = NEW.product_id AND min_stock > 0
          AND NEW.on_hand - NEW.committed < min_stock
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER shortfalls_stock_insert AFTER INSERT ON stock
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_stock();
CREATE TRIGGER shortfalls_stock_update AFTER UPDATE OF on_hand, committed ON stock
    FOR EACH ROW WHEN (OLD.on_hand - OLD.committed <> NEW.on_hand - NEW.committed)
    EXECUTE FUNCTION shortfalls_keep_stock();
CREATE TRIGGER shortfalls_stock_delete AFTER DELETE ON stock
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_stock();

-- A product's minimum set or changed, or the product gone: its shortfalls everywhere again.
CREATE FUNCTION shortfalls_keep_product() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM shortfalls WHERE product_id = OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    INSERT INTO shortfalls (location, product_id)
        SELECT l.code, NEW.id FROM locations l
        LEFT JOIN stock s ON s.product_id = NEW.id AND s.location = l.code
        WHERE NEW.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < NEW.min_stock
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER shortfalls_product_insert AFTER INSERT ON products
    FOR EACH ROW WHEN (NEW.min_stock > 0) EXECUTE FUNCTION shortfalls_keep_product();
CREATE TRIGGER shortfalls_product_minimum AFTER UPDATE OF min_stock ON products
    FOR EACH ROW WHEN (OLD.min_stock <> NEW.min_stock)
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
    INSERT INTO shortfalls (location, product_id)
        SELECT NEW.code, p.id FROM products p
        LEFT JOIN stock s ON s.product_id = p.id AND s.location = NEW.code
        WHERE p.min_stock > 0 AND coalesce(s.on_hand - s.committed, 0) < p.min_stock
        ON CONFLICT DO NOTHING;
    RETURN NEW;
END $$;
CREATE TRIGGER shortfalls_location_insert AFTER INSERT ON locations
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_location();
CREATE TRIGGER shortfalls_location_delete AFTER DELETE ON locations
    FOR EACH ROW EXECUTE FUNCTION shortfalls_keep_location();

-- Each order line's SKU, kept from its product, so the orders-in-process filter matches
-- a SKU without looking up a product for every line of every open order.
ALTER TABLE order_lines ADD COLUMN sku TEXT COLLATE "C";
UPDATE order_lines SET sku = (SELECT sku FROM products WHERE id = order_lines.product_id);
CREATE INDEX order_lines_sku ON order_lines(order_number, sku);
CREATE FUNCTION order_lines_keep_sku() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.sku := (SELECT sku FROM products WHERE id = NEW.product_id);
    RETURN NEW;
END $$;
CREATE TRIGGER order_lines_sku_insert BEFORE INSERT ON order_lines
    FOR EACH ROW EXECUTE FUNCTION order_lines_keep_sku();
CREATE TRIGGER order_lines_sku_product BEFORE UPDATE OF product_id ON order_lines
    FOR EACH ROW EXECUTE FUNCTION order_lines_keep_sku();
CREATE FUNCTION products_keep_line_skus() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE order_lines SET sku = NEW.sku WHERE product_id = NEW.id;
    RETURN NEW;
END $$;
CREATE TRIGGER products_sku_order_lines AFTER UPDATE OF sku ON products
    FOR EACH ROW WHEN (OLD.sku <> NEW.sku) EXECUTE FUNCTION products_keep_line_skus();
