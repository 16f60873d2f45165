// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresCdcConfigTest {

  @Test
  void unsetDebeziumOptionsGetSafeDefaultsAndNamesFromTheConnectorName() {
    Map<String, String> effective = PostgresCdcConfig.withDefaults(Map.of("name", "Orders DB/eu-1"));

    assertThat(effective).containsEntry("plugin.name", "pgoutput")
        .containsEntry("publication.autocreate.mode", "filtered")
        .containsEntry("snapshot.mode", "initial")
        .containsEntry("heartbeat.interval.ms", "10000")
        .containsEntry("heartbeat.action.query", PostgresCdcConfig.DEFAULT_HEARTBEAT_ACTION_QUERY)
        .containsEntry("message.prefix.exclude.list", "streamfirst\\.heartbeat")
        .containsEntry("topic.prefix", "Orders_DB_eu-1")
        .containsEntry("slot.name", "sf_orders_db_eu_1")
        .containsEntry("publication.name", "sf_orders_db_eu_1")
        .containsEntry("extended.headers.enabled", "false");
  }

  @Test
  void debeziumContextHeadersStayAsDebeziumSetsThemWhenLineageHeadersAreOff() {
    assertThat(PostgresCdcConfig.withDefaults(Map.of("name", "pg", "streamfirst.lineage.headers.enabled", "false")))
        .doesNotContainKey("extended.headers.enabled");
  }

  @Test
  void everyOptionTheUserSetsPassesThroughUnchanged() {
    Map<String, String> props = new HashMap<>(Map.of("name", "pg", "plugin.name", "decoderbufs",
        "slot.name", "my_slot", "publication.name", "my_pub", "topic.prefix", "shop",
        "publication.autocreate.mode", "disabled", "heartbeat.interval.ms", "60000",
        "heartbeat.action.query", "UPDATE hb SET ts = now()", "snapshot.mode", "no_data",
        "database.password", "secret"));
    props.put("extended.headers.enabled", "true");

    assertThat(PostgresCdcConfig.withDefaults(props)).isEqualTo(props);
  }

  @Test
  void heartbeatActionIsLeftOutWhenHeartbeatsAreOffOrTheConnectorIsReadOnly() {
    assertThat(PostgresCdcConfig.withDefaults(Map.of("name", "pg", "heartbeat.interval.ms", "0")))
        .doesNotContainKeys("heartbeat.action.query", "message.prefix.exclude.list");
    assertThat(PostgresCdcConfig.withDefaults(Map.of("name", "pg", "read.only", "true")))
        .doesNotContainKeys("heartbeat.action.query", "message.prefix.exclude.list");
  }

  @Test
  void heartbeatMessagesAreAddedToAnExistingExcludeListButNotNextToAnIncludeList() {
    assertThat(PostgresCdcConfig.withDefaults(Map.of("name", "pg", "message.prefix.exclude.list", "audit.*")))
        .containsEntry("message.prefix.exclude.list", "audit.*,streamfirst\\.heartbeat");
    assertThat(PostgresCdcConfig.withDefaults(Map.of("name", "pg", "message.prefix.include.list", "audit.*")))
        .doesNotContainKey("message.prefix.exclude.list");
  }

  @Test
  void longConnectorNamesGiveDistinctIdentifiersWithinPostgresLimit() {
    String base = "x".repeat(80);
    String a = PostgresCdcConfig.identifierFor(base + "a");
    String b = PostgresCdcConfig.identifierFor(base + "b");

    assertThat(a).hasSize(63).startsWith("sf_xxx").matches("[a-z0-9_]+");
    assertThat(b).hasSize(63);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void withoutANameNothingIsDerived() {
    assertThat(PostgresCdcConfig.withDefaults(Map.of()))
        .doesNotContainKeys("topic.prefix", "slot.name", "publication.name");
  }
}
