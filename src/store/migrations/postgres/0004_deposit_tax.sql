-- The tax contained in a line's deposit, so a receipt can show the deposit for the goods
-- and its tax apart (the deposit column keeps the whole amount, tax included).
ALTER TABLE invoice_lines ADD COLUMN deposit_tax TEXT COLLATE "C" NOT NULL DEFAULT '0';
