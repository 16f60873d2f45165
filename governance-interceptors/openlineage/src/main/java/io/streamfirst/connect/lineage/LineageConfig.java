// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The {@code openlineage.*} configuration block every Streamfirst connector accepts: whether to emit
 * OpenLineage run events, where to ({@link Transport}), and how topics are named.
 */
public final class LineageConfig extends AbstractConfig {

  public static final String GROUP = "OpenLineage";

  public static final String ENABLED = "openlineage.enabled";
  public static final String TRANSPORT = "openlineage.transport";
  public static final String NAMESPACE = "openlineage.namespace";
  public static final String KAFKA_CLUSTER = "openlineage.dataset.kafka.bootstrap.servers";
  public static final String RUNNING_INTERVAL_MS = "openlineage.running.interval.ms";
  public static final String QUEUE_CAPACITY = "openlineage.queue.capacity";
  public static final String HTTP_URL = "openlineage.http.url";
  public static final String HTTP_ENDPOINT = "openlineage.http.endpoint";
  public static final String HTTP_AUTH_TOKEN = "openlineage.http.auth.token";
  public static final String HTTP_TIMEOUT_MS = "openlineage.http.timeout.ms";
  public static final String KAFKA_TOPIC = "openlineage.kafka.topic";
  public static final String KAFKA_BOOTSTRAP = "openlineage.kafka.bootstrap.servers";
  public static final String FILE_PATH = "openlineage.file.path";

  /** Where events go. */
  public enum Transport {
    /** POST to an OpenLineage HTTP endpoint (Marquez's API and compatible servers). */
    HTTP,
    /** One message per event on a Kafka topic, keyed by job. */
    KAFKA,
    /** One JSON line per event appended to a file. */
    FILE,
    /** One log line per event at INFO (logger {@code io.openlineage.client.transports.ConsoleTransport}). */
    LOG;

    String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final ConfigDef CONFIG_DEF = define(new ConfigDef());

  /** Adds the {@code openlineage.*} keys to a connector's ConfigDef. */
  public static ConfigDef define(ConfigDef def) {
    int order = 0;
    return def
        .define(ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
            "Whether the connector emits OpenLineage run events (START, RUNNING, COMPLETE, FAIL) with its input"
                + " and output datasets. Off by default.",
            GROUP, ++order, Width.SHORT, "Emit OpenLineage events")
        .define(TRANSPORT, Type.STRING, Transport.LOG.configName(),
            ConfigDef.ValidString.in("http", "kafka", "file", "log"), Importance.MEDIUM,
            "Where events go: 'http' (an OpenLineage HTTP endpoint such as Marquez), 'kafka' (a topic),"
                + " 'file' (JSON lines appended to a file) or 'log' (the worker log).",
            GROUP, ++order, Width.SHORT, "Transport")
        .define(NAMESPACE, Type.STRING, "streamfirst", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
            "The namespace of the connector's job in the events; the job's name is the connector's name.",
            GROUP, ++order, Width.MEDIUM, "Job namespace")
        .define(KAFKA_CLUSTER, Type.STRING, "", Importance.MEDIUM,
            "The bootstrap servers of the Kafka cluster the connector reads from or writes to, as the worker's"
                + " bootstrap.servers: topics are named kafka://<first server> + topic. Required when enabled.",
            GROUP, ++order, Width.LONG, "Kafka cluster of the topics")
        .define(RUNNING_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
            "How often a running task emits a RUNNING event.",
            GROUP, ++order, Width.SHORT, "RUNNING interval (ms)")
        .define(QUEUE_CAPACITY, Type.INT, 1_000, ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
            "How many events may wait to be sent per task; when full, new events are dropped (counted and"
                + " logged), never waited for.",
            GROUP, ++order, Width.SHORT, "Queue capacity")
        .define(HTTP_URL, Type.STRING, "", Importance.MEDIUM,
            "Base URL of the OpenLineage HTTP endpoint (e.g. http://marquez:5000). Required for transport 'http'.",
            GROUP, ++order, Width.LONG, "HTTP URL")
        .define(HTTP_ENDPOINT, Type.STRING, "/api/v1/lineage", Importance.LOW,
            "Path of the lineage endpoint under the URL.",
            GROUP, ++order, Width.MEDIUM, "HTTP endpoint")
        .define(HTTP_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
            "API key sent as 'Authorization: Bearer <token>'; none when empty.",
            GROUP, ++order, Width.MEDIUM, "HTTP auth token")
        .define(HTTP_TIMEOUT_MS, Type.INT, 5_000, ConfigDef.Range.between(100, 600_000), Importance.LOW,
            "Timeout of one HTTP request (connect and response).",
            GROUP, ++order, Width.SHORT, "HTTP timeout (ms)")
        .define(KAFKA_TOPIC, Type.STRING, "openlineage", Importance.MEDIUM,
            "Topic the events are written to, for transport 'kafka'.",
            GROUP, ++order, Width.MEDIUM, "Kafka topic")
        .define(KAFKA_BOOTSTRAP, Type.STRING, "", Importance.MEDIUM,
            "Bootstrap servers of the cluster that receives the events, for transport 'kafka'; when empty, the"
                + " cluster named by " + KAFKA_CLUSTER + ".",
            GROUP, ++order, Width.LONG, "Kafka bootstrap servers")
        .define(FILE_PATH, Type.STRING, "", Importance.MEDIUM,
            "File the events are appended to, one JSON document per line, for transport 'file'.",
            GROUP, ++order, Width.LONG, "File path");
  }

  public LineageConfig(Map<?, ?> originals) {
    super(CONFIG_DEF, originals, false);
    Map<String, String> errors = errors(this);
    if (!errors.isEmpty()) {
      Map.Entry<String, String> first = errors.entrySet().iterator().next();
      Object value = get(first.getKey());
      throw new ConfigException(first.getKey(), value instanceof Password ? "[hidden]" : value, first.getValue());
    }
  }

  /**
   * Field-level errors of the {@code openlineage.*} keys in {@code props}, by key (empty when valid), for a
   * connector's {@code validate}: the keys that depend on each other (a transport's own keys).
   */
  public static Map<String, String> validate(Map<String, String> props) {
    AbstractConfig parsed;
    try {
      parsed = new AbstractConfig(CONFIG_DEF, props, false);
    } catch (ConfigException e) {
      return Map.of(); // the ConfigDef's own validation reports it on its key
    }
    return errors(parsed);
  }

  /**
   * Adds the errors of {@link #validate} to the matching values of a connector's {@code validate}
   * result (every {@code openlineage.*} key is among them when the connector's ConfigDef includes
   * {@link #define}).
   */
  public static void addErrors(Iterable<org.apache.kafka.common.config.ConfigValue> values, Map<String, String> props) {
    Map<String, String> errors = validate(props);
    for (org.apache.kafka.common.config.ConfigValue value : values) {
      String error = errors.get(value.name());
      if (error != null) {
        value.addErrorMessage(error);
      }
    }
  }

  private static Map<String, String> errors(AbstractConfig config) {
    Map<String, String> errors = new LinkedHashMap<>();
    if (!config.getBoolean(ENABLED)) {
      return errors;
    }
    if (config.getString(KAFKA_CLUSTER).isBlank()) {
      errors.put(KAFKA_CLUSTER, "Lineage is enabled: set it to the bootstrap servers of the Kafka cluster the"
          + " connector uses (as the worker's bootstrap.servers), so topics are named kafka://host:port");
    }
    switch (Transport.valueOf(config.getString(TRANSPORT).toUpperCase(Locale.ROOT))) {
      case HTTP -> {
        String url = config.getString(HTTP_URL);
        if (url.isBlank()) {
          errors.put(HTTP_URL, "Transport 'http' needs the URL of the OpenLineage endpoint, e.g. http://marquez:5000");
        } else {
          try {
            URI uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
              errors.put(HTTP_URL, "Not an http(s) URL with a host: use e.g. http://marquez:5000");
            }
          } catch (URISyntaxException e) {
            errors.put(HTTP_URL, "Not a URL (" + e.getReason() + "): use e.g. http://marquez:5000");
          }
        }
      }
      case KAFKA -> {
        if (config.getString(KAFKA_TOPIC).isBlank()) {
          errors.put(KAFKA_TOPIC, "Transport 'kafka' needs the topic the events are written to");
        }
      }
      case FILE -> {
        if (config.getString(FILE_PATH).isBlank()) {
          errors.put(FILE_PATH, "Transport 'file' needs the path of the file the events are appended to");
        }
      }
      case LOG -> {}
    }
    return errors;
  }

  public boolean enabled() {
    return getBoolean(ENABLED);
  }

  public Transport transport() {
    return Transport.valueOf(getString(TRANSPORT).toUpperCase(Locale.ROOT));
  }

  public String namespace() {
    return getString(NAMESPACE);
  }

  public List<String> kafkaCluster() {
    return List.of(getString(KAFKA_CLUSTER).split("\\s*,\\s*"));
  }

  public long runningIntervalMs() {
    return getLong(RUNNING_INTERVAL_MS);
  }

  public int queueCapacity() {
    return getInt(QUEUE_CAPACITY);
  }

  String httpUrl() {
    return getString(HTTP_URL);
  }

  String httpEndpoint() {
    return getString(HTTP_ENDPOINT);
  }

  /** The token, or null when none is set. */
  String httpAuthToken() {
    Password token = getPassword(HTTP_AUTH_TOKEN);
    return token == null || token.value().isEmpty() ? null : token.value();
  }

  int httpTimeoutMs() {
    return getInt(HTTP_TIMEOUT_MS);
  }

  String kafkaTopic() {
    return getString(KAFKA_TOPIC);
  }

  String kafkaBootstrap() {
    String own = getString(KAFKA_BOOTSTRAP);
    return own.isBlank() ? getString(KAFKA_CLUSTER) : own;
  }

  String filePath() {
    return getString(FILE_PATH);
  }
}
