package dev.pgaddon.backup;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Point-in-time recovery: an addon restored in place to a past time, or a new addon made from
 * another one's backups (the original untouched).
 */
@WorkflowInterface
public interface RestoreWorkflow extends OperationWorkflow {
  /**
   * @param sourceAddonId whose backups and WAL are restored: {@code addonId} itself in place
   * @param targetTime RFC 3339
   * @param planId the new addon's plan (null in place: the addon keeps its own)
   */
  record RestoreRequest(String addonId, String app, String sourceAddonId, String targetTime, String planId) {
    public boolean inPlace() {
      return addonId.equals(sourceAddonId);
    }
  }

  /** @param url a new addon's connection URL (null in place: it does not change) */
  record RestoreResult(String addonId, String sourceAddonId, String targetTime, String backupId, String timeline,
      String newBackupId, String version, String url) {}

  @WorkflowMethod(name = "RestoreAddon")
  RestoreResult restore(RestoreRequest request);
}
