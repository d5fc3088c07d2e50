package dev.pgaddon.backup;

import dev.pgaddon.backup.BackupActivities.DueBackups;
import dev.pgaddon.operation.Steps;

public class PeriodicBackupsWorkflowImpl implements PeriodicBackupsWorkflow {
  private final BackupActivities backups = Steps.backups();

  @Override
  public DueBackups startDue() {
    return backups.startDueBackups();
  }
}
