// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.quickstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the example pipeline (input file and connector configs) into the data directory. */
final class ExampleFiles {
  /** The connectors of the example, in the order to create them. */
  static final List<String> CONNECTORS = List.of("orders-source", "big-orders-sink");
  static final String INPUT = "orders.jsonl";
  static final String OUTPUT = "big-orders.txt";
  private static final String RESOURCE_DIR = "/quickstart-examples/";
  private static final String DIR_TOKEN = "@EXAMPLES_DIR@";

  private ExampleFiles() {}

  static Path dir(QuickstartOptions options) {
    return options.dataDir().resolve("examples");
  }

  static Path config(QuickstartOptions options, String connector) {
    return dir(options).resolve(connector + ".json");
  }

  static void write(QuickstartOptions options) throws IOException {
    Path dir = dir(options);
    Files.createDirectories(dir);
    // JSON strings need forward slashes or escaped backslashes; forward slashes work on every OS.
    String dirValue = dir.toString().replace('\\', '/');
    copy(INPUT, dir, dirValue);
    for (String connector : CONNECTORS) {
      copy(connector + ".json", dir, dirValue);
    }
  }

  private static void copy(String name, Path dir, String dirValue) throws IOException {
    try (InputStream in = ExampleFiles.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("Missing class path resource " + RESOURCE_DIR + name));
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(DIR_TOKEN, dirValue);
      Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
  }
}
