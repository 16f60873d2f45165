// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfirst.connect.it.harness.ConnectCluster;
import io.streamfirst.connect.it.harness.ConnectClusterExtension;
import io.streamfirst.connect.it.harness.ConsumedRecord;
import io.streamfirst.connect.it.harness.UniqueNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness runs workers with {@code exactly.once.source.support=enabled} on a single broker:
 * a source connector that requires exactly-once support writes in transactions, and a
 * read_committed consumer sees each record once.
 */
class ExactlyOnceSourceIT {

  private static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";

  @RegisterExtension
  static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(b -> b
      .workers(1)
      .workerProperty("exactly.once.source.support", "enabled"));

  @Test
  void sourceConnectorRequiringExactlyOnceWritesEveryLineOnce(@TempDir Path dir) throws IOException {
    ConnectCluster cluster = CONNECT.cluster();
    String topic = UniqueNames.of("eos-out");
    String connector = UniqueNames.of("eos-source");
    List<String> lines = IntStream.range(0, 50).mapToObj(i -> "line-" + i).toList();
    Path file = Files.write(dir.resolve("in.txt"), lines, StandardCharsets.UTF_8);
    cluster.createTopic(topic, 1);

    cluster.deploy(connector, Map.of("connector.class", FILE_SOURCE, "tasks.max", "1",
        "topic", topic, "file", file.toString(),
        "exactly.once.support", "required", "transaction.boundary", "poll"));
    cluster.awaitRunning(connector, 1);
    List<ConsumedRecord> records = cluster.consume(topic, lines.size(), Duration.ofSeconds(60));

    assertThat(records).extracting(ConsumedRecord::value).containsExactlyElementsOf(lines);
    assertThat(cluster.consumeAll(topic)).hasSize(lines.size());
  }
}
