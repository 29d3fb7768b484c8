-- A Korean community board that grew from 2009 to today: euckr and latin1
-- tables from the first release, utf8 (utf8mb3) from the second, then a
-- series of migrations that convert, widen and rename.

SET NAMES utf8mb4;

CREATE DATABASE IF NOT EXISTS board DEFAULT CHARACTER SET euckr;
USE board;

-- release 1 (2009): everything in the database default (euckr)
CREATE TABLE member (
  mb_no INT(11) NOT NULL AUTO_INCREMENT,
  mb_id VARCHAR(20) NOT NULL DEFAULT '',
  mb_name VARCHAR(255) NOT NULL DEFAULT '',
  mb_nick VARCHAR(255) NOT NULL DEFAULT '',
  mb_email VARCHAR(255) CHARACTER SET latin1 NOT NULL DEFAULT '',
  mb_level TINYINT(4) NOT NULL DEFAULT 0,
  mb_point INT(11) NOT NULL DEFAULT 0,
  mb_sex CHAR(1) NOT NULL DEFAULT '',
  mb_birth VARCHAR(255) NOT NULL DEFAULT '',
  mb_memo TEXT NOT NULL,
  mb_datetime DATETIME NOT NULL,
  mb_ip VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '',
  PRIMARY KEY (mb_no),
  UNIQUE KEY mb_id (mb_id),
  KEY mb_datetime (mb_datetime)
) ENGINE=InnoDB;

CREATE TABLE board_write (
  wr_id INT NOT NULL AUTO_INCREMENT,
  wr_num INT NOT NULL DEFAULT 0,
  wr_reply VARCHAR(10) NOT NULL,
  wr_parent INT NOT NULL DEFAULT 0,
  wr_subject VARCHAR(255) NOT NULL,
  wr_content TEXT NOT NULL,
  wr_link1 TEXT,
  wr_hit INT NOT NULL DEFAULT 0,
  mb_id VARCHAR(20) NOT NULL,
  wr_password VARCHAR(255) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
  wr_name VARCHAR(255) NOT NULL,
  wr_datetime DATETIME NOT NULL,
  wr_file TINYINT NOT NULL DEFAULT 0,
  wr_1 VARCHAR(255) NOT NULL DEFAULT '',
  wr_2 VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (wr_id),
  KEY wr_num_reply_parent (wr_num, wr_reply, wr_parent),
  KEY mb_id (mb_id)
) ENGINE=InnoDB DEFAULT CHARSET=euckr COLLATE=euckr_korean_ci;

CREATE TABLE visit_log (
  vi_id INT(11) NOT NULL DEFAULT 0,
  vi_ip VARCHAR(255) NOT NULL DEFAULT '',
  vi_date DATE NOT NULL DEFAULT '2009-01-01',
  vi_time TIME NOT NULL DEFAULT '00:00:00',
  vi_referer TEXT NOT NULL,
  vi_agent VARCHAR(255) NOT NULL DEFAULT '',
  PRIMARY KEY (vi_id),
  UNIQUE KEY index1 (vi_ip, vi_date)
) ENGINE=MyISAM DEFAULT CHARSET=latin1;

CREATE TABLE config (
  cf_title VARCHAR(255) NOT NULL DEFAULT '',
  cf_admin VARCHAR(255) NOT NULL DEFAULT '',
  cf_use_point TINYINT NOT NULL DEFAULT 0,
  cf_filter TEXT NOT NULL,
  cf_possible_ip TEXT(200) NOT NULL,
  cf_intercept_ip TEXT(20) NOT NULL,
  cf_stamp BLOB(100),
  cf_key NATIONAL CHAR(16),
  cf_note NVARCHAR(40)
) ENGINE=InnoDB CHARSET=euckr;

-- release 2 (2013): new tables in utf8 (utf8mb3)
ALTER DATABASE board CHARACTER SET utf8 COLLATE utf8_general_ci;

CREATE TABLE board_new (
  bn_id INT(11) NOT NULL AUTO_INCREMENT,
  bo_table VARCHAR(20) NOT NULL DEFAULT '',
  wr_id INT(11) NOT NULL DEFAULT 0,
  wr_parent INT(11) NOT NULL DEFAULT 0,
  bn_datetime DATETIME NOT NULL DEFAULT '2013-01-01 00:00:00',
  mb_id VARCHAR(20) NOT NULL DEFAULT '',
  PRIMARY KEY (bn_id),
  KEY mb_id (mb_id)
);

CREATE TABLE poll (
  po_id INT(11) NOT NULL AUTO_INCREMENT,
  po_subject VARCHAR(255) NOT NULL DEFAULT '',
  po_poll1 VARCHAR(255) NOT NULL DEFAULT '',
  po_cnt1 INT(11) NOT NULL DEFAULT 0,
  po_etc VARCHAR(255) BINARY NOT NULL DEFAULT '',
  po_level TINYINT(4) NOT NULL DEFAULT 0,
  po_point INT(11) NOT NULL DEFAULT 0,
  po_date DATE NOT NULL,
  po_ips MEDIUMTEXT NOT NULL,
  mb_ids TEXT CHARACTER SET ascii NOT NULL,
  PRIMARY KEY (po_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8;

CREATE TABLE attachment (
  bf_no INT UNSIGNED NOT NULL,
  bo_table VARCHAR(20) NOT NULL,
  wr_id INT NOT NULL,
  bf_source VARCHAR(255) NOT NULL,
  bf_file VARBINARY(255) NOT NULL,
  bf_content LONGBLOB,
  bf_hash BINARY(20),
  bf_mime CHAR(64) CHARACTER SET binary,
  bf_meta VARCHAR(1000) CHARSET binary,
  bf_preview TEXT CHARACTER SET binary,
  bf_filesize INT NOT NULL DEFAULT 0,
  PRIMARY KEY (bo_table, wr_id, bf_no),
  KEY bf_file (bf_file(32))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_unicode_ci;

CREATE TABLE raw_archive (
  ra_id BIGINT NOT NULL,
  ra_key VARCHAR(64) NOT NULL,
  ra_body TEXT,
  ra_note CHAR(8),
  PRIMARY KEY (ra_id),
  KEY ra_key (ra_key)
) ENGINE=InnoDB DEFAULT CHARSET=binary;

-- release 3 (2018): the big conversion
ALTER TABLE member CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE member MODIFY mb_email VARCHAR(255) CHARACTER SET ascii NOT NULL DEFAULT '';
ALTER TABLE member ADD COLUMN mb_hp VARCHAR(20) NOT NULL DEFAULT '' AFTER mb_email,
  ADD COLUMN mb_certify VARCHAR(20) CHARACTER SET latin1 NOT NULL DEFAULT '' AFTER mb_hp,
  ADD INDEX mb_hp (mb_hp);
ALTER TABLE member CHANGE mb_memo mb_profile MEDIUMTEXT;
ALTER TABLE member DROP COLUMN mb_birth;

ALTER TABLE board_write CONVERT TO CHARACTER SET utf8mb4;
ALTER TABLE board_write MODIFY wr_password VARCHAR(255) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL,
  MODIFY wr_link1 TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE board_write ADD COLUMN wr_seo_title VARCHAR(255) NOT NULL DEFAULT '' AFTER wr_subject,
  ADD INDEX wr_seo_title (wr_seo_title(191));
ALTER TABLE board_write DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE board_write ADD COLUMN wr_3 VARCHAR(255) NOT NULL DEFAULT '';

ALTER TABLE visit_log CONVERT TO CHARACTER SET utf8;
ALTER TABLE visit_log ENGINE=InnoDB;
ALTER TABLE visit_log MODIFY vi_id INT(11) NOT NULL AUTO_INCREMENT;

ALTER TABLE config CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
ALTER TABLE config ADD COLUMN cf_social_servicelist VARCHAR(255) NOT NULL DEFAULT '' FIRST;
ALTER TABLE config RENAME COLUMN cf_admin TO cf_admin_id;

CREATE TABLE board_new_copy LIKE board_new;
RENAME TABLE board_new TO board_new_old, board_new_copy TO board_new;
DROP TABLE board_new_old;
ALTER TABLE board_new ADD COLUMN as_reply TINYINT(1) NOT NULL DEFAULT 0, ADD COLUMN as_re_mb VARCHAR(255) COLLATE utf8_bin NOT NULL DEFAULT '';

CREATE INDEX wr_datetime ON board_write (wr_datetime);
CREATE UNIQUE INDEX po_subject ON poll (po_subject(100), po_date);
DROP INDEX mb_id ON board_new;
ALTER TABLE poll DROP INDEX po_subject, ADD UNIQUE KEY po_subject_date (po_subject(80), po_date);
ALTER TABLE poll RENAME INDEX po_subject_date TO uq_poll_subject;
ALTER TABLE attachment MODIFY bf_source VARCHAR(255) CHARACTER SET euckr NOT NULL;

-- release 4 (2024): utf8mb4 everywhere new, one euckr island kept for a partner feed
ALTER DATABASE board DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE partner_feed (
  pf_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pf_title VARCHAR(200) CHARACTER SET euckr COLLATE euckr_bin NOT NULL,
  pf_body MEDIUMTEXT CHARACTER SET euckr,
  pf_sent TIMESTAMP NULL DEFAULT NULL,
  pf_state ENUM('queued','sent','failed') CHARACTER SET ascii NOT NULL DEFAULT 'queued',
  UNIQUE KEY uq_pf_title (pf_title)
);

CREATE TABLE member_social (
  mb_id VARCHAR(20) NOT NULL,
  provider VARCHAR(50) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  identifier VARCHAR(255) NOT NULL,
  profile JSON,
  linked_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (mb_id, provider),
  CONSTRAINT fk_social_member FOREIGN KEY (mb_id) REFERENCES member (mb_id) ON DELETE CASCADE
);

ALTER TABLE member_social MODIFY identifier VARCHAR(255) COLLATE utf8mb4_bin NOT NULL;

-- member.mb_id is utf8mb4_unicode_ci, board_write.mb_id the charset's
-- default collation since the conversion: the join is an illegal mix.
-- refused: 1267
CREATE VIEW v_member_posts AS
  SELECT m.mb_id, m.mb_nick, w.wr_subject, w.wr_datetime, w.wr_password
  FROM member m JOIN board_write w ON w.mb_id = m.mb_id;

CREATE VIEW v_member_posts AS
  SELECT m.mb_id, m.mb_nick, w.wr_subject, w.wr_datetime, w.wr_password
  FROM member m JOIN board_write w ON w.mb_id = m.mb_id COLLATE utf8mb4_unicode_ci;

CREATE OR REPLACE VIEW v_feed_state (title, state, sent) AS
  SELECT pf_title, pf_state, pf_sent FROM partner_feed;
