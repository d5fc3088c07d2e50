package dev.pgaddon.plan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plan of the catalog: the resources a node gets and the PostgreSQL settings they imply.
 *
 * @param nanoCpus CPU share in units of 10^-9 CPUs, as Docker's NanoCPUs
 * @param maxConnections client connections the endpoint accepts for the addon
 * @param highAvailability true for a primary plus a streaming-replication follower
 */
public record Plan(
    String id,
    String name,
    int memoryMiB,
    long nanoCpus,
    int diskQuotaGiB,
    int maxConnections,
    boolean highAvailability) {

  public long memoryBytes() {
    return memoryMiB * 1024L * 1024L;
  }

  public int nodeCount() {
    return highAvailability ? 2 : 1;
  }

  /**
   * The same on every plan: a hot standby refuses to run with a lower max_connections than its
   * primary, so a plan change that lowered it could not restart the follower first. The plan's
   * connection limit is enforced by the endpoint instead ({@link #maxConnections}).
   */
  public static final int SERVER_MAX_CONNECTIONS = 200;

  /** PostgreSQL settings derived from the memory size, in the usual proportions (25% / 75%). */
  public Map<String, String> postgresqlSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("max_connections", Integer.toString(SERVER_MAX_CONNECTIONS));
    settings.put("shared_buffers", memoryMiB / 4 + "MB");
    settings.put("effective_cache_size", memoryMiB * 3 / 4 + "MB");
    settings.put("maintenance_work_mem", Math.max(16, memoryMiB / 16) + "MB");
    settings.put("work_mem", Math.max(1024, memoryMiB * 1024 / 4 / maxConnections) + "kB");
    settings.put("wal_level", "replica");
    settings.put("max_wal_senders", "10");
    settings.put("max_replication_slots", "10");
    settings.put("hot_standby", "on");
    settings.put("password_encryption", "scram-sha-256");
    return settings;
  }
}
