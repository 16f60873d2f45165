// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import io.openlineage.client.OpenLineage;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.kafka.connect.data.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenLineage run of one connector task: {@code START} when created, {@code RUNNING} every
 * {@value LineageConfig#RUNNING_INTERVAL_MS} and whenever a new dataset (or a new schema of one) is
 * seen, {@code COMPLETE} on {@link #complete}, {@code FAIL} with the error on {@link #fail}. The job is
 * the connector ({@value LineageConfig#NAMESPACE} / connector name); every task of a connector run
 * shares the run id the connector hands out ({@link #withRunId}).
 *
 * <p>Every method returns at once: events go through a bounded queue ({@link LineageEmitter}).
 * {@link #DISABLED} does nothing, for connectors with {@value LineageConfig#ENABLED}=false.
 */
public class LineageRun {

  private static final Logger LOG = LoggerFactory.getLogger(LineageRun.class);

  /** Task configuration key carrying the connector run's id to its tasks. */
  public static final String RUN_ID = "openlineage.run.id";
  /** The producer URI of every event. */
  public static final URI PRODUCER = URI.create("https://streamfirst.io/connect/openlineage");
  /** How long {@link #complete} and {@link #fail} wait for queued events to be sent. */
  static final long CLOSE_TIMEOUT_MS = 5_000;

  private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|credential|jaas|key\\.pem"
      + "|private\\.key|access\\.key|sas).*");
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** A run that emits nothing. */
  public static final LineageRun DISABLED = new LineageRun();

  /** What kind of job a connector is. */
  public enum JobType {
    SOURCE, SINK
  }

  private final OpenLineage ol;
  private final Clock clock;
  private final UUID runId;
  private final String namespace;
  private final String connector;
  private final JobType jobType;
  private final List<String> secrets;
  private final LineageEmitter emitter;
  private final ObjectName mbean;
  /** Job facets beyond {@code jobType}, by facet name (e.g. the connector's class, for the REST extension). */
  private final Map<String, OpenLineage.JobFacet> jobFacets;
  private final Map<DatasetId, OpenLineage.InputDataset> inputs = new ConcurrentHashMap<>();
  private final Map<DatasetId, OpenLineage.OutputDataset> outputs = new ConcurrentHashMap<>();
  /** What each dataset was last described with (schema or mapping), to notice a change cheaply. */
  private final Map<DatasetId, Object> described = new ConcurrentHashMap<>();
  /** Custom run facets added to every RUNNING event, read when the event is built. */
  private final Map<String, RunningFacet> runningFacets = new ConcurrentHashMap<>();

  private record RunningFacet(URI schemaUrl, java.util.function.Supplier<Map<String, Object>> properties) {
  }
  private final AtomicBoolean finished = new AtomicBoolean();
  /** Nesting of {@link #batch} calls, and whether a change waits for the batch's end (task thread only). */
  private int batching;
  private boolean pending;

  private LineageRun() {
    ol = null;
    clock = null;
    runId = null;
    namespace = null;
    connector = null;
    jobType = null;
    secrets = List.of();
    emitter = null;
    mbean = null;
    jobFacets = Map.of();
  }

  private LineageRun(LineageConfig config, Map<String, String> props, JobType jobType, Clock clock,
      LineageEmitterFactory emitters, Map<String, OpenLineage.JobFacet> jobFacets) {
    this.ol = new OpenLineage(PRODUCER);
    this.jobFacets = Map.copyOf(jobFacets);
    this.clock = clock;
    String id = props.get(RUN_ID);
    this.runId = id == null || id.isBlank() ? UUID.randomUUID() : UUID.fromString(id);
    this.namespace = config.namespace();
    this.connector = Objects.requireNonNullElse(props.get("name"), "connector");
    this.jobType = jobType;
    this.secrets = props.entrySet().stream()
        .filter(e -> SECRET_KEY.matcher(e.getKey()).matches() && e.getValue() != null && e.getValue().length() >= 4)
        .map(Map.Entry::getValue).toList();
    int instance = INSTANCES.incrementAndGet();
    String owner = connector + "-" + instance;
    this.emitter = emitters.create(config, owner, clock, () -> finished.get() ? null : event(eventType("RUNNING")));
    this.mbean = register(connector, instance, emitter);
    emitter.offer(event(eventType("START")));
  }

  /** Creates the emitter of a run; tests replace the transport through it. */
  interface LineageEmitterFactory {
    LineageEmitter create(LineageConfig config, String owner, Clock clock,
        java.util.function.Supplier<OpenLineage.RunEvent> running);
  }

  /**
   * Starts the run of a task configured with {@code props} (the connector's configuration, with
   * {@value #RUN_ID}): emits START; {@link #DISABLED} when lineage is off.
   */
  public static LineageRun start(Map<String, String> props, JobType jobType, Clock clock) {
    return start(props, jobType, clock, (config, owner, c, running) -> new LineageEmitter(owner,
        Transports.create(config, owner), config.queueCapacity(), c, config.runningIntervalMs(), running));
  }

  static LineageRun start(Map<String, String> props, JobType jobType, Clock clock, LineageEmitterFactory emitters) {
    return start(props, jobType, clock, emitters, Map.of());
  }

  /**
   * {@link #start(Map, JobType, Clock)} with more job facets than {@code jobType}, by facet name: for jobs
   * that are described from outside the connector (the Connect REST extension's connector class and
   * transforms).
   */
  public static LineageRun start(Map<String, String> props, JobType jobType, Clock clock,
      Map<String, OpenLineage.JobFacet> jobFacets) {
    return start(props, jobType, clock, (config, owner, c, running) -> new LineageEmitter(owner,
        Transports.create(config, owner), config.queueCapacity(), c, config.runningIntervalMs(), running), jobFacets);
  }

  static LineageRun start(Map<String, String> props, JobType jobType, Clock clock, LineageEmitterFactory emitters,
      Map<String, OpenLineage.JobFacet> jobFacets) {
    LineageConfig config = new LineageConfig(props);
    if (!config.enabled()) {
      return DISABLED;
    }
    return new LineageRun(config, props, jobType, clock, emitters, jobFacets);
  }

  /** A new connector run's id, for {@link #withRunId}. */
  public static String newRunId() {
    return UUID.randomUUID().toString();
  }

  /** {@code taskProps} with the connector run's id when lineage is enabled in them, else unchanged. */
  public static Map<String, String> withRunId(Map<String, String> taskProps, String runId) {
    if (!Boolean.parseBoolean(taskProps.get(LineageConfig.ENABLED))) {
      return taskProps;
    }
    Map<String, String> out = new HashMap<>(taskProps);
    out.put(RUN_ID, runId);
    return out;
  }

  /** Whether events are emitted; callers may skip work that only feeds lineage when false. */
  public boolean enabled() {
    return emitter != null;
  }

  /** The run's id. */
  public UUID runId() {
    return runId;
  }

  /** The event counters, or null when disabled. */
  public LineageMetrics metrics() {
    return emitter;
  }

  /**
   * Adds the custom run facet {@code name} (described by the JSON schema at {@code schemaUrl}) to every
   * RUNNING event from now on, with the properties {@code properties} returns when the event is built
   * (called on the emitter's thread).
   */
  public void runningFacet(String name, URI schemaUrl, java.util.function.Supplier<Map<String, Object>> properties) {
    if (emitter != null) {
      runningFacets.put(name, new RunningFacet(schemaUrl, properties));
    }
  }

  /** Notes an input dataset read by the task with this record schema (may be null). */
  public void input(DatasetId id, Schema schema) {
    if (emitter == null || (described.containsKey(id) && sameDescription(described.get(id), schema))) {
      return;
    }
    described.put(id, schema == null ? id : schema);
    inputs.put(id, ol.newInputDatasetBuilder().namespace(id.namespace()).name(id.name())
        .facets(ol.newDatasetFacetsBuilder().schema(Facets.schema(ol, schema)).build()).build());
    changed();
  }

  /** Notes an output dataset written by the task with this record schema (may be null). */
  public void output(DatasetId id, Schema schema) {
    if (emitter == null || (described.containsKey(id) && sameDescription(described.get(id), schema))) {
      return;
    }
    described.put(id, schema == null ? id : schema);
    outputs.put(id, ol.newOutputDatasetBuilder().namespace(id.namespace()).name(id.name())
        .facets(ol.newDatasetFacetsBuilder().schema(Facets.schema(ol, schema)).build()).build());
    changed();
  }

  /**
   * Notes an output dataset whose columns come from an input dataset as {@code mapping} says (schema
   * and column lineage facets).
   */
  public void output(DatasetId id, ColumnMapping mapping) {
    if (emitter == null || mapping.equals(described.get(id))) {
      return;
    }
    described.put(id, mapping);
    outputs.put(id, ol.newOutputDatasetBuilder().namespace(id.namespace()).name(id.name())
        .facets(ol.newDatasetFacetsBuilder().schema(Facets.schema(ol, mapping))
            .columnLineage(Facets.columnLineage(ol, mapping)).build())
        .build());
    changed();
  }

  private static boolean sameDescription(Object previous, Schema schema) {
    return previous == schema || (schema != null && schema.equals(previous))
        || (schema == null && previous instanceof DatasetId);
  }

  private void changed() {
    if (batching > 0) {
      pending = true;
    } else if (!finished.get()) {
      emitter.offer(event(eventType("RUNNING")));
    }
  }

  /**
   * Runs {@code changes} (calls of {@link #input} and {@link #output}) and emits one RUNNING for all
   * the datasets they changed, instead of one per change. Called by the task's thread.
   */
  public void batch(Runnable changes) {
    batching++;
    try {
      changes.run();
    } finally {
      batching--;
    }
    if (batching == 0 && pending) {
      pending = false;
      changed();
    }
  }

  /** Emits FAIL with the error's messages (secrets of the configuration masked) and stops the run. */
  public void fail(Throwable error) {
    if (emitter == null || !finished.compareAndSet(false, true)) {
      return;
    }
    OpenLineage.RunFacets facets = ol.newRunFacetsBuilder().errorMessage(ol.newErrorMessageRunFacetBuilder()
        .message(describe(error)).programmingLanguage("JAVA").build()).build();
    emitter.offer(event(eventType("FAIL"), facets));
    close();
  }

  /**
   * Emits FAIL with an error already described as text (the class and message of the error and its
   * causes, without a stack trace), secrets of the configuration masked, and stops the run.
   */
  public void fail(String errorMessage) {
    if (emitter == null || !finished.compareAndSet(false, true)) {
      return;
    }
    String message = errorMessage;
    for (String secret : secrets) {
      message = message.replace(secret, "[hidden]");
    }
    OpenLineage.RunFacets facets = ol.newRunFacetsBuilder().errorMessage(ol.newErrorMessageRunFacetBuilder()
        .message(message).programmingLanguage("JAVA").build()).build();
    emitter.offer(event(eventType("FAIL"), facets));
    close();
  }

  /** Emits COMPLETE (unless the run failed) and stops the run. */
  public void complete() {
    if (emitter == null || !finished.compareAndSet(false, true)) {
      return;
    }
    emitter.offer(event(eventType("COMPLETE")));
    close();
  }

  private void close() {
    emitter.close(CLOSE_TIMEOUT_MS);
    if (mbean != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbean);
      } catch (JMException e) {
        LOG.debug("Unregistering {} failed: {}", mbean, e.toString());
      }
    }
  }

  /** The messages of an error and its causes: the class and message of each, without a stack trace. */
  String describe(Throwable error) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    for (Throwable t = error; t != null && depth < 5; t = t.getCause() == t ? null : t.getCause(), depth++) {
      if (depth > 0) {
        out.append("; caused by ");
      }
      out.append(t.getClass().getName());
      if (t.getMessage() != null) {
        out.append(": ").append(t.getMessage());
      }
    }
    String message = out.toString();
    for (String secret : secrets) {
      message = message.replace(secret, "[hidden]");
    }
    return message;
  }

  private static OpenLineage.RunEvent.EventType eventType(String name) {
    return OpenLineage.RunEvent.EventType.valueOf(name);
  }

  private OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type) {
    return event(type, null);
  }

  private OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, OpenLineage.RunFacets runFacets) {
    if (runFacets == null && type == OpenLineage.RunEvent.EventType.RUNNING && !runningFacets.isEmpty()) {
      OpenLineage.RunFacetsBuilder builder = ol.newRunFacetsBuilder();
      runningFacets.forEach((name, custom) -> {
        OpenLineage.DefaultRunFacet facet = new OpenLineage.DefaultRunFacet(PRODUCER) {
          @Override
          public URI get_schemaURL() {
            return custom.schemaUrl();
          }
        };
        facet.getAdditionalProperties().putAll(custom.properties().get());
        builder.put(name, facet);
      });
      runFacets = builder.build();
    }
    OpenLineage.JobFacetsBuilder facetsBuilder = ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacetBuilder()
        .processingType("STREAMING").integration("KAFKA_CONNECT").jobType(jobType.name()).build());
    this.jobFacets.forEach(facetsBuilder::put);
    OpenLineage.JobFacets jobFacets = facetsBuilder.build();
    return ol.newRunEventBuilder()
        .eventTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .eventType(type)
        .run(ol.newRun(runId, runFacets))
        .job(ol.newJob(namespace, connector, jobFacets))
        .inputs(new ArrayList<>(inputs.values()))
        .outputs(new ArrayList<>(outputs.values()))
        .build();
  }

  private static ObjectName register(String connector, int instance, LineageEmitter emitter) {
    try {
      ObjectName name = new ObjectName("io.streamfirst.connect:type=openlineage,connector="
          + ObjectName.quote(connector) + ",instance=" + instance);
      ManagementFactory.getPlatformMBeanServer().registerMBean(new StandardMBean(emitter, LineageMetrics.class),
          name);
      return name;
    } catch (JMException e) {
      LOG.warn("Connector {}: the OpenLineage event counters could not be registered in JMX: {}", connector,
          e.toString());
      return null;
    }
  }

  @Override
  public String toString() {
    return emitter == null ? "lineage disabled" : "lineage run " + runId + " of " + connector.toLowerCase(Locale.ROOT);
  }
}
