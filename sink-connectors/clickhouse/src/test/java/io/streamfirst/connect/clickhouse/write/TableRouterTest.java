// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.clickhouse.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfirst.connect.clickhouse.ClickHouseSinkConfig;
import io.streamfirst.connect.sink.ChangeDecoder;
import io.streamfirst.connect.sink.ChangeView;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** Which tables records may be routed to. */
class TableRouterTest {

  private static TableRouter router(String... kv) {
    Map<String, String> props = new HashMap<>();
    props.put(ClickHouseSinkConfig.HOST, "localhost");
    props.put(ClickHouseSinkConfig.DATABASE, "analytics");
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    return new TableRouter(new ClickHouseSinkConfig(props));
  }

  private static ChangeView change(String topic, String kind) {
    return new ChangeDecoder().decode(new SinkRecord(topic, 3, null, null, null, Map.of("kind", kind, "x", 1), 42));
  }

  @Test
  void routingByFieldAllowsOnlyPlainNamesInTheDatabaseByDefault() {
    TableRouter router = router(ClickHouseSinkConfig.TABLE_ROUTE_FIELD, "kind");
    assertThat(router.route(change("t", "orders_2024"))).isEqualTo("orders_2024");
    for (String refused : new String[]{"orders-2024", "system.tables", "other.orders", "x`; DROP TABLE y", "ü"}) {
      assertThatThrownBy(() -> router.route(change("t", refused))).as(refused).isInstanceOf(DataException.class)
          .hasMessageContaining("t-3@42").hasMessageContaining("table.route.allowed.regex")
          .hasMessageNotContaining(refused);
    }
  }

  @Test
  void anExplicitAllowListIsMatchedAgainstTheQualifiedNameForEveryRouting() {
    TableRouter byField = router(ClickHouseSinkConfig.TABLE_ROUTE_FIELD, "kind",
        ClickHouseSinkConfig.TABLE_ROUTE_ALLOWED_REGEX, "analytics\\.orders[-_].*");
    assertThat(byField.route(change("t", "orders-eu"))).isEqualTo("orders-eu");
    assertThatThrownBy(() -> byField.route(change("t", "customers"))).isInstanceOf(DataException.class);
    assertThatThrownBy(() -> byField.route(change("t", "analytics.orders_x"))).as("matched with the database")
        .isInstanceOf(DataException.class);

    TableRouter byTopic = router(ClickHouseSinkConfig.TABLE_ROUTE_ALLOWED_REGEX, "analytics\\.orders[-_].*");
    assertThat(byTopic.route(change("orders-eu", "ignored"))).isEqualTo("orders-eu");
    assertThatThrownBy(() -> byTopic.route(change("payments", "ignored"))).isInstanceOf(DataException.class)
        .hasMessageContaining("payments-3@42");
  }

  @Test
  void routingByTopicIsUnrestrictedWithoutTheKeyAndABrokenRegexIsAConfigError() {
    assertThat(router().route(change("shop.public.order-items", "x"))).isEqualTo("shop.public.order-items");
    assertThatThrownBy(() -> router(ClickHouseSinkConfig.TABLE_ROUTE_ALLOWED_REGEX, "analytics\\.(x"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("table.route.allowed.regex")
        .hasMessageContaining("not a valid Java regular expression");
  }
}
