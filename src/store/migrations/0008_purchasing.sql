-- Suppliers, the purchasing figures of products, and purchase orders with the customer
-- order lines they cover.
CREATE TABLE suppliers (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    lead_time_days INTEGER NOT NULL DEFAULT 0 CHECK (lead_time_days >= 0)
);

-- The supplier's part number and the unit cost (NULL: not known). products.supplier names
-- a supplier's code when one matches.
ALTER TABLE products ADD COLUMN supplier_sku TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN cost TEXT;

-- Numbers are gap-free: the next is max + 1, taken inside the writing transaction.
-- Received goods go to the order's location.
CREATE TABLE purchase_orders (
    number      INTEGER PRIMARY KEY,
    supplier_id INTEGER NOT NULL REFERENCES suppliers(id),
    location    TEXT NOT NULL REFERENCES locations(code),
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
    ordered_at  TEXT NOT NULL,
    expected    TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purchase_orders_status ON purchase_orders(status, supplier_id);

-- received <= qty + over_received: units beyond the ordered quantity are recorded as an
-- over-receipt. Every received unit is a 'receipt' movement referenced 'po N'.
CREATE TABLE po_lines (
    po_number     INTEGER NOT NULL REFERENCES purchase_orders(number),
    line_no       INTEGER NOT NULL,
    product_id    INTEGER NOT NULL REFERENCES products(id),
    qty           INTEGER NOT NULL CHECK (qty > 0),
    received      INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
    over_received INTEGER NOT NULL DEFAULT 0 CHECK (over_received >= 0),
    cost          TEXT,
    PRIMARY KEY (po_number, line_no)
) WITHOUT ROWID;
CREATE INDEX po_lines_product ON po_lines(product_id);

-- Which customer order lines a purchase order line was bought for, and how many units of
-- each: one PO line may cover several orders and one order line may be covered by several
-- PO lines, so a table of its own.
CREATE TABLE po_covers (
    po_number    INTEGER NOT NULL,
    po_line      INTEGER NOT NULL,
    order_number INTEGER NOT NULL,
    order_line   INTEGER NOT NULL,
    qty          INTEGER NOT NULL CHECK (qty > 0),
    PRIMARY KEY (po_number, po_line, order_number, order_line),
    FOREIGN KEY (po_number, po_line) REFERENCES po_lines(po_number, line_no),
    FOREIGN KEY (order_number, order_line) REFERENCES order_lines(order_number, line_no)
) WITHOUT ROWID;
CREATE INDEX po_covers_order ON po_covers(order_number, order_line);
