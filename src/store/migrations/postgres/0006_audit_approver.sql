-- The manager who approved a decision, in a column of its own (NULL: no approval needed).
ALTER TABLE audit_log ADD COLUMN approved_by TEXT COLLATE "C";
