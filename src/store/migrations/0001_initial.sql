-- ringup schema, version 1. Money is TEXT holding an exact decimal, never REAL.
-- Times are TEXT in UTC, ISO 8601 with milliseconds.

CREATE TABLE locations (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         TEXT NOT NULL UNIQUE,
    barcode     TEXT UNIQUE,
    description TEXT NOT NULL,
    price       TEXT NOT NULL,
    tax_class   TEXT NOT NULL DEFAULT 'standard',
    min_stock   INTEGER NOT NULL DEFAULT 0 CHECK (min_stock >= 0),
    reorder_qty INTEGER NOT NULL DEFAULT 0 CHECK (reorder_qty >= 0),
    supplier    TEXT NOT NULL DEFAULT ''
);

-- Words in descriptions (and the SKU) for item search; kept in step by triggers.
CREATE VIRTUAL TABLE products_fts USING fts5(
    description, sku,
    content = 'products', content_rowid = 'id',
    tokenize = "unicode61 tokenchars '-/.'",
    prefix = '2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts(rowid, description, sku) VALUES (new.id, new.description, new.sku);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, description, sku)
        VALUES ('delete', old.id, old.description, old.sku);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF description, sku ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, description, sku)
        VALUES ('delete', old.id, old.description, old.sku);
    INSERT INTO products_fts(rowid, description, sku) VALUES (new.id, new.description, new.sku);
END;

-- Unit tiers (kind 'tier': every unit at price from qty up) and set prices
-- (kind 'set': qty units for price).
CREATE TABLE price_breaks (
    product_id INTEGER NOT NULL REFERENCES products(id),
    kind       TEXT NOT NULL CHECK (kind IN ('tier', 'set')),
    qty        INTEGER NOT NULL CHECK (qty >= 1),
    price      TEXT NOT NULL,
    PRIMARY KEY (product_id, kind, qty)
) WITHOUT ROWID;

-- On hand and committed per product and location. on_hand always equals the sum of
-- stock_movements; committed equals the committed units of open order lines.
CREATE TABLE stock (
    product_id INTEGER NOT NULL REFERENCES products(id),
    location   TEXT NOT NULL REFERENCES locations(code),
    on_hand    INTEGER NOT NULL DEFAULT 0,
    committed  INTEGER NOT NULL DEFAULT 0 CHECK (committed >= 0),
    PRIMARY KEY (product_id, location)
) WITHOUT ROWID;

-- The stock ledger: every change of on hand is a row.
CREATE TABLE stock_movements (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products(id),
    location   TEXT NOT NULL REFERENCES locations(code),
    qty        INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN
                 ('opening', 'receipt', 'transfer_in', 'transfer_out', 'count',
                  'sale', 'fill', 'refund')),
    reference  TEXT NOT NULL,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX stock_movements_product ON stock_movements(product_id, location);

CREATE TABLE customers (
    id              INTEGER PRIMARY KEY,
    account         TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    credit_limit    TEXT NOT NULL DEFAULT '0',
    price_level_pct TEXT NOT NULL DEFAULT '0'
);
CREATE INDEX customers_name ON customers(name COLLATE NOCASE);
CREATE INDEX customers_phone ON customers(phone);

CREATE TABLE special_prices (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    product_id  INTEGER NOT NULL REFERENCES products(id),
    price       TEXT NOT NULL,
    PRIMARY KEY (customer_id, product_id)
) WITHOUT ROWID;

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'manager')),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
);

-- Finished sale documents. Numbers are gap-free: the next is max + 1, taken inside the
-- writing transaction. total = goods + tax (unless included) + deposit - deposit_applied
-- = tenders - change.
CREATE TABLE invoices (
    number          INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('sale', 'final', 'refund')),
    customer_id     INTEGER REFERENCES customers(id),
    order_number    INTEGER,
    location        TEXT NOT NULL REFERENCES locations(code),
    user_name       TEXT NOT NULL,
    goods           TEXT NOT NULL,
    tax             TEXT NOT NULL,
    deposit         TEXT NOT NULL DEFAULT '0',
    deposit_applied TEXT NOT NULL DEFAULT '0',
    total           TEXT NOT NULL,
    change_given    TEXT NOT NULL DEFAULT '0',
    tax_included    INTEGER NOT NULL DEFAULT 0, -- 1: prices include tax, so total has no tax added
    at              TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX invoices_customer ON invoices(customer_id);

CREATE TABLE invoice_lines (
    invoice_number INTEGER NOT NULL REFERENCES invoices(number),
    line_no        INTEGER NOT NULL,
    product_id     INTEGER NOT NULL REFERENCES products(id),
    sku            TEXT NOT NULL,
    description    TEXT NOT NULL,
    ordered        INTEGER NOT NULL,
    qty            INTEGER NOT NULL,          -- delivered now
    held_back      INTEGER NOT NULL DEFAULT 0,
    backordered    INTEGER NOT NULL DEFAULT 0,
    unit_price     TEXT NOT NULL,
    amount         TEXT NOT NULL,             -- charged for the delivered units
    tax            TEXT NOT NULL,
    deposit        TEXT NOT NULL DEFAULT '0', -- prepaid for the units not delivered, tax included
    PRIMARY KEY (invoice_number, line_no)
) WITHOUT ROWID;

CREATE TABLE tenders (
    id             INTEGER PRIMARY KEY,
    invoice_number INTEGER NOT NULL REFERENCES invoices(number),
    kind           TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'account', 'refund')),
    amount         TEXT NOT NULL
);
CREATE INDEX tenders_invoice ON tenders(invoice_number);

-- The pending remainder of an invoice: backordered and held-back lines.
CREATE TABLE orders (
    number         INTEGER PRIMARY KEY,
    invoice_number INTEGER NOT NULL REFERENCES invoices(number),
    customer_id    INTEGER NOT NULL REFERENCES customers(id),
    location       TEXT NOT NULL REFERENCES locations(code),
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'void')),
    payment        TEXT NOT NULL CHECK (payment IN ('when_received', 'when_invoiced')),
    ordered_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    due            TEXT,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX orders_status ON orders(status, ordered_at);

-- ordered = delivered + committed + backordered + cancelled. The price list is frozen
-- when the order is taken (regular, special, level, breaks) so later changes don't touch it.
CREATE TABLE order_lines (
    order_number    INTEGER NOT NULL REFERENCES orders(number),
    line_no         INTEGER NOT NULL,
    product_id      INTEGER NOT NULL REFERENCES products(id),
    ordered         INTEGER NOT NULL CHECK (ordered > 0),
    delivered       INTEGER NOT NULL DEFAULT 0 CHECK (delivered >= 0),
    committed       INTEGER NOT NULL DEFAULT 0 CHECK (committed >= 0),
    backordered     INTEGER NOT NULL DEFAULT 0 CHECK (backordered >= 0),
    cancelled       INTEGER NOT NULL DEFAULT 0 CHECK (cancelled >= 0),
    regular_price   TEXT NOT NULL,
    special_price   TEXT,
    level_pct       TEXT NOT NULL DEFAULT '0',
    breaks          TEXT NOT NULL DEFAULT '',
    tax_rate        TEXT NOT NULL,
    charged         TEXT NOT NULL DEFAULT '0', -- goods charged so far for delivered units
    prepaid         TEXT NOT NULL DEFAULT '0', -- deposit taken for this line, tax included
    prepaid_applied TEXT NOT NULL DEFAULT '0', -- of which applied to final invoices so far
    -- when this line took its place in the queue for stock (kept when units are moved
    -- away by an override, so the line keeps its turn)
    queued_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (order_number, line_no),
    CHECK (ordered = delivered + committed + backordered + cancelled)
) WITHOUT ROWID;
CREATE INDEX order_lines_product ON order_lines(product_id);

-- Money taken now for goods not delivered yet, and what became of it.
CREATE TABLE deposits (
    id             INTEGER PRIMARY KEY,
    order_number   INTEGER NOT NULL REFERENCES orders(number),
    invoice_number INTEGER NOT NULL REFERENCES invoices(number),
    kind           TEXT NOT NULL CHECK (kind IN ('taken', 'applied', 'refunded')),
    amount         TEXT NOT NULL,
    at             TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX deposits_order ON deposits(order_number);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    user_name    TEXT NOT NULL,
    action       TEXT NOT NULL,
    product_id   INTEGER REFERENCES products(id),
    qty          INTEGER,
    other_order  INTEGER,
    reference    TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT ''
);

INSERT INTO locations(code, name) VALUES ('MAIN', 'Main store');
