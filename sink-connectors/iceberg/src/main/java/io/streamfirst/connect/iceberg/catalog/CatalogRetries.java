// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.iceberg.catalog;

import java.util.function.Supplier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catalog writes that race with the connector's other tasks: loading a JDBC catalog creates its own
 * tables, and auto-creation creates namespaces and tables. A catalog database that lets one writer in
 * at a time (SQLite) can fail the loser outright instead of reporting a conflict, so such a write is
 * tried a few times with a short pause before its failure is reported. The action must be safe to
 * repeat (check, then create); {@link AlreadyExistsException} is the caller's to handle, and an unreachable
 * catalog ({@link CatalogOutage#isUnreachable}) is reported at once.
 */
public final class CatalogRetries {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogRetries.class);
  private static final int ATTEMPTS = 5;

  private CatalogRetries() {}

  /** Runs {@code action}, retrying failures other than {@link AlreadyExistsException}; {@code what} names it in logs. */
  public static <T> T retry(String what, Supplier<T> action) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return action.get();
      } catch (AlreadyExistsException e) {
        throw e;
      } catch (RuntimeException e) {
        if (CatalogOutage.isUnreachable(e)) {
          throw e; // not contention: the task's outage handling decides how long to wait
        }
        last = e;
        LOG.warn("{} failed ({}), retrying", what, e.getClass().getSimpleName());
        try {
          Thread.sleep(200L * (attempt + 1));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    throw last;
  }
}
