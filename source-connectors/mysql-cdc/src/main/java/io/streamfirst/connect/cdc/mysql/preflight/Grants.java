// SPDX-License-Identifier: Apache-2.0
// Copyright 2026 Streamfirst Connect contributors

package io.streamfirst.connect.cdc.mysql.preflight;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The privileges a user holds as {@code SHOW GRANTS} lists them: global ones ({@code ON *.*}), those
 * by database (grants on a database or on tables in it), and whether roles were granted (whose privileges this does not see).
 * Only privilege names and targets are read; the rest of a line (it may hold a password hash) is ignored.
 */
final class Grants {

  private final Set<String> global = new HashSet<>();
  /** Privileges by database, for grants on a database ({@code `db`.*}) or on tables in it. */
  private final Map<String, Set<String>> byDatabase = new HashMap<>();
  private boolean roles;

  /** Parses the rows of {@code SHOW GRANTS}. */
  static Grants parse(List<String> lines) {
    Grants grants = new Grants();
    for (String line : lines) {
      grants.add(line);
    }
    return grants;
  }

  private void add(String line) {
    String upper = line.trim().toUpperCase(Locale.ROOT);
    if (!upper.startsWith("GRANT ")) {
      return;
    }
    int on = upper.indexOf(" ON ");
    int to = upper.indexOf(" TO ");
    if (on < 0 || (to >= 0 && to < on)) {
      roles = true; // GRANT `role` TO `user`
      return;
    }
    String target = line.trim().substring(on + 4).trim();
    Set<String> into = target.startsWith("*.*")
        ? global
        : byDatabase.computeIfAbsent(databaseOf(target), k -> new HashSet<>());
    for (String privilege : upper.substring(6, on).split(",")) {
      String name = privilege.replaceAll("\\(.*", "").trim();
      into.add(name.equals("ALL") ? "ALL PRIVILEGES" : name);
    }
  }

  /** True when one of {@code names} is held on {@code *.*} (or ALL PRIVILEGES is). */
  boolean hasGlobal(String... names) {
    if (global.contains("ALL PRIVILEGES")) {
      return true;
    }
    for (String name : names) {
      if (global.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code name} is held globally or on each of {@code databases}. */
  boolean hasOnEvery(Collection<String> databases, String name) {
    if (hasGlobal(name)) {
      return true;
    }
    for (String database : databases) {
      Set<String> held = byDatabase.getOrDefault(database, Set.of());
      if (!held.contains(name) && !held.contains("ALL PRIVILEGES")) {
        return false;
      }
    }
    return true;
  }

  /** The database of a grant target such as {@code `shop`.*} or {@code `shop`.`orders`}, unquoted. */
  private static String databaseOf(String target) {
    String first;
    if (target.startsWith("`")) {
      int close = target.indexOf('`', 1);
      first = close < 0 ? target.substring(1) : target.substring(1, close);
    } else {
      int dot = target.indexOf('.');
      first = dot < 0 ? target : target.substring(0, dot);
    }
    return first.replace("\\_", "_").replace("\\%", "%");
  }

  /** True when roles were granted: their privileges are not listed, so a missing one may come from them. */
  boolean hasRoles() {
    return roles;
  }
}
