// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.commit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.kafka.common.TopicPartition;

/**
 * The snapshot summary properties through which a table remembers what this connector committed:
 * {@value #CONNECTOR} (the connector's name), {@value #OFFSETS} (per topic-partition, the next offset to
 * consume: every change of that partition below it that routes to this table is in the table) and
 * {@value #SOURCE_TS} (the newest source commit time among the snapshot's changes).
 */
public final class CommitSummary {

  public static final String CONNECTOR = "sf.connector";
  public static final String OFFSETS = "sf.offsets";
  public static final String SOURCE_TS = "sf.source.ts";
  public static final String TASK = "sf.task";

  private CommitSummary() {}

  /**
   * {@code topic:partition=offset,...}, sorted. Kafka topic names hold only letters, digits, '.', '_' and
   * '-', so they are written as they are; any other character (none is legal in a topic name, but a name
   * must never break the list) is written as {@code %XX} per UTF-8 byte. Entries written by earlier
   * versions (plain names) read the same way.
   */
  public static String encode(Map<TopicPartition, Long> offsets) {
    StringBuilder out = new StringBuilder();
    Map<String, Long> sorted = new TreeMap<>();
    offsets.forEach((tp, offset) -> sorted.put(escape(tp.topic()) + ":" + tp.partition(), offset));
    sorted.forEach((tp, offset) -> {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(tp).append('=').append(offset);
    });
    return out.toString();
  }

  /** Inverse of {@link #encode(Map)}; an unreadable entry is skipped (it was not written by this sink). */
  public static Map<TopicPartition, Long> decode(String text) {
    Map<TopicPartition, Long> out = new HashMap<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    for (String entry : text.split(",")) {
      int colon = entry.lastIndexOf(':');
      int eq = entry.lastIndexOf('=');
      if (colon <= 0 || eq < colon) {
        continue;
      }
      try {
        out.put(new TopicPartition(unescape(entry.substring(0, colon)),
            Integer.parseInt(entry.substring(colon + 1, eq))), Long.parseLong(entry.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        // not ours (NumberFormatException is an IllegalArgumentException, as is a malformed escape)
      }
    }
    return out;
  }

  private static boolean plain(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '-';
  }

  static String escape(String topic) {
    boolean clean = true;
    for (int i = 0; i < topic.length() && clean; i++) {
      clean = plain(topic.charAt(i));
    }
    if (clean) {
      return topic;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (b >= 0 && plain(c)) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  static String unescape(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          throw new IllegalArgumentException("truncated escape");
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("malformed escape");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * The committed offsets of {@code connector} in {@code table}: walking the current snapshot's ancestry
   * from the newest snapshot back, the newest entry per topic-partition wins, so commits of several tasks
   * (each recording only its own partitions) merge, and a partition that moved between tasks is read from
   * its latest owner's commit.
   */
  public static Map<TopicPartition, Long> committedOffsets(Table table, String connector) {
    return committedOffsets(table, connector, null);
  }

  /** As {@link #committedOffsets(Table, String)}, walking back only until every partition of {@code wanted} is found. */
  public static Map<TopicPartition, Long> committedOffsets(Table table, String connector,
      java.util.Set<TopicPartition> wanted) {
    Map<TopicPartition, Long> out = new HashMap<>();
    Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null && (wanted == null || !out.keySet().containsAll(wanted))) {
      Map<String, String> summary = snapshot.summary();
      if (summary != null && connector.equals(summary.get(CONNECTOR))) {
        decode(summary.get(OFFSETS)).forEach(out::putIfAbsent);
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : table.snapshot(parent);
    }
    return out;
  }
}
