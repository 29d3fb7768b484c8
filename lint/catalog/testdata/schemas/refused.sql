-- Statements every server refuses, each announced by a "refused: CODE"
-- comment: collint reports each at its line and builds everything else.

CREATE DATABASE refusals CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
USE refusals;

CREATE TABLE account (
  id INT UNSIGNED NOT NULL AUTO_INCREMENT,
  login VARCHAR(64) NOT NULL,
  bio TEXT,
  PRIMARY KEY (id)
);

-- refused: 1146
ALTER TABLE acount ADD COLUMN email VARCHAR(255);

-- refused: 1146
CREATE VIEW v_missing AS SELECT a.id, n.x FROM account a JOIN nowhere n ON n.id = a.id;

-- refused: 1050
CREATE TABLE account (id INT);

-- refused: 1060
CREATE TABLE dup_col (a INT, b INT, a VARCHAR(3));

-- refused: 1068
CREATE TABLE two_pk (a INT PRIMARY KEY, b INT, PRIMARY KEY (b));

-- refused: 1072
CREATE TABLE bad_key (a INT, KEY k_b (b));

-- MariaDB indexes a 768-character prefix instead
-- refused(mysql): 1170
CREATE TABLE text_key (a TEXT, KEY k_a (a));

-- refused: 1061
CREATE TABLE dup_key (a INT, b INT, KEY k (a), KEY k (b));

-- MariaDB keeps a hash of the values instead ("long unique")
-- refused(mysql): 1071
CREATE TABLE long_key (a VARCHAR(1000) NOT NULL, UNIQUE KEY uq_a (a)) CHARSET=utf8mb4;

-- MariaDB indexes a prefix instead
-- refused(mysql): 1071
CREATE TABLE long_plain_key (a VARCHAR(1000) NOT NULL, KEY k_a (a)) CHARSET=utf8mb4;

-- refused: 1071
CREATE TABLE long_two_part_key (a VARCHAR(500) NOT NULL, b VARCHAR(500), KEY k_ab (a, b)) CHARSET=utf8mb4;

-- refused: 1074
CREATE TABLE long_char (a CHAR(300));

-- refused: 1074
CREATE TABLE long_varchar (a VARCHAR(20000)) CHARSET=utf8mb4;

-- refused: 1067
CREATE TABLE bad_default (a INT NOT NULL DEFAULT 'abc');

-- refused: 1067
CREATE TABLE bad_enum_default (a ENUM('x','y') DEFAULT 'z');

-- refused: 1067
CREATE TABLE null_default (a INT NOT NULL DEFAULT NULL);

-- refused: 1075
CREATE TABLE two_auto (a INT AUTO_INCREMENT, b INT, KEY (b));

-- refused: 1273
CREATE TABLE bad_collation (a VARCHAR(3) COLLATE utf8mb4_nonesuch_ci);

-- refused: 1115
CREATE TABLE bad_charset (a VARCHAR(3) CHARACTER SET klingon);

-- refused: 1253
CREATE TABLE wrong_pair (a VARCHAR(3) CHARACTER SET latin1 COLLATE utf8mb4_bin);

-- an ALTER refused as a whole: the first change is not applied either
-- refused: 1054
ALTER TABLE account ADD COLUMN email VARCHAR(255) NOT NULL, MODIFY nickname VARCHAR(20);

-- refused: 1091
ALTER TABLE account DROP COLUMN nickname;

-- refused: 1068
ALTER TABLE account ADD PRIMARY KEY (login);

-- refused: 1089
ALTER TABLE account ADD KEY k_login (login(100));

ALTER TABLE account ADD COLUMN email VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '', ADD KEY k_bio (bio(100));

-- refused: 1061
CREATE INDEX k_bio ON account (login);

-- a non-strict session: the server adjusts instead of refusing
SET SESSION sql_mode = 'NO_ENGINE_SUBSTITUTION';
CREATE TABLE lenient (
  a VARCHAR(20000),
  b VARCHAR(70000) CHARACTER SET latin1,
  d DATETIME NOT NULL DEFAULT '0000-00-00 00:00:00'
) CHARSET=utf8mb4;
SET SESSION sql_mode = DEFAULT;

-- NO_ZERO_IN_DATE is in MySQL's default sql_mode only
-- refused(mysql): 1067
CREATE TABLE strict_again (d DATE NOT NULL DEFAULT '2024-00-10');
