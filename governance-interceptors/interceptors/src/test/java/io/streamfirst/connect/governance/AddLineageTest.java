// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.common.LineageHeaders;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class AddLineageTest {

  private static final String NEW_TRACE = "00-11111111111111111111111111111111-2222222222222222-01";

  private static <R extends org.apache.kafka.connect.connector.ConnectRecord<R>> AddLineage<R> smt(
      String... settings) {
    Map<String, String> props = new HashMap<>(Map.of("hop", "files", "cluster.name", "c1"));
    for (int i = 0; i < settings.length; i += 2) {
      props.put(settings[i], settings[i + 1]);
    }
    AddLineage<R> smt = new AddLineage<>();
    smt.configure(props);
    smt.traces(() -> NEW_TRACE);
    return smt;
  }

  private static Map<String, List<String>> headers(org.apache.kafka.connect.connector.ConnectRecord<?> record) {
    Map<String, List<String>> out = new HashMap<>();
    for (Header header : record.headers()) {
      out.computeIfAbsent(header.key(), k -> new java.util.ArrayList<>())
          .add(LineageHeaders.stringValue(header));
    }
    return out;
  }

  @Test
  void aSourceRecordGetsTheHeadersAndTheInputIsUnchanged() {
    SourceRecord in = new SourceRecord(Map.of("file", "a"), Map.of("pos", 1), "lines", 0, Schema.STRING_SCHEMA,
        "k", Schema.STRING_SCHEMA, "v", 5L, new ConnectHeaders().addString("x", "y"));

    SourceRecord out = AddLineageTest.<SourceRecord>smt().apply(in);

    assertThat(headers(out)).isEqualTo(Map.of("x", List.of("y"), "sf.origin", List.of("kafka://c1/lines"),
        "sf.trace", List.of(NEW_TRACE), "sf.path", List.of("files")));
    assertThat(headers(in)).isEqualTo(Map.of("x", List.of("y")));
    assertThat(out.sourcePartition()).isEqualTo(Map.of("file", "a"));
    assertThat(out.value()).isEqualTo("v");
    assertThat(out.timestamp()).isEqualTo(5L);
  }

  @Test
  void aSinkRecordKeepsWhatItCarriesAndGetsTheHop() {
    ConnectHeaders carried = new ConnectHeaders();
    carried.addString("sf.origin", "mysql://db:3306/shop.orders");
    carried.addString("sf.trace", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    carried.addBytes("sf.path", "my-orders".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SinkRecord in = new SinkRecord("orders", 2, null, "k", null, "v", 17L, 1L,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, carried);

    SinkRecord out = AddLineageTest.<SinkRecord>smt("hop", "lake").apply(in);

    assertThat(headers(out)).isEqualTo(Map.of("sf.origin", List.of("mysql://db:3306/shop.orders"),
        "sf.trace", List.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        "sf.path", List.of("my-orders,lake")));
    assertThat(out.kafkaOffset()).isEqualTo(17L);
  }

  @Test
  void theBudgetApplies() {
    SourceRecord in = new SourceRecord(null, null, "t", null, null, null, null, null, null,
        new ConnectHeaders().addString("sf.path", "x".repeat(150)));

    SourceRecord out = AddLineageTest.<SourceRecord>smt().apply(in);

    assertThat(headers(out).get("sf.path")).containsExactly("...,files");
  }

  @Test
  void hopAndClusterAreRequiredAndChecked() {
    AddLineage<SourceRecord> smt = new AddLineage<>();
    assertThatThrownBy(() -> smt.configure(Map.of("cluster.name", "c1"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("hop");
    assertThatThrownBy(() -> smt.configure(Map.of("hop", "files"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.name");
    assertThatThrownBy(() -> smt.configure(Map.of("hop", "a,b", "cluster.name", "c1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("hop").hasMessageContaining("','");
    assertThatThrownBy(() -> smt.configure(Map.of("hop", "a", "cluster.name", "")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.name");
  }
}
