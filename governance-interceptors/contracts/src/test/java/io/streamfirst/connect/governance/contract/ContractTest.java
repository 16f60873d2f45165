// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.governance.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Each rule kind compiled and run on Connect records, NULL handling, field actions and compile errors. */
class ContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SALT = "pepper".getBytes(StandardCharsets.UTF_8);
  private static final String AVRO = "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"amount\",\"type\":[\"null\",\"double\"]},"
      + "{\"name\":\"email\",\"type\":\"string\",\"confluent:tags\":[\"PII\"]},"
      + "{\"name\":\"phone\",\"type\":[\"null\",\"string\"]},{\"name\":\"card\",\"type\":\"string\"}]}";
  private static final Schema ORDER = SchemaBuilder.struct().name("shop.Order")
      .field("id", Schema.INT64_SCHEMA).field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA)
      .field("email", Schema.STRING_SCHEMA).field("phone", Schema.OPTIONAL_STRING_SCHEMA)
      .field("card", Schema.STRING_SCHEMA).build();

  private static Struct order(long id, Double amount, String email, String phone) {
    return new Struct(ORDER).put("id", id).put("amount", amount).put("email", email).put("phone", phone)
        .put("card", "4111111111111111");
  }

  private static SinkRecord record(Struct value) {
    return new SinkRecord("orders", 0, null, null, value.schema(), value, 42);
  }

  private static Contract contract(String rules) throws Exception {
    return contract(rules, null);
  }

  private static Contract contract(String rules, String metadata) throws Exception {
    ContractSpec spec = new ContractSpec("orders-value", 3, "AVRO", AVRO,
        metadata == null ? null : JSON.readTree(metadata), JSON.readTree("{\"domainRules\":[" + rules + "]}"));
    return Contract.compile(spec, Rule.Side.READ, ContractTest.class.getClassLoader(), SALT);
  }

  private static List<String> broken(Contract contract, Struct value) {
    return contract.check(record(value)).stream().map(v -> v.rule().name()).toList();
  }

  @Test
  void celRuleSeesTheValueAsMessage() throws Exception {
    Contract c = contract("{\"name\":\"positive\",\"type\":\"CEL\",\"expr\":\"message.amount > 0.0 && "
        + "message.email.contains('@')\"}");
    assertThat(broken(c, order(1, 5.0, "a@x.io", null))).isEmpty();
    assertThat(broken(c, order(2, -5.0, "a@x.io", null))).containsExactly("positive");
    assertThat(broken(c, order(3, 5.0, "nobody", null))).containsExactly("positive");
    assertThat(c.coordinates()).isEqualTo("orders-value:3");
  }

  @Test
  void celRuleSeesAPrimitiveValueAsItIs() throws Exception {
    Contract c = contract("{\"name\":\"noComment\",\"type\":\"CEL\",\"expr\":\"!message.startsWith('#')\"}");
    assertThat(c.check(new SinkRecord("lines", 0, null, null, Schema.STRING_SCHEMA, "hello", 1))).isEmpty();
    assertThat(c.check(new SinkRecord("lines", 0, null, null, Schema.STRING_SCHEMA, "# note", 2)))
        .extracting(v -> v.rule().name()).containsExactly("noComment");
  }

  @Test
  void celRuleOnANullFieldIsAViolationWhoseReasonQuotesNoValue() throws Exception {
    Contract c = contract("{\"name\":\"positive\",\"type\":\"CEL\",\"expr\":\"message.amount > 0.0\"}");
    List<Violation> violations = c.check(record(order(1, null, "secret@x.io", null)));
    assertThat(violations).extracting(v -> v.rule().name()).containsExactly("positive");
    assertThat(violations.get(0).describe()).startsWith("positive: ").doesNotContain("secret");
    Contract nullSafe = contract("{\"name\":\"positiveOrNull\",\"type\":\"CEL\","
        + "\"expr\":\"message.amount == null || message.amount > 0.0\"}");
    assertThat(broken(nullSafe, order(1, null, "a@x.io", null))).isEmpty();
  }

  @Test
  void celFieldRuleRunsOnFieldsWithItsTagsFromTheSchemaAndTheMetadata() throws Exception {
    Contract c = contract("{\"name\":\"piiNotBlank\",\"type\":\"CEL_FIELD\",\"tags\":[\"PII\"],"
        + "\"expr\":\"typeName == 'STRING' ; value != null && size(value) > 3\"}",
        "{\"tags\":{\"Order.phone\":[\"PII\"]}}");
    assertThat(broken(c, order(1, 1.0, "a@x.io", "5551234"))).isEmpty();
    assertThat(broken(c, order(1, 1.0, "a@", "5551234"))).containsExactly("piiNotBlank");
    assertThat(broken(c, order(1, 1.0, "a@x.io", null))).containsExactly("piiNotBlank");
    assertThat(c.check(record(order(1, 1.0, "a@x.io", "12"))).get(0).reason()).contains("field 'phone'")
        .doesNotContain("12");
  }

  @Test
  void sqlRuleRunsOnTheSqlEngineAndNullIsAViolation() throws Exception {
    Contract c = contract("{\"name\":\"sane\",\"type\":\"SQL\",\"expr\":\"amount >= 0 AND email LIKE '%@%'\"}");
    assertThat(broken(c, order(1, 0.0, "a@x.io", null))).isEmpty();
    assertThat(broken(c, order(2, -1.0, "a@x.io", null))).containsExactly("sane");
    assertThat(broken(c, order(3, 1.0, "ax.io", null))).containsExactly("sane");
    assertThat(broken(c, order(4, null, "a@x.io", null))).containsExactly("sane");
  }

  @Test
  void requiredFieldsAndAllowedVersions() throws Exception {
    Contract c = contract("{\"name\":\"hasPhone\",\"type\":\"REQUIRED\",\"params\":{\"fields\":\"phone,amount\"}},"
        + "{\"name\":\"v2or3\",\"type\":\"VERSION\",\"params\":{\"versions\":\"2,3\"}}");
    Schema v3 = SchemaBuilder.struct().name("shop.Order").version(3).field("id", Schema.INT64_SCHEMA)
        .field("phone", Schema.OPTIONAL_STRING_SCHEMA).field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
    Schema v1 = SchemaBuilder.struct().name("shop.Order").version(1).field("id", Schema.INT64_SCHEMA)
        .field("phone", Schema.OPTIONAL_STRING_SCHEMA).field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
    assertThat(broken(c, new Struct(v3).put("id", 1L).put("phone", "555").put("amount", 1.0))).isEmpty();
    List<Violation> missing = c.check(record(new Struct(v3).put("id", 1L).put("phone", "555")));
    assertThat(missing).extracting(Violation::describe).containsExactly("hasPhone: required field(s) [amount] missing"
        + " or null");
    assertThat(broken(c, new Struct(v1).put("id", 1L).put("phone", "555").put("amount", 1.0)))
        .containsExactly("v2or3");
    assertThat(broken(c, order(1, 1.0, "a@x.io", "555"))).containsExactly("v2or3");
  }

  @Test
  void maskHashAndDropActOnTaggedFieldsOnly() throws Exception {
    Contract c = contract("{\"name\":\"hashEmail\",\"kind\":\"TRANSFORM\",\"type\":\"HASH\",\"tags\":[\"PII\"]},"
        + "{\"name\":\"maskCard\",\"kind\":\"TRANSFORM\",\"type\":\"MASK\",\"tags\":[\"PCI\"],"
        + "\"params\":{\"keep.last\":\"4\"}},"
        + "{\"name\":\"dropPhone\",\"kind\":\"TRANSFORM\",\"type\":\"DROP\",\"tags\":[\"SECRET\"]}",
        "{\"tags\":{\"Order.card\":[\"PCI\"],\"phone\":[\"SECRET\"]}}");
    Struct out = (Struct) c.applyActions(order(7, 2.5, "ann@x.io", "5551234"));
    String expectedHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(("pepper" + "ann@x.io").getBytes(StandardCharsets.UTF_8)));
    assertThat(out.getString("email")).isEqualTo(expectedHash);
    assertThat(out.getString("card")).isEqualTo("************1111");
    assertThat(out.get("phone")).isNull();
    assertThat(out.getInt64("id")).isEqualTo(7L);
    assertThat(out.getFloat64("amount")).isEqualTo(2.5);
    assertThat(out.schema().fields()).extracting(f -> f.name()).containsExactly("id", "amount", "email", "phone",
        "card");
  }

  @Test
  void tagsOfAJsonSchemaPropertyApplyToo() throws Exception {
    String jsonSchema = "{\"type\":\"object\",\"title\":\"shop.Order\",\"properties\":{"
        + "\"id\":{\"type\":\"integer\"},\"email\":{\"type\":\"string\",\"confluent:tags\":[\"PII\"]}}}";
    ContractSpec spec = new ContractSpec("orders-value", 1, "JSON", jsonSchema, null, JSON.readTree(
        "{\"domainRules\":[{\"name\":\"maskPii\",\"kind\":\"TRANSFORM\",\"type\":\"MASK\",\"tags\":[\"PII\"]}]}"));
    Contract c = Contract.compile(spec, Rule.Side.READ, getClass().getClassLoader(), SALT);
    Struct out = (Struct) c.applyActions(order(1, 1.0, "ann@x.io", "555"));
    assertThat(out.getString("email")).isEqualTo("********");
    assertThat(out.getString("phone")).isEqualTo("555");
    assertThat(out.getString("card")).isEqualTo("4111111111111111");
  }

  @Test
  void droppingARequiredFieldRemovesItFromTheSchema() throws Exception {
    Contract c = contract("{\"name\":\"dropEmail\",\"kind\":\"TRANSFORM\",\"type\":\"DROP\",\"tags\":[\"PII\"]}");
    Struct out = (Struct) c.applyActions(order(7, 2.5, "ann@x.io", null));
    assertThat(out.schema().fields()).extracting(f -> f.name()).containsExactly("id", "amount", "phone", "card");
    assertThat(out.schema().name()).isEqualTo("shop.Order");
    Map<Object, Object> schemaless = (Map<Object, Object>) c.applyActions(Map.of("id", 1, "email", "a@x.io"));
    assertThat(schemaless).containsOnlyKeys("id");
  }

  @Test
  void hashOnARequiredNumberCannotBeAppliedAndSaysWhy() throws Exception {
    Contract c = contract("{\"name\":\"hashId\",\"kind\":\"TRANSFORM\",\"type\":\"HASH\",\"tags\":[\"KEY\"]}",
        "{\"tags\":{\"id\":[\"KEY\"]}}");
    assertThatThrownBy(() -> c.applyActions(order(1, 1.0, "a@x.io", null))).isInstanceOf(ContractException.class)
        .hasMessageContaining("subject 'orders-value' version 3").hasMessageContaining("rule 'hashId'")
        .hasMessageContaining("field 'id'").hasMessageContaining("INT64");
  }

  @Test
  void ruleThatDoesNotCompileNamesSubjectVersionAndRule() throws Exception {
    assertThatThrownBy(() -> contract("{\"name\":\"broken\",\"type\":\"CEL\",\"expr\":\"message.amount >\"}"))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("Contract of subject 'orders-value' version 3")
        .hasMessageContaining("rule 'broken' (CEL) does not compile");
    assertThatThrownBy(() -> contract("{\"name\":\"notBool\",\"type\":\"CEL\",\"expr\":\"1 + 2\"}"))
        .isInstanceOf(ContractException.class).hasMessageContaining("rule 'notBool' (CEL) does not compile");
    // The SQL engine plans an expression per record schema: one that does not parse, or names a column the
    // record lacks, breaks the rule for every such record with the engine's reason (never a value).
    Contract badSql = contract("{\"name\":\"badSql\",\"type\":\"SQL\",\"expr\":\"amount >= AND\"}");
    List<Violation> sql = badSql.check(record(order(1, 1.0, "secret@x.io", null)));
    assertThat(sql).extracting(Violation::describe).singleElement().asString()
        .startsWith("badSql: the expression cannot be evaluated on this record's schema: ").doesNotContain("secret");
    Contract noColumn = contract("{\"name\":\"noColumn\",\"type\":\"SQL\",\"expr\":\"total >= 0\"}");
    assertThat(noColumn.check(record(order(1, 1.0, "a@x.io", null)))).extracting(Violation::describe)
        .singleElement().asString().contains("total");
    assertThatThrownBy(() -> contract("{\"name\":\"enc\",\"kind\":\"TRANSFORM\",\"type\":\"ENCRYPT\","
        + "\"tags\":[\"PII\"]}")).isInstanceOf(ContractException.class).hasMessageContaining("rule 'enc'")
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> contract("{\"name\":\"x\",\"type\":\"CEL\",\"expr\":\"true\",\"onFailure\":\"MAYBE\"}"))
        .isInstanceOf(ContractException.class).hasMessageContaining("onFailure 'MAYBE'");
  }

  @Test
  void modesAndOnFailurePairsFollowTheSide() throws Exception {
    ContractSpec spec = new ContractSpec("orders-value", 1, "AVRO", AVRO, null, JSON.readTree("{\"domainRules\":["
        + "{\"name\":\"w\",\"type\":\"CEL\",\"mode\":\"WRITE\",\"expr\":\"false\"},"
        + "{\"name\":\"r\",\"type\":\"CEL\",\"mode\":\"READ\",\"expr\":\"false\"},"
        + "{\"name\":\"wr\",\"type\":\"CEL\",\"expr\":\"false\",\"onFailure\":\"DLQ,NONE\"},"
        + "{\"name\":\"off\",\"type\":\"CEL\",\"expr\":\"false\",\"disabled\":true},"
        + "{\"name\":\"migrate\",\"type\":\"JSONATA\",\"mode\":\"UPGRADE\",\"expr\":\"$\"}]}"));
    Contract write = Contract.compile(spec, Rule.Side.WRITE, getClass().getClassLoader(), SALT);
    Contract read = Contract.compile(spec, Rule.Side.READ, getClass().getClassLoader(), SALT);
    assertThat(write.check(record(order(1, 1.0, "a@x.io", null))))
        .extracting(v -> v.rule().name() + "=" + v.rule().onFailure()).containsExactly("w=ERROR", "wr=DLQ");
    assertThat(read.check(record(order(1, 1.0, "a@x.io", null))))
        .extracting(v -> v.rule().name() + "=" + v.rule().onFailure()).containsExactly("r=ERROR", "wr=NONE");
  }
}
