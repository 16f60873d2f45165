// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class BadRecordsTest {

  final SinkRecord record = new SinkRecord("payments", 2, null, null, Schema.STRING_SCHEMA, "card 4111", 77L);

  @Test
  void withoutADeadLetterQueueABadRecordStopsTheTaskNamingItsCoordinatesAndHowToContinue() {
    BadRecords bad = new BadRecords(new RecordingSinkTaskContext(null), null);
    assertThat(bad.reporting()).isFalse();
    assertThatThrownBy(() -> bad.report(record, new DataException("column 'amount' cannot hold text")))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("payments-2@77")
        .hasMessageContaining("column 'amount' cannot hold text")
        .hasMessageContaining("errors.deadletterqueue.topic.name")
        .hasMessageNotContaining("4111");
  }

  @Test
  void withAReporterTheRecordIsReportedAndCounted() {
    List<SinkRecord> reported = new ArrayList<>();
    FreshnessMetrics metrics = FreshnessMetrics.register(null);
    BadRecords bad = new BadRecords(new RecordingSinkTaskContext((r, e) -> {
      reported.add(r);
      return CompletableFuture.completedFuture(null);
    }), metrics);
    bad.report(record, new DataException("bad"));
    assertThat(bad.reporting()).isTrue();
    assertThat(reported).containsExactly(record);
  }
}
