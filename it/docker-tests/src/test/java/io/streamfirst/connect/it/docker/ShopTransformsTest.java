// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.runtime.isolation.LoaderSwap;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the sinks' transform chain of docker-compose/connectors does to the shop's change records, with the packaged
 * plugins as the compose worker loads them: emails masked and the domain computed on customers only, orders with a
 * negative total rejected by the contract (so Connect sends them to the dead-letter topic), valid orders untouched.
 * The registry answers 404 for every subject, as Apicurio does for the shop's subjects, so the contract comes from
 * the mounted contracts file.
 */
class ShopTransformsTest {
  private static final Schema CUSTOMER = SchemaBuilder.struct().name("shop.public.customers.Value")
      .field("id", Schema.INT32_SCHEMA).field("name", Schema.STRING_SCHEMA).field("email", Schema.STRING_SCHEMA)
      .field("country", Schema.STRING_SCHEMA).field("__op", Schema.STRING_SCHEMA)
      .field("__source_ts_ms", Schema.OPTIONAL_INT64_SCHEMA).field("__deleted", Schema.STRING_SCHEMA).build();
  private static final Schema ORDER = SchemaBuilder.struct().name("shop.public.orders.Value")
      .field("id", Schema.INT32_SCHEMA).field("customer_id", Schema.INT32_SCHEMA)
      .field("status", Schema.STRING_SCHEMA).field("total", Decimal.schema(2)).field("__op", Schema.STRING_SCHEMA)
      .field("__source_ts_ms", Schema.OPTIONAL_INT64_SCHEMA).field("__deleted", Schema.STRING_SCHEMA).build();

  private static ConnectorBodies bodies;
  private static HttpServer registry;

  @BeforeAll
  static void start() throws Exception {
    bodies = ConnectorBodies.shared();
    registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/", exchange -> {
      byte[] body = "{\"error_code\":40401,\"message\":\"Subject not found\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      try (var out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    registry.start();
  }

  @AfterAll
  static void stop() {
    registry.stop(0);
  }

  @Test
  void bothSinksMaskEmailsAndQuarantineNegativeOrders() throws Exception {
    for (String sink : new String[]{"shop-iceberg.json", "shop-clickhouse.json"}) {
      Map<String, String> body = new LinkedHashMap<>(ComposeFileTest.read(ComposeFile.DIR.resolve("connectors")
          .resolve(sink)));
      body.put("transforms.contract.schema.registry.url", "http://127.0.0.1:" + registry.getAddress().getPort());

      SinkRecord customer = record("shop.public.customers", new Struct(CUSTOMER).put("id", 7).put("name", "Ada")
          .put("email", "ada.lovelace@Example.COM").put("country", "GB").put("__op", "c").put("__deleted", "false"));
      Struct masked = (Struct) chain(body, customer).value();
      assertThat(masked.getString("email")).as(sink).isEqualTo("***@Example.COM");
      assertThat(masked.getString("email_domain")).as(sink).isEqualTo("example.com");
      assertThat(masked.getString("name")).as(sink).isEqualTo("Ada");
      assertThat(masked.schema().field("__op")).as(sink).isNotNull();

      SinkRecord valid = record("shop.public.orders", order(1, "19.99"));
      assertThat(chain(body, valid).value()).as(sink).isEqualTo(valid.value());

      SinkRecord negative = record("shop.public.orders", order(2, "-5.00"));
      assertThatThrownBy(() -> chain(body, negative)).as(sink).isInstanceOf(DataException.class)
          .hasMessageContaining("nonNegativeTotal");
      assertThat(body.get("errors.tolerance")).as("%s sends rejected records to its dead-letter topic", sink)
          .isEqualTo("all");
      assertThat(body.get("errors.deadletterqueue.topic.name")).as(sink).startsWith("shop.orders.quarantine.");

      SinkRecord tombstone = record("shop.public.customers", null);
      assertThat(chain(body, tombstone).value()).as(sink).isNull();
    }
  }

  private static Struct order(int id, String total) {
    return new Struct(ORDER).put("id", id).put("customer_id", 7).put("status", "new")
        .put("total", new BigDecimal(total)).put("__op", "c").put("__deleted", "false");
  }

  private static SinkRecord record(String topic, Struct value) {
    return new SinkRecord(topic, 0, null, null, value == null ? null : value.schema(), value, 42L);
  }

  /** The body's transforms applied in order, each only where its predicate matches, as a task applies them. */
  @SuppressWarnings("unchecked")
  private static SinkRecord chain(Map<String, String> body, SinkRecord record) throws Exception {
    SinkRecord current = record;
    for (String alias : body.get("transforms").split(",")) {
      String predicateAlias = body.get("transforms." + alias + ".predicate");
      if (predicateAlias != null) {
        Predicate<SinkRecord> predicate = (Predicate<SinkRecord>) bodies.configured("predicates", predicateAlias,
            body);
        boolean matches;
        try (LoaderSwap swap = bodies.plugins().withClassLoader(predicate.getClass().getClassLoader())) {
          matches = predicate.test(current);
          predicate.close();
        }
        if (!matches) {
          continue;
        }
      }
      Transformation<SinkRecord> transformation = (Transformation<SinkRecord>) bodies.configured("transforms", alias,
          body);
      try (LoaderSwap swap = bodies.plugins().withClassLoader(transformation.getClass().getClassLoader())) {
        current = transformation.apply(current);
      } finally {
        transformation.close();
      }
    }
    return current;
  }
}
