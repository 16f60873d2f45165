// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MySqlCdcConfigTest {

  @Test
  void unsetDebeziumOptionsGetSafeDefaultsAndNamesFromTheConnectorName() {
    Map<String, String> effective = MySqlCdcConfig.withDefaults(Map.of("name", "Orders DB/eu-1"));

    assertThat(effective).containsEntry("snapshot.mode", "initial")
        .containsEntry("heartbeat.interval.ms", "10000")
        .containsEntry("connect.keep.alive.interval.ms", "10000")
        .containsEntry("topic.prefix", "Orders_DB_eu-1")
        .containsEntry("schema.history.internal.kafka.topic", "__streamfirst-schema-history.Orders_DB_eu-1")
        .containsEntry("database.server.id", Long.toString(MySqlCdcConfig.serverIdFor("Orders DB/eu-1")))
        .containsEntry("extended.headers.enabled", "false")
        .doesNotContainKey("converters");
  }

  @Test
  void derivedServerIdsAreStableDistinctAndFarFromSmallServerIds() {
    long a = MySqlCdcConfig.serverIdFor("orders");
    long b = MySqlCdcConfig.serverIdFor("orders-2");

    assertThat(a).isEqualTo(MySqlCdcConfig.serverIdFor("orders")).isNotEqualTo(b);
    assertThat(a).isBetween(100_000_000L, 2_100_000_000L);
    assertThat(b).isBetween(100_000_000L, 2_100_000_000L);
  }

  @Test
  void everyOptionTheUserSetsPassesThroughUnchanged() {
    Map<String, String> props = new HashMap<>(Map.of("name", "my", "topic.prefix", "shop",
        "database.server.id", "42", "schema.history.internal.kafka.topic", "history", "heartbeat.interval.ms", "0",
        "snapshot.mode", "no_data", "database.password", "secret", "streamfirst.output.format", "flat",
        "converters", ""));
    props.put("extended.headers.enabled", "true");
    props.put("connect.keep.alive.interval.ms", "60000");

    assertThat(MySqlCdcConfig.withDefaults(props)).isEqualTo(props);
  }

  @Test
  void theFlatFormatMapsTinyIntOneToBooleanUnlessConvertersAreSet() {
    assertThat(MySqlCdcConfig.withDefaults(Map.of("name", "my", "streamfirst.output.format", "FLAT")))
        .containsEntry("converters", "sfboolean")
        .containsEntry("sfboolean.type", "io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter");
    assertThat(MySqlCdcConfig.withDefaults(Map.of("name", "my", "streamfirst.output.format", "flat",
        "converters", "mine", "mine.type", "x.Y"))).containsEntry("converters", "mine")
        .doesNotContainKey("sfboolean.type");
  }

  @Test
  void withoutANameOnlyTheHistoryTopicOfAGivenPrefixIsDerived() {
    assertThat(MySqlCdcConfig.withDefaults(Map.of())).doesNotContainKeys("topic.prefix", "database.server.id",
        "schema.history.internal.kafka.topic");
    assertThat(MySqlCdcConfig.withDefaults(Map.of("topic.prefix", "shop")))
        .containsEntry("schema.history.internal.kafka.topic", "__streamfirst-schema-history.shop");
  }

  @Test
  void theFlavourIsParsedIgnoringCaseAndDetectedFromTheVersion() {
    assertThat(MySqlCdcConfig.flavor(Map.of())).isEqualTo(ServerFlavor.AUTO);
    assertThat(MySqlCdcConfig.flavor(Map.of("streamfirst.server.flavor", " MariaDB "))).isEqualTo(ServerFlavor.MARIADB);
    assertThat(ServerFlavor.ofVersion("11.4.5-MariaDB-log")).isEqualTo(ServerFlavor.MARIADB);
    assertThat(ServerFlavor.ofVersion("5.5.5-10.11.6-MariaDB-0+deb12u1")).isEqualTo(ServerFlavor.MARIADB);
    assertThat(ServerFlavor.ofVersion("8.4.3")).isEqualTo(ServerFlavor.MYSQL);
  }
}
