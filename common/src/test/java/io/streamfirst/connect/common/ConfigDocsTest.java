// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private static final ConfigDef DEF = new ConfigDef()
      .define("query", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
          "The SQL | query.")
      .define("cache.size", ConfigDef.Type.INT, 16, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW,
          "Plans kept.")
      .define("secret", ConfigDef.Type.PASSWORD, "s3cr3t", ConfigDef.Importance.LOW, "A secret.");

  @Test
  void rendersEveryKeyWithTypeDefaultAndValidator() {
    String table = ConfigDocs.markdown(DEF);
    assertThat(table).contains("| `query` | string | (required) |  | high | The SQL \\| query. |");
    assertThat(table).contains("| `cache.size` | int | `16` | [1,...] | low | Plans kept. |");
    assertThat(table).contains("[hidden]").doesNotContain("s3cr3t");
  }

  @Test
  void replacesOnlyTheMarkedSection() {
    String readme = "# Title\n" + ConfigDocs.BEGIN_MARKER + "\nold\n" + ConfigDocs.END_MARKER + "\nafter\n";
    String updated = ConfigDocs.replaceReference(readme, DEF);
    assertThat(updated).startsWith("# Title\n").endsWith(ConfigDocs.END_MARKER + "\nafter\n")
        .doesNotContain("old").contains("`cache.size`");
  }

  @Test
  void missingMarkersSayWhatToAdd() {
    assertThatThrownBy(() -> ConfigDocs.replaceReference("# no markers", DEF))
        .hasMessageContaining(ConfigDocs.BEGIN_MARKER);
  }
}
