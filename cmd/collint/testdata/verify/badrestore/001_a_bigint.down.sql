-- forgets that the column was utf8mb4_unicode_ci with the table and gives it utf8mb4_bin
ALTER TABLE shop.a MODIFY b_id_str VARCHAR(32) COLLATE utf8mb4_bin NOT NULL;
