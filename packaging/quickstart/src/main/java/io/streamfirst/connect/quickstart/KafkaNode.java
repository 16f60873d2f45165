// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node Kafka cluster in KRaft combined mode (broker and controller in one server). */
final class KafkaNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaNode.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaRaftServer server;

  private KafkaNode(KafkaRaftServer server) {
    this.server = server;
  }

  /** Formats the log directory on first use, then starts the server and waits until the broker is unfenced. */
  static KafkaNode start(QuickstartOptions options) throws Exception {
    Path logDir = options.dataDir().resolve("kafka");
    Files.createDirectories(logDir);
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      format(logDir);
    } else {
      LOG.info("Reusing the Kafka data in {}", logDir);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(brokerConfig(options, logDir)), Time.SYSTEM);
    server.startup();
    return new KafkaNode(server);
  }

  static Properties brokerConfig(QuickstartOptions options, Path logDir) {
    String controller = "localhost:" + options.controllerPort();
    Properties config = new Properties();
    config.put("process.roles", "broker,controller");
    config.put("node.id", String.valueOf(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@" + controller);
    config.put("controller.listener.names", CONTROLLER_LISTENER);
    config.put("listeners",
        "PLAINTEXT://" + options.bootstrapServers() + "," + CONTROLLER_LISTENER + "://" + controller);
    config.put("advertised.listeners", "PLAINTEXT://" + options.bootstrapServers());
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    config.put("log.dirs", logDir.toString());
    config.put("num.partitions", "1");
    config.put("offsets.topic.replication.factor", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    return config;
  }

  private static void format(Path logDir) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      new Formatter()
          .setPrintStream(print)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir.toString())
          .setDirectories(List.of(logDir.toString()))
          .setHasDynamicQuorum(false)
          .run();
    }
    LOG.info("Formatted Kafka storage: {}", output.toString(StandardCharsets.UTF_8).trim());
  }

  /** Shuts the broker and controller down and waits until they have stopped. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
