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

/**
 * What a table keeps while the sink commits to it (metadata files), and what the sink reads back after a user
 * expired snapshots (real Hadoop catalog).
 */
class TableMaintenanceTest {

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

  @Test
  void expiringTheSnapshotWithAPartitionsNewestOffsetsFallsBackToConnectsOffsetForThatPartitionOnly()
      throws Exception {
    Map<String, String> config = IcebergSinkTaskTest.config(warehouse, "append", 3_600_000);
    TopicPartition other = new TopicPartition("orders", 1);
    runCommits(config, TP, 0, 2); // one task owned orders-0: two commits
    long older = table().currentSnapshot().parentId();
    long newest = table().currentSnapshot().snapshotId();
    runCommits(config, other, 100, 1); // then another task owned orders-1: the table's current snapshot

    table().expireSnapshots().expireSnapshotId(older).commit();
    assertThat(seeksOnOpen(config, TP, other)).as("newest offsets of both partitions kept")
        .containsOnly(Map.entry(TP, 2L), Map.entry(other, 101L));

    table().expireSnapshots().expireSnapshotId(newest).commit();
    assertThat(seeksOnOpen(config, TP, other)).as("orders-0 starts from Connect's committed offset")
        .containsOnly(Map.entry(other, 101L));
    assertThat(IcebergSinkTaskTest.rows(table())).containsOnlyKeys(0L, 1L, 100L);
  }

  private static Map<TopicPartition, Long> seeksOnOpen(Map<String, String> config, TopicPartition... tps) {
    RecordingSinkTaskContext context = new RecordingSinkTaskContext(false);
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(context);
    task.start(config);
    try {
      task.open(List.of(tps));
      return Map.copyOf(context.seeks);
    } finally {
      task.stop();
    }
  }

  /** One task writing record i of {@code orders-0} in its own commit, i = 0 .. commits - 1. */
  private void runCommits(Map<String, String> config, int commits) {
    runCommits(config, TP, 0, commits);
  }

  /** One task writing the records at offsets {@code first} ... of {@code tp} (id = offset), one commit each. */
  private void runCommits(Map<String, String> config, TopicPartition tp, long first, int commits) {
    IcebergSinkTask task = new IcebergSinkTask();
    task.initialize(new RecordingSinkTaskContext(false));
    task.start(config);
    try {
      for (long offset = first; offset < first + commits; offset++) {
        task.open(List.of(tp));
        Struct row = new Struct(ROW).put("id", offset).put("name", "n" + offset).put("qty", (int) offset);
        task.put(List.of(new SinkRecord(tp.topic(), tp.partition(), null, null, ROW, row, offset)));
        task.close(List.of(tp)); // commits the partition before releasing it
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
