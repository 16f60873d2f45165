// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.common.ChangeEvents;
import io.streamfirst.connect.common.LineageHeaders;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ChangeRecordMapperTest {

  private static ChangeRecordMapper mapper(String format, boolean headers) {
    return new ChangeRecordMapper("pg-orders", CdcOptions.of(Map.of(CdcOptions.OUTPUT_FORMAT, format,
        CdcOptions.LINEAGE_HEADERS_ENABLED, Boolean.toString(headers))), Envelopes.READER);
  }

  private static String header(SourceRecord record, String name) {
    return LineageHeaders.stringValue(record.headers().lastWithName(name));
  }

  @Test
  void envelopeKeepsItsValueAndGetsEveryLineageHeader() {
    SourceRecord in = Envelopes.change("c", null, Envelopes.row(1, "apple"), 1, 42);

    SourceRecord out = mapper("envelope", true).map(in);

    assertThat(out.value()).isSameAs(in.value());
    assertThat(out.valueSchema()).isSameAs(in.valueSchema());
    assertThat(out.key()).isEqualTo(in.key());
    assertThat(out.sourceOffset()).isEqualTo(in.sourceOffset());
    assertThat(out.sourcePartition()).isEqualTo(in.sourcePartition());
    assertThat(header(out, LineageHeaders.ORIGIN)).isEqualTo("db://srv/public.orders");
    assertThat(header(out, LineageHeaders.SOURCE_TS)).isEqualTo("1700000000042");
    assertThat(header(out, LineageHeaders.SOURCE_POS)).isEqualTo("lsn:42");
    assertThat(header(out, LineageHeaders.TX)).isEqualTo("742");
    assertThat(header(out, LineageHeaders.PATH)).isEqualTo("pg-orders");
    assertThat(in.headers().size()).as("the delegate's record is not changed").isZero();
  }

  @Test
  void headersAlreadyPresentAreKeptAndThePathIsAppended() {
    SourceRecord in = Envelopes.change("c", null, Envelopes.row(1, "apple"), 1, 42);
    in.headers().addString(LineageHeaders.ORIGIN, "kafka://other/topic");
    in.headers().addString(LineageHeaders.PATH, "upstream");

    SourceRecord out = mapper("envelope", true).map(in);

    assertThat(header(out, LineageHeaders.ORIGIN)).isEqualTo("kafka://other/topic");
    assertThat(header(out, LineageHeaders.PATH)).isEqualTo("upstream,pg-orders");
  }

  @Test
  void tombstoneAfterADeleteCarriesTheDeletesLineage() {
    ChangeRecordMapper mapper = mapper("envelope", true);
    mapper.map(Envelopes.change("d", Envelopes.row(3, "plum"), null, 3, 50));

    SourceRecord tombstone = mapper.map(Envelopes.tombstone(3, 50));

    assertThat(tombstone.value()).isNull();
    assertThat(header(tombstone, LineageHeaders.ORIGIN)).isEqualTo("db://srv/public.orders");
    assertThat(header(tombstone, LineageHeaders.SOURCE_POS)).isEqualTo("lsn:50");
    assertThat(header(tombstone, LineageHeaders.TX)).isEqualTo("750");
    assertThat(header(tombstone, LineageHeaders.PATH)).isEqualTo("pg-orders");
  }

  @Test
  void recordsWithoutSourceBlockGetWhatTheirOffsetTells() {
    SourceRecord heartbeat = new SourceRecord(Map.of("server", "srv"), Map.of("lsn", 77L),
        "__debezium-heartbeat.srv", null, null, null, null);

    SourceRecord out = mapper("flat", true).map(heartbeat);

    assertThat(header(out, LineageHeaders.SOURCE_POS)).isEqualTo("77");
    assertThat(header(out, LineageHeaders.ORIGIN)).isEqualTo("db://srv");
    assertThat(header(out, LineageHeaders.TX)).isNull();
  }

  @Test
  void heartbeatsCarryTheirTimeAsSourceTime() {
    org.apache.kafka.connect.data.Schema schema = org.apache.kafka.connect.data.SchemaBuilder.struct()
        .name(ChangeEvents.HEARTBEAT_SCHEMA)
        .field("ts_ms", org.apache.kafka.connect.data.Schema.INT64_SCHEMA).build();
    SourceRecord heartbeat = new SourceRecord(Map.of("server", "srv"), Map.of("lsn", 78L),
        "__debezium-heartbeat.srv", null, null, schema, new Struct(schema).put("ts_ms", 1_800_000_000_123L));

    SourceRecord out = mapper("flat", true).map(heartbeat);

    assertThat(out.value()).isEqualTo(heartbeat.value());
    assertThat(header(out, LineageHeaders.SOURCE_TS)).isEqualTo("1800000000123");
    assertThat(header(out, LineageHeaders.SOURCE_POS)).isEqualTo("78");
  }

  @Test
  void flatFormatGivesTheRowAfterTheChangeWithOpTimestampAndDeletedFlag() {
    ChangeRecordMapper mapper = mapper("flat", true);

    Struct insert = (Struct) mapper.map(Envelopes.change("c", null, Envelopes.row(1, "apple"), 1, 42)).value();
    Struct update = (Struct) mapper.map(
        Envelopes.change("u", Envelopes.row(1, "apple"), Envelopes.row(1, "pear"), 1, 43)).value();
    SourceRecord delete = mapper.map(Envelopes.change("d", Envelopes.row(1, "pear"), null, 1, 44));

    assertThat(insert.getInt32("id")).isEqualTo(1);
    assertThat(insert.getString("item")).isEqualTo("apple");
    assertThat(insert.getString(ChangeEvents.FLAT_OP)).isEqualTo("c");
    assertThat(insert.getInt64(ChangeEvents.FLAT_SOURCE_TS_MS)).isEqualTo(1_700_000_000_042L);
    assertThat(insert.getString(ChangeEvents.FLAT_DELETED)).isEqualTo("false");
    assertThat(update.getString("item")).isEqualTo("pear");
    assertThat(update.getString(ChangeEvents.FLAT_OP)).isEqualTo("u");
    Struct deleted = (Struct) delete.value();
    assertThat(deleted.getString("item")).as("a delete carries the row before it").isEqualTo("pear");
    assertThat(deleted.getString(ChangeEvents.FLAT_DELETED)).isEqualTo("true");
    assertThat(delete.valueSchema()).isSameAs(deleted.schema()).isSameAs(insert.schema());
    assertThat(delete.valueSchema().name()).isEqualTo(Envelopes.ROW.name());
    assertThat(header(delete, LineageHeaders.SOURCE_POS)).isEqualTo("lsn:44");
  }

  @Test
  void flatFormatDropsEventsWithoutARowAndPassesTombstones() {
    ChangeRecordMapper mapper = mapper("flat", true);

    assertThat(mapper.map(Envelopes.change("t", null, null, 1, 60))).isNull();
    assertThat(mapper.map(Envelopes.tombstone(1, 61)).value()).isNull();
  }

  @Test
  void withoutLineageHeadersAnEnvelopeRecordIsReturnedAsIs() {
    SourceRecord in = Envelopes.change("c", null, Envelopes.row(1, "apple"), 1, 42);

    assertThat(mapper("envelope", false).map(in)).isSameAs(in);
    assertThat(mapper("flat", false).map(in).headers().size()).isZero();
  }
}
