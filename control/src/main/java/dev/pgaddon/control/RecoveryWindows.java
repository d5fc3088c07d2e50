package dev.pgaddon.control;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an addon can be restored to, from its finished base backups. Backups are grouped in epochs
 * (one per cluster: a major upgrade makes a new one). An epoch's window starts when its oldest
 * backup finished; the current epoch's ends now, an older one's when the next epoch began.
 */
public final class RecoveryWindows {
  /** One epoch: its cluster's system identifier, major version and window. */
  public record Epoch(String systemId, int major, Instant earliest, Instant latest, boolean current) {}

  /** The base backup to restore, in which epoch, for a target time. */
  public record Choice(BackupRecord backup, Epoch epoch) {}

  private final String addonId;
  private final List<Epoch> epochs;
  private final List<BackupRecord> done;

  private RecoveryWindows(String addonId, List<Epoch> epochs, List<BackupRecord> done) {
    this.addonId = addonId;
    this.epochs = epochs;
    this.done = done;
  }

  /** @param addonMajor the major the addon runs now: an epoch of another major is not current */
  public static RecoveryWindows of(String addonId, int addonMajor, List<BackupRecord> backups, Instant now) {
    List<BackupRecord> done = backups.stream().filter(b -> b.done() && b.finishedAt() != null && b.systemId() != null)
        .sorted(Comparator.comparing(BackupRecord::createdAt)).toList();
    Map<String, List<BackupRecord>> bySystem = new LinkedHashMap<>();
    done.forEach(b -> bySystem.computeIfAbsent(b.systemId(), k -> new ArrayList<>()).add(b));
    List<Epoch> epochs = new ArrayList<>();
    List<String> systems = new ArrayList<>(bySystem.keySet());
    for (int i = 0; i < systems.size(); i++) {
      List<BackupRecord> own = bySystem.get(systems.get(i));
      Instant earliest = own.stream().map(BackupRecord::finishedAt).min(Comparator.naturalOrder()).orElseThrow();
      int major = majorOf(own.get(own.size() - 1).version());
      boolean last = i == systems.size() - 1;
      boolean current = last && major == addonMajor;
      Instant latest = last ? now : bySystem.get(systems.get(i + 1)).get(0).createdAt();
      epochs.add(new Epoch(systems.get(i), major, earliest, latest, current));
    }
    return new RecoveryWindows(addonId, List.copyOf(epochs), done);
  }

  public List<Epoch> epochs() {
    return epochs;
  }

  public Optional<Epoch> current() {
    return epochs.stream().filter(Epoch::current).findFirst();
  }

  /** The RFC 3339 time, or a refusal that says what is expected. */
  public static Instant parseTarget(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a target time is required, in RFC 3339, e.g. 2026-11-29T10:15:00Z");
    }
    try {
      return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + shown(text) + "' is not an RFC 3339 time with its offset,"
          + " e.g. 2026-11-29T10:15:00Z or 2026-11-29T11:15:00+01:00");
    }
  }

  /**
   * The base backup to restore for {@code target}, or an IllegalArgumentException whose message is
   * the one line the user sees.
   *
   * @param inPlace a restore of the addon itself: only its current epoch can be restored in place
   */
  public Choice choose(Instant target, Instant now, boolean inPlace) {
    if (target.isAfter(now)) {
      throw new IllegalArgumentException(text(target) + " is in the future (it is " + text(now) + "): there is nothing"
          + " to restore to yet");
    }
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException("addon " + addonId + " has no finished base backup yet, so no recovery window:"
          + " make one with backups-create");
    }
    Epoch epoch = epochs.stream().filter(e -> !target.isBefore(e.earliest()) && !target.isAfter(e.latest()))
        .reduce((a, b) -> b).orElseThrow(() -> new IllegalArgumentException(text(target) + " is outside the recovery"
            + " window of addon " + addonId + ": " + describe()));
    if (inPlace && !epoch.current()) {
      Optional<Epoch> current = current();
      throw new IllegalArgumentException(text(target) + " is before the upgrade to PostgreSQL "
          + current.map(c -> Integer.toString(c.major())).orElse("its current major") + ": the addon cannot go back to"
          + " it in place (" + current.map(c -> "its window starts at " + text(c.earliest())).orElse("no backup since")
          + "); restore it into a new addon on PostgreSQL " + epoch.major() + " with --new-addon");
    }
    BackupRecord backup = done.stream()
        .filter(b -> b.systemId().equals(epoch.systemId()) && !b.finishedAt().isAfter(target))
        .reduce((a, b) -> b).orElseThrow();
    return new Choice(backup, epoch);
  }

  /** "from X to Y" for each epoch, for messages. */
  public String describe() {
    if (epochs.isEmpty()) {
      return "none (no finished base backup yet)";
    }
    List<String> parts = new ArrayList<>();
    for (Epoch e : epochs) {
      parts.add("PostgreSQL " + e.major() + " from " + text(e.earliest()) + " to " + (e.current() ? "now" : text(e.latest())));
    }
    return String.join("; ", parts);
  }

  public static String text(Instant t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  private static int majorOf(String version) {
    if (version == null) {
      return -1;
    }
    int dot = version.indexOf('.');
    return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
  }

  private static String shown(String value) {
    String s = value.length() > 60 ? value.substring(0, 60) + "..." : value;
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
