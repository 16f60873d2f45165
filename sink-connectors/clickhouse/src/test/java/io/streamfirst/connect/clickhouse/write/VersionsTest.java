package io.streamfirst.connect.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionsTest {

  @Test
  void sourcePositionsBecomeOrderedNumbers() {
    assertThat(Versions.parse("12345")).isEqualTo(12345L);
    assertThat(Versions.parse("0/16B3748")).isEqualTo(0x16B3748L);
    assertThat(Versions.parse("1/0")).isEqualTo(1L << 32);
    assertThat(Versions.parse("2/1")).isGreaterThan(Versions.parse("1/FFFFFFFF"));
    assertThat(Versions.parse("mysql-bin.000003:154")).isEqualTo((3L << 32) | 154);
    assertThat(Versions.parse("mysql-bin.000004:4")).isGreaterThan(Versions.parse("mysql-bin.000003:999999"));
    assertThat(Versions.parse("3E11FA47-71CA-11E1-9E33-C80AA9429562:23")).isNull();
    assertThat(Versions.parse("")).isNull();
  }
}
