package dev.pgaddon.cli;

import dev.pgaddon.api.body.BackupBody;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** What the backups-* commands share: the paths, and how a backup is shown. */
final class Backups {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB"};

  private Backups() {}

  static String path(String app, String addonId) {
    return ApiClient.addonPath(app, addonId) + "/backups";
  }

  static Object[] row(BackupBody b) {
    return new Object[] {b.id(), time(b.createdAt()), size(b.size()), size(b.storedSize()), b.status(),
        method(b.method() == null ? "" : b.method()), verified(b.verification())};
  }

  /** The store copy's verification, in a word: ok, error, or "-" (not verified, or no copy). */
  static String verified(String verification) {
    if (verification == null) {
      return "-";
    }
    return verification.startsWith("ok") ? "ok" : verification.startsWith("error") ? "error" : "-";
  }

  /** "12.3 MiB"; "-" while the size is not known (a backup that runs or failed). */
  static String size(Long bytes) {
    return bytes == null ? "-" : size(bytes.longValue());
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  static String method(String method) {
    return switch (method) {
      case "major-upgrade" -> "after major upgrade";
      case "restore" -> "after restore";
      default -> method;
    };
  }

  static String time(String instant) {
    String text = instant == null ? "" : instant;
    try {
      return text.isEmpty() ? "" : TIME.format(Instant.parse(text));
    } catch (DateTimeParseException notAnInstant) {
      return text;
    }
  }
}
