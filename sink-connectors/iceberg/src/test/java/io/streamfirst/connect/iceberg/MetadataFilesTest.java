// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.iceberg.commit.CommitSummary;
import io.streamfirst.connect.sink.RecordingSinkTaskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.types.Types;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many metadata files a table keeps while the sink commits to it (real Hadoop catalog). */
class MetadataFilesTest {

  private static final Schema ROW = SchemaBuilder.struct().name("row")
      .field("id", Schema.INT64_SCHEMA)
      .field("name", Schema.OPTIONAL_STRING_SCHEMA)
      .field("qty", Schema.INT32_SCHEMA)
      .build();
  private static final TopicPartition TP = new TopicPartition("orders", 0);

  @TempDir
  Path warehouse;

  @Test
  void aCreatedTableKeepsABoundedNumberOfMetadataFilesOverManyCommits() throws Exception {
    runCommits(IcebergSinkTaskTest.config(warehouse, "append", 3_600_000), 60);

    Table table = table();
    assertThat(table.properties())
        .containsEntry(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true")
        .containsEntry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "20");
    assertThat(metadataFiles()).as("previous-versions-max + the current one").hasSizeLessThanOrEqualTo(21);
    assertComplete(table, 60);
  }

  @Test
  void theUsersTablePropertiesWinOverTheDefaults() throws Exception {
    Map<String, String> config = IcebergSinkTaskTest.config(warehouse, "append", 3_600_000);
    config.put("iceberg.table.properties." + TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "5");
    runCommits(config, 30);

    Table table = table();
    assertThat(table.properties()).containsEntry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "5");
    assertThat(metadataFiles()).hasSizeLessThanOrEqualTo(6);
    assertComplete(table, 30);

    Map<String, String> keepAll = IcebergSinkTaskTest.config(warehouse, "append", 3_600_000);
    keepAll.put("iceberg.table.properties." + TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "false");
    keepAll.put(IcebergSinkConfig.TABLE_NAME_TEMPLATE, "kept");
    runCommits(keepAll, 30);
    Table kept = catalog().loadTable(TableIdentifier.of("default", "kept"));
    assertThat(kept.properties()).containsEntry(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "false");
    assertThat(metadataFiles("kept")).as("one per commit, nothing deleted").hasSizeGreaterThan(30);
  }

  @Test
  void aTableTheSinkDidNotCreateKeepsItsProperties() throws Exception {
    catalog().createTable(TableIdentifier.of("default", "orders"), new org.apache.iceberg.Schema(
        Types.NestedField.required(1, "id", Types.LongType.get()),
        Types.NestedField.optional(2, "name", Types.StringType.get()),
        Types.NestedField.required(3, "qty", Types.IntegerType.get())));
    runCommits(IcebergSinkTaskTest.config(warehouse, "append", 3_600_000), 25);

    Table table = table();
    assertThat(table.properties()).doesNotContainKeys(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
        TableProperties.METADATA_PREVIOUS_VERSIONS_MAX);
    assertThat(metadataFiles()).hasSizeGreaterThan(25);
    assertComplete(table, 25);
  }

  /** One task writing record i of {@code orders-0} in its own commit, i = 0 .. commits - 1. */
  private void runCommits(Map<String, String> config, int commits) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.start(config);
    try {
      for (int i = 0; i < commits; i++) {
        task.open(List.of(TP));
        Struct row = new Struct(ROW).put("id", (long) i).put("name", "n" + i).put("qty", i);
        task.put(List.of(new SinkRecord(TP.topic(), TP.partition(), null, null, ROW, row, i)));
        task.close(List.of(TP)); // commits the partition before releasing it
      }
    } finally {
      task.stop();
    }
  }

  private void assertComplete(Table table, int commits) throws Exception {
    assertThat(IcebergSinkTaskTest.rows(table)).containsOnlyKeys(LongStream.range(0, commits).boxed().toList());
    assertThat(CommitSummary.committedOffsets(table, "lake")).containsExactly(Map.entry(TP, (long) commits));
  }

  private Table table() {
    return catalog().loadTable(TableIdentifier.of("default", "orders"));
  }

  private HadoopCatalog catalog() {
    return new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
  }

  private List<Path> metadataFiles() throws IOException {
    return metadataFiles("orders");
  }

  private List<Path> metadataFiles(String tableName) throws IOException {
    try (Stream<Path> files = Files.list(warehouse.resolve("default").resolve(tableName).resolve("metadata"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".metadata.json")).toList();
    }
  }
}
