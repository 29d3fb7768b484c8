-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: db-primary.internal    Database: shop
-- ------------------------------------------------------
-- Server version	5.7.44-log

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Current Database: `shop`
--

CREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci */;

USE `shop`;

--
-- Table structure for table `customer`
--

DROP TABLE IF EXISTS `customer`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `customer` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `email` varchar(191) NOT NULL,
  `email_verified` tinyint(1) NOT NULL DEFAULT '0',
  `newsletter` tinyint(1) unsigned NOT NULL DEFAULT '1',
  `display_name` varchar(64) CHARACTER SET utf8 DEFAULT NULL,
  `country` char(2) CHARACTER SET ascii NOT NULL DEFAULT 'DE',
  `locale` varchar(10) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT 'en_US',
  `password_hash` binary(60) DEFAULT NULL,
  `api_token` varbinary(32) DEFAULT NULL,
  `birth_year` year(4) DEFAULT NULL,
  `created_at` timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
  `updated_at` timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
  `last_login` datetime(3) DEFAULT NULL,
  `notes` text,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_customer_email` (`email`),
  KEY `idx_customer_country_locale` (`country`,`locale`),
  KEY `idx_customer_name` (`display_name`(20))
) ENGINE=InnoDB AUTO_INCREMENT=10423 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `customer`
--

LOCK TABLES `customer` WRITE;
/*!40000 ALTER TABLE `customer` DISABLE KEYS */;
INSERT INTO `customer` VALUES (1,'ana@example.com',1,1,'Ana','PT','pt_PT',NULL,NULL,1990,'2023-01-02 10:00:00',NULL,NULL,'likes; semicolons'),(2,'bo@example.com',0,0,'Bo \'the\' Builder','SE','sv_SE',NULL,0x00FF,NULL,'2023-01-03 11:00:00',NULL,'2024-02-01 08:00:00.125',NULL);
/*!40000 ALTER TABLE `customer` ENABLE KEYS */;
UNLOCK TABLES;

--
-- Table structure for table `product`
--

DROP TABLE IF EXISTS `product`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `product` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `sku` varchar(32) CHARACTER SET latin1 COLLATE latin1_general_cs NOT NULL,
  `title` varchar(255) NOT NULL,
  `slug` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  `price` decimal(12,2) NOT NULL DEFAULT '0.00',
  `cost` decimal(10,4) unsigned DEFAULT NULL,
  `weight_kg` float(7,3) DEFAULT NULL,
  `rating` double DEFAULT NULL,
  `ratio` float DEFAULT NULL,
  `stock` mediumint(8) unsigned zerofill NOT NULL DEFAULT '00000000',
  `status` enum('draft','active','retired') NOT NULL DEFAULT 'draft',
  `flags` set('new','sale','featured','clearance') NOT NULL DEFAULT '',
  `attributes` json DEFAULT NULL,
  `is_digital` bit(1) NOT NULL DEFAULT b'0',
  `description` mediumtext,
  `legal_text` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,
  `thumbnail` mediumblob,
  `price_with_tax` decimal(13,2) GENERATED ALWAYS AS ((`price` * 1.19)) VIRTUAL,
  `title_lower` varchar(255) GENERATED ALWAYS AS (lower(`title`)) STORED,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_product_sku` (`sku`),
  UNIQUE KEY `uq_product_slug` (`slug`(100)),
  KEY `idx_product_status_price` (`status`,`price`),
  KEY `idx_product_title_lower` (`title_lower`(50)),
  FULLTEXT KEY `ft_product_text` (`title`,`description`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `orders`
--

DROP TABLE IF EXISTS `orders`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `orders` (
  `id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  `customer_id` int(10) unsigned NOT NULL,
  `reference` char(12) CHARACTER SET ascii NOT NULL,
  `placed_on` date NOT NULL,
  `placed_at` time(6) DEFAULT NULL,
  `total` decimal(14,2) NOT NULL,
  `currency` char(3) CHARACTER SET latin1 NOT NULL DEFAULT 'EUR',
  `coupon` varchar(20) COLLATE utf8mb4_general_ci DEFAULT NULL,
  `channel` enum('web','app','phone') CHARACTER SET ascii COLLATE ascii_general_ci DEFAULT 'web',
  `shipped` tinyint(4) NOT NULL DEFAULT '0',
  `shipping_cost` smallint(5) unsigned DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `uq_orders_reference` (`reference`),
  KEY `fk_orders_customer` (`customer_id`),
  KEY `idx_orders_placed` (`placed_on`,`placed_at`),
  CONSTRAINT `fk_orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `order_line`
--

DROP TABLE IF EXISTS `order_line`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `order_line` (
  `order_id` bigint(20) unsigned NOT NULL,
  `line_no` smallint(6) NOT NULL,
  `product_id` bigint(20) unsigned NOT NULL,
  `sku` varchar(32) CHARACTER SET latin1 COLLATE latin1_general_cs NOT NULL,
  `qty` int(11) NOT NULL DEFAULT '1',
  `unit_price` decimal(12,2) NOT NULL,
  `discount_pct` decimal(5,2) DEFAULT '0.00',
  PRIMARY KEY (`order_id`,`line_no`),
  KEY `fk_line_product` (`product_id`),
  KEY `idx_line_sku` (`sku`),
  CONSTRAINT `fk_line_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`),
  CONSTRAINT `fk_line_product` FOREIGN KEY (`product_id`) REFERENCES `product` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `legacy_import`
--

DROP TABLE IF EXISTS `legacy_import`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `legacy_import` (
  `id` int(11) NOT NULL AUTO_INCREMENT,
  `batch` varchar(40) NOT NULL,
  `payload` text NOT NULL,
  `source_name` varchar(100) COLLATE latin1_german1_ci DEFAULT NULL,
  `raw_line` blob,
  `checksum` char(32) CHARACTER SET ascii COLLATE ascii_bin DEFAULT NULL,
  `imported` datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (`id`),
  KEY `idx_legacy_batch` (`batch`),
  KEY `idx_legacy_payload` (`payload`(255))
) ENGINE=MyISAM DEFAULT CHARSET=latin1;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `settlement`
--

DROP TABLE IF EXISTS `settlement`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `settlement` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `merchant_ref` varchar(32) NOT NULL,
  `order_reference` char(12) CHARACTER SET utf8 COLLATE utf8_unicode_ci DEFAULT NULL,
  `amount` decimal(14,2) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `idx_ref` (`merchant_ref`),
  KEY `idx_order_reference` (`order_reference`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Temporary view structure for view `v_order_summary`
--

DROP TABLE IF EXISTS `v_order_summary`;
/*!50001 DROP VIEW IF EXISTS `v_order_summary`*/;
SET @saved_cs_client     = @@character_set_client;
/*!50503 SET character_set_client = utf8mb4 */;
/*!50001 CREATE VIEW `v_order_summary` AS SELECT 
 1 AS `id`,
 1 AS `reference`,
 1 AS `email`,
 1 AS `display_name`,
 1 AS `total`,
 1 AS `coupon`*/;
SET character_set_client = @saved_cs_client;

--
-- Temporary view structure for view `v_product_public`
--

DROP TABLE IF EXISTS `v_product_public`;
/*!50001 DROP VIEW IF EXISTS `v_product_public`*/;
SET @saved_cs_client     = @@character_set_client;
/*!50503 SET character_set_client = utf8mb4 */;
/*!50001 CREATE VIEW `v_product_public` AS SELECT 
 1 AS `sku`,
 1 AS `title`,
 1 AS `price`,
 1 AS `status`*/;
SET character_set_client = @saved_cs_client;

--
-- Dumping routines for database 'shop'
--
/*!50003 DROP FUNCTION IF EXISTS `order_total_with_tax` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET @saved_cs_results     = @@character_set_results */ ;
/*!50003 SET @saved_col_connection = @@collation_connection */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET character_set_results = utf8mb4 */ ;
/*!50003 SET collation_connection  = utf8mb4_unicode_ci */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
CREATE DEFINER=`shop`@`%` FUNCTION `order_total_with_tax`(p_order BIGINT UNSIGNED) RETURNS decimal(14,2)
    READS SQL DATA
BEGIN
  DECLARE t DECIMAL(14,2);
  SELECT total * 1.19 INTO t FROM orders WHERE id = p_order;
  RETURN t;
END ;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;
/*!50003 SET character_set_results = @saved_cs_results */ ;
/*!50003 SET collation_connection  = @saved_col_connection */ ;
/*!50003 DROP PROCEDURE IF EXISTS `close_stale_orders` */;
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
CREATE DEFINER=`shop`@`%` PROCEDURE `close_stale_orders`(IN p_days INT)
BEGIN
  UPDATE orders SET shipped = -1 WHERE shipped = 0 AND placed_on < CURDATE() - INTERVAL p_days DAY;
  SELECT ROW_COUNT() AS closed;
END ;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;

--
-- Triggers
--
/*!50003 SET @saved_cs_client      = @@character_set_client */ ;
/*!50003 SET character_set_client  = utf8mb4 */ ;
/*!50003 SET @saved_sql_mode       = @@sql_mode */ ;
/*!50003 SET sql_mode              = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION' */ ;
DELIMITER ;;
/*!50003 CREATE*/ /*!50017 DEFINER=`shop`@`%`*/ /*!50003 TRIGGER `trg_order_line_sku` BEFORE INSERT ON `order_line` FOR EACH ROW BEGIN
  IF NEW.sku IS NULL OR NEW.sku = '' THEN
    SET NEW.sku = (SELECT sku FROM product WHERE id = NEW.product_id);
  END IF;
END */;;
DELIMITER ;
/*!50003 SET sql_mode              = @saved_sql_mode */ ;
/*!50003 SET character_set_client  = @saved_cs_client */ ;

--
-- Final view structure for view `v_order_summary`
--

/*!50001 DROP VIEW IF EXISTS `v_order_summary`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET @saved_cs_results         = @@character_set_results */;
/*!50001 SET @saved_col_connection     = @@collation_connection */;
/*!50001 SET character_set_client      = utf8mb4 */;
/*!50001 SET character_set_results     = utf8mb4 */;
/*!50001 SET collation_connection      = utf8mb4_unicode_ci */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`shop`@`%` SQL SECURITY DEFINER */
/*!50001 VIEW `v_order_summary` AS select `o`.`id` AS `id`,`o`.`reference` AS `reference`,`c`.`email` AS `email`,`c`.`display_name` AS `display_name`,`o`.`total` AS `total`,`o`.`coupon` AS `coupon` from (`orders` `o` join `customer` `c` on((`c`.`id` = `o`.`customer_id`))) */;
/*!50001 SET character_set_client      = @saved_cs_client */;
/*!50001 SET character_set_results     = @saved_cs_results */;
/*!50001 SET collation_connection      = @saved_col_connection */;

--
-- Final view structure for view `v_product_public`
--

/*!50001 DROP VIEW IF EXISTS `v_product_public`*/;
/*!50001 SET @saved_cs_client          = @@character_set_client */;
/*!50001 SET @saved_cs_results         = @@character_set_results */;
/*!50001 SET @saved_col_connection     = @@collation_connection */;
/*!50001 SET character_set_client      = utf8mb4 */;
/*!50001 SET character_set_results     = utf8mb4 */;
/*!50001 SET collation_connection      = utf8mb4_unicode_ci */;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`shop`@`%` SQL SECURITY DEFINER */
/*!50001 VIEW `v_product_public` AS select `product`.`sku` AS `sku`,`product`.`title` AS `title`,`product`.`price` AS `price`,`product`.`status` AS `status` from `product` where (`product`.`status` = 'active') */;
/*!50001 SET character_set_client      = @saved_cs_client */;
/*!50001 SET character_set_results     = @saved_cs_results */;
/*!50001 SET collation_connection      = @saved_col_connection */;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2024-03-18  3:12:45
