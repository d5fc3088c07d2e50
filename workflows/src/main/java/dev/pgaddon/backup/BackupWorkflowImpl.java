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

public class BackupWorkflowImpl implements BackupWorkflow {
  private final NodeActivities nodes = Steps.nodes();
  private final BackupActivities backups = Steps.backups();

  @Override
  public BackupResult backup(BackupRequest request) {
    BackupTaken taken;
    AddonRef addon;
    String image;
    try {
      AddonState state = nodes.describeAddon(new DescribeAddonInput(request.addonId()));
      if (state.primary() == null) {
        throw Failures.failed("addon " + request.addonId() + " has no running primary to back up");
      }
      addon = new AddonRef(state.addonId(), state.app(), state.planId());
      image = state.image();
      taken = backups.takeBackup(new TakeBackupInput(addon, state.primary().address(), image, state.version(),
          request.backupId(), request.method()));
    } catch (ActivityFailure | io.temporal.failure.ApplicationFailure e) {
      backups.recordBackupFailed(new BackupFailedInput(request.backupId(), ProgressTracker.rootMessage(e)));
      throw Failures.failed("backup " + request.backupId() + " of " + request.addonId() + " failed: "
          + ProgressTracker.rootMessage(e));
    }
    RetentionApplied retention = backups.applyRetention(new RetentionInput(addon, image));
    return new BackupResult(taken.backupId(), taken.sizeBytes(), taken.systemId(), retention);
  }
}
