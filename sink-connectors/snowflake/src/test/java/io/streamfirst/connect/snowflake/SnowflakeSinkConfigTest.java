// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.AlgorithmParameters;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SnowflakeSinkConfigTest {

  static Map<String, ConfigValue> validate(Consumer<Map<String, String>> change) {
    Map<String, String> props = SinkHarness.config("validate");
    change.accept(props);
    Config config = new SnowflakeSinkConnector().validate(props);
    Map<String, ConfigValue> byName = new java.util.HashMap<>();
    config.configValues().forEach(v -> byName.put(v.name(), v));
    return byName;
  }

  static String errors(Map<String, ConfigValue> values) {
    StringBuilder out = new StringBuilder();
    values.values()
        .forEach(v -> v.errorMessages().forEach(m -> out.append(v.name()).append(": ").append(m).append('\n')));
    return out.toString();
  }

  @Test
  void kafkaOffsetVersionsAreRefusedWhenSeveralTopicsFeedOneTable() {
    Consumer<Map<String, String>> twoTopicsOneTable = p -> {
      p.put(SnowflakeSinkConfig.INGEST_MODE, "cdc");
      p.put("topics", "shop.orders, legacy.orders,shop.customers");
      p.put(SnowflakeSinkConfig.TABLE_TOPIC_MAP, "shop.orders:ORDERS,legacy.orders:orders");
    };
    Map<String, ConfigValue> refused = validate(twoTopicsOneTable);
    assertThat(refused.get(SnowflakeSinkConfig.VERSION_SOURCE).errorMessages()).singleElement().asString()
        .contains("shop.orders", "legacy.orders", "ORDERS", "source.position");
    assertThat(errors(refused)).doesNotContain(SinkHarness.PEM.substring(40, 80));
    assertThatThrownBy(() -> new SnowflakeSinkConfig(withChange(twoTopicsOneTable)))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(SnowflakeSinkConfig.VERSION_SOURCE);
    // positions order the changes of any topic; a table per topic, or append mode, needs no order across topics
    assertThat(errors(validate(twoTopicsOneTable.andThen(p -> p.put(SnowflakeSinkConfig.VERSION_SOURCE,
        "source.position"))))).isEmpty();
    assertThat(errors(validate(twoTopicsOneTable.andThen(p -> p.put(SnowflakeSinkConfig.TABLE_TOPIC_MAP,
        "shop.orders:ORDERS,legacy.orders:LEGACY_ORDERS"))))).isEmpty();
    assertThat(errors(validate(twoTopicsOneTable.andThen(p -> p.put(SnowflakeSinkConfig.INGEST_MODE, "append")))))
        .isEmpty();
    // table.name.format can map two topics to one table too; identifier case applies first
    assertThat(validate(p -> {
      p.put(SnowflakeSinkConfig.INGEST_MODE, "cdc");
      p.put("topics", "Orders,ORDERS");
    }).get(SnowflakeSinkConfig.VERSION_SOURCE).errorMessages()).hasSize(1);
  }

  private static Map<String, String> withChange(Consumer<Map<String, String>> change) {
    Map<String, String> props = SinkHarness.config("validate");
    change.accept(props);
    return props;
  }

  @Test
  void aValidConfigHasNoErrors() {
    assertThat(errors(validate(p -> {}))).isEmpty();
  }

  @Test
  void aMalformedKeyIsReportedOnThePrivateKeyFieldWithoutItsValue() {
    String secret = "-----BEGIN PRIVATE KEY-----\nTUFMRk9STUVEU0VDUkVU\n-----END PRIVATE KEY-----";
    Map<String, ConfigValue> values = validate(p -> p.put(SnowflakeSinkConfig.PRIVATE_KEY, secret));
    assertThat(values.get(SnowflakeSinkConfig.PRIVATE_KEY).errorMessages()).singleElement().asString()
        .contains("PKCS#8").doesNotContain("TUFMRk9STUVEU0VDUkVU");
    assertThat(errors(values)).doesNotContain("TUFMRk9STUVEU0VDUkVU").startsWith(SnowflakeSinkConfig.PRIVATE_KEY + ":");
    Map<String, ConfigValue> garbage = validate(p -> p.put(SnowflakeSinkConfig.PRIVATE_KEY, "not a key at all!"));
    assertThat(garbage.get(SnowflakeSinkConfig.PRIVATE_KEY).errorMessages()).hasSize(1);
  }

  @Test
  void keyAndPassphraseGivenAsConfigProviderReferencesPassValidationAndAreParsedOnceResolved() {
    // What Connect's validation sees on a worker whose config providers do not resolve the references.
    assertThat(errors(validate(p -> {
      p.put(SnowflakeSinkConfig.PRIVATE_KEY, "${file:/etc/kafka/secrets/snowflake.properties:private.key}");
      p.put(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE,
          "${file:/etc/kafka/secrets/snowflake.properties:private.key.passphrase}");
    }))).isEmpty();
    Map<String, String> props = SinkHarness.config("unresolved");
    props.put(SnowflakeSinkConfig.PRIVATE_KEY, "${file:/etc/kafka/secrets/snowflake.properties:private.key}");
    assertThatThrownBy(() -> new SnowflakeSinkConfig(props).privateKey()).isInstanceOf(ConfigException.class)
        .hasMessageContaining(SnowflakeSinkConfig.PRIVATE_KEY).hasMessageContaining("config.providers")
        .hasMessageNotContaining("/etc/kafka/secrets");
  }

  @Test
  void anEncryptedKeyNeedsItsPassphrase() throws Exception {
    String encrypted = encryptedPem("s3cret-pass");
    assertThat(errors(validate(p -> {
      p.put(SnowflakeSinkConfig.PRIVATE_KEY, encrypted);
      p.put(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE, "s3cret-pass");
    }))).isEmpty();
    Map<String, ConfigValue> wrong = validate(p -> {
      p.put(SnowflakeSinkConfig.PRIVATE_KEY, encrypted);
      p.put(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE, "wrong-pass");
    });
    assertThat(wrong.get(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE).errorMessages()).singleElement().asString()
        .contains("does not decrypt").doesNotContain("wrong-pass");
    Map<String, ConfigValue> missing = validate(p -> p.put(SnowflakeSinkConfig.PRIVATE_KEY, encrypted));
    assertThat(missing.get(SnowflakeSinkConfig.PRIVATE_KEY_PASSPHRASE).errorMessages()).singleElement().asString()
        .contains("set its passphrase");
  }

  @Test
  void fieldLevelErrorsForUrlTopicMapAndMissingKeys() {
    assertThat(validate(p -> p.put(SnowflakeSinkConfig.ACCOUNT_URL, "http://acme.snowflakecomputing.com"))
        .get(SnowflakeSinkConfig.ACCOUNT_URL).errorMessages()).singleElement().asString().contains("https");
    assertThat(validate(p -> p.put(SnowflakeSinkConfig.TABLE_TOPIC_MAP, "orders"))
        .get(SnowflakeSinkConfig.TABLE_TOPIC_MAP).errorMessages()).singleElement().asString().contains("topic:table");
    assertThat(validate(p -> p.remove(SnowflakeSinkConfig.DATABASE))
        .get(SnowflakeSinkConfig.DATABASE).errorMessages()).isNotEmpty();
  }

  @Test
  void tableNamesFollowTheMapTheFormatAndTheIdentifierCase() {
    Map<String, String> props = SinkHarness.config("names");
    props.put(SnowflakeSinkConfig.TABLE_TOPIC_MAP, "shop.orders:Orders_V2");
    props.put(SnowflakeSinkConfig.TABLE_NAME_FORMAT, "kafka_${topic}");
    SnowflakeSinkConfig upper = new SnowflakeSinkConfig(props);
    assertThat(upper.tableFor("shop.orders")).isEqualTo("ORDERS_V2");
    assertThat(upper.tableFor("clicks.v1")).isEqualTo("KAFKA_CLICKS.V1");
    props.put(SnowflakeSinkConfig.IDENTIFIER_CASE, "as.is");
    assertThat(new SnowflakeSinkConfig(props).tableFor("clicks.v1")).isEqualTo("kafka_clicks.v1");
    assertThat(upper.account()).isEqualTo("acme-test");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] der(int tag, byte[] content) {
    int n = content.length;
    byte[] length = n < 128
        ? new byte[]{(byte) n}
        : n < 256 ? new byte[]{(byte) 0x81, (byte) n} : new byte[]{(byte) 0x82, (byte) (n >> 8), (byte) n};
    return concat(concat(new byte[]{(byte) tag}, length), content);
  }

  /** An RSA key encrypted as openssl pkcs8 -topk8 -v2 aes-256-cbc writes it (PBES2, PBKDF2-SHA256, AES-256). */
  static String encryptedPem(String passphrase) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    PrivateKey key = generator.generateKeyPair().getPrivate();
    String algorithm = "PBEWithHmacSHA256AndAES_256";
    byte[] salt = new byte[16];
    byte[] iv = new byte[16];
    new SecureRandom().nextBytes(salt);
    new SecureRandom().nextBytes(iv);
    PBEParameterSpec spec = new PBEParameterSpec(salt, 2048, new IvParameterSpec(iv));
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(Cipher.ENCRYPT_MODE,
        SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(passphrase.toCharArray())), spec);
    AlgorithmParameters params = AlgorithmParameters.getInstance(algorithm);
    params.init(spec);
    // EncryptedPrivateKeyInfo { AlgorithmIdentifier { id-PBES2, PBES2-params }, OCTET STRING }
    byte[] pbes2Oid = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};
    byte[] algorithmId = der(0x30, concat(pbes2Oid, params.getEncoded()));
    byte[] der = der(0x30, concat(algorithmId, der(0x04, cipher.doFinal(key.getEncoded()))));
    new EncryptedPrivateKeyInfo(der); // well-formed
    return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
        + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
  }
}
