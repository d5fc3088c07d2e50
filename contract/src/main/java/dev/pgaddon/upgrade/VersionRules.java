package dev.pgaddon.upgrade;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The seed's upgrade rules: the latest minor of your major first, then the next major; never a
 * downgrade; only versions the platform offers (the node images that exist).
 */
public final class VersionRules {
  private VersionRules() {}

  public record Version(int major, int minor) implements Comparable<Version> {
    /** "15.20"; anything else (null included) is an IllegalArgumentException that says so. */
    public static Version parse(String text) {
      String[] parts = text == null ? new String[0] : text.split("\\.");
      try {
        return new Version(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
      } catch (RuntimeException notAVersion) {
        throw new IllegalArgumentException("'" + text + "' is not a PostgreSQL version (major.minor)");
      }
    }

    @Override
    public int compareTo(Version o) {
      return Comparator.comparingInt(Version::major).thenComparingInt(Version::minor).compare(this, o);
    }

    @Override
    public String toString() {
      return major + "." + minor;
    }
  }

  /** The upgrade the platform offers next: the latest minor of the current major, else the latest of the next major. */
  public static Optional<String> next(String current, List<String> available) {
    Version now = Version.parse(current);
    Optional<Version> latestMinor = available.stream().map(Version::parse)
        .filter(v -> v.major() == now.major() && v.compareTo(now) > 0).max(Comparator.naturalOrder());
    if (latestMinor.isPresent()) {
      return latestMinor.map(Version::toString);
    }
    Optional<Integer> nextMajor = available.stream().map(Version::parse).map(Version::major)
        .filter(m -> m > now.major()).min(Comparator.naturalOrder());
    return nextMajor.flatMap(m -> available.stream().map(Version::parse).filter(v -> v.major() == m)
        .max(Comparator.naturalOrder())).map(Version::toString);
  }

  /** Null when moving from {@code current} to {@code target} is allowed, otherwise why not. */
  public static String problem(String current, String target, List<String> available) {
    if (!available.contains(target)) {
      return "PostgreSQL " + target + " is not offered; available: " + String.join(", ", available);
    }
    // In workflow code an exception here would fail the workflow task again and again: a reason instead.
    Version now;
    Version to;
    try {
      now = Version.parse(current);
      to = Version.parse(target);
    } catch (IllegalArgumentException unknown) {
      return "the addon's current PostgreSQL version is unknown (" + unknown.getMessage() + "): it cannot be upgraded now";
    }
    if (to.compareTo(now) == 0) {
      return "the database already runs PostgreSQL " + current;
    }
    if (to.compareTo(now) < 0) {
      return "PostgreSQL " + target + " is older than " + current + ": downgrades are not possible";
    }
    if (to.major() > now.major()) {
      Optional<String> next = next(current, available);
      if (next.isPresent() && Version.parse(next.get()).major() == now.major()) {
        return "upgrade to the latest minor of your major first: PostgreSQL " + next.get()
            + ", then to " + target;
      }
      if (next.isPresent() && Version.parse(next.get()).major() != to.major()) {
        return "upgrade one major at a time: the next major is " + Version.parse(next.get()).major();
      }
    }
    return null;
  }

  public static boolean isMajor(String current, String target) {
    return Version.parse(current).major() != Version.parse(target).major();
  }
}
