package io.streamfirst.connect.cdc.postgres;

import io.debezium.connector.postgresql.PostgresConnectorTask;
import io.streamfirst.connect.cdc.common.DelegatingChangeTask;
import io.streamfirst.connect.cdc.common.SourceInfoReader;
import io.streamfirst.connect.common.PluginVersion;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
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

  /** Debezium's "position no longer available" failure, restated with the slot and the ways out. */
  @Override
  protected RuntimeException explainStartFailure(RuntimeException failure, Map<String, String> props) {
    String message = String.valueOf(failure.getMessage());
    if (!message.contains("no longer available on the server")) {
      return failure;
    }
    String connector = props.getOrDefault("name", "<name>");
    return new ConnectException("Connector " + connector + " cannot resume: replication slot '"
        + props.get("slot.name") + "' in database '" + props.get("database.dbname") + "' no longer holds the"
        + " position the connector stopped at (the slot was dropped or recreated, or its WAL was removed), so"
        + " the changes since then cannot be read and are not skipped silently. To start over with a new"
        + " snapshot: stop the connector (PUT /connectors/" + connector + "/stop), delete its offsets (DELETE"
        + " /connectors/" + connector + "/offsets) and resume it; or set snapshot.mode=when_needed.", failure);
  }

  @Override
  public String version() {
    return PluginVersion.of(PostgresCdcSourceTask.class);
  }
}
