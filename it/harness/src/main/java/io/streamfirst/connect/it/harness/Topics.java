// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** Creates and deletes topics on the embedded broker with an admin client of its own. */
final class Topics implements AutoCloseable {

  private final Admin admin;

  Topics(String bootstrapServers) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * Creates {@code topic} with the broker's default replication factor, waiting until the broker
   * confirms it.
   */
  void create(String topic, int partitions, Map<String, String> config) {
    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(config);
    Duration timeout = Timeouts.defaultWait();
    try {
      admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create topic " + topic + " with " + partitions
          + " partitions and config " + config + " within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + topic, e);
    }
  }

  /** Deletes {@code topic}, waiting until the broker confirms it. */
  void delete(String topic) {
    Duration timeout = Timeouts.defaultWait();
    try {
      admin.deleteTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not delete topic " + topic + " within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while deleting topic " + topic, e);
    }
  }

  /** The admin client, for what these helpers do not cover; closed with the cluster. */
  Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
