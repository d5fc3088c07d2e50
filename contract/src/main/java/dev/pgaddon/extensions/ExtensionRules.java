package dev.pgaddon.extensions;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The extensions the platform offers: those of this list that the node image holds. Left out on
 * purpose: untrusted languages (plperlu, plpython3u, pltclu), file and network access (file_fdw,
 * dblink, postgres_fdw, adminpack) and inspection of server internals (pageinspect, pg_buffercache,
 * pg_surgery, ...): each would hand out a superuser's power.
 */
public final class ExtensionRules {
  public static final Set<String> OFFERED = Set.of("bloom", "btree_gin", "btree_gist", "citext", "cube", "dict_int",
      "earthdistance", "fuzzystrmatch", "hstore", "intarray", "isn", "lo", "ltree", "pg_stat_statements", "pg_trgm",
      "pgcrypto", "postgis", "postgis_topology", "seg", "tablefunc", "tcn", "tsm_system_rows", "tsm_system_time",
      "unaccent", "uuid-ossp", "vector");

  private ExtensionRules() {}

  /** Null when the extension may be enabled or disabled, otherwise why not (with the list). */
  public static String nameProblem(String name) {
    if (name == null || name.isBlank()) {
      return "an extension name is required";
    }
    if (!OFFERED.contains(name)) {
      String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
      return "extension '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not offered; the platform offers: "
          + String.join(", ", sorted());
    }
    return null;
  }

  public static List<String> sorted() {
    return List.copyOf(new TreeSet<>(OFFERED));
  }
}
