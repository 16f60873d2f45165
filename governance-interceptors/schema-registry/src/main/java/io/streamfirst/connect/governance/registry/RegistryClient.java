// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (Confluent, Apicurio's {@code /apis/ccompat/v7}, Karapace,
 * Redpanda) on {@code java.net.http}.
 *
 * <p>Caching: a schema fetched by id is kept for good (an id never changes meaning), as is the id of a schema
 * registered or looked up under a subject; the newest version of a subject is kept for
 * {@value RegistryClientConfig#LATEST_CACHE_TTL_MS} by the injected clock. So cached schemas keep working while
 * the registry is down; anything not cached fails with {@link RegistryUnavailableException} once the retries
 * are spent (fail closed), except a stale latest version when
 * {@value RegistryClientConfig#STALE_LATEST_ENABLED} is on (fail open).
 */
public final class RegistryClient implements SchemaRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  static final ConfigDef CONFIG_DEF = RegistryClientConfig.addTo(new ConfigDef());

  private record Latest(RegisteredSchema schema, Instant fetched) {
  }

  private final RegistryHttp http;
  private final Clock clock;
  private final Duration latestTtl;
  private final boolean staleLatestOnOutage;
  private final Map<Integer, RegisteredSchema> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();
  private final Map<String, RegisteredSchema> lookedUp = new ConcurrentHashMap<>();

  RegistryClient(RegistryHttp http, Clock clock, Duration latestTtl, boolean staleLatestOnOutage) {
    this.http = http;
    this.clock = clock;
    this.latestTtl = latestTtl;
    this.staleLatestOnOutage = staleLatestOnOutage;
  }

  /** A client for the registry keys in {@code props} ({@link RegistryClientConfig}); other keys are ignored. */
  public static RegistryClient create(Map<String, ?> props) {
    return create(new AbstractConfig(CONFIG_DEF, props, false), Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /** A client for a config whose definition includes {@link RegistryClientConfig}'s keys. */
  public static RegistryClient create(AbstractConfig config, Clock clock, Sleeper sleeper) {
    long ttl = config.getLong(RegistryClientConfig.LATEST_CACHE_TTL_MS);
    return new RegistryClient(RegistryConnection.http(config, sleeper), clock,
        ttl < 0 ? null : Duration.ofMillis(ttl), config.getBoolean(RegistryClientConfig.STALE_LATEST_ENABLED));
  }

  /** The configured URLs without credentials, for messages. */
  public String urls() {
    return http.describeUrls();
  }

  @Override
  public RegisteredSchema schemaById(int id) {
    RegisteredSchema cached = byId.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode body = http.send("GET", "/schemas/ids/" + id, null, "schema id " + id);
    RegisteredSchema schema = parse(body, id, null, -1);
    byId.put(id, schema);
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    Latest cached = latest.get(subject);
    Instant now = clock.instant();
    if (cached != null && (latestTtl == null || now.isBefore(cached.fetched().plus(latestTtl)))) {
      return cached.schema();
    }
    try {
      RegisteredSchema schema = version(subject, "latest");
      latest.put(subject, new Latest(schema, now));
      return schema;
    } catch (RegistryUnavailableException e) {
      if (cached != null && staleLatestOnOutage) {
        LOG.warn("Schema registry unavailable; keeping version {} of subject '{}' fetched at {} ({}=true): {}",
            cached.schema().version(), subject, cached.fetched(), RegistryClientConfig.STALE_LATEST_ENABLED,
            e.getMessage());
        return cached.schema();
      }
      throw e;
    }
  }

  /** One version of a subject: a number or {@code latest}. Not cached (use {@link #latest}). */
  public RegisteredSchema version(String subject, String version) {
    JsonNode body = http.send("GET", "/subjects/" + RegistryHttp.segment(subject) + "/versions/" + version, null,
        "subject '" + subject + "' version " + version);
    RegisteredSchema schema = parse(body, body.path("id").asInt(), subject, body.path("version").asInt(-1));
    byId.putIfAbsent(schema.id(), schema);
    return schema;
  }

  /** The version numbers of a subject, oldest first. */
  public List<Integer> versions(String subject) {
    JsonNode body = http.send("GET", "/subjects/" + RegistryHttp.segment(subject) + "/versions", null,
        "subject '" + subject + "'");
    List<Integer> versions = new ArrayList<>();
    body.forEach(node -> versions.add(node.asInt()));
    return versions;
  }

  @Override
  public List<String> subjects() {
    JsonNode body = http.send("GET", "/subjects", null, "the list of subjects");
    List<String> subjects = new ArrayList<>();
    body.forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public int register(String subject, SchemaText schema) {
    String key = cacheKey(subject, schema);
    Integer cached = idBySubjectAndSchema.get(key);
    if (cached != null) {
      return cached;
    }
    JsonNode body = http.send("POST", "/subjects/" + RegistryHttp.segment(subject) + "/versions", request(schema),
        "registering a schema under subject '" + subject + "'");
    int id = body.path("id").asInt(-1);
    if (id < 0) {
      throw new RegistryRequestException("Schema registry at " + urls() + " registered a schema under subject '"
          + subject + "' but returned no id", 200, 200);
    }
    idBySubjectAndSchema.put(key, id);
    return id;
  }

  @Override
  public Optional<RegisteredSchema> lookup(String subject, SchemaText schema) {
    String key = cacheKey(subject, schema);
    RegisteredSchema cached = lookedUp.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    try {
      JsonNode body = http.send("POST", "/subjects/" + RegistryHttp.segment(subject), request(schema),
          "looking up a schema under subject '" + subject + "'");
      RegisteredSchema found = parse(body, body.path("id").asInt(), subject, body.path("version").asInt(-1));
      idBySubjectAndSchema.put(key, found.id());
      lookedUp.put(key, found);
      byId.putIfAbsent(found.id(), found);
      return Optional.of(found);
    } catch (RegistryRequestException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether the schema is compatible with the given version of the subject ({@code latest} or a number). */
  public boolean isCompatible(String subject, String version, SchemaText schema) {
    JsonNode body = http.send("POST",
        "/compatibility/subjects/" + RegistryHttp.segment(subject) + "/versions/" + version, request(schema),
        "compatibility check against subject '" + subject + "' version " + version);
    return body.path("is_compatible").asBoolean(false);
  }

  /** The subject's compatibility level, or the registry's global level when the subject has none of its own. */
  public String compatibility(String subject) {
    try {
      JsonNode body = http.send("GET", "/config/" + RegistryHttp.segment(subject), null,
          "compatibility level of subject '" + subject + "'");
      return level(body);
    } catch (RegistryRequestException e) {
      if (!e.notFound()) {
        throw e;
      }
      return level(http.send("GET", "/config", null, "global compatibility level"));
    }
  }

  /** Sets the subject's compatibility level ({@code BACKWARD}, {@code FULL_TRANSITIVE}, {@code NONE}, ...). */
  public String setCompatibility(String subject, String level) {
    ObjectNode request = RegistryHttp.JSON.createObjectNode().put("compatibility", level);
    JsonNode body = http.send("PUT", "/config/" + RegistryHttp.segment(subject), request,
        "setting the compatibility level of subject '" + subject + "'");
    return level(body);
  }

  private static String level(JsonNode body) {
    JsonNode level = body.has("compatibilityLevel") ? body.get("compatibilityLevel") : body.get("compatibility");
    return level == null ? null : level.asText();
  }

  private static String cacheKey(String subject, SchemaText schema) {
    return subject + '\u0000' + schema.schemaType() + '\u0000' + schema.schema();
  }

  private static ObjectNode request(SchemaText schema) {
    ObjectNode request = RegistryHttp.JSON.createObjectNode().put("schema", schema.schema());
    if (!RegisteredSchema.AVRO.equals(schema.schemaType())) {
      request.put("schemaType", schema.schemaType());
    }
    if (schema.metadata() != null) {
      request.set("metadata", schema.metadata());
    }
    if (schema.ruleSet() != null) {
      request.set("ruleSet", schema.ruleSet());
    }
    return request;
  }

  private static RegisteredSchema parse(JsonNode body, int id, String subject, int version) {
    List<JsonNode> references = new ArrayList<>();
    body.path("references").forEach(references::add);
    JsonNode metadata = body.get("metadata");
    JsonNode ruleSet = body.get("ruleSet");
    return new RegisteredSchema(id, subject, version, body.path("schemaType").asText(null),
        body.path("schema").asText(), references, metadata == null || metadata.isNull() ? null : metadata,
        ruleSet == null || ruleSet.isNull() ? null : ruleSet);
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads end with the client.
  }
}
