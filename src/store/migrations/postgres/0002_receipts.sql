-- Keep the printed text of each receipt so any can be reprinted exactly as it was.
CREATE TABLE receipts (
    invoice_number BIGINT PRIMARY KEY REFERENCES invoices(number),
    width          BIGINT NOT NULL,
    text           TEXT COLLATE "C" NOT NULL
);
