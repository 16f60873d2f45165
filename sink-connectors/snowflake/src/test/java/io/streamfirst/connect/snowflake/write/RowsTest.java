// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/** Channel rows of struct records: each value as the channel takes it, whatever the rows before it held. */
class RowsTest {

  static final Schema ROW = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
      .field("day", Date.builder().optional().build()).field("other_day", Date.builder().optional().build()).build();

  @Test
  void datesOfConsecutiveRowsAreEachRowsOwnWhetherTheDayRepeatsOrNot() {
    Rows rows = new Rows(name -> name.toUpperCase(Locale.ROOT));
    Random random = new Random(15);
    long day = 86_400_000L;
    long[] days = {0, 19_000 * day, 19_000 * day, -day, 19_001 * day, 19_000 * day};
    for (int i = 0; i < 2_000; i++) {
      long at = random.nextInt(4) == 0 ? days[random.nextInt(days.length)] : random.nextInt(40_000) * day;
      Struct row = new Struct(ROW).put("id", (long) i).put("day", new java.util.Date(at));
      if (random.nextBoolean()) {
        row.put("other_day", new java.util.Date(days[random.nextInt(days.length)]));
      }
      Map<String, Object> values = rows.values(row, ROW);
      assertThat(values.get("DAY")).isEqualTo(text(at));
      assertThat(values.get("OTHER_DAY")).isEqualTo(row.get("other_day") == null
          ? null
          : text(((java.util.Date) row.get("other_day")).getTime()));
    }
  }

  private static String text(long millis) {
    return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }
}
