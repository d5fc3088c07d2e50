package dev.pgaddon.upgrade;

import java.util.List;
import java.util.stream.Collectors;

/** pg_upgrade's explanation of a refusal or a failure, as one line a user can act on. */
final class PgUpgradeOutput {
  private PgUpgradeOutput() {}

  /** The failing check's lines and the objects it lists, whitespace folded; the upgrade scripts print only those. */
  static String reason(String output) {
    List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty())
        .filter(l -> !l.startsWith("Failure, exiting")).toList();
    String text = lines.stream().collect(Collectors.joining(" ")).replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "pg_upgrade gave no reason (see the worker's log)" : text;
  }
}
