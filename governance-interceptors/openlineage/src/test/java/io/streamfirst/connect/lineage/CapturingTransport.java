// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/** Keeps every event as the JSON a transport would send; optionally blocks until released. */
final class CapturingTransport extends Transport {

  final List<String> events = new CopyOnWriteArrayList<>();
  final CountDownLatch release;

  CapturingTransport(boolean blocked) {
    release = new CountDownLatch(blocked ? 1 : 0);
  }

  @Override
  public void emit(OpenLineage.RunEvent runEvent) {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    events.add(OpenLineageClientUtils.toJson(runEvent));
  }

  @Override
  public void emit(OpenLineage.DatasetEvent datasetEvent) {
    events.add(OpenLineageClientUtils.toJson(datasetEvent));
  }

  @Override
  public void emit(OpenLineage.JobEvent jobEvent) {
    events.add(OpenLineageClientUtils.toJson(jobEvent));
  }
}
