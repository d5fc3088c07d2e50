package dev.pgaddon.worker;

import dev.pgaddon.backup.PeriodicBackupsWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Duration;

/**
 * Looks for addons whose daily backup is due, every PGADDON_BACKUP_SWEEP_SECONDS (600 by default):
 * an addon's backup starts within that long after its hour (backups-config --schedule-at).
 */
public final class PeriodicBackupsSchedule {
  private PeriodicBackupsSchedule() {}

  public static String id(String taskQueue) {
    return "pgaddon-periodic-backups-" + taskQueue;
  }

  public static Duration interval() {
    return dev.pgaddon.settings.PlatformSettings.current().backupSweepInterval();
  }

  public static ScheduleHandle ensure(WorkflowClient client, String taskQueue, Duration every) {
    return StatusRefreshSchedule.ensure(client, id(taskQueue), PeriodicBackupsWorkflow.class,
        "periodic-backups-" + taskQueue, taskQueue, every);
  }
}
