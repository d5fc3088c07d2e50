package dev.pgaddon.backup;

import dev.pgaddon.backup.BackupActivities.DueBackups;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Run by a Temporal Schedule: starts the periodic backup of every addon that is due. */
@WorkflowInterface
public interface PeriodicBackupsWorkflow {
  @WorkflowMethod(name = "PeriodicBackups")
  DueBackups startDue();
}
