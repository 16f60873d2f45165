package io.streamfirst.connect.cdc.postgres;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.streamfirst.connect.cdc.common.DelegatingChangeTask;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.common.PluginVersion;
import java.util.Map;
import org.apache.kafka.connect.source.SourceTask;

/** Runs Debezium's PostgreSQL task and adds lineage headers (and the flat format) to what it emits. */
public final class PostgresCdcSourceTask extends DelegatingChangeTask {

  @Override
  protected SourceTask newDelegate() {
    return new PostgresConnectorTask();
  }

  @Override
  protected SourceInfoReader sourceInfoReader(Map<String, String> props) {
    return new PostgresSourceInfoReader(props.getOrDefault("database.hostname", "localhost"),
        Integer.parseInt(props.getOrDefault("database.port", "5432").trim()),
        props.getOrDefault("database.dbname", "postgres"));
  }

  @Override
  public String version() {
    return PluginVersion.of(PostgresCdcSourceTask.class);
  }
}
