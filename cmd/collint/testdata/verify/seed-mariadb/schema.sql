-- The seed schema for MariaDB 10.11, which has no utf8mb4_0900_ai_ci: the
-- database default is the server default, utf8mb4_general_ci (as in
-- migrate/plan TestSeedMigrationOnServer).
CREATE DATABASE shop DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE shop;

CREATE TABLE b (
  id BIGINT NOT NULL AUTO_INCREMENT,
  name VARCHAR(100) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE TABLE a (
  id BIGINT NOT NULL AUTO_INCREMENT,
  b_id_str VARCHAR(32) NOT NULL,
  note VARCHAR(255) NULL,
  PRIMARY KEY (id),
  KEY idx_b_id_str (b_id_str)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
