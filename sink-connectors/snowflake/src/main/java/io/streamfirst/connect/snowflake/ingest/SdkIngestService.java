// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.snowflake.ingest;

import com.snowflake.ingest.streaming.ChannelStatus;
import com.snowflake.ingest.streaming.OpenChannelResult;
import com.snowflake.ingest.streaming.SFException;
import com.snowflake.ingest.streaming.SnowflakeStreamingIngestChannel;
import com.snowflake.ingest.streaming.SnowflakeStreamingIngestClient;
import com.snowflake.ingest.streaming.SnowflakeStreamingIngestClientFactory;
import io.streamfirst.connect.snowflake.SnowflakeSinkConfig;
import io.streamfirst.connect.snowflake.sql.ChangeMerger;
import io.streamfirst.connect.snowflake.sql.Dialect;
import io.streamfirst.connect.snowflake.sql.JdbcCatalog;
import io.streamfirst.connect.snowflake.sql.JdbcMerger;
import io.streamfirst.connect.snowflake.sql.TableCatalog;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * {@link IngestService} over the Snowpipe Streaming SDK ({@code com.snowflake:snowpipe-streaming}, the
 * high-performance architecture): one SDK client per table, appending through the table's default pipe
 * ({@code <TABLE>-STREAMING}).
 */
public final class SdkIngestService implements IngestService {

  private final SnowflakeSinkConfig config;
  private final String clientPrefix;

  public SdkIngestService(SnowflakeSinkConfig config) {
    this.config = config;
    this.clientPrefix = "streamfirst_" + UUID.randomUUID();
  }

  /** The factory the sink uses unless a test names another. */
  public static final class Factory implements IngestService.Factory {
    @Override
    public IngestService create(Map<String, String> props) {
      return new SdkIngestService(new SnowflakeSinkConfig(props));
    }
  }

  @Override
  public IngestClient client(String table) {
    Properties props = new Properties();
    props.put("url", config.accountUrl());
    props.put("account", config.account());
    props.put("user", config.user());
    props.put("private_key", config.privateKeyPem());
    if (!config.role().isEmpty()) {
      props.put("role", config.role());
    }
    try {
      SnowflakeStreamingIngestClient client = SnowflakeStreamingIngestClientFactory
          .builder(clientPrefix + "_" + table, config.database(), config.schema(), table + "-STREAMING")
          .setProperties(props).build();
      return new SdkClient(client);
    } catch (SFException e) {
      throw new ConnectException("Cannot create a Snowpipe Streaming client for table " + table + " at "
          + config.accountUrl() + " (" + e.getErrorCodeName() + "): check snowflake.user, snowflake.role, the key"
          + " pair and that the table's default pipe exists", e);
    }
  }

  @Override
  public TableCatalog catalog() {
    return new JdbcCatalog(this::connect, Dialect.SNOWFLAKE, config.accountUrl());
  }

  @Override
  public ChangeMerger merger() {
    return new JdbcMerger(this::connect, Dialect.SNOWFLAKE, config.accountUrl());
  }

  private java.sql.Connection connect() throws SQLException {
    StringBuilder url = new StringBuilder("jdbc:snowflake://").append(URI.create(config.accountUrl()).getAuthority())
        .append("/?db=").append(encode(config.database())).append("&schema=").append(encode(config.schema()));
    if (!config.warehouse().isEmpty()) {
      url.append("&warehouse=").append(encode(config.warehouse()));
    }
    if (!config.role().isEmpty()) {
      url.append("&role=").append(encode(config.role()));
    }
    try {
      Class.forName("net.snowflake.client.jdbc.SnowflakeDriver");
    } catch (ClassNotFoundException e) {
      throw new SQLException("The Snowflake JDBC driver is not in the plugin directory", "08001", e);
    }
    Properties props = new Properties();
    props.put("user", config.user());
    props.put("privateKey", config.privateKey());
    return DriverManager.getConnection(url.toString(), props);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    // clients are closed by their owners
  }

  private static ChannelException channelError(String what, SFException e) {
    String code = e.getErrorCodeName();
    boolean clientClosed = "CLOSED_CLIENT_ERROR".equals(code);
    return new ChannelException(what + " failed (" + code + ", HTTP " + e.getHttpStatusCode() + ")", clientClosed, e);
  }

  private static final class SdkClient implements IngestClient {
    private final SnowflakeStreamingIngestClient client;

    SdkClient(SnowflakeStreamingIngestClient client) {
      this.client = client;
    }

    @Override
    public IngestChannel openChannel(String name) {
      try {
        OpenChannelResult result = client.openChannel(name);
        return new SdkChannel(result.getChannel(), result.getChannelStatus());
      } catch (SFException e) {
        throw channelError("Opening channel " + name, e);
      }
    }

    @Override
    public boolean isClosed() {
      return client.isClosed();
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * The high-performance SDK reports rejected rows per channel (a count and the largest offset token
   * of a failed row), not per row: a growing error count is reported as one error at that token.
   */
  private static final class SdkChannel implements IngestChannel {
    private final SnowflakeStreamingIngestChannel channel;
    private long errorsSeen;

    SdkChannel(SnowflakeStreamingIngestChannel channel, ChannelStatus status) {
      this.channel = channel;
      this.errorsSeen = status == null ? 0 : status.getRowsErrorCount();
    }

    @Override
    public void appendRow(Map<String, Object> row, String offsetToken) {
      try {
        channel.appendRow(row, offsetToken);
      } catch (SFException e) {
        throw channelError("Appending to channel " + channel.getChannelName(), e);
      }
    }

    @Override
    public String latestCommittedToken() {
      try {
        return channel.getLatestCommittedOffsetToken();
      } catch (SFException e) {
        throw channelError("Reading the committed offset token of channel " + channel.getChannelName(), e);
      }
    }

    @Override
    public List<RowError> drainRowErrors() {
      ChannelStatus status;
      try {
        status = channel.getChannelStatus();
      } catch (SFException e) {
        throw channelError("Reading the status of channel " + channel.getChannelName(), e);
      }
      long errors = status.getRowsErrorCount();
      if (errors <= errorsSeen || status.getLastErrorOffsetTokenUpperBound() == null) {
        return List.of();
      }
      errorsSeen = errors;
      return List.of(new RowError(status.getLastErrorOffsetTokenUpperBound(),
          "Snowflake rejected row(s) of channel " + channel.getChannelName() + " (" + status.getStatusCode() + ")"));
    }

    @Override
    public String name() {
      return channel.getChannelName();
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (SFException e) {
        // closing a channel that was invalidated: nothing to release
      }
    }
  }
}
