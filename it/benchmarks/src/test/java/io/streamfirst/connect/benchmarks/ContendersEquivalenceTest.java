// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.sql.SqlPredicate;
import io.streamfirst.connect.sql.SqlTransform;
import java.util.List;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/** The benchmarks compare like with like: the contenders produce the same records from the same input. */
class ContendersEquivalenceTest {

  private final SinkRecord[] records = Orders.records(2_000, Orders.schema("orders.Value"));

  @Test
  void handWrittenTransformProducesWhatTheQueryProduces() {
    SqlTransform<SinkRecord> sql = Contenders.sqlTransform(Orders.QUERY, false);
    HandWrittenOrdersTransform hand = new HandWrittenOrdersTransform();
    int kept = 0;
    for (SinkRecord record : records) {
      SinkRecord expected = sql.apply(record);
      SinkRecord actual = hand.apply(record);
      if (expected == null) {
        assertThat(actual).as("record %s", record.kafkaOffset()).isNull();
        continue;
      }
      kept++;
      Struct want = (Struct) expected.value();
      Struct got = (Struct) actual.value();
      assertThat(got.schema().fields()).extracting(Field::name)
          .containsExactlyElementsOf(want.schema().fields().stream().map(Field::name).toList());
      for (Field field : want.schema().fields()) {
        assertThat(got.get(field.name())).as("%s of record %s", field.name(), record.kafkaOffset())
            .isEqualTo(want.get(field));
      }
      assertThat(actual.key()).isEqualTo(expected.key());
      assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
    }
    assertThat(kept).as("the data set keeps most records and drops some").isBetween(1_000, 1_900);
  }

  @Test
  void predicateKeepsWhatTheQueryKeeps() {
    SqlPredicate<SinkRecord> predicate = Contenders.sqlPredicate();
    HandWrittenOrdersTransform hand = new HandWrittenOrdersTransform();
    for (SinkRecord record : records) {
      assertThat(Contenders.filterUnless(predicate, record) != null).isEqualTo(hand.apply(record) != null);
    }
  }

  @Test
  void builtInChainProjectsAndRenamesButKeepsEveryRecord() {
    List<Transformation<SinkRecord>> chain = Contenders.builtInChain();
    SinkRecord out = Contenders.applyChain(chain, records[1]);
    Struct value = (Struct) out.value();
    assertThat(value.schema().fields()).extracting(Field::name)
        .containsExactly("id", "email", "amount_cents", "region", "status");
    assertThat(value.get("amount_cents")).isInstanceOf(Double.class);
    for (SinkRecord record : records) {
      assertThat(Contenders.applyChain(chain, record)).isNotNull();
    }
  }
}
