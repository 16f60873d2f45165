// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** What the pipeline mode prints once everything runs: what was deployed and where to look. */
final class PipelineReport {
  static final String QUERY_SCRIPT = "query-iceberg.sh";

  private PipelineReport() {}

  static String render(QuickstartOptions options, Pipeline pipeline) {
    String rest = options.restUrl();
    List<String> connectors = pipeline.connectors();
    StringBuilder out = new StringBuilder('\n' + String.format(
        "Streamfirst Connect quickstart pipeline is running: %d connectors RUNNING (after %.1f s), the seed in every"
            + " sink table, ready in %.1f s.%n",
        connectors.size(), pipeline.runningTime().toMillis() / 1000.0, pipeline.readyTime().toMillis() / 1000.0));
    out.append(String.format("  %-19s PostgreSQL 127.0.0.1:%d (customers, orders, order_lines) -> topics %s,%n"
        + "  %-19s customers' emails masked and email_domain added by SqlTransform: %s%n",
        PipelineConnectors.SOURCE, pipeline.database().port(), PipelineConnectors.topic("*"), "",
        PipelineConnectors.MASK_QUERY));
    out.append(String.format("  %-19s data contract on orders by EnforceContract (%s, from %s):"
        + " orders breaking it go to %s.quarantine, not to the sinks%n", "", PipelineConnectors.CONTRACT_RULE,
        options.dataDir().resolve("connectors").resolve("contracts.json"), PipelineConnectors.topic("orders")));
    if (pipeline.iceberg().isPresent()) {
      out.append(String.format("  %-19s Iceberg sink, upsert, Hadoop catalog: tables %s.customers, .orders, "
          + ".order_lines%n", PipelineConnectors.ICEBERG, IcebergTables.NAMESPACE));
    }
    if (pipeline.clickhouse().isPresent()) {
      out.append(String.format("  %-19s ClickHouse sink, CDC mode: tables customers, orders, order_lines at %s%n",
          PipelineConnectors.CLICKHOUSE, pipeline.clickhouse().get().url()));
    }
    out.append(String.format("  %-19s SqlWindowConnector, revenue per minute of new orders -> topic %s%n",
        PipelineConnectors.WINDOW, PipelineConnectors.WINDOW_TOPIC));
    out.append('\n');

    out.append("Where to look:\n")
        .append(String.format("  Connect REST API    %s/connectors?expand=status%n", rest))
        .append(String.format("  Lineage page        %s/streamfirst/   (graph as JSON: %s/streamfirst/lineage)%n",
            rest, rest))
        .append(String.format("  Connector configs   %s%n", options.dataDir().resolve("connectors")));
    if (pipeline.iceberg().isPresent()) {
      out.append(String.format("  Iceberg warehouse   %s%n", options.warehouse()))
          .append(String.format("  Iceberg rows        sh %s orders   (or customers, order_lines)%n",
              options.dataDir().resolve(QUERY_SCRIPT)));
    }
    pipeline.clickhouse().ifPresent(clickhouse -> out.append(String.format(
        "  ClickHouse query    curl -s '%s/' --data-binary \"%s\"%n", clickhouse.url(),
        ClickHouseServer.currentRowsQuery("orders", "id, customer_id, status, total_cents") + " ORDER BY id")));
    out.append(String.format("  Full log            %s%n%n", options.logFile()));
    out.append("Status every 5 s: changes/s, rows per table (postgres/sinks; '-' until the sink created it), "
        + "freshness (source commit to sink commit), windows emitted.\n")
        .append(options.pipeline().bounded()
            ? "The load stops after " + options.pipeline().duration().toSeconds() + " s; Ctrl-C stops everything.\n"
            : "Press Ctrl-C to stop (the load, Connect, Kafka, then the databases; data stays in "
                + options.dataDir() + ").\n");
    return out.toString();
  }

  /**
   * Writes {@code <data dir>/query-iceberg.sh}: this JVM's java and class path in query mode, so a second terminal
   * prints a table's current rows without Maven.
   */
  static Path writeQueryScript(QuickstartOptions options) throws IOException {
    Path script = options.dataDir().resolve(QUERY_SCRIPT);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(script, "#!/bin/sh\n# Prints the current rows of one Iceberg table of the quickstart: "
        + "customers, orders (default) or order_lines.\n"
        + "exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
        + QuickstartMain.class.getName() + " --mode query --data-dir '" + options.dataDir() + "' --table \"${1:-"
        + PipelineSettings.DEFAULT_TABLE + "}\"\n");
    try {
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: run it with sh
    }
    return script;
  }
}
