// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfirst.connect.governance.registry.RegisteredSchema;
import io.streamfirst.connect.governance.registry.RegistryClient;
import io.streamfirst.connect.governance.registry.SchemaText;
import io.streamfirst.connect.it.fixtures.ApicurioRegistryFixture;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where contracts can live: whether the real Apicurio registry's Confluent-compatible API keeps a schema's
 * Confluent-format {@code metadata} and {@code ruleSet}. It does not (Apicurio 2.6 accepts and drops them), which
 * is why contracts are read from a contracts file when the registry returns none (README, "Where rules live").
 * Field tags written inside the schema text ({@code confluent:tags}) are kept, as part of the schema.
 */
class ApicurioContractStorageIT {

  @RegisterExtension
  static final ApicurioRegistryFixture REGISTRY = new ApicurioRegistryFixture();

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ccompatApiKeepsFieldTagsInTheSchemaButDropsMetadataAndRuleSet() throws Exception {
    String subject = "contracts-" + UUID.randomUUID().toString().substring(0, 8) + "-value";
    String schema = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
        + "{\"name\":\"id\",\"type\":\"long\"},"
        + "{\"name\":\"email\",\"type\":\"string\",\"confluent:tags\":[\"PII\"]}]}";
    JsonNode metadata = JSON.readTree("{\"tags\":{\"Order.email\":[\"PII\"]},\"properties\":{\"owner\":\"shop\"}}");
    JsonNode ruleSet = JSON.readTree("{\"domainRules\":[{\"name\":\"positiveId\",\"kind\":\"CONDITION\","
        + "\"type\":\"CEL\",\"mode\":\"WRITE\",\"expr\":\"message.id > 0\",\"onFailure\":\"DLQ\"}]}");
    try (RegistryClient client = RegistryClient.create(Map.of("schema.registry.url", REGISTRY.confluentApiUrl()))) {
      int id = client.register(subject, new SchemaText(RegisteredSchema.AVRO, schema, metadata, ruleSet));

      RegisteredSchema latest = client.version(subject, "latest");
      assertThat(latest.id()).isEqualTo(id);
      assertThat(latest.metadata()).as("metadata returned by Apicurio's ccompat API").isNull();
      assertThat(latest.ruleSet()).as("ruleSet returned by Apicurio's ccompat API").isNull();
      assertThat(JSON.readTree(latest.schema()).path("fields").get(1).path("confluent:tags").get(0).asText())
          .isEqualTo("PII");
      assertThat(client.schemaById(id).ruleSet()).isNull();
    }
  }
}
