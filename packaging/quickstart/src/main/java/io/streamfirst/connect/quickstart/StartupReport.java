// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The text the quickstart prints once it is ready: what it loaded and how to use it. */
final class StartupReport {
  private StartupReport() {}

  static String render(QuickstartOptions options, List<Path> pluginDirs, List<ConnectorPlugin> plugins,
      Duration startupTime) {
    StringBuilder out = new StringBuilder();
    String rest = options.restUrl();
    out.append('\n')
        .append(String.format("Streamfirst Connect quickstart is running (ready in %.1f s).%n%n",
            startupTime.toMillis() / 1000.0))
        .append(String.format("  Kafka bootstrap servers  %s%n", options.bootstrapServers()))
        .append(String.format("  Connect REST API         %s%n", rest))
        .append(String.format("  Plugin path              %s%n", options.pluginPath()))
        .append(String.format("  Data directory           %s%n", options.dataDir()))
        .append(String.format("  Full log                 %s%n%n", options.logFile()));

    out.append("Plugin directories:").append(pluginDirs.stream().map(dir -> " " + dir.getFileName())
        .collect(Collectors.joining(","))).append('\n');
    List<ConnectorPlugin> ours = plugins.stream().filter(ConnectorPlugin::isStreamfirst)
        .sorted(Comparator.comparing(ConnectorPlugin::type).thenComparing(ConnectorPlugin::className)).toList();
    out.append(String.format("Streamfirst plugins loaded (%d):%n", ours.size()));
    if (ours.isEmpty()) {
      out.append("  none: check the plugin directories and the full log\n");
    }
    int width = ours.stream().mapToInt(p -> p.className().length()).max().orElse(0);
    for (ConnectorPlugin plugin : ours) {
      out.append(String.format("  %-15s %-" + width + "s  %s%n", plugin.type(), plugin.className(), plugin.version()));
    }
    Map<String, Long> builtIns = plugins.stream().filter(p -> !p.isStreamfirst())
        .collect(Collectors.groupingBy(ConnectorPlugin::type, TreeMap::new, Collectors.counting()));
    out.append("Kafka's own plugins: ").append(builtIns.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))).append("\n\n");

    out.append("Try it:\n")
        .append("  # every plugin the worker loaded\n")
        .append("  curl -s '").append(rest).append("/connector-plugins?connectorsOnly=false'\n")
        .append(
            "  # an example pipeline: a file of orders -> topic 'orders' -> SqlTransform -> a file of big orders\n");
    for (String connector : ExampleFiles.CONNECTORS) {
      out.append("  curl -s -X PUT -H 'Content-Type: application/json' --data @")
          .append(ExampleFiles.config(options, connector)).append(' ')
          .append(rest).append("/connectors/").append(connector).append("/config\n");
    }
    out.append("  curl -s ").append(rest).append("/connectors?expand=status\n")
        .append("  cat ").append(ExampleFiles.dir(options).resolve(ExampleFiles.OUTPUT)).append("\n\n")
        .append("Press Ctrl-C to stop (Connect first, then Kafka).\n");
    return out.toString();
  }
}
