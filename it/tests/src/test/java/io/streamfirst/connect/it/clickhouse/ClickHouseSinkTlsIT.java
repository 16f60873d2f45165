// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.clickhouse;

import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.awaitCount;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.config;
import static io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.clickhouse.ClickHouseSinkSupport.BulkProducer;
import io.streamfirst.connect.it.fixtures.ClickHouseFixture;
import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sink over HTTPS: the server's certificate trusted through the configured trust store, and only then. */
class ClickHouseSinkTlsIT {

  @RegisterExtension
  static final ClickHouseFixture CLICKHOUSE = ClickHouseFixture.withHttps();

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b.workers(1));

  private static Path trustStore(Path dir, String password) throws Exception {
    Certificate certificate;
    try (InputStream in = Files.newInputStream(CLICKHOUSE.certificate())) {
      certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("clickhouse", certificate);
    Path file = dir.resolve("clickhouse-truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  @Test
  void writesOverHttpsWithTheConfiguredTrustStoreAndRefusesAnUntrustedServer(@TempDir Path dir) throws Exception {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("tls-orders");
    cluster.createTopic(topic, 1);
    Map<String, String> config = config(CLICKHOUSE, topic);
    config.put("value.converter.schemas.enable", "false");
    config.put("clickhouse.port", Integer.toString(CLICKHOUSE.httpsPort()));
    config.put("clickhouse.ssl.enabled", "true");

    // the JVM does not trust a self-signed certificate: validation says so on the host
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).errorsFor("clickhouse.host"))
        .singleElement().asString().contains("Cannot reach ClickHouse at https://127.0.0.1:" + CLICKHOUSE.httpsPort());

    config.put("clickhouse.ssl.truststore.location", trustStore(dir, "changeit-tls").toString());
    config.put("clickhouse.ssl.truststore.password", "changeit-tls");
    config.put("clickhouse.ssl.truststore.type", "PKCS12");
    assertThat(cluster.validate(ClickHouseSinkSupport.CONNECTOR_CLASS, config).isValid()).isTrue();

    String connector = UniqueNames.of("ch-tls");
    cluster.deploy(connector, config);
    cluster.awaitRunning(connector, 1);
    try (BulkProducer producer = new BulkProducer(cluster)) {
      for (int i = 0; i < 25; i++) {
        producer.send(topic, 0, null, "{\"id\":" + i + "}");
      }
    }
    awaitCount(cluster, connector, CLICKHOUSE, topic, quoted(topic), 25);
    assertThat(CLICKHOUSE.query("SELECT sum(id) FROM " + quoted(topic))).isEqualTo(Integer.toString(24 * 25 / 2));
  }
}
