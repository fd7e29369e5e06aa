-- Every stock movement names the user who made it (rows written before this say '').
ALTER TABLE stock_movements ADD COLUMN user_name TEXT COLLATE "C" NOT NULL DEFAULT '';
