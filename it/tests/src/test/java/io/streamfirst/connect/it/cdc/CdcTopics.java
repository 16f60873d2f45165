// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.cdc;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** Reading what a CDC connector wrote. */
final class CdcTopics {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CdcTopics() {}

  /** The {@code id} field of a record's JSON key. */
  static int keyId(ConsumedRecord record) {
    try {
      return JSON.readTree(record.key()).path("id").asInt();
    } catch (JsonProcessingException e) {
      throw new AssertionError("record key is not JSON: " + record, e);
    }
  }

  /** True for a flat snapshot or backfill read ({@code __op=r}). */
  static boolean isFlatRead(ConsumedRecord record) {
    return record.value() != null && record.valueJson().path("__op").asText().equals("r");
  }

  /** The latest value of {@code column} per key after folding flat records (a tombstone or a delete removes the row). */
  static Map<Integer, Integer> latestFlatValues(List<ConsumedRecord> records, String column) {
    Map<Integer, Integer> rows = new TreeMap<>();
    for (ConsumedRecord record : records) {
      JsonNode value = record.valueJson();
      if (value == null || value.path("__deleted").asText().equals("true")) {
        rows.remove(keyId(record));
      } else {
        rows.put(keyId(record), value.path(column).asInt());
      }
    }
    return rows;
  }

  /** Waits until {@code topic} holds records matching {@code done}, then returns all its records. */
  static List<ConsumedRecord> awaitRecords(ConnectCluster cluster, String topic, Predicate<List<ConsumedRecord>> done) {
    return await("records in " + topic).atMost(Timeouts.scaled(Duration.ofSeconds(90)))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> readAll(cluster, topic), done::test);
  }

  /** Every record of {@code topic} so far; empty while the topic does not exist yet. */
  static List<ConsumedRecord> readAll(ConnectCluster cluster, String topic) {
    try {
      if (!cluster.admin().listTopics().names().get().contains(topic)) {
        return List.of();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
    return cluster.consumeAll(topic);
  }
}
