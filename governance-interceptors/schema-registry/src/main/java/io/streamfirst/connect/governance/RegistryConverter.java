// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.spi.ConverterContract;
import java.util.ServiceLoader;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;

import io.streamfirst.connect.common.PluginVersion;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryClient;
import io.streamfirst.connect.governance.registry.RegistryRequestException;
import io.streamfirst.connect.governance.registry.SchemaRegistry;
import io.streamfirst.connect.governance.registry.SchemaText;
import io.streamfirst.connect.governance.registry.Sleeper;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * What {@link AvroConverter} and {@link JsonSchemaConverter} share: subjects, registration, the wire format,
 * and caches (codecs per Connect schema and per schema id, the id per topic and schema). As a
 * {@link HeaderConverter} a header's schema goes to the subject {@code <topic>-<header key>} with
 * TopicNameStrategy (the record strategies name it as for values).
 */
public abstract class RegistryConverter implements Converter, HeaderConverter {

  private record Target(String topic, String headerKey, Schema schema) {
  }

  private record Resolved(int id, SchemaCodec codec) {
  }

  private RegistryConverterConfig config;
  private ConverterContract contract;
  private SchemaRegistry registry;
  private SubjectNameStrategy strategy;
  private final Map<Integer, SchemaCodec> byId = new ConcurrentHashMap<>();
  private final Map<Schema, SchemaCodec> bySchema = new ConcurrentHashMap<>();
  private final Map<Target, Resolved> byTarget = new ConcurrentHashMap<>();
  private volatile Target lastTarget;
  private volatile Resolved lastResolved;

  protected RegistryConverter() {}

  /** For tests: a converter on the given registry instead of one built from the config. */
  protected RegistryConverter(SchemaRegistry registry) {
    this.registry = registry;
  }

  /** {@code AVRO} or {@code JSON}: the registry's schemaType. */
  protected abstract String schemaType();

  /** The format's name in messages. */
  protected abstract String formatName();

  /** The codec for a Connect schema (the schema this converter would register). */
  protected abstract SchemaCodec codecFor(Schema schema);

  /** The codec for the text of a self-contained schema fetched from the registry. */
  protected abstract SchemaCodec parse(String schemaText);

  /** The codec for a schema fetched from the registry. */
  private SchemaCodec codecFor(RegisteredSchema schema) {
    if (!schema.references().isEmpty()) {
      throw new DataException("Schema id " + schema.id() + " references other schemas, which "
          + getClass().getSimpleName() + " does not resolve yet; register the schema self-contained");
    }
    return parse(schema.schema());
  }

  @Override
  public ConfigDef config() {
    return RegistryConverterConfig.CONFIG_DEF;
  }

  @Override
  public String version() {
    return PluginVersion.of(getClass());
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    config = new RegistryConverterConfig(configs, isKey);
    strategy = config.subjectNameStrategy();
    if (registry == null) {
      registry = RegistryClient.create(config, Clock.systemUTC(), Sleeper.SYSTEM);
    }
    if (config.contractEnabled()) {
      contract = ServiceLoader.load(ConverterContract.class, RegistryConverter.class.getClassLoader()).findFirst()
          .orElseThrow(() -> new ConfigException(ContractKeys.ENABLED, true, "the data-contract check"
              + " (streamfirst-governance-contracts) is not next to this converter; install the complete"
              + " 'governance' plugin family"));
      contract.configure(configs, registry);
    }
  }

  /** As a header converter: configured like a value converter. */
  @Override
  public void configure(Map<String, ?> configs) {
    configure(configs, false);
  }

  @Override
  public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
    return read(topic, null, value, false);
  }

  @Override
  public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
    return write(topic, headerKey, schema, value);
  }

  @Override
  public byte[] fromConnectData(String topic, Schema schema, Object value) {
    return write(topic, null, schema, value, null);
  }

  @Override
  public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
    return write(topic, null, schema, value, headers);
  }

  private byte[] write(String topic, String headerKey, Schema schema, Object value) {
    return write(topic, headerKey, schema, value, null);
  }

  private byte[] write(String topic, String headerKey, Schema schema, Object value, Headers headers) {
    if (value == null) {
      return null;
    }
    if (schema == null) {
      throw new DataException(getClass().getSimpleName() + " needs a Connect schema to write a record of topic '"
          + topic + "'; the connector produced a value without one (use a schemaless converter such as JsonConverter"
          + " with schemas.enable=false for such connectors)");
    }
    Resolved resolved = resolve(topic, headerKey, schema);
    if (contract != null && headerKey == null) {
      SchemaAndValue checked = contract.check(topic, headers, subject(topic, null, resolved.codec()), resolved.id(),
          new SchemaAndValue(schema, value), true);
      if (checked.value() != value) {
        schema = checked.schema();
        value = checked.value();
        resolved = resolve(topic, null, schema);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    WireFormat.writeHeader(out, resolved.id());
    resolved.codec().write(schema, value, out);
    return out.toByteArray();
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    return toConnectData(topic, null, value);
  }

  @Override
  public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
    return read(topic, headers, value, true);
  }

  private SchemaAndValue read(String topic, Headers headers, byte[] value, boolean checkContract) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    int id = WireFormat.schemaId(value, topic, formatName());
    SchemaCodec codec = byId.get(id);
    if (codec == null) {
      codec = byId.computeIfAbsent(id, this::fetch);
    }
    SchemaAndValue data;
    try {
      data = new SchemaAndValue(codec.connectSchema(), codec.read(value, WireFormat.HEADER_SIZE,
          value.length - WireFormat.HEADER_SIZE));
    } catch (DataException e) {
      throw new DataException("Could not read a " + formatName() + " record of topic '" + topic + "' with schema id "
          + id + ": " + e.getMessage(), e);
    }
    return contract == null || !checkContract
        ? data
        : contract.check(topic, headers, subject(topic, null, codec), id, data, false);
  }

  private SchemaCodec fetch(int id) {
    RegisteredSchema schema;
    try {
      schema = registry.schemaById(id);
    } catch (RegistryRequestException e) {
      if (e.notFound()) {
        throw new DataException("A record names schema id " + id + ", which the schema registry does not know: "
            + e.getMessage() + ". Was it written against another registry?", e);
      }
      throw e;
    }
    if (!schemaType().equals(schema.schemaType())) {
      throw new DataException("Schema id " + id + " is a " + schema.schemaType() + " schema, but "
          + getClass().getSimpleName() + " reads " + schemaType() + "; use the converter for that format");
    }
    return codecFor(schema);
  }

  private String subject(String topic, String headerKey, SchemaCodec codec) {
    if (headerKey != null && strategy == SubjectNameStrategy.TOPIC) {
      return topic + "-" + headerKey;
    }
    return strategy.subject(topic, config.isKey(), codec.recordName(), config.subjectNameStrategyKey());
  }

  private Resolved resolve(String topic, String headerKey, Schema schema) {
    if (config.useLatestVersion()) {
      String subject = subject(topic, headerKey, codec(schema));
      RegisteredSchema latest = registry.latest(subject);
      SchemaCodec codec = byId.computeIfAbsent(latest.id(), id -> {
        if (!schemaType().equals(latest.schemaType())) {
          throw new DataException("The newest version of subject '" + subject + "' is a " + latest.schemaType()
              + " schema, but " + getClass().getSimpleName() + " writes " + schemaType());
        }
        return codecFor(latest);
      });
      return new Resolved(latest.id(), codec);
    }
    Target last = lastTarget;
    if (last != null && last.schema() == schema && last.topic().equals(topic)
        && Objects.equals(last.headerKey(), headerKey)) {
      return lastResolved;
    }
    Target target = new Target(topic, headerKey, schema);
    Resolved resolved = byTarget.get(target);
    if (resolved == null) {
      resolved = register(topic, headerKey, schema);
      byTarget.put(target, resolved);
    }
    lastResolved = resolved;
    lastTarget = target;
    return resolved;
  }

  private SchemaCodec codec(Schema schema) {
    return bySchema.computeIfAbsent(schema, this::codecFor);
  }

  private Resolved register(String topic, String headerKey, Schema schema) {
    SchemaCodec codec = codec(schema);
    String subject = subject(topic, headerKey, codec);
    SchemaText text = new SchemaText(schemaType(), codec.text(), null, null);
    int id;
    if (config.autoRegister()) {
      id = registry.register(subject, text);
    } else {
      Optional<RegisteredSchema> found = registry.lookup(subject, text);
      if (found.isEmpty()) {
        throw new DataException("The " + formatName() + " schema of a record for topic '" + topic
            + "' is not registered under subject '" + subject + "' and " + RegistryConverterConfig.AUTO_REGISTER
            + "=false: register it, or set " + RegistryConverterConfig.AUTO_REGISTER + "=true or "
            + RegistryConverterConfig.USE_LATEST_VERSION + "=true");
      }
      id = found.get().id();
    }
    byId.putIfAbsent(id, codec);
    return new Resolved(id, codec);
  }

  @Override
  public void close() {
    if (contract != null) {
      contract.close();
    }
    if (registry != null) {
      registry.close();
    }
  }
}
