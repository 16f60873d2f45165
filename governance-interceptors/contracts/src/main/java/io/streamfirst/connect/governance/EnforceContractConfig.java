// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance;

import io.streamfirst.connect.governance.registry.RegistryClientConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The configuration of {@link EnforceContract}: the registry keys of the converters and the contract keys. */
public final class EnforceContractConfig extends AbstractConfig {

  public static final String GROUP_CONTRACTS = ContractKeys.GROUP;
  public static final String SUBJECT_NAME_STRATEGY = RegistryConverterConfig.VALUE_SUBJECT_NAME_STRATEGY;
  public static final String CONTRACTS_FILE = ContractKeys.CONTRACTS_FILE;
  public static final String HASH_SALT = ContractKeys.HASH_SALT;
  public static final String FAIL_OPEN = ContractKeys.FAIL_OPEN;
  public static final String QUARANTINE_TOPIC_FORMAT = "contract.quarantine.topic.format";

  public static final ConfigDef CONFIG_DEF = define(registryKeys());

  public EnforceContractConfig(Map<?, ?> props) {
    super(CONFIG_DEF, props);
    String missing = missingSource(getList(RegistryClientConfig.URL), getString(CONTRACTS_FILE));
    if (missing != null) {
      throw new ConfigException(RegistryClientConfig.URL, null, missing);
    }
  }

  /** Whether a schema registry is configured (else subjects resolve from the contracts file only). */
  boolean hasRegistry() {
    List<String> urls = getList(RegistryClientConfig.URL);
    return urls != null && !urls.isEmpty();
  }

  /**
   * The registry keys of the converters, with {@code schema.registry.url} optional: a contracts file alone is
   * enough. Its recommender reports, in Connect's config validation, when neither is given.
   */
  private static ConfigDef registryKeys() {
    ConfigDef def = new ConfigDef();
    for (ConfigDef.ConfigKey key : RegistryClientConfig.addTo(new ConfigDef()).configKeys().values()) {
      if (!key.name.equals(RegistryClientConfig.URL)) {
        def.define(key);
        continue;
      }
      ConfigDef.Validator urls = key.validator;
      ConfigDef.Validator optional = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
          if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
            urls.ensureValid(name, value);
          }
        }

        @Override
        public String toString() {
          return urls + ", or none with " + CONTRACTS_FILE;
        }
      };
      def.define(new ConfigDef.ConfigKey(key.name, key.type, null, optional, key.importance,
          key.documentation + " Optional when " + CONTRACTS_FILE + " is set: without a registry, subjects resolve"
              + " from the contracts file only. One of the two is required.",
          key.group, key.orderInGroup, key.width, key.displayName, key.dependents, new OneSourceRecommender(),
          key.internalConfig));
    }
    return def;
  }

  /** The error when neither a registry nor a contracts file is configured, else null. */
  static String missingSource(Object urls, Object contractsFile) {
    boolean noUrls = urls == null || urls instanceof List<?> list && list.isEmpty();
    boolean noFile = contractsFile == null || String.valueOf(contractsFile).isBlank();
    return noUrls && noFile
        ? "set " + RegistryClientConfig.URL + " (a schema registry) or " + CONTRACTS_FILE
            + " (a contracts file), or both: EnforceContract needs somewhere to read the contracts from"
        : null;
  }

  /** Adds the "one of the two" error to {@code schema.registry.url} in Connect's config validation. */
  private static final class OneSourceRecommender implements ConfigDef.Recommender {
    @Override
    public List<Object> validValues(String name, Map<String, Object> parsed) {
      String missing = missingSource(parsed.get(RegistryClientConfig.URL), parsed.get(CONTRACTS_FILE));
      if (missing != null) {
        throw new ConfigException(name, null, missing);
      }
      return List.of();
    }

    @Override
    public boolean visible(String name, Map<String, Object> parsed) {
      return true;
    }
  }

  private static ConfigDef define(ConfigDef def) {
    int order = 0;
    def.define(SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", SubjectNameStrategy.validator(),
        Importance.MEDIUM, "Subject whose contract a record's value is checked against: TopicNameStrategy"
            + " (<topic>-value), RecordNameStrategy (the value schema's name) or TopicRecordNameStrategy"
            + " (<topic>-<record name>). Confluent's class names are accepted.",
        GROUP_CONTRACTS, ++order, Width.MEDIUM, "Subject name strategy");
    order = ContractKeys.addTo(def, order);
    def.define(QUARANTINE_TOPIC_FORMAT, Type.STRING, "${topic}.quarantine", new ConfigDef.NonEmptyString(),
        Importance.MEDIUM, "Topic a source connector's record goes to when it breaks a rule whose onFailure is DLQ"
            + " (source connectors have no dead-letter queue); ${topic} is the record's topic. Sink connectors"
            + " send such records to their dead-letter queue (errors.deadletterqueue.topic.name).",
        GROUP_CONTRACTS, ++order, Width.MEDIUM, "Quarantine topic format");
    return def;
  }

  SubjectNameStrategy subjectNameStrategy() {
    return SubjectNameStrategy.parse(SUBJECT_NAME_STRATEGY, getString(SUBJECT_NAME_STRATEGY));
  }

  byte[] salt() {
    Password salt = getPassword(HASH_SALT);
    return salt == null ? new byte[0] : salt.value().getBytes(StandardCharsets.UTF_8);
  }

  String quarantineTopic(String topic) {
    return getString(QUARANTINE_TOPIC_FORMAT).replace("${topic}", topic);
  }
}
