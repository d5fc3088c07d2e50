package dev.pgaddon.backup;

import dev.pgaddon.backup.BackupActivities.RetentionApplied;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One base backup of an addon's primary, then the addon's retention applied. */
@WorkflowInterface
public interface BackupWorkflow {
  /** @param method periodic, manual, major-upgrade or restore */
  record BackupRequest(String addonId, String backupId, String method) {}

  record BackupResult(String backupId, long sizeBytes, String systemId, RetentionApplied retention) {}

  @WorkflowMethod(name = "BackupAddon")
  BackupResult backup(BackupRequest request);
}
