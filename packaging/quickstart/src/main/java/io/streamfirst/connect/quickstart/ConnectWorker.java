// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/** A Kafka Connect worker in distributed mode, started through Kafka's own {@link ConnectDistributed}. */
final class ConnectWorker implements AutoCloseable {
  static final String GROUP_ID = "streamfirst-quickstart";

  private final Connect<DistributedHerder> connect;

  private ConnectWorker(Connect<DistributedHerder> connect) {
    this.connect = connect;
  }

  /** Starts the worker; it joins its group and serves REST in the background. */
  static ConnectWorker start(QuickstartOptions options) {
    // The quickstart stops Connect itself, before the broker; Connect's own shutdown hook
    // would race with that, so it is not registered.
    Exit.setShutdownHookAdder((name, hook) -> {});
    // ConnectDistributed exits the JVM when start-up fails; turn that into an exception.
    Exit.setExitProcedure((code, message) -> {
      throw new ConnectException("Kafka Connect failed to start (exit code " + code + "); see " + options.logFile());
    });
    try {
      return new ConnectWorker(new ConnectDistributed().startConnect(workerConfig(options)));
    } finally {
      Exit.resetExitProcedure();
    }
  }

  static Map<String, String> workerConfig(QuickstartOptions options) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("bootstrap.servers", options.bootstrapServers());
    config.put("group.id", GROUP_ID);
    config.put("config.storage.topic", GROUP_ID + "-configs");
    config.put("offset.storage.topic", GROUP_ID + "-offsets");
    config.put("status.storage.topic", GROUP_ID + "-status");
    config.put("config.storage.replication.factor", "1");
    config.put("offset.storage.replication.factor", "1");
    config.put("status.storage.replication.factor", "1");
    config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
    config.put("listeners", options.restUrl());
    config.put("rest.advertised.host.name", "localhost");
    config.put("rest.advertised.port", String.valueOf(options.restPort()));
    config.put("plugin.path", options.pluginPath().toString());
    // Every Streamfirst plugin ships ServiceLoader manifests, so the fast discovery mode works.
    config.put("plugin.discovery", "service_load");
    // GET /streamfirst/lineage (the lineage graph with per-table freshness) and the page at /streamfirst/
    config.put("rest.extension.classes", "io.streamfirst.connect.lineage.rest.LineageRestExtension");
    config.put("offset.flush.interval.ms", "5000");
    return config;
  }

  /** Stops the REST server and the herder (connectors and tasks) and waits until they have stopped. */
  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
