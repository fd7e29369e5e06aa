-- A sale's line paid when its goods arrive: what its units left will cost then (tax
-- included, at the sale's prices), so the receipt says what is owed later. A refund's
-- line: how many units the cancel or void took off the order.
ALTER TABLE invoice_lines ADD COLUMN owed_later TEXT NOT NULL DEFAULT '0';
ALTER TABLE invoice_lines ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
-- A final invoice's line whose tax was moved so that the line's fills come to its deposit
-- to the cent: by how much, for the receipt to say so.
ALTER TABLE invoice_lines ADD COLUMN tax_adjusted TEXT NOT NULL DEFAULT '0';
-- A quote's tax and what it comes to with tax, and its last valid day, as printed on it
-- (NULL on quotes printed before they were shown).
ALTER TABLE parked_sales ADD COLUMN tax TEXT;
ALTER TABLE parked_sales ADD COLUMN due TEXT;
ALTER TABLE parked_sales ADD COLUMN valid_until TEXT;
