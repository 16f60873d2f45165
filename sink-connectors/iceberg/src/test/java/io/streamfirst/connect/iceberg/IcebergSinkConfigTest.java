// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.iceberg.schema.PartitionTerms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class IcebergSinkConfigTest {

  private static Map<String, String> base() {
    Map<String, String> c = new HashMap<>();
    c.put("iceberg.catalog.type", "jdbc");
    c.put("iceberg.catalog.uri", "jdbc:sqlite:/tmp/c.db");
    c.put("iceberg.catalog.warehouse", "file:/tmp/wh");
    c.put("iceberg.catalog.jdbc.password", "s3cret");
    c.put("iceberg.table.properties.write.parquet.compression-codec", "snappy");
    return c;
  }

  @Test
  void catalogAndTablePropertiesPassThroughWithoutThePrefix() {
    IcebergSinkConfig config = new IcebergSinkConfig(base());
    assertThat(config.catalogProperties()).containsEntry("type", "jdbc").containsEntry("jdbc.password", "s3cret")
        .containsEntry("uri", "jdbc:sqlite:/tmp/c.db").doesNotContainKey("name");
    assertThat(config.tableProperties()).containsExactly(Map.entry("write.parquet.compression-codec", "snappy"));
    assertThat(config.commitInterval().toMillis()).isEqualTo(5_000);
  }

  @Test
  void missingWarehouseOrUriNamesTheKey() {
    Map<String, String> c = base();
    c.remove("iceberg.catalog.uri");
    assertThatThrownBy(() -> new IcebergSinkConfig(c)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("iceberg.catalog.uri");
    Map<String, String> h = new HashMap<>();
    h.put("iceberg.catalog.type", "hadoop");
    assertThatThrownBy(() -> new IcebergSinkConfig(h)).hasMessageContaining("iceberg.catalog.warehouse");
  }

  @Test
  void partitionTermsParseAndBadOnesNameTheKey() {
    assertThat(PartitionTerms.parse(List.of("region", "day(ts)", "bucket[16](id)", "truncate[4](name)"), "k"))
        .containsExactly(new PartitionTerms.Term("identity", 0, "region"), new PartitionTerms.Term("day", 0, "ts"),
            new PartitionTerms.Term("bucket", 16, "id"), new PartitionTerms.Term("truncate", 4, "name"));
    Map<String, String> c = base();
    c.put("iceberg.table.partition.spec", "bucket(id)");
    assertThatThrownBy(() -> new IcebergSinkConfig(c)).hasMessageContaining("iceberg.table.partition.spec")
        .hasMessageContaining("bucket[16](id)");
  }

  @Test
  void aRouteAllowListThatIsNoRegexIsRejectedOnItsKey() {
    Map<String, String> c = base();
    c.put("iceberg.table.route.field", "table");
    c.put("iceberg.table.route.allowed.regex", "lake.(orders");
    Config result = new IcebergSinkConnector().validate(c);
    ConfigValue allowed = result.configValues().stream()
        .filter(v -> v.name().equals("iceberg.table.route.allowed.regex")).findFirst().orElseThrow();
    assertThat(allowed.errorMessages()).singleElement().asString().contains("regular expression");
    assertThatThrownBy(() -> new IcebergSinkConfig(c)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("iceberg.table.route.allowed.regex");
  }

  @Test
  void upsertRejectsPartitionColumnsOutsideTheKey() {
    Map<String, String> c = base();
    c.put("iceberg.mode", "upsert");
    c.put("iceberg.identifier.columns", "id");
    c.put("iceberg.table.partition.spec", "day(ts)");
    Config result = new IcebergSinkConnector().validate(c);
    ConfigValue spec = result.configValues().stream().filter(v -> v.name().equals("iceberg.table.partition.spec"))
        .findFirst().orElseThrow();
    assertThat(spec.errorMessages()).as("%s", result.configValues()).singleElement().asString().contains("identifier");
    assertThat(result.configValues()).allSatisfy(v -> assertThat(String.join(" ", v.errorMessages()))
        .doesNotContain("s3cret"));
  }

  @Test
  void routesByMapThenTemplate() {
    Map<String, String> c = base();
    c.put("iceberg.table.map", "orders:sales.orders_v2");
    c.put("iceberg.table.name.template", "raw.${topic}");
    IcebergSinkConfig config = new IcebergSinkConfig(c);
    assertThat(config.routes().forTopic("orders")).isEqualTo(TableIdentifier.of("sales", "orders_v2"));
    assertThat(config.routes().forTopic("pg.public.items")).isEqualTo(TableIdentifier.of("raw", "pg_public_items"));
    c.put("iceberg.table.map", "orders");
    assertThatThrownBy(() -> new IcebergSinkConfig(c)).hasMessageContaining("iceberg.table.map");
  }

  @Test
  void validateStartsTheCatalogAndReportsFailuresOnTheCatalogKey(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    Map<String, String> ok = base();
    ok.put("iceberg.catalog.uri", "jdbc:sqlite:" + dir.resolve("catalog.db"));
    ok.put("iceberg.catalog.warehouse", dir.resolve("wh").toUri().toString());
    assertThat(new IcebergSinkConnector().validate(ok).configValues())
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());

    Map<String, String> bad = new HashMap<>(ok);
    java.nio.file.Path notADirectory = java.nio.file.Files.createFile(dir.resolve("file"));
    bad.put("iceberg.catalog.uri", "jdbc:sqlite:" + notADirectory.resolve("catalog.db"));
    ConfigValue uri = new IcebergSinkConnector().validate(bad).configValues().stream()
        .filter(v -> v.name().equals("iceberg.catalog.uri")).findFirst().orElseThrow();
    assertThat(uri.errorMessages()).singleElement().asString().contains("jdbc catalog could not be loaded")
        .doesNotContain("s3cret");

    bad.put("iceberg.validate.catalog.enabled", "false");
    assertThat(new IcebergSinkConnector().validate(bad).configValues())
        .as("with the catalog check off, validation checks the settings only")
        .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
  }
}
