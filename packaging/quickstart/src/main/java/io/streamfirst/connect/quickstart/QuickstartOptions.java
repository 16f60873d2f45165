// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command-line options of the quickstart: ports, data directory and plugin path. */
public record QuickstartOptions(int restPort, int kafkaPort, int controllerPort, Path dataDir, Path pluginPath) {

  /** One option: its command-line flag, the Maven property that sets it, and what it is for. */
  public enum Option {
    REST_PORT("--rest-port", "quickstart.rest.port", "Connect REST API"), KAFKA_PORT("--kafka-port",
        "quickstart.kafka.port", "Kafka broker"), CONTROLLER_PORT("--controller-port", "quickstart.controller.port",
            "KRaft controller"), DATA_DIR("--data-dir", "quickstart.data.dir",
                "data directory"), PLUGIN_PATH("--plugin-path", "streamfirst.plugins.dir", "plugin path");

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

  /**
   * Parses {@code --flag value} or {@code --flag=value} arguments; anything not given takes its
   * default (ports 8083/9092/9093, {@code ./quickstart-data}, {@code ./packaging/target/plugins}).
   */
  public static QuickstartOptions parse(String... args) {
    int rest = DEFAULT_REST_PORT;
    int kafka = DEFAULT_KAFKA_PORT;
    int controller = DEFAULT_CONTROLLER_PORT;
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
        case REST_PORT -> rest = port(option, value);
        case KAFKA_PORT -> kafka = port(option, value);
        case CONTROLLER_PORT -> controller = port(option, value);
        case DATA_DIR -> data = Path.of(value);
        case PLUGIN_PATH -> plugins = Path.of(value);
        default -> throw new IllegalStateException("Unhandled option " + option);
      }
    }
    return new QuickstartOptions(rest, kafka, controller, data, plugins);
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
