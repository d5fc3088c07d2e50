package dev.pgaddon.control;

import java.time.Instant;

/**
 * An addon as the control plane records it: what was asked (plan, version, hook) and what the
 * workers last observed (status, nodes as JSON, endpoint). The connection URL is encrypted.
 */
public record AddonRecord(String id, String app, String providerId, String planId, String version, String status,
    String restartHook, String nodesJson, Integer endpointPort, String databaseName, byte[] connectionUrlEnc,
    byte[] restartHookSecretEnc, Instant createdAt, Instant updatedAt, Instant observedAt, Instant removedAt,
    String usersJson, String extensionsJson) {

  /** What a worker observed on the nodes, written back in one statement. */
  /** @param usersJson null when the users could not be read (the last list read is kept); the same for extensions */
  public record Observation(String planId, String version, String status, String nodesJson, Integer endpointPort,
      String databaseName, byte[] connectionUrlEnc, byte[] restartHookSecretEnc, String usersJson, String extensionsJson) {}
}
