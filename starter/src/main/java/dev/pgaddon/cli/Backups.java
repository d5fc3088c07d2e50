package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

  static Object[] row(JsonNode b) {
    return new Object[] {b.path("id").asText(), time(b.path("created_at")), size(b.path("size")),
        b.path("status").asText(), method(b.path("method").asText(""))};
  }

  /** "12.3 MiB"; "-" while the size is not known (a backup that runs or failed). */
  static String size(JsonNode bytes) {
    return bytes.isNumber() ? size(bytes.asLong()) : "-";
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

  static String time(JsonNode instant) {
    String text = instant.asText("");
    try {
      return text.isEmpty() ? "" : TIME.format(Instant.parse(text));
    } catch (DateTimeParseException notAnInstant) {
      return text;
    }
  }
}
