/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19-11.4.5-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: crm
-- ------------------------------------------------------
-- Server version	10.11.11-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*M!100616 SET @OLD_NOTE_VERBOSITY=@@NOTE_VERBOSITY, NOTE_VERBOSITY=0 */;

--
-- Current Database: `crm`
--

CREATE DATABASE /*!32312 IF NOT EXISTS*/ `crm` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci */;

USE `crm`;

--
-- Table structure for table `account`
--

DROP TABLE IF EXISTS `account`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `account` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(150) NOT NULL,
  `name_sort` varchar(150) CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci DEFAULT NULL,
  `vat_id` varchar(20) CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT NULL,
  `country` char(2) CHARACTER SET latin1 COLLATE latin1_swedish_ci NOT NULL DEFAULT 'SE',
  `tier` enum('free','pro','enterprise') NOT NULL DEFAULT 'free',
  `seats` smallint(5) unsigned NOT NULL DEFAULT 1,
  `mrr` decimal(10,2) NOT NULL DEFAULT 0.00,
  `settings` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`settings`)),
  `notes` text DEFAULT '',
  `created_at` timestamp NOT NULL DEFAULT current_timestamp(),
  `updated_at` timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  `deleted_at` datetime DEFAULT NULL,
  `legacy_code` varchar(32) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_account_vat` (`vat_id`),
  KEY `idx_account_name` (`name`),
  KEY `idx_account_legacy` (`legacy_code`)
) ENGINE=InnoDB AUTO_INCREMENT=2044 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `contact`
--

DROP TABLE IF EXISTS `contact`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `contact` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `account_id` int(10) unsigned NOT NULL,
  `email` varchar(190) NOT NULL,
  `first_name` varchar(60) DEFAULT NULL,
  `last_name` varchar(60) DEFAULT NULL,
  `full_name` varchar(121) GENERATED ALWAYS AS (concat_ws(' ',`first_name`,`last_name`)) STORED,
  `phone` varchar(30) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
  `opt_in` tinyint(1) NOT NULL DEFAULT 0,
  `score` float DEFAULT NULL,
  `bounce_rate` double(5,2) DEFAULT NULL,
  `avatar` mediumblob DEFAULT NULL,
  `external_id` binary(16) DEFAULT NULL,
  `born` date DEFAULT NULL,
  `last_seen` datetime(3) DEFAULT NULL,
  `timezone` varchar(40) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT 'UTC',
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_contact_email` (`account_id`,`email`),
  KEY `idx_contact_name` (`last_name`,`first_name`),
  KEY `idx_contact_full_name` (`full_name`),
  CONSTRAINT `fk_contact_account` FOREIGN KEY (`account_id`) REFERENCES `account` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=88121 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `deal`
--

DROP TABLE IF EXISTS `deal`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `deal` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `account_id` int(10) unsigned NOT NULL,
  `owner_email` varchar(190) NOT NULL,
  `title` varchar(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  `stage` set('lead','qualified','proposal','won','lost') NOT NULL DEFAULT 'lead',
  `amount` decimal(14,2) unsigned DEFAULT NULL,
  `probability` tinyint(3) unsigned zerofill DEFAULT NULL,
  `closed` bit(1) NOT NULL DEFAULT b'0',
  `close_year` year(4) DEFAULT NULL,
  `forecast_at` time(3) DEFAULT NULL,
  `lost_reason` tinytext DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `fk_deal_account` (`account_id`),
  KEY `idx_deal_title` (`title`(50)),
  CONSTRAINT `fk_deal_account` FOREIGN KEY (`account_id`) REFERENCES `account` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `import_batch`
--

DROP TABLE IF EXISTS `import_batch`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `import_batch` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `file_name` varchar(255) NOT NULL,
  `raw_header` varchar(2000) CHARACTER SET euckr COLLATE euckr_korean_ci DEFAULT NULL,
  `encoding` varchar(20) NOT NULL DEFAULT 'euckr',
  `rows_total` int(11) NOT NULL DEFAULT 0,
  `payload` longblob DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=MyISAM DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Temporary table structure for view `v_pipeline`
--

DROP TABLE IF EXISTS `v_pipeline`;
/*!50001 DROP VIEW IF EXISTS `v_pipeline`*/;
SET @saved_cs_client     = @@character_set_client;
SET character_set_client = utf8mb4;
/*!50001 CREATE VIEW `v_pipeline` AS SELECT
 1 AS `deal_id`,
 1 AS `title`,
 1 AS `account_name`,
 1 AS `tier`,
 1 AS `amount` */;
SET character_set_client = @saved_cs_client;

--
-- Dumping routines for database 'crm'
--
/*!50003 DROP PROCEDURE IF EXISTS `merge_accounts` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET character_set_results = utf8mb4 */ ;
/*!50003 SET collation_connection  = utf8mb4_general_ci */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
CREATE DEFINER=`crm`@`%` PROCEDURE `merge_accounts`(IN p_keep INT UNSIGNED, IN p_drop INT UNSIGNED)
BEGIN
  START TRANSACTION;
  UPDATE contact SET account_id = p_keep WHERE account_id = p_drop;
  UPDATE deal SET account_id = p_keep WHERE account_id = p_drop;
  DELETE FROM account WHERE id = p_drop;
  COMMIT;
END ;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;

--
-- Final view structure for view `v_pipeline`
--

/*!50001 DROP VIEW IF EXISTS `v_pipeline`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET @saved_cs_results         = @@character_set_results */;
/*!50001 SET @saved_col_connection     = @@collation_connection */;
/*!50001 SET character_set_client      = utf8mb4 */;
/*!50001 SET character_set_results     = utf8mb4 */;
/*!50001 SET collation_connection      = utf8mb4_general_ci */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`crm`@`%` SQL SECURITY DEFINER */
/*!50001 VIEW `v_pipeline` AS select `d`.`id` AS `deal_id`,`d`.`title` AS `title`,`a`.`name` AS `account_name`,`a`.`tier` AS `tier`,`d`.`amount` AS `amount` from (`deal` `d` join `account` `a` on(`a`.`id` = `d`.`account_id`)) where `d`.`stage` <> 'lost' */;
/*!50001 SET character_set_client      = @saved_cs_client */;
/*!50001 SET character_set_results     = @saved_cs_results */;
/*!50001 SET collation_connection      = @saved_col_connection */;

--
-- Dumping events for database 'crm'
--

/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*M!100616 SET NOTE_VERBOSITY=@OLD_NOTE_VERBOSITY */;

-- Dump completed on 2025-02-11  4:20:17

-- after the restore, the migrations of the next release
ALTER TABLE `contact` ADD COLUMN `locale` varchar(10) CHARACTER SET ascii NOT NULL DEFAULT 'en' AFTER `timezone`,
  MODIFY `email` varchar(190) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci NOT NULL;
ALTER TABLE `account` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_uca1400_ai_ci;
ALTER TABLE `import_batch` MODIFY `raw_header` text CHARACTER SET euckr DEFAULT NULL, ENGINE=InnoDB;
ALTER TABLE `deal` ADD COLUMN `currency` char(3) CHARACTER SET ascii NOT NULL DEFAULT 'EUR', ADD INDEX `idx_deal_stage` (`stage`);
CREATE TABLE `account_tag` (
  `account_id` int(10) unsigned NOT NULL,
  `tag` varchar(40) NOT NULL,
  PRIMARY KEY (`account_id`,`tag`),
  CONSTRAINT `fk_tag_account` FOREIGN KEY (`account_id`) REFERENCES `account` (`id`)
) DEFAULT CHARSET=utf8mb3;
