// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Command-line options of the quickstart: what it runs, ports, data directory, plugin path and the pipeline. */
public record QuickstartOptions(int restPort, int kafkaPort, int controllerPort, Path dataDir, Path pluginPath,
    Mode mode, PipelineSettings pipeline) {

  /** What the quickstart runs. */
  public enum Mode {
    /** Kafka, Connect, the shop database, its load and the connectors, with a live status (the default). */
    PIPELINE,
    /** Kafka and Connect with every plugin loaded, nothing deployed. */
    STACK,
    /** Prints the current rows of one Iceberg table of the pipeline's warehouse and exits. */
    QUERY
  }

  /** One option: its command-line flag, the Maven property that sets it, and what it is for. */
  public enum Option {
    MODE("--mode", "quickstart.mode", "pipeline, stack or query"), REST_PORT("--rest-port", "quickstart.rest.port",
        "Connect REST API"), KAFKA_PORT("--kafka-port", "quickstart.kafka.port", "Kafka broker"), CONTROLLER_PORT(
            "--controller-port", "quickstart.controller.port", "KRaft controller"), POSTGRES_PORT("--postgres-port",
                "quickstart.postgres.port", "PostgreSQL"), CLICKHOUSE_PORT("--clickhouse-port",
                    "quickstart.clickhouse.port", "ClickHouse HTTP"), DATA_DIR("--data-dir", "quickstart.data.dir",
                        "data directory"), PLUGIN_PATH("--plugin-path", "streamfirst.plugins.dir", "plugin path"), RATE(
                            "--rate", "quickstart.rate", "changes per second"), DURATION("--duration",
                                "quickstart.duration", "seconds of load, 0: until Ctrl-C"), SINKS("--sinks",
                                    "quickstart.sinks", "iceberg,clickhouse"), SEED("--seed", "quickstart.seed",
                                        "load generator seed"), TABLE("--table", "quickstart.table",
                                            "table the query mode prints");

    private final String flag;
    private final String mavenProperty;
    private final String purpose;

    Option(String flag, String mavenProperty, String purpose) {
      this.flag = flag;
      this.mavenProperty = mavenProperty;
      this.purpose = purpose;
    }

    public String flag() {
      return flag;
    }

    public String purpose() {
      return purpose;
    }

    /** How a user changes this option, both when running java directly and through Maven. */
    public String howToChange() {
      return flag + " <value> (with Maven: -D" + mavenProperty + "=<value>)";
    }
  }

  public static final int DEFAULT_REST_PORT = 8083;
  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_CONTROLLER_PORT = 9093;

  public QuickstartOptions {
    dataDir = dataDir.toAbsolutePath().normalize();
    pluginPath = pluginPath.toAbsolutePath().normalize();
    List<Integer> ports = List.of(restPort, kafkaPort, controllerPort);
    if (ports.stream().distinct().count() != ports.size()) {
      throw new IllegalArgumentException("The REST, Kafka and controller ports must differ, got "
          + restPort + ", " + kafkaPort + " and " + controllerPort + ".");
    }
  }

  /** Kafka and Connect only ({@link Mode#STACK}), as before the pipeline existed. */
  public QuickstartOptions(int restPort, int kafkaPort, int controllerPort, Path dataDir, Path pluginPath) {
    this(restPort, kafkaPort, controllerPort, dataDir, pluginPath, Mode.STACK, PipelineSettings.defaults());
  }

  /** The bootstrap servers clients use to reach the broker. */
  public String bootstrapServers() {
    return "localhost:" + kafkaPort;
  }

  /** The base URL of the Connect REST API. */
  public String restUrl() {
    return "http://localhost:" + restPort;
  }

  /** The file that receives the full log of the broker and the worker. */
  public Path logFile() {
    return dataDir.resolve("quickstart.log");
  }

  /** The pipeline's Iceberg warehouse (a Hadoop catalog). */
  public Path warehouse() {
    return dataDir.resolve("warehouse");
  }

  /**
   * Parses {@code --flag value} or {@code --flag=value} arguments; anything not given takes its
   * default (pipeline mode, ports 8083/9092/9093, {@code ./quickstart-data}, {@code ./packaging/target/plugins}).
   */
  public static QuickstartOptions parse(String... args) {
    int rest = DEFAULT_REST_PORT;
    int kafka = DEFAULT_KAFKA_PORT;
    int controller = DEFAULT_CONTROLLER_PORT;
    Mode mode = Mode.PIPELINE;
    PipelineSettings pipeline = PipelineSettings.defaults();
    Path data = Path.of("quickstart-data");
    Path plugins = Path.of(System.getProperty("streamfirst.plugins.dir", "packaging/target/plugins"));
    List<String> remaining = new ArrayList<>(List.of(args));
    for (int i = 0; i < remaining.size(); i++) {
      String arg = remaining.get(i);
      String value;
      String flag;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else {
        flag = arg;
        if (i + 1 >= remaining.size()) {
          throw new IllegalArgumentException("Option " + arg + " needs a value. " + usage());
        }
        value = remaining.get(++i);
      }
      Option option = option(flag);
      switch (option) {
        case MODE -> mode = mode(value);
        case REST_PORT -> rest = port(option, value);
        case KAFKA_PORT -> kafka = port(option, value);
        case CONTROLLER_PORT -> controller = port(option, value);
        case POSTGRES_PORT -> pipeline = pipeline.withPostgresPort(port(option, value));
        case CLICKHOUSE_PORT -> pipeline = pipeline.withClickhousePort(port(option, value));
        case DATA_DIR -> data = Path.of(value);
        case PLUGIN_PATH -> plugins = Path.of(value);
        case RATE -> pipeline = pipeline.withRate(number(option, value));
        case DURATION -> pipeline = pipeline.withDuration(Duration.ofSeconds(number(option, value)));
        case SINKS -> pipeline = pipeline.withSinks(sinks(value));
        case SEED -> pipeline = pipeline.withSeed(number(option, value));
        case TABLE -> pipeline = pipeline.withTable(value.trim());
        default -> throw new IllegalStateException("Unhandled option " + option);
      }
    }
    return new QuickstartOptions(rest, kafka, controller, data, plugins, mode, pipeline);
  }

  /** A one-line usage summary. */
  public static String usage() {
    StringBuilder usage = new StringBuilder("Options:");
    for (Option option : Option.values()) {
      usage.append(' ').append(option.flag()).append(" <").append(option.purpose()).append('>');
    }
    return usage.toString();
  }

  private static Option option(String flag) {
    for (Option option : Option.values()) {
      if (option.flag().equals(flag)) {
        return option;
      }
    }
    throw new IllegalArgumentException("Unknown option " + flag + ". " + usage());
  }

  private static Mode mode(String value) {
    try {
      return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Option.MODE.flag() + " must be pipeline, stack or query, got '" + value
          + "'.");
    }
  }

  private static Set<PipelineSettings.Sink> sinks(String value) {
    Set<PipelineSettings.Sink> sinks = EnumSet.noneOf(PipelineSettings.Sink.class);
    for (String part : value.split(",")) {
      if (!part.isBlank() && !"none".equalsIgnoreCase(part.trim())) {
        sinks.add(PipelineSettings.Sink.parse(part));
      }
    }
    return sinks;
  }

  private static int number(Option option, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option.flag() + " must be a whole number, got '" + value + "'.");
    }
  }

  private static int port(Option option, String value) {
    int port;
    try {
      port = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option.flag() + " must be a port number, got '" + value + "'.");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(option.flag() + " must be between 1 and 65535, got " + port + ".");
    }
    return port;
  }
}
