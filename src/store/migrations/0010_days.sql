-- The end of the day: no-sales and closed days (Z reports).
--
-- A drawer opened without a sale: audited, and counted on the day's report.
CREATE TABLE no_sales (
    id        INTEGER PRIMARY KEY,
    location  TEXT NOT NULL REFERENCES locations(code),
    user_name TEXT NOT NULL,
    at        TEXT NOT NULL
);

-- A closed day (Z report) of one location. Numbers are gap-free across the store: the next
-- is max + 1, taken inside the writing transaction. A day covers the location's invoices
-- numbered after the previous day's last_invoice up to its own, and its no-sales likewise
-- by id, so its figures can always be computed again from the documents (`ringup check`).
-- Money is TEXT holding an exact decimal.
CREATE TABLE days (
    number              INTEGER PRIMARY KEY,
    location            TEXT NOT NULL REFERENCES locations(code),
    opened_at           TEXT,          -- the previous close of this location (NULL: the first)
    closed_at           TEXT NOT NULL,
    closed_by           TEXT NOT NULL,
    last_invoice        INTEGER NOT NULL,  -- the highest invoice number when the day closed
    last_no_sale        INTEGER NOT NULL,  -- the highest no-sale id when the day closed
    invoices            INTEGER NOT NULL,
    no_sales            INTEGER NOT NULL,
    sales               TEXT NOT NULL,
    tax                 TEXT NOT NULL,
    returns             TEXT NOT NULL,
    deposits_taken      TEXT NOT NULL,
    deposits_applied    TEXT NOT NULL,
    refunds             TEXT NOT NULL,
    payments_on_account TEXT NOT NULL,
    cash                TEXT NOT NULL,
    card                TEXT NOT NULL,
    account             TEXT NOT NULL,
    refund_tendered     TEXT NOT NULL,
    opening_float       TEXT NOT NULL,
    cash_in             TEXT NOT NULL,
    cash_out            TEXT NOT NULL,
    expected_cash       TEXT NOT NULL,
    counted_cash        TEXT NOT NULL,
    over_short          TEXT NOT NULL
);
CREATE INDEX days_location ON days(location, number);
