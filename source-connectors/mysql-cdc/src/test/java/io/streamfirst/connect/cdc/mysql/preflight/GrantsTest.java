// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

  @Test
  void globalAndDatabaseGrantsAreToldApart() {
    Grants grants = Grants.parse(List.of(
        "GRANT SELECT, RELOAD, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cdc`@`%` IDENTIFIED BY PASSWORD '*7B9E'",
        "GRANT LOCK TABLES, SELECT (id, name) ON `shop`.* TO `cdc`@`%`"));

    assertThat(grants.hasGlobal("REPLICATION SLAVE")).isTrue();
    assertThat(grants.hasGlobal("REPLICATION CLIENT", "BINLOG MONITOR")).isTrue();
    assertThat(grants.hasGlobal("LOCK TABLES")).isFalse();
    assertThat(grants.hasOnEvery(List.of("shop"), "LOCK TABLES")).isTrue();
    assertThat(grants.hasOnEvery(List.of("shop", "crm"), "LOCK TABLES")).isFalse();
    assertThat(grants.hasRoles()).isFalse();
  }

  @Test
  void grantsToPublicOnOtherDatabasesDoNotCountForTheCapturedOnes() {
    Grants grants = Grants.parse(List.of("GRANT USAGE ON *.* TO `plain`@`%`",
        "GRANT SELECT ON `shop`.* TO `plain`@`%`",
        "GRANT SELECT, LOCK TABLES, CREATE VIEW ON `test\\_%`.* TO PUBLIC",
        "GRANT ALL PRIVILEGES ON `my\\_db`.* TO `plain`@`%`"));

    assertThat(grants.hasOnEvery(List.of("shop"), "LOCK TABLES")).isFalse();
    assertThat(grants.hasOnEvery(List.of("test_%"), "LOCK TABLES")).isTrue();
    assertThat(grants.hasOnEvery(List.of("my_db"), "LOCK TABLES")).isTrue();
  }

  @Test
  void allPrivilegesCoverEverythingAndRoleGrantsAreNoticed() {
    Grants grants = Grants.parse(List.of("GRANT ALL PRIVILEGES ON *.* TO `admin`@`%` WITH GRANT OPTION",
        "GRANT `cdc_role` TO `admin`@`%`"));

    assertThat(grants.hasGlobal("REPLICATION SLAVE")).isTrue();
    assertThat(grants.hasRoles()).isTrue();
  }

  @Test
  void aUserWithOnlyUsageHasNothing() {
    Grants grants = Grants.parse(List.of("GRANT USAGE ON *.* TO `nobody`@`%`"));

    assertThat(grants.hasGlobal("REPLICATION SLAVE", "SELECT")).isFalse();
    assertThat(grants.hasOnEvery(List.of("shop"), "LOCK TABLES")).isFalse();
  }
}
