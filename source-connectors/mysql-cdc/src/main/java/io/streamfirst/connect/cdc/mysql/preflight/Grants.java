package io.streamfirst.connect.cdc.mysql.preflight;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The privileges a user holds as {@code SHOW GRANTS} lists them: global ones ({@code ON *.*}), those
 * on some database or table, and whether roles were granted (whose privileges this does not see).
 * Only privilege names are read; the rest of a line (it may hold a password hash) is ignored.
 */
final class Grants {

  private final Set<String> global = new HashSet<>();
  private final Set<String> anywhere = new HashSet<>();
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
    String target = upper.substring(on + 4).trim();
    boolean isGlobal = target.startsWith("*.*");
    for (String privilege : upper.substring(6, on).split(",")) {
      String name = privilege.replaceAll("\\(.*", "").trim();
      if (name.equals("ALL") || name.equals("ALL PRIVILEGES")) {
        name = "ALL PRIVILEGES";
      }
      anywhere.add(name);
      if (isGlobal) {
        global.add(name);
      }
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

  /** True when one of {@code names} is held on anything (or ALL PRIVILEGES is). */
  boolean hasAnywhere(String... names) {
    if (anywhere.contains("ALL PRIVILEGES")) {
      return true;
    }
    for (String name : names) {
      if (anywhere.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /** True when roles were granted: their privileges are not listed, so a missing one may come from them. */
  boolean hasRoles() {
    return roles;
  }
}
