package io.streamfirst.connect.clickhouse;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Cross-field checks of the configuration. */
class ClickHouseSinkConfigTest {

  private static Map<String, String> props(String... kv) {
    Map<String, String> props = new HashMap<>();
    props.put(ClickHouseSinkConfig.HOST, "localhost");
    for (int i = 0; i < kv.length; i += 2) {
      props.put(kv[i], kv[i + 1]);
    }
    return props;
  }

  @Test
  void offsetVersionsAreRefusedWhenTheConfigurationWritesSeveralTopicsIntoOneCdcTable() {
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.topic.map", "a:t,b:t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("configuration cdc.version.source:")
        .hasMessageContaining("table 't' would receive the topics a and b");
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.name.format", "all")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("table 'all'");
    assertThatThrownBy(() -> new ClickHouseSinkConfig(props("topics", "shop-a, shop-b", "write.mode", "cdc",
        "transforms", "merge", "transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.merge.regex", "(.*)-[ab]", "transforms.merge.replacement", "$1")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("table 'shop'");
  }

  @Test
  void offsetVersionsAreFineForOneTopicPerTableSourcePositionsAppendsAndContentRouting() {
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc"))).doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.topic.map", "a:t,b:t", "cdc.version.source", "source.position"))).doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "table.topic.map", "a:t,b:t")))
        .doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "a,b", "write.mode", "cdc",
        "table.route.field", "kind"))).doesNotThrowAnyException();
    assertThatCode(() -> new ClickHouseSinkConfig(props("topics", "shop-a,shop-b", "write.mode", "cdc",
        "transforms", "merge", "transforms.merge.type", "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.merge.regex", "(.*)-[ab]", "transforms.merge.replacement", "$1",
        "transforms.merge.predicate", "p"))).as("a predicate: only known at run time").doesNotThrowAnyException();
  }
}
