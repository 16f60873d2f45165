// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's lists of documented differences and unsupported constructs are the ones the
 * differential tests accept ({@link DocumentedDifferences}): same entries, same order.
 */
class DocumentedDifferencesReadmeTest {

  private static final Path README = Path.of("README.md");

  @Test
  void readmeListsEveryDocumentedDifference() throws Exception {
    List<String> expected = Arrays.stream(DocumentedDifferences.values()).map(d -> "- " + d.description).toList();
    assertThat(block("documented-differences")).containsExactlyElementsOf(expected);
  }

  @Test
  void readmeListsEveryUnsupportedConstruct() throws Exception {
    List<String> expected = DocumentedDifferences.UNSUPPORTED.stream().map(c -> "- " + c).toList();
    assertThat(block("unsupported-constructs")).containsExactlyElementsOf(expected);
  }

  /** The non-empty lines between {@code <!-- name:begin -->} and {@code <!-- name:end -->}. */
  private static List<String> block(String name) throws Exception {
    String text = Files.readString(README, StandardCharsets.UTF_8);
    int begin = text.indexOf("<!-- " + name + ":begin -->");
    int end = text.indexOf("<!-- " + name + ":end -->");
    assertThat(begin).as("README marker " + name + ":begin").isGreaterThanOrEqualTo(0);
    assertThat(end).as("README marker " + name + ":end").isGreaterThan(begin);
    return text.substring(text.indexOf('\n', begin) + 1, end).lines().filter(line -> !line.isBlank()).toList();
  }
}
