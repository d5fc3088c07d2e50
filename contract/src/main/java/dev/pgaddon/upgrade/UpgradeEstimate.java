package dev.pgaddon.upgrade;

/**
 * How long a major upgrade keeps the database unreachable (steps 1 to 3).
 *
 * @param pessimisticSeconds the seed's figure for copying the data: 1 minute per 10 GiB
 * @param linkModeSeconds ours: pg_upgrade --link hard-links the data files, so its time follows the
 *     number of user relations it dumps and restores, not the bytes
 */
public record UpgradeEstimate(long pessimisticSeconds, long linkModeSeconds) {
  private static final double GIB = 1024.0 * 1024 * 1024;
  /**
   * Pausing the endpoint, stopping both nodes, initdb of the new cluster, pg_upgrade's fixed checks,
   * starting the primary: 8 to 10 s measured with a handful of relations, whatever the size
   * (bench/major-upgrade.sh, 1 and 8 GiB).
   */
  static final double FIXED_SECONDS = 10;
  /** Dump and restore of one relation's definition: 20,000 relations added 14.5 s (TABLES=5000 in the bench). */
  static final double SECONDS_PER_RELATION = 0.00075;

  public static UpgradeEstimate of(long dataBytes, long relations) {
    long pessimistic = Math.max(60, Math.round(Math.ceil(dataBytes / (10 * GIB)) * 60));
    long link = Math.round(Math.ceil(FIXED_SECONDS + relations * SECONDS_PER_RELATION));
    return new UpgradeEstimate(pessimistic, link);
  }
}
