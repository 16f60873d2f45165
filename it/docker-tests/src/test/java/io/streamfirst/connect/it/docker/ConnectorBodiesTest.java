// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every connector body of docker-compose/connectors passes the validation of the real plugins, loaded from the
 * plugin directories the compose file mounts into its worker (see {@link ConnectorBodies}).
 */
class ConnectorBodiesTest {
  private static ConnectorBodies bodies;

  @BeforeAll
  static void loadPlugins() throws Exception {
    bodies = ConnectorBodies.shared();
  }

  @Test
  void everyConnectorBodyPassesThePluginsValidation() throws Exception {
    List<Path> files = ComposeFile.connectorBodies();
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (Path file : files) {
      String name = file.getFileName().toString().replaceFirst("\\.json$", "");
      problems.put(file.getFileName().toString(), bodies.problems(name, ComposeFileTest.read(file)));
    }
    assertThat(problems).as("problems per connector body").allSatisfy((file, found) -> assertThat(found)
        .as(file).isEmpty());
  }

  @Test
  void theIcebergPluginWritesAndReadsObjectsWithTheBodysS3Settings() throws Exception {
    Map<String, String> body = ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-iceberg.json"));
    String ioImpl = body.get("iceberg.catalog.io-impl");
    assertThat(ioImpl).isEqualTo("org.apache.iceberg.aws.s3.S3FileIO");
    try (FakeS3 s3 = new FakeS3()) {
      // The catalog gets every iceberg.catalog.* key without the prefix, and passes them to its FileIO.
      Map<String, String> properties = new LinkedHashMap<>();
      body.forEach((key, value) -> {
        if (key.startsWith("iceberg.catalog.")) {
          properties.put(key.substring("iceberg.catalog.".length()), value);
        }
      });
      properties.put("s3.endpoint", s3.endpoint());
      ClassLoader pluginLoader = bodies.plugins().connectorLoader("io.streamfirst.connect.iceberg.IcebergSinkConnector",
          null);
      Object io = Class.forName(ioImpl, true, pluginLoader).getConstructor().newInstance();
      byte[] payload = "streamfirst-s3-check".repeat(1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      String location = "s3://warehouse/shop/check/data.bin";
      ClassLoader previous = Thread.currentThread().getContextClassLoader();
      Thread.currentThread().setContextClassLoader(pluginLoader);
      try {
        io.getClass().getMethod("initialize", Map.class).invoke(io, properties);
        Object output = io.getClass().getMethod("newOutputFile", String.class).invoke(io, location);
        try (java.io.OutputStream out = (java.io.OutputStream) method(output, "createOrOverwrite").invoke(output)) {
          out.write(payload);
        }
        Object input = io.getClass().getMethod("newInputFile", String.class).invoke(io, location);
        try (java.io.InputStream in = (java.io.InputStream) method(input, "newStream").invoke(input)) {
          assertThat(in.readAllBytes()).isEqualTo(payload);
        }
        io.getClass().getMethod("close").invoke(io);
      } finally {
        Thread.currentThread().setContextClassLoader(previous);
      }
      // Path-style (bucket in the path, as MinIO serves it) and signed with the body's access key.
      assertThat(s3.requests()).anySatisfy(request -> assertThat(request)
          .startsWith("PUT /warehouse/shop/check/data.bin AWS4-HMAC-SHA256 Credential="
              + body.get("iceberg.catalog.s3.access-key-id") + "/"));
    }
  }

  /** A public method by name, called through its public interface (the plugin's classes are not public API). */
  private static java.lang.reflect.Method method(Object target, String name) throws NoSuchMethodException {
    for (Class<?> type : target.getClass().getInterfaces()) {
      for (java.lang.reflect.Method method : type.getMethods()) {
        if (method.getName().equals(name) && method.getParameterCount() == 0) {
          return method;
        }
      }
    }
    return target.getClass().getMethod(name);
  }

  @Test
  void theWorkerFindsItsRestExtensionsOnTheMountedPluginPath() throws Exception {
    String extensions = ComposeFileTest.workerProperties().getProperty("rest.extension.classes");
    assertThat(extensions).isNotBlank();
    for (String extension : extensions.split("\\s*,\\s*")) {
      assertThat(bodies.plugins().pluginClass(extension).getName()).isEqualTo(extension);
    }
  }

  @Test
  void theBodiesKeepTheirConnectionChecksForTheRealStack() throws Exception {
    for (Path file : ComposeFile.connectorBodies()) {
      Map<String, String> body = ComposeFileTest.read(file);
      String offline = ConnectorBodies.OFFLINE.get(body.get("connector.class"));
      if (offline != null) {
        assertThat(body).as("%s checks its server when deployed", file.getFileName()).doesNotContainKey(offline);
      }
    }
  }

  @Test
  void aBodyWithAMistakeIsRejectedNamingTheSetting() throws Exception {
    Map<String, String> clickhouse = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-clickhouse.json")));
    clickhouse.put("write.mode", "upsert");
    assertThat(bodies.problems("broken", clickhouse)).anySatisfy(problem -> assertThat(problem)
        .startsWith("write.mode: "));

    Map<String, String> badSql = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-iceberg.json")));
    badSql.put("transforms.mask.query", "SELECT * FORM customers");
    assertThat(bodies.problems("broken", badSql)).isNotEmpty();

    Map<String, String> noContract = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-clickhouse.json")));
    noContract.put("transforms.contract.contracts.file", "/etc/streamfirst/contracts/missing.json");
    assertThat(bodies.problems("broken", noContract)).anySatisfy(problem -> assertThat(problem)
        .contains("transforms.contract."));

    Map<String, String> unknownClass = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/shop-cdc.json")));
    unknownClass.put("connector.class", "io.streamfirst.connect.cdc.oracle.OracleCdcSourceConnector");
    assertThat(bodies.problems("broken", unknownClass)).singleElement().asString().startsWith("connector.class: ");

    Map<String, String> window = new LinkedHashMap<>(
        ComposeFileTest.read(ComposeFile.DIR.resolve("connectors/revenue-per-minute.json")));
    window.remove("output.topic");
    assertThat(bodies.problems("broken", window)).isNotEmpty();
  }
}
