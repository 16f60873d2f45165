// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every connector body of docker-compose/connectors passes the validation of the real plugins, loaded from the
 * plugin directories the compose file mounts into its worker (see {@link ConnectorBodies}).
 */
class ConnectorBodiesTest {
  @TempDir
  static Path dir;

  private static ConnectorBodies bodies;

  @BeforeAll
  static void loadPlugins() throws Exception {
    bodies = ConnectorBodies.of(ComposeFile.load(), dir);
  }

  @AfterAll
  static void close() {
    bodies.close();
  }

  @Test
  void everyConnectorBodyPassesThePluginsValidation() throws Exception {
    List<Path> files = ComposeFile.connectorBodies();
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      problems.put(file.getFileName().toString(), bodies.problems(name, ComposeFileTest.read(file)));
    }
    assertThat(problems).as("problems per connector body").allSatisfy((file, found) -> assertThat(found)
        .as(file).isEmpty());
  }

  @Test
  void theBodiesKeepTheirConnectionChecksForTheRealStack() throws Exception {
    for (Path file : ComposeFile.connectorBodies()) {
      Map<String, String> body = ComposeFileTest.read(file);
      String offline = ConnectorBodies.OFFLINE.get(body.get("connector.class"));
      if (offline != null) {
        assertThat(body).as("%s checks its server when deployed", file.getFileName()).doesNotContainKey(offline);
      }
    }
  }

  @Test
  void aBodyWithAMistakeIsRejectedNamingTheSetting() throws Exception {
    Map<String, String> clickhouse = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-clickhouse.json")));
    clickhouse.put("write.mode", "upsert");
    assertThat(bodies.problems("broken", clickhouse)).anySatisfy(problem -> assertThat(problem)
        .startsWith("write.mode: "));

    Map<String, String> badSql = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-iceberg.json")));
    badSql.put("transforms.mask.query", "SELECT * FORM customers");
    assertThat(bodies.problems("broken", badSql)).isNotEmpty();

    Map<String, String> noContract = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-clickhouse.json")));
    noContract.put("transforms.contract.contracts.file", "/etc/streamfirst/contracts/missing.json");
    assertThat(bodies.problems("broken", noContract)).anySatisfy(problem -> assertThat(problem)
        .contains("transforms.contract."));

    Map<String, String> unknownClass = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-cdc.json")));
    unknownClass.put("connector.class", "io.streamfirst.connect.cdc.oracle.OracleCdcSourceConnector");
    assertThat(bodies.problems("broken", unknownClass)).singleElement().asString().startsWith("connector.class: ");

    Map<String, String> window = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/revenue-per-minute.json")));
    window.remove("output.topic");
    assertThat(bodies.problems("broken", window)).isNotEmpty();
  }
}
