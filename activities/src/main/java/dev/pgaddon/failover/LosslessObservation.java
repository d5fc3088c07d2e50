package dev.pgaddon.failover;

import java.time.Instant;

/** Whether the synchronous replication a watch saw still holds: seen after the addon's last operation ended. */
final class LosslessObservation {
  private LosslessObservation() {}

  /**
   * @param seenAt when a check last saw commits waiting for the follower, or null
   * @param lastOperation when the addon's last operation ended (now while one runs), or null if none ever ran
   */
  static boolean fresh(Instant seenAt, Instant lastOperation) {
    return seenAt != null && (lastOperation == null || seenAt.isAfter(lastOperation));
  }
}
