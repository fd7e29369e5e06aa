-- Keep the printed text of each receipt so any can be reprinted exactly as it was.
CREATE TABLE receipts (
    invoice_number INTEGER PRIMARY KEY REFERENCES invoices(number),
    width          INTEGER NOT NULL,
    text           TEXT NOT NULL
);
