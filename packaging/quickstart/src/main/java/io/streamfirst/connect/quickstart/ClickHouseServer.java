// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A ClickHouse server from the {@code clickhouse-server} binary on this machine, run as a child process with a
 * config written here: loopback only, the given HTTP port and free native and interserver ports, every path in
 * {@code <data dir>/clickhouse} (kept between runs), nothing read from {@code /etc/clickhouse-server}. The
 * default user has no password and is reachable from 127.0.0.1 only.
 */
final class ClickHouseServer implements AutoCloseable {
  static final String INSTALL_HINT = "apt-get install -y clickhouse-server";
  static final String DATABASE = "default";

  private final Process process;
  private final int httpPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ClickHouseServer(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** {@code clickhouse-server} on PATH or in /usr/sbin, /usr/bin, /usr/local/bin (where Debian puts it). */
  static Optional<Path> findBinary() {
    List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/bin", "/usr/local/bin"));
    return dirs.stream().filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "clickhouse-server"))
        .filter(Files::isExecutable).findFirst();
  }

  /** Starts the server and waits until it answers {@code /ping}. */
  static ClickHouseServer start(Path binary, Path dataDir, int httpPort, int tcpPort, int interserverPort)
      throws IOException, InterruptedException {
    Path dir = dataDir.resolve("clickhouse");
    for (String sub : List.of("data", "tmp", "user_files", "format_schemas", "log")) {
      Files.createDirectories(dir.resolve(sub));
    }
    Files.writeString(dir.resolve("config.xml"), config(dir, httpPort, tcpPort, interserverPort));
    Files.writeString(dir.resolve("users.xml"), USERS);
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--config-file=" + dir.resolve("config.xml"))
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log/console.log").toFile()));
    builder.environment().put("TZ", "UTC");
    ClickHouseServer server = new ClickHouseServer(builder.start(), httpPort);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!server.pings()) {
      if (!server.process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IOException("ClickHouse did not start on port " + httpPort + " (see " + dir.resolve("log") + ")");
      }
      Thread.sleep(200);
    }
    return server;
  }

  int httpPort() {
    return httpPort;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The rows of a CDC table the sink keeps (its newest version per key, deleted keys left out). */
  static String currentRowsQuery(String table, String columns) {
    return "SELECT " + columns + " FROM (SELECT * FROM " + table + " FINAL) WHERE _sf_deleted = 0";
  }

  /** Runs a query and returns the body of the answer (tab-separated), or fails with the server's message. */
  String query(String sql) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/?database=" + DATABASE + "&query="
        + URLEncoder.encode(sql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("ClickHouse answered HTTP " + response.statusCode() + ": " + response.body().strip());
    }
    return response.body();
  }

  /** Rows of a CDC table, or -1 while the sink has not created it. */
  long currentRowCount(String table) throws IOException, InterruptedException {
    String exists = query("EXISTS TABLE " + table).strip();
    if (!"1".equals(exists)) {
      return -1;
    }
    return Long.parseLong(query("SELECT count() FROM (" + currentRowsQuery(table, "*") + ")").strip());
  }

  private boolean pings() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/ping"))
          .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s) and its child processes. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static String config(Path dir, int httpPort, int tcpPort, int interserverPort) {
    return """
        <?xml version="1.0"?>
        <!-- Written by the Streamfirst Connect quickstart; reads nothing from /etc/clickhouse-server. -->
        <yandex>
          <logger>
            <level>information</level>
            <log>%s</log>
            <errorlog>%s</errorlog>
            <console>0</console>
          </logger>
          <http_port>%d</http_port>
          <tcp_port>%d</tcp_port>
          <interserver_http_port>%d</interserver_http_port>
          <interserver_http_host>127.0.0.1</interserver_http_host>
          <listen_host>127.0.0.1</listen_host>
          <path>%s/</path>
          <tmp_path>%s/</tmp_path>
          <user_files_path>%s/</user_files_path>
          <format_schema_path>%s/</format_schema_path>
          <users_config>users.xml</users_config>
          <default_profile>default</default_profile>
          <default_database>default</default_database>
          <timezone>UTC</timezone>
          <max_concurrent_queries>50</max_concurrent_queries>
          <keep_alive_timeout>3</keep_alive_timeout>
          <mark_cache_size>268435456</mark_cache_size>
          <uncompressed_cache_size>268435456</uncompressed_cache_size>
          <mlock_executable>false</mlock_executable>
        </yandex>
        """.formatted(dir.resolve("log/clickhouse-server.log"), dir.resolve("log/clickhouse-server.err.log"),
        httpPort, tcpPort, interserverPort, dir.resolve("data"), dir.resolve("tmp"), dir.resolve("user_files"),
        dir.resolve("format_schemas"));
  }

  private static final String USERS = """
      <?xml version="1.0"?>
      <yandex>
        <profiles>
          <default>
            <max_memory_usage>2000000000</max_memory_usage>
          </default>
        </profiles>
        <users>
          <default>
            <password></password>
            <networks><ip>127.0.0.1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
          </default>
        </users>
        <quotas>
          <default>
            <interval>
              <duration>3600</duration>
              <queries>0</queries>
              <errors>0</errors>
              <result_rows>0</result_rows>
              <read_rows>0</read_rows>
              <execution_time>0</execution_time>
            </interval>
          </default>
        </quotas>
      </yandex>
      """;
}
