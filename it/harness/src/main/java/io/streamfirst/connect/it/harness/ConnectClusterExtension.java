// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.it.harness;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension owning a {@link ConnectCluster}. In a {@code static} field it starts the
 * cluster once before the class's tests (its {@code @Nested} classes share it) and stops it after
 * them; in an instance field it starts and stops one cluster per test. Test methods may also take
 * a {@code ConnectCluster} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ConnectClusterExtension CONNECT =
 *     new ConnectClusterExtension(b -> b.workers(2).workerProperty("exactly.once.source.support", "enabled"));
 *
 * @Test
 * void runs() {
 *   ConnectCluster cluster = CONNECT.cluster();
 *   ...
 * }
 * }</pre>
 */
public final class ConnectClusterExtension
    implements
      BeforeAllCallback,
      AfterAllCallback,
      BeforeEachCallback,
      AfterEachCallback,
      ParameterResolver {

  private final Consumer<ConnectClusterBuilder> options;
  private ConnectCluster cluster;
  private boolean perClass;
  /** How many test classes (the registering one plus its {@code @Nested} ones) are running. */
  private int classDepth;

  /** A cluster with the defaults of {@link ConnectCluster#builder()}. */
  public ConnectClusterExtension() {
    this(builder -> {});
  }

  /** A cluster with options set on the builder, e.g. {@code b -> b.workers(3)}. */
  public ConnectClusterExtension(Consumer<ConnectClusterBuilder> options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** The running cluster. */
  public ConnectCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("The Connect cluster is not started: register"
          + " ConnectClusterExtension with @RegisterExtension and use it from a test");
    }
    return cluster;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (classDepth++ == 0) {
      perClass = true;
      cluster = startCluster();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (cluster == null) {
      cluster = startCluster();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stopCluster();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (--classDepth == 0) {
      stopCluster();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ConnectCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (cluster == null) {
      cluster = startCluster();
    }
    return cluster;
  }

  private ConnectCluster startCluster() {
    ConnectClusterBuilder builder = ConnectCluster.builder();
    options.accept(builder);
    return builder.start();
  }

  private void stopCluster() {
    if (cluster != null) {
      try {
        cluster.close();
      } finally {
        cluster = null;
      }
    }
  }
}
