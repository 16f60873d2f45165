// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import io.streamfirst.connect.sink.SourcePositions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.VersionSource;
import io.streamfirst.connect.sink.ChangeDecoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class VersionsTest {

  @Test
  void numbersAndPostgresLsnsBecomeOrderedNumbers() {
    assertThat(SourcePositions.parse("12345")).isEqualTo(12345L);
    assertThat(SourcePositions.parse("0/16B3748")).isEqualTo(0x16B3748L);
    assertThat(SourcePositions.parse("1/0")).isEqualTo(1L << 32);
    assertThat(SourcePositions.parse("2/1")).isGreaterThan(SourcePositions.parse("1/FFFFFFFF"));
    assertThat(SourcePositions.parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:23")).isNull();
    assertThat(SourcePositions.parse("")).isNull();
  }

  /** Positions as the MySQL source writes them, in the order the source produced them. */
  @Test
  void mysqlSourcePositionsKeepTheSourceOrderWithinTransactionsAndAcrossRotations() {
    List<String> inOrder = List.of(
        "mysql-bin.000003:4", // file:pos only (a heartbeat's form)
        "mysql-bin.000003:154:0:0", // a snapshot read at this position
        "mysql-bin.000003:154:2:1", // first row event of the transaction starting at 154
        "mysql-bin.000003:154:2:7", // same event, another row: same version, another source row
        "mysql-bin.000003:154:4:1", // next row event of the same transaction
        "mysql-bin.000003:154:524287:1", // the largest event index kept
        "mysql-bin.000003:219:2:1", // the next transaction, 65 bytes later
        "mysql-bin.000003:1073741823:2:1", // the highest position below 1 GiB
        "mysql-bin.000004:4:2:1", // after the rotation: lower position, newer file
        "mariadb-bin.log.000010:4600:2:0", // dots in the base name
        "binlog.1048575:4:2:0"); // the highest file index
    List<Long> versions = new ArrayList<>();
    inOrder.forEach(p -> versions.add(SourcePositions.parse(p)));
    for (int i = 1; i < versions.size(); i++) {
      if (i == 3) {
        assertThat(versions.get(i)).as(inOrder.get(i)).isEqualTo(versions.get(i - 1));
      } else {
        assertThat(Long.compareUnsigned(versions.get(i), versions.get(i - 1))).as(inOrder.get(i) + " after "
            + inOrder.get(i - 1)).isPositive();
      }
    }
    assertThat(SourcePositions.parse("mysql-bin.000003:154:2:1")).isEqualTo((3L << 44) | (4L << 19) | 2);
    assertThat(SourcePositions.parse("mysql-bin.000003:154:600000:1")).as("event index saturates")
        .isEqualTo(SourcePositions.parse("mysql-bin.000003:154:524287:1"));
  }

  @Test
  void positionsBeyondThePackingsLimitsAreDataErrorsThatSayWhy() {
    assertThatThrownBy(() -> SourcePositions.parse("binlog.1048576:4:0:0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file index");
    assertThatThrownBy(() -> SourcePositions.parse("binlog.000001:1073741824:0:0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 GiB");
    SinkRecord record = new SinkRecord("shop", 2, null, null, Schema.STRING_SCHEMA, "v", 17);
    record.headers().add("sf.source.pos", "binlog.9999999:4:0:0", Schema.STRING_SCHEMA);
    assertThatThrownBy(() -> new Versions(VersionSource.SOURCE_POSITION).of(new ChangeDecoder().decode(record)))
        .isInstanceOf(DataException.class).hasMessageContaining("shop-2@17").hasMessageContaining("kafka.offset");
  }
}
