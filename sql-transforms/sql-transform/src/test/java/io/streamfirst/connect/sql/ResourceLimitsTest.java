// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one record's evaluation may allocate: every function whose result can be larger than its
 * arguments checks the size against {@code max.value.bytes} before it allocates, and a record
 * that would exceed it, or whose evaluation overflows the thread's stack, is a DataException for
 * that record (Connect's errors.tolerance and dead-letter queue handle it) and the next record
 * is evaluated as usual.
 */
class ResourceLimitsTest {

  private static final String LOCATION = "topic 'orders' partition 3 offset 42";
  private static final Schema ROW = SchemaBuilder.struct()
      .field("x", Schema.STRING_SCHEMA).field("y", Schema.STRING_SCHEMA).field("n", Schema.INT32_SCHEMA)
      .field("b", Schema.BYTES_SCHEMA).build();

  private static Struct row(String x, String y, int n) {
    return new Struct(ROW).put("x", x).put("y", y).put("n", n).put("b", new byte[]{1, 2});
  }

  private static Sql limited(String query, int maxValueBytes) {
    return Sql.query(query, Map.of("max.value.bytes", maxValueBytes));
  }

  @ParameterizedTest
  @ValueSource(strings = {"repeat(x, n)", "lpad(x, n)", "lpad(x, n, y)", "rpad(x, n)", "rpad(x, n, y)", "lpad(b, n)",
      "rpad(b, n, b)", "replace(x, 'a', y)", "regexp_replace(x, 'a', y, 'g')", "regexp_replace(x, 'a', y)",
      "x || y", "b || b || b", "concat(x, y)", "concat_ws(',', x, y)", "overlay(x placing y from 2 for 1)",
      "replace(replace(x, 'a', y), 'a', y)", "upper(repeat(x, n))"})
  void functionsThatGrowValuesStopAtTheLimit(String expression) {
    Sql sql = limited("SELECT " + expression + " AS v FROM t", 1_024);
    // within the limit: evaluated as before
    assertThat(sql.apply(row("aab", "yy", 3)).get("v")).isNotNull();
    // x has 600 characters, y 600, n asks for 2,000: each expression would make more than 1,024
    Struct big = row("a".repeat(600), "y".repeat(600), 2_000).put("b", new byte[600]);
    assertThatThrownBy(() -> sql.apply(big))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(LOCATION)
        .hasMessageContaining("max.value.bytes")
        .hasMessageContaining("1024")
        .hasMessageNotContaining("aaaa");
    assertThat(sql.apply(row("aab", "yy", 3)).get("v")).as("the next record").isNotNull();
  }

  @Test
  void resultsWithinTheLimitAreUnchanged() {
    Sql sql = limited("SELECT repeat(x, n) AS r, lpad(x, 5, 'xy') AS l, rpad(x, 5) AS rp, replace(x, 'a', y) AS re,"
        + " regexp_replace(x, 'a', y, 'g') AS rg, x || y AS c, concat_ws('-', x, y) AS cw, lpad(x, 1) AS cut,"
        + " repeat(x, -1) AS none FROM t", 1_024);
    Struct out = sql.apply(row("ab", "YY", 3));
    assertThat(out.getString("r")).isEqualTo("ababab");
    assertThat(out.getString("l")).isEqualTo("xyxab");
    assertThat(out.getString("rp")).isEqualTo("ab   ");
    assertThat(out.getString("re")).isEqualTo("YYb");
    assertThat(out.getString("rg")).isEqualTo("YYb");
    assertThat(out.getString("c")).isEqualTo("abYY");
    assertThat(out.getString("cw")).isEqualTo("ab-YY");
    assertThat(out.getString("cut")).isEqualTo("a");
    assertThat(out.getString("none")).isEmpty();
    // exactly at the limit
    assertThat(limited("SELECT repeat(x, n) AS r FROM t", 1_024).apply(row("ab", "", 512)).getString("r"))
        .hasSize(1_024);
  }

  @Test
  void theDefaultLimitStopsAGigabyteRepeatBeforeItIsAllocated() {
    Sql sql = Sql.query("SELECT repeat(x, n) AS r FROM t");
    assertThatThrownBy(() -> sql.apply(row("ab", "", 1_000_000_000)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(LOCATION)
        .hasMessageContaining("REPEAT")
        .hasMessageContaining("max.value.bytes")
        .hasMessageContaining("4194304");
    assertThat(sql.apply(row("ab", "", 2)).getString("r")).isEqualTo("abab");
  }

  @Test
  void prettyPrintedJsonStopsAtTheLimit() {
    // 200 nested objects (1,201 characters): pretty printing puts each on a line of its own, indented
    String json = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
    Sql sql = limited("SELECT json_pretty(x) AS p FROM t", 16_384);
    assertThatThrownBy(() -> sql.apply(row(json, "", 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(LOCATION).hasMessageContaining("max.value.bytes");
    assertThat(sql.apply(row("{\"a\":[1,2]}", "", 0)).getString("p")).contains("\"a\"").contains("1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\":[1,2,{\"b\":null}],\"c\":\"t\\\"x\\u00e9\"}", "[1, 2.5, true, \"s\"]", "{}", "[]",
      "42", "\"text\"", "{\"a\":{\"b\":{\"c\":[{\"d\":1}]}}}", "not json", "{\"a\":"})
  void prettyPrintedJsonIsPrintedAsCalcitePrintsIt(String json) {
    String expected;
    try {
      expected = org.apache.calcite.runtime.JsonFunctions.jsonPretty(json);
    } catch (RuntimeException e) {
      assertThatThrownBy(() -> io.streamfirst.connect.sql.functions.SizeLimits.jsonPretty(json, 1_024))
          .isInstanceOf(e.getClass());
      return;
    }
    assertThat(io.streamfirst.connect.sql.functions.SizeLimits.jsonPretty(json, 1_024)).isEqualTo(expected);
  }

  @Test
  void aHugeExponentInNumericTextFailsAtOnce() {
    Sql sql = Sql.query("SELECT x::numeric(10,2) AS v FROM t");
    assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThatThrownBy(() -> sql.apply(row("1e99999999", "", 0)))
            .isInstanceOf(DataException.class).hasMessageContaining(LOCATION).hasMessageContaining("out of range"));
    assertThat(sql.apply(row("12.345", "", 0)).get("v")).hasToString("12.35");
  }

  @Test
  void aRegularExpressionThatOverflowsTheStackFailsOnlyItsRecord() {
    String deep = "ab".repeat(50_000);
    Sql replace = Sql.query("SELECT regexp_replace(x, '(a|b)*c', '-') AS v FROM t");
    assertThatThrownBy(() -> replace.apply(row(deep, "", 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(LOCATION).hasMessageContaining("stack");
    assertThat(replace.apply(row("abc", "", 0)).getString("v")).isEqualTo("-");

    Sql where = Sql.query("SELECT n FROM t WHERE x ~ '(a|b)*c'");
    assertThatThrownBy(() -> where.apply(row(deep, "", 0)))
        .isInstanceOf(DataException.class).hasMessageContaining(LOCATION).hasMessageContaining("stack");

    SqlPredicate<SinkRecord> predicate = new SqlPredicate<>();
    predicate.configure(Map.of("condition", "x SIMILAR TO '(a|b)*'"));
    SinkRecord record = Sql.record(null, null, ROW, row(deep, "", 0));
    assertThatThrownBy(() -> predicate.test(record))
        .isInstanceOf(DataException.class).hasMessageContaining(LOCATION).hasMessageContaining("stack");
  }

  @Test
  void aUserFunctionThatOverflowsTheStackFailsOnlyItsRecord(@TempDir Path root) throws IOException {
    TestPlugin plugin = TestPlugin.create(root);
    try (
        URLClassLoader loader = TestPlugin.childFirst(List.of(plugin.sqlJar(), plugin.functionsJar("functions.jar")))) {
      @SuppressWarnings("unchecked")
      Transformation<SinkRecord> transform = (Transformation<SinkRecord>) loader
          .loadClass(SqlTransform.class.getName()).getDeclaredConstructor().newInstance();
      Map<String, Object> props = new HashMap<>();
      props.put("query", "SELECT depth(x) AS d FROM t");
      props.put("functions.allowed.classes", "com.example.functions.RecursiveFunctions");
      transform.configure(props);

      assertThatThrownBy(() -> transform.apply(record(row("a".repeat(1_000_000), "", 0))))
          .isInstanceOf(DataException.class).hasMessageContaining(LOCATION).hasMessageContaining("stack");
      assertThat(((Struct) transform.apply(record(row("abc", "", 0))).value()).getInt32("d")).isEqualTo(3);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aStatementNestedTooDeeplyToCompileOnTheTasksThreadIsADataError() throws InterruptedException {
    // configured (parsed) on this thread; planned and compiled for the first record on a thread with a small stack
    Sql sql = Sql.query("SELECT " + "upper(".repeat(60) + "x" + ")".repeat(60) + " AS v FROM t");
    Throwable[] thrown = new Throwable[1];
    Thread task = new Thread(null, () -> {
      try {
        sql.apply(row("ab", "", 0));
      } catch (Throwable e) {
        thrown[0] = e;
      }
    }, "small-stack-task", 96 * 1024);
    task.start();
    task.join();
    assertThat(thrown[0]).isInstanceOf(DataException.class).hasMessageContaining(LOCATION)
        .hasMessageContaining("nested too deeply");
  }

  @Test
  void aStatementNestedTooDeeplyToParseIsAConfigErrorSayingSo() {
    assertThatThrownBy(() -> Sql.query("SELECT " + "upper(".repeat(20_000) + "x" + ")".repeat(20_000) + " AS v FROM t"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("query").hasMessageContaining("nested too deeply");
  }

  private static SinkRecord record(Struct value) {
    return new SinkRecord("orders", 3, null, null, value.schema(), value, 42L, 1_700_000_000_000L,
        TimestampType.CREATE_TIME, new ConnectHeaders());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "1023", "2147483647", "lots"})
  void maxValueBytesIsValidated(String value) {
    assertThatThrownBy(() -> Sql.query("SELECT x FROM t", Map.of("max.value.bytes", value)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("max.value.bytes");
  }
}
