// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.KafkaConfig;
import io.openlineage.client.transports.KafkaTransport;
import io.openlineage.client.transports.Transport;
import java.net.URI;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The OpenLineage library's transport for a {@link LineageConfig}. */
final class Transports {

  /** The logger transport 'log' writes each event to, one JSON line at INFO. */
  static final String EVENT_LOGGER = "io.streamfirst.connect.lineage.events";

  private Transports() {}

  static Transport create(LineageConfig config, String clientId) {
    return switch (config.transport()) {
      case HTTP -> {
        HttpConfig http = new HttpConfig();
        http.setUrl(URI.create(config.httpUrl()));
        http.setEndpoint(config.httpEndpoint());
        http.setTimeoutInMillis(config.httpTimeoutMs());
        String token = config.httpAuthToken();
        if (token != null) {
          ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
          auth.setApiKey(token);
          http.setAuth(auth);
        }
        yield new HttpTransport(http);
      }
      case KAFKA -> {
        Properties producer = new Properties();
        producer.put("bootstrap.servers", config.kafkaBootstrap());
        producer.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producer.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producer.put("client.id", clientId);
        // Lineage must not hold a task: a send waits at most this long for metadata or buffer space
        producer.put("max.block.ms", "10000");
        producer.put("acks", "all");
        yield new KafkaTransport(new KafkaConfig(config.kafkaTopic(), null, producer));
      }
      case FILE -> new FileTransport(new FileConfig(config.filePath()));
      case LOG -> new LogTransport();
    };
  }

  /** Writes each event to the worker log. */
  static final class LogTransport extends Transport {
    private static final Logger EVENTS = LoggerFactory.getLogger(EVENT_LOGGER);

    @Override
    public void emit(OpenLineage.RunEvent runEvent) {
      EVENTS.info("{}", OpenLineageClientUtils.toJson(runEvent));
    }

    @Override
    public void emit(OpenLineage.DatasetEvent datasetEvent) {
      EVENTS.info("{}", OpenLineageClientUtils.toJson(datasetEvent));
    }

    @Override
    public void emit(OpenLineage.JobEvent jobEvent) {
      EVENTS.info("{}", OpenLineageClientUtils.toJson(jobEvent));
    }
  }
}
