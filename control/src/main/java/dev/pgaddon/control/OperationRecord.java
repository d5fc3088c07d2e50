package dev.pgaddon.control;

import java.time.Instant;

/**
 * One operation in the audit trail: which workflow run, what was asked and by which token, how
 * it ended. Steps (JSON) are the workflow's last progress, kept once it has closed.
 */
public record OperationRecord(String id, String addonId, String app, String kind, String workflowId, String runId,
    String tokenId, String requestJson, String status, String errorCode, String errorMessage, String stepsJson,
    String resultJson, Instant startedAt, Instant closedAt) {
  public static final String RUNNING = "running";

  public boolean running() {
    return RUNNING.equals(status);
  }
}
