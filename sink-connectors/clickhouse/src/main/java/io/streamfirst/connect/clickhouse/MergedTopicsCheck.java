// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse;

import static io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.TOPIC_PLACEHOLDER;
import static io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.VERSION_SOURCE;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig.VersionSource;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/** Refuses CDC versions from Kafka offsets where the configuration merges topics into one table. */
final class MergedTopicsCheck {

  private MergedTopicsCheck() {}

  /**
   * Versions from Kafka offsets only order changes within one partition: refuses a configuration
   * that writes several of its {@code topics} into one CDC table, as far as the configuration tells
   * (topic map, a name format without the topic, RegexRouter transforms without predicates). Routing
   * by field, {@code topics.regex} and other transforms are only known at run time (the task warns).
   */
  static void check(ClickHouseSinkConfig config) {
    if (config.writeMode() != WriteMode.CDC || config.versionSource() != VersionSource.KAFKA_OFFSET
        || !config.routeField().isEmpty()) {
      return;
    }
    Map<String, String> originals = config.originalsStrings();
    Map<String, Set<String>> topicsByTable = new TreeMap<>();
    for (String topic : Arrays.asList(originals.getOrDefault("topics", "").split(","))) {
      if (topic.isBlank()) {
        continue;
      }
      String routed = afterRegexRouters(topic.strip(), originals);
      if (routed == null) {
        return; // a router whose outcome the configuration does not tell
      }
      String table = config.topicToTable().getOrDefault(routed,
          config.tableNameFormat().replace(TOPIC_PLACEHOLDER, routed));
      topicsByTable.computeIfAbsent(table, t -> new TreeSet<>()).add(topic.strip());
    }
    topicsByTable.forEach((table, topics) -> {
      if (topics.size() > 1) {
        throw new ConfigException(VERSION_SOURCE, config.getString(VERSION_SOURCE), "table '" + table
            + "' would receive the topics " + String.join(" and ", topics) + ". Offsets of different topics are not"
            + " comparable, so a change to a key could be replaced by an older change from the other topic: set "
            + VERSION_SOURCE + "=source.position (with a source that sends the sf.source.pos header) or give each"
            + " topic its own table");
      }
    });
  }

  /** The topic after the connector's RegexRouter transforms; null when a transform has a predicate. */
  private static String afterRegexRouters(String topic, Map<String, String> originals) {
    String current = topic;
    for (String alias : originals.getOrDefault("transforms", "").split(",")) {
      String prefix = "transforms." + alias.strip() + ".";
      if (alias.isBlank() || !"org.apache.kafka.connect.transforms.RegexRouter".equals(
          originals.getOrDefault(prefix + "type", "").strip())) {
        continue;
      }
      if (originals.containsKey(prefix + "predicate")) {
        return null;
      }
      try {
        Matcher m = Pattern.compile(originals.getOrDefault(prefix + "regex", "")).matcher(current);
        if (m.matches()) {
          current = m.replaceFirst(originals.getOrDefault(prefix + "replacement", ""));
        }
      } catch (RuntimeException e) {
        return null; // Connect reports the transform's own configuration errors
      }
    }
    return current;
  }
}
