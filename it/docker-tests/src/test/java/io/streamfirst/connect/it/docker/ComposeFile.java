// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose/docker-compose.yml as the tests read it: services, their images (with {@code ${VAR:-default}}
 * resolved to the default, as Compose does when the variable is unset), ports, bind mounts and listeners.
 */
final class ComposeFile {
  static final Path DIR = Path.of(System.getProperty("streamfirst.compose.dir", "../../docker-compose"))
      .toAbsolutePath().normalize();
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::?-([^}]*))?}");
  private static final Pattern LISTENER_PORT = Pattern.compile("://[^:,]*:(\\d+)");

  private final JsonNode root;

  private ComposeFile(JsonNode root) {
    this.root = root;
  }

  static ComposeFile load() throws IOException {
    return new ComposeFile(new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("docker-compose.yml").toFile()));
  }

  Set<String> serviceNames() {
    Set<String> names = new LinkedHashSet<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Named volumes declared at the top level. */
  Set<String> namedVolumes() {
    Set<String> names = new LinkedHashSet<>();
    root.path("volumes").fieldNames().forEachRemaining(names::add);
    return names;
  }

  JsonNode service(String name) {
    return root.path("services").path(name);
  }

  /** The image with every {@code ${VAR:-default}} replaced by its default. */
  String image(String service) {
    return resolve(service(service).path("image").asText(""));
  }

  /** "host:container" port mappings, as written (variables resolved). */
  List<String> ports(String service) {
    List<String> ports = new ArrayList<>();
    service(service).path("ports").forEach(port -> ports.add(resolve(port.asText())));
    return ports;
  }

  /** The ports a container listens on for other containers: its published container ports and Kafka listeners. */
  Set<Integer> containerPorts(String service) {
    Set<Integer> ports = new LinkedHashSet<>();
    for (String mapping : ports(service)) {
      ports.add(Integer.parseInt(mapping.substring(mapping.lastIndexOf(':') + 1).replaceFirst("/.*", "")));
    }
    Matcher listeners = LISTENER_PORT.matcher(service(service).path("environment").path("KAFKA_LISTENERS").asText(""));
    while (listeners.find()) {
      ports.add(Integer.parseInt(listeners.group(1)));
    }
    return ports;
  }

  /** Bind mounts of a service: host path (resolved against the compose directory) by container path. */
  Map<String, Path> bindMounts(String service) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service(service).path("volumes")) {
      String[] parts = resolve(volume.asText()).split(":");
      if (parts.length >= 2 && (parts[0].startsWith(".") || parts[0].startsWith("/"))) {
        mounts.put(parts[1], DIR.resolve(parts[0]).normalize());
      }
    }
    return mounts;
  }

  /** The host file or directory that a path inside the container comes from, when a bind mount covers it. */
  Optional<Path> hostPath(String service, String containerPath) {
    String best = null;
    for (String target : bindMounts(service).keySet()) {
      if ((containerPath.equals(target) || containerPath.startsWith(target + "/"))
          && (best == null || target.length() > best.length())) {
        best = target;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    String rest = containerPath.substring(best.length()).replaceFirst("^/", "");
    Path host = bindMounts(service).get(best);
    return Optional.of(rest.isEmpty() ? host : host.resolve(rest));
  }

  /** The service a container reaches under {@code host}: its name or its {@code hostname}. */
  Optional<String> serviceForHost(String host) {
    for (String name : serviceNames()) {
      if (name.equals(host) || host.equals(service(name).path("hostname").asText(null))) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  static String resolve(String text) {
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String fallback = matcher.group(2);
      matcher.appendReplacement(out, Matcher.quoteReplacement(fallback == null ? "" : fallback));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Every {@code connectors/*.json} body, sorted by name. */
  static List<Path> connectorBodies() throws IOException {
    try (var files = Files.list(DIR.resolve("connectors"))) {
      return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
    }
  }
}
