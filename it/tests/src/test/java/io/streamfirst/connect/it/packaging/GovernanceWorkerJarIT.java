// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The governance worker jar (packaging/governance-interceptors-jar) goes on the worker's class path, next to
 * every jar the worker has: it must hold only Streamfirst's interceptors, with every dependency relocated
 * under {@code io.streamfirst.connect.governance.shaded}, and nothing the worker provides.
 */
class GovernanceWorkerJarIT {

  private static final String OWN = "io/streamfirst/connect/governance/";

  private static Path workerJar() throws Exception {
    Path jar = Path.of(Class.forName("io.streamfirst.connect.governance.LineageProducerInterceptor")
        .getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(jar.getFileName().toString()).matches("streamfirst-governance-worker-.+\\.jar");
    assertThat(Files.isRegularFile(jar)).isTrue();
    return jar;
  }

  @Test
  void everyClassIsStreamfirstsOwnOrRelocated() throws Exception {
    try (ZipFile jar = new ZipFile(workerJar().toFile())) {
      List<String> classes = jar.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).toList();
      List<String> others = jar.stream().map(ZipEntry::getName)
          .filter(name -> !name.endsWith("/") && !name.endsWith(".class")).toList();

      assertThat(classes).as("classes in the worker jar").isNotEmpty()
          .allMatch(name -> name.startsWith(OWN), "is under " + OWN);
      assertThat(classes).as("the interceptors").contains(OWN + "LineageProducerInterceptor.class",
          OWN + "LineageConsumerInterceptor.class", OWN + "ContractProducerInterceptor.class");
      assertThat(classes).as("CEL and protobuf-java 4, relocated").contains(OWN + "shaded/cel/bundle/CelFactory.class",
          OWN + "shaded/protobuf/Message.class", OWN + "shaded/protobuf/RuntimeVersion.class");
      assertThat(classes).as("streamfirst-common, relocated").contains(OWN + "shaded/common/LineageHeaders.class");
      assertThat(classes).as("the transforms and converters are plugins: plugin directory only")
          .noneMatch(name -> name.startsWith(OWN + "AddLineage") || name.startsWith(OWN + "EnforceContract.")
              || name.startsWith(OWN + "EnforceContract$") || name.startsWith(OWN + "AvroConverter")
              || name.startsWith(OWN + "JsonSchemaConverter"));
      assertThat(others).as("no ServiceLoader manifests (no Connect plugin discovered from the class path),"
          + " no Maven metadata, no signatures: the manifest, the licences and notices of the relocated libraries,"
          + " and their resources under the relocated packages").contains("META-INF/MANIFEST.MF")
          .allMatch(name -> name.equals("META-INF/MANIFEST.MF") || name.matches("META-INF/[A-Za-z-]*(LICENSE|NOTICE)"
              + "(\\.txt)?") || name.startsWith(OWN + "shaded/"), "is the manifest, a licence or notice, or relocated");
    }
  }
}
