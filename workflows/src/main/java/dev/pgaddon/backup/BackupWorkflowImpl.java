package dev.pgaddon.backup;

import dev.pgaddon.backup.BackupActivities.BackupFailedInput;
import dev.pgaddon.backup.BackupActivities.BackupTaken;
import dev.pgaddon.backup.BackupActivities.RetentionApplied;
import dev.pgaddon.backup.BackupActivities.RetentionInput;
import dev.pgaddon.backup.BackupActivities.TakeBackupInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class BackupWorkflowImpl implements BackupWorkflow {
  private final NodeActivities nodes = Steps.nodes();
  private final BackupActivities backups = Steps.backups();

  /** A backup whose primary was switched over, or went down, meanwhile is tried again on the addon as it is then. */
  private static final int ROUNDS = 3;

  @Override
  public BackupResult backup(BackupRequest request) {
    for (int round = 1; ; round++) {
      try {
        AddonState state = nodes.describeAddon(new DescribeAddonInput(request.addonId()));
        if (state.primary() == null) {
          throw Failures.failed("addon " + request.addonId() + " has no running primary to back up");
        }
        AddonRef addon = new AddonRef(state.addonId(), state.app(), state.planId());
        BackupTaken taken = backups.takeBackup(new TakeBackupInput(addon, state.primary().address(), state.image(),
            state.version(), request.backupId(), request.method()));
        RetentionApplied retention = backups.applyRetention(new RetentionInput(addon, state.image()));
        return new BackupResult(taken.backupId(), taken.sizeBytes(), taken.systemId(), retention);
      } catch (ActivityFailure | ApplicationFailure e) {
        if (round == ROUNDS) {
          backups.recordBackupFailed(new BackupFailedInput(request.backupId(), Failures.rootMessage(e)));
          throw Failures.failed("backup " + request.backupId() + " of " + request.addonId() + " failed: "
              + Failures.rootMessage(e));
        }
        Workflow.sleep(Duration.ofSeconds(30));
      }
    }
  }
}
