-- The day's report counts voids, price overrides and discounts with their amounts, and
-- sales and returns apart.
--
-- An audit row may name the location it happened at and the money it is about: a sale
-- voided at the counter, what it came to (tax included); a price override or discount,
-- what it took off its line's list value (list value less charged value). Sales voided
-- before voids named their location are put at the store's location when it has only
-- one (with more, where they happened is not known and they are not counted), with what
-- their detail says they came to.
ALTER TABLE audit_log ADD COLUMN location TEXT;
ALTER TABLE audit_log ADD COLUMN amount TEXT;
UPDATE audit_log SET location = (SELECT min(code) FROM locations)
WHERE action = 'void_sale' AND (SELECT count(*) FROM locations) = 1;
UPDATE audit_log
SET amount = substr(detail, instr(detail, 'line(s), ') + 9,
                    instr(detail, ' due, ') - instr(detail, 'line(s), ') - 9)
WHERE action = 'void_sale' AND detail LIKE 'voided a sale of % line(s), % due, %';
-- A day's voids by location; a sale's price changes by their invoice reference.
CREATE INDEX audit_log_location ON audit_log(location, action, id) WHERE location IS NOT NULL;
CREATE INDEX audit_log_reference ON audit_log(reference, action);

-- A closed day covers its location's voids by audit row: after the previous day's
-- last_audit up to its own. A day closed before this kept no counts: its new columns are
-- NULL, and it runs up to its own close's audit row.
ALTER TABLE days ADD COLUMN last_audit INTEGER NOT NULL DEFAULT 0;
UPDATE days SET last_audit = coalesce((SELECT max(a.id) FROM audit_log a
                                       WHERE a.action = 'day_close'
                                         AND a.reference = 'day ' || days.number), 0);
ALTER TABLE days ADD COLUMN sales_count INTEGER;
ALTER TABLE days ADD COLUMN returns_count INTEGER;
ALTER TABLE days ADD COLUMN voids_count INTEGER;
ALTER TABLE days ADD COLUMN voids TEXT;
ALTER TABLE days ADD COLUMN price_overrides_count INTEGER;
ALTER TABLE days ADD COLUMN price_overrides TEXT;
ALTER TABLE days ADD COLUMN discounts_count INTEGER;
ALTER TABLE days ADD COLUMN discounts TEXT;
