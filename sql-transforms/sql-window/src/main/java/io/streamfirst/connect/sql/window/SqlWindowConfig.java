// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql.window;

import io.streamfirst.connect.sql.engine.InvalidQueryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of {@link SqlWindowConnector}. */
public final class SqlWindowConfig extends AbstractConfig {

  public static final String QUERY = "query";
  public static final String INPUT_TOPICS = "input.topics";
  public static final String OUTPUT_TOPIC = "output.topic";
  public static final String LATE_TOPIC = "late.topic";
  public static final String GRACE_MS = "window.grace.ms";
  public static final String RETENTION_MS = "window.retention.ms";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String BOOTSTRAP_SERVERS = "streams.bootstrap.servers";
  public static final String APPLICATION_ID = "streams.application.id";
  public static final String STATE_DIR = "streams.state.dir";
  public static final String STREAMS_OVERRIDE_PREFIX = "streams.override.";
  public static final String KEY_CONVERTER = "record.key.converter";
  public static final String VALUE_CONVERTER = "record.value.converter";

  static final String EXACTLY_ONCE = "exactly_once_v2";
  static final String AT_LEAST_ONCE = "at_least_once";
  private static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
  private static final String QUERY_GROUP = "Query";
  private static final String TOPICS_GROUP = "Topics";
  private static final String STREAMS_GROUP = "Kafka Streams";

  public static final ConfigDef CONFIG_DEF = new ConfigDef()
      .define(QUERY, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new QueryCheck(), ConfigDef.Importance.HIGH,
          "The windowed aggregation: SELECT window_start, window_end, <group columns>, <aggregates> FROM"
              + " TABLE(TUMBLE(TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <size>)) [WHERE <condition>]"
              + " GROUP BY window_start, window_end, <columns> [HAVING <condition>] [EMIT FINAL | EMIT CHANGES]."
              + " HOP(TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <slide>, INTERVAL <size>) makes hopping"
              + " windows, CUMULATE(TABLE <name>, DESCRIPTOR(<time column>), INTERVAL <step>, INTERVAL <size>)"
              + " cumulative ones, SESSION(TABLE <name> PARTITION BY <group columns>, DESCRIPTOR(<time column>),"
              + " INTERVAL <gap>) sessions per group. Aggregates: COUNT(*), COUNT(x), COUNT(DISTINCT x), SUM, MIN, MAX, AVG,"
              + " FIRST_VALUE, LAST_VALUE (by event time). EMIT FINAL (the"
              + " default) writes one result per window and group when the window closes; EMIT CHANGES writes an"
              + " upsert per update.",
          QUERY_GROUP, 0, ConfigDef.Width.LONG, "Query")
      .define(GRACE_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.MEDIUM,
          "How long after a window's end (in event time) records for it are still accepted. A window closes when"
              + " stream time (the largest event time seen) passes its end plus this grace; later records for it go"
              + " to late.topic.",
          QUERY_GROUP, 1, ConfigDef.Width.SHORT, "Grace period (ms)")
      .define(RETENTION_MS, ConfigDef.Type.LONG, 0L, ConfigDef.Range.atLeast(0), ConfigDef.Importance.LOW,
          "How long (in event time) window state is kept in the window store. At least twice the window size"
              + " plus grace is always used; a larger value keeps closed windows queryable in the state longer"
              + " and lets stream time advance in larger steps.",
          QUERY_GROUP, 2, ConfigDef.Width.SHORT, "Window state retention (ms)")
      .define(INPUT_TOPICS, ConfigDef.Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new TopicsCheck(),
          ConfigDef.Importance.HIGH, "The topics the statement reads (its FROM table), comma-separated.",
          TOPICS_GROUP, 0, ConfigDef.Width.LONG, "Input topics")
      .define(OUTPUT_TOPIC, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          ConfigDef.Importance.HIGH, "The topic results are written to, keyed by the group columns and"
              + " window_start. Create it before starting the connector.",
          TOPICS_GROUP, 1, ConfigDef.Width.MEDIUM, "Output topic")
      .define(LATE_TOPIC, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH,
          "The topic late records (all their windows closed) and records without an event time are written to,"
              + " unchanged, with an sf.violation header. Empty: <output.topic>.late. Create it before starting"
              + " the connector.",
          TOPICS_GROUP, 2, ConfigDef.Width.MEDIUM, "Late-data topic")
      .define(KEY_CONVERTER, ConfigDef.Type.CLASS, JSON_CONVERTER, ConfigDef.Importance.MEDIUM,
          "The converter that reads input keys and writes result keys. Its settings are given with the prefix"
              + " record.key.converter. (e.g. record.key.converter.schemas.enable=false).",
          TOPICS_GROUP, 3, ConfigDef.Width.LONG, "Record key converter")
      .define(VALUE_CONVERTER, ConfigDef.Type.CLASS, JSON_CONVERTER, ConfigDef.Importance.MEDIUM,
          "The converter that reads input values and writes result values. Its settings are given with the"
              + " prefix record.value.converter. (e.g. record.value.converter.schemas.enable=false).",
          TOPICS_GROUP, 4, ConfigDef.Width.LONG, "Record value converter")
      .define(BOOTSTRAP_SERVERS, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
          ConfigDef.Importance.HIGH, "The Kafka cluster the Kafka Streams client of each task connects to, usually"
              + " the workers' own bootstrap.servers (a connector cannot read the worker's configuration). Other"
              + " client settings (security, timeouts) are given with the prefix streams.override., e.g."
              + " streams.override.security.protocol=SSL.",
          STREAMS_GROUP, 0, ConfigDef.Width.LONG, "Streams bootstrap servers")
      .define(PROCESSING_GUARANTEE, ConfigDef.Type.STRING, EXACTLY_ONCE,
          ConfigDef.ValidString.in(EXACTLY_ONCE, AT_LEAST_ONCE), ConfigDef.Importance.MEDIUM,
          "exactly_once_v2: results, late records and state change in one Kafka transaction per commit; read the"
              + " output with isolation.level=read_committed. at_least_once: after a failure a window's result or a"
              + " late record may be written twice.",
          STREAMS_GROUP, 1, ConfigDef.Width.SHORT, "Processing guarantee")
      .define(APPLICATION_ID, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
          "The Kafka Streams application.id: the consumer group and the prefix of the repartition and changelog"
              + " topics. Empty: streamfirst-window-<connector name>. Changing it starts from scratch.",
          STREAMS_GROUP, 2, ConfigDef.Width.MEDIUM, "Streams application id")
      .define(STATE_DIR, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
          "The directory on each worker under which tasks keep their RocksDB window state (restored from the"
              + " changelog topics when missing). Empty: <java.io.tmpdir>/streamfirst-window.",
          STREAMS_GROUP, 3, ConfigDef.Width.LONG, "State directory");

  public SqlWindowConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals);
  }

  WindowQuery query() {
    try {
      return WindowQuery.plan(getString(QUERY));
    } catch (InvalidQueryException e) {
      throw new ConfigException(QUERY, getString(QUERY), e.getMessage());
    }
  }

  List<String> inputTopics() {
    return getList(INPUT_TOPICS);
  }

  String outputTopic() {
    return getString(OUTPUT_TOPIC);
  }

  String lateTopic() {
    String late = getString(LATE_TOPIC);
    return late.isBlank() ? outputTopic() + ".late" : late;
  }

  long graceMs() {
    return getLong(GRACE_MS);
  }

  long retentionMs() {
    return getLong(RETENTION_MS);
  }

  String processingGuarantee() {
    return getString(PROCESSING_GUARANTEE);
  }

  String bootstrapServers() {
    return getString(BOOTSTRAP_SERVERS);
  }

  String applicationId(String connectorName) {
    String id = getString(APPLICATION_ID);
    return id.isBlank() ? "streamfirst-window-" + connectorName : id;
  }

  String stateDir() {
    String dir = getString(STATE_DIR);
    return dir.isBlank() ? System.getProperty("java.io.tmpdir") + "/streamfirst-window" : dir;
  }

  Map<String, Object> streamsOverrides() {
    return originalsWithPrefix(STREAMS_OVERRIDE_PREFIX);
  }

  RecordFormat format() {
    Map<String, Object> keyConfig = new HashMap<>(originalsWithPrefix(KEY_CONVERTER + "."));
    Map<String, Object> valueConfig = new HashMap<>(originalsWithPrefix(VALUE_CONVERTER + "."));
    return new RecordFormat(getClass(KEY_CONVERTER), keyConfig, getClass(VALUE_CONVERTER), valueConfig);
  }

  /** At least one topic name, none blank. */
  private static final class TopicsCheck implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (!(value instanceof List<?> topics) || topics.isEmpty()
          || topics.stream().anyMatch(t -> t.toString().isBlank())) {
        throw new ConfigException(name, value, "Name at least one input topic, e.g. orders");
      }
    }

    @Override
    public String toString() {
      return "one or more topic names";
    }
  }

  /** Plans the statement when the configuration is validated, so errors reach config/validate on query. */
  private static final class QueryCheck implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isBlank()) {
        throw new ConfigException(name, value, "A windowed SELECT statement is required, e.g. SELECT window_start,"
            + " window_end, k, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))"
            + " GROUP BY window_start, window_end, k");
      }
      try {
        WindowQuery.plan(value.toString());
      } catch (InvalidQueryException e) {
        throw new ConfigException(name, value, e.getMessage());
      }
    }

    @Override
    public String toString() {
      return "SELECT ... FROM TABLE(TUMBLE|HOP|CUMULATE|SESSION(...)) ... GROUP BY window_start, ...";
    }
  }
}
