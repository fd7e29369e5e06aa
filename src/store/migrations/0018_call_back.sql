-- An order whose customer was told it is ready and then lost units it had ready (a count
-- took them back): since when it waits for a call back. Cleared by the call (a notice).
ALTER TABLE orders ADD COLUMN call_back_since TEXT;
