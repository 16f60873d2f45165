// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which field of a change record is which table column, for the SqlTransform's column lineage. */
class SourceLineageTest {

  @Test
  void envelopeRowsAndKeysAreTableColumns() {
    assertThat(SourceLineage.tableColumn("after.id")).isEqualTo("id");
    assertThat(SourceLineage.tableColumn("before.status")).isEqualTo("status");
    assertThat(SourceLineage.tableColumn("_key.id")).isEqualTo("id");
    assertThat(SourceLineage.tableColumn("after.address.city")).isEqualTo("address");
  }

  @Test
  void flatRowFieldsAreTableColumnsButChangeMetadataIsNot() {
    assertThat(SourceLineage.tableColumn("amount")).isEqualTo("amount");
    assertThat(SourceLineage.tableColumn("address.city")).isEqualTo("address");
    assertThat(SourceLineage.tableColumn("__op")).isNull();
    assertThat(SourceLineage.tableColumn("__source_ts_ms")).isNull();
  }

  @Test
  void envelopeMetadataAndRecordMetadataAreNotTableColumns() {
    assertThat(SourceLineage.tableColumn("op")).isNull();
    assertThat(SourceLineage.tableColumn("source.lsn")).isNull();
    assertThat(SourceLineage.tableColumn("ts_ms")).isNull();
    assertThat(SourceLineage.tableColumn("_topic")).isNull();
    assertThat(SourceLineage.tableColumn("_key")).isNull();
    assertThat(SourceLineage.tableColumn("_offset")).isNull();
  }
}
