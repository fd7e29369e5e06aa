-- Sales put aside: parked to serve someone else (gone once recalled) and quotes (numbered
-- without gaps in their own sequence, kept after recall). Any terminal lists them.
--
-- A line keeps the quantities and the clerk's decisions (held back, backordered by hand)
-- and the price it was rung at; a recall re-reads prices from the catalog. Money is TEXT
-- holding an exact decimal.
CREATE TABLE parked_sales (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,          -- parked | quote
    number      INTEGER UNIQUE,         -- the quote's number; NULL when parked
    customer_id INTEGER REFERENCES customers(id),
    payment     TEXT NOT NULL,          -- when_received | when_invoiced
    total       TEXT NOT NULL,          -- the lines' total when parked
    location    TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX parked_sales_at ON parked_sales(at);

CREATE TABLE parked_lines (
    parked_id        INTEGER NOT NULL REFERENCES parked_sales(id),
    line_no          INTEGER NOT NULL,
    product_id       INTEGER NOT NULL REFERENCES products(id),
    ordered          INTEGER NOT NULL,
    held_back        INTEGER NOT NULL DEFAULT 0,
    manual_backorder INTEGER NOT NULL DEFAULT 0,
    unit_price       TEXT NOT NULL,
    amount           TEXT NOT NULL,
    PRIMARY KEY (parked_id, line_no)
);
