package dev.pgaddon.control;

import java.time.Instant;

/**
 * A base backup as the control plane records it. Its files are in the addon's backup repository
 * under the epoch of the cluster it copied ({@code systemId}).
 *
 * @param startWal the first WAL segment a restore from it replays (older segments are not needed)
 * @param storedBytes its pgBackRest copy's bytes in the repository (compressed, encrypted); null without one
 * @param verification whether the object store's copy verified: "ok ...", "error: ...", "not verified: ..."
 */
public record BackupRecord(String id, String addonId, String method, String status, Instant createdAt,
    Instant finishedAt, Long sizeBytes, String version, String systemId, String startWal, String error,
    Long storedBytes, String verification) {
  public BackupRecord(String id, String addonId, String method, String status, Instant createdAt, Instant finishedAt,
      Long sizeBytes, String version, String systemId, String startWal, String error) {
    this(id, addonId, method, status, createdAt, finishedAt, sizeBytes, version, systemId, startWal, error, null, null);
  }

  public static final String RUNNING = "running";
  public static final String DONE = "done";
  public static final String FAILED = "failed";

  public boolean done() {
    return DONE.equals(status);
  }
}
