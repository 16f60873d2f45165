// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.sql.engine.ColumnLineage;
import io.streamfirst.connect.sql.engine.ColumnLineage.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Column lineage of SqlTransform statements: exact mappings from result columns to input columns. */
class SqlColumnLineageTest {

  private static final Schema ADDRESS = SchemaBuilder.struct().name("address").optional()
      .field("city", Schema.OPTIONAL_STRING_SCHEMA).field("zip", Schema.OPTIONAL_STRING_SCHEMA).build();
  private static final Schema VALUE = SchemaBuilder.struct().name("customer")
      .field("id", Schema.INT64_SCHEMA)
      .field("email", Schema.OPTIONAL_STRING_SCHEMA)
      .field("amount", Schema.OPTIONAL_INT32_SCHEMA)
      .field("status", Schema.OPTIONAL_STRING_SCHEMA)
      .field("address", ADDRESS)
      .build();
  private static final Schema KEY = SchemaBuilder.struct().name("key").field("id", Schema.INT64_SCHEMA).build();

  /** Result column name to its origins as "field:KIND", in order. */
  private static Map<String, List<String>> lineage(String query) {
    ColumnLineage.Result result = SqlColumnLineage.of(Map.of("query", query), VALUE, KEY);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ColumnLineage.Column column : result.columns()) {
      out.put(column.name(), column.origins().stream().map(o -> o.field() + ":" + o.kind()).toList());
    }
    return out;
  }

  @Test
  void selectStarCopiesEveryValueFieldAndNoMetadataColumn() {
    assertThat(lineage("SELECT * FROM t")).containsExactly(
        Map.entry("id", List.of("id:IDENTITY")),
        Map.entry("email", List.of("email:IDENTITY")),
        Map.entry("amount", List.of("amount:IDENTITY")),
        Map.entry("status", List.of("status:IDENTITY")),
        Map.entry("address", List.of("address:IDENTITY")));
  }

  @Test
  void renamesAreIdentityAndExpressionsAreTransformations() {
    assertThat(lineage("SELECT id AS customer_id, UPPER(TRIM(email)) AS email, amount * 100 AS amount_cents,"
        + " email || '/' || status AS label, 42 AS answer FROM t")).containsExactly(
            Map.entry("customer_id", List.of("id:IDENTITY")),
            Map.entry("email", List.of("email:TRANSFORMATION")),
            Map.entry("amount_cents", List.of("amount:TRANSFORMATION")),
            Map.entry("label", List.of("email:TRANSFORMATION", "status:TRANSFORMATION")),
            Map.entry("answer", List.of()));
  }

  @Test
  void caseSeparatesTheColumnsItTestsFromTheColumnsItReturns() {
    assertThat(lineage("SELECT CASE WHEN status = 'vip' THEN amount * 2 WHEN address.city = 'Oslo' THEN 0"
        + " ELSE amount END AS score FROM t")).containsExactly(
            Map.entry("score", List.of("status:CONDITIONAL", "amount:TRANSFORMATION", "address.city:CONDITIONAL")));
  }

  @Test
  void nestedFieldsAndMetadataColumnsAreNamedByTheirPath() {
    assertThat(lineage("SELECT address.city AS city, _key AS k, _topic || '.x' AS _topic, _offset AS pos FROM t"))
        .containsExactly(
            Map.entry("city", List.of("address.city:IDENTITY")),
            Map.entry("k", List.of("_key:IDENTITY")),
            Map.entry("_topic", List.of("_topic:TRANSFORMATION")),
            Map.entry("pos", List.of("_offset:IDENTITY")));
  }

  @Test
  void starWithReplacementKeepsOrderAndMarksTheReplacedColumn() {
    assertThat(lineage("SELECT *, LOWER(email) AS email FROM t WHERE amount > 0 AND status <> 'x'"))
        .containsExactly(
            Map.entry("id", List.of("id:IDENTITY")),
            Map.entry("email", List.of("email:TRANSFORMATION")),
            Map.entry("amount", List.of("amount:IDENTITY")),
            Map.entry("status", List.of("status:IDENTITY")),
            Map.entry("address", List.of("address:IDENTITY")));
  }

  @Test
  void theWhereConditionIsReportedOnceAsAFilter() {
    ColumnLineage.Result result = SqlColumnLineage.of(
        Map.of("query", "SELECT id FROM t WHERE amount > 0 AND status <> 'x'"), VALUE, KEY);
    assertThat(result.filter()).extracting(o -> o.field() + ":" + o.kind())
        .containsExactly("amount:FILTER", "status:FILTER");
  }

  @Test
  void describeGivesPlainMapsForOtherClassLoaders() {
    Map<String, Object> described = SqlColumnLineage.describe(Map.of("query", "SELECT id AS k FROM t"), VALUE, KEY);
    assertThat(described).containsEntry("columns",
        List.of(Map.of("name", "k", "type", "BIGINT NOT NULL",
            "origins", List.of(Map.of("field", "id", "kind", Kind.IDENTITY.name())))))
        .containsEntry("filter", List.of());
    assertThat(described.keySet().stream().collect(Collectors.joining(","))).isEqualTo("columns,filter");
  }

  @Test
  void aStatementThatDoesNotFitTheSchemaIsAConfigError() {
    assertThatThrownBy(() -> SqlColumnLineage.of(Map.of("query", "SELECT nope FROM t"), VALUE, KEY))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nope");
  }
}
