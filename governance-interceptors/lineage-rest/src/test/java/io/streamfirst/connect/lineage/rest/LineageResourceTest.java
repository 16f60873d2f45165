// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.lineage.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The page is one self-contained document: nothing loaded from elsewhere (no CDN), and its script puts text
 * from the cluster into the page only as text, never as markup.
 */
class LineageResourceTest {

  @Test
  void thePageIsSelfContainedAndNeverWritesMarkupFromData() {
    String page = LineageResource.html();

    assertThat(page).startsWith("<!DOCTYPE html>").doesNotContain("/*STYLE*/", "/*SCRIPT*/")
        .contains("function refresh()", "#graph-box");
    assertThat(page).doesNotContain("src=\"http", "href=\"http", "src=\"//", "href=\"//", "@import", "url(http");
    assertThat(page).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
    assertThat(LineageResource.CONTENT_SECURITY_POLICY).contains("default-src 'none'",
        "connect-src 'self'");
  }
}
