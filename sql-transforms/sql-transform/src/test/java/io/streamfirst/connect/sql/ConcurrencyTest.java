// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** One transform shared by many threads over several schemas gives the same results as one thread. */
class ConcurrencyTest {

  @Test
  void sharedTransformIsThreadSafeAcrossSchemas() throws Exception {
    SqlTransform<SinkRecord> transform = new SqlTransform<>();
    transform.configure(Map.of("query", "SELECT id, id * 2 AS doubled, UPPER(name) AS name FROM t WHERE id % 3 <> 0",
        "plan.cache.size", "8"));
    List<Schema> schemas = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      schemas.add(SchemaBuilder.struct().name("v" + i).field("id", Schema.INT64_SCHEMA)
          .field("name", Schema.STRING_SCHEMA).field("extra" + i, Schema.OPTIONAL_INT32_SCHEMA).build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Callable<Integer> work = () -> {
          int kept = 0;
          for (long id = 0; id < 3_000; id++) {
            Schema schema = schemas.get((int) ((id + thread) % schemas.size()));
            Struct value = new Struct(schema).put("id", id).put("name", "n" + id);
            SinkRecord out = transform.apply(new SinkRecord("t", 0, null, null, schema, value, id));
            if (id % 3 == 0) {
              assertThat(out).isNull();
              continue;
            }
            Struct result = (Struct) out.value();
            assertThat(result.getInt64("doubled")).isEqualTo(2 * id);
            assertThat(result.getString("name")).isEqualTo("N" + id);
            assertThat(value.getString("name")).as("input untouched").isEqualTo("n" + id);
            kept++;
          }
          return kept;
        };
        results.add(pool.submit(work));
      }
      for (Future<Integer> result : results) {
        assertThat(result.get()).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
