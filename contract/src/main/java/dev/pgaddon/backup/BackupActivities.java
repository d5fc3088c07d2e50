package dev.pgaddon.backup;

import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeAddress;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Base backups, WAL archive and restores, on the addon's backup repository: the PostgreSQL tools
 * (pg_basebackup, tar, pg_archivecleanup, a recovering postgres) run in one-shot containers.
 */
@ActivityInterface
public interface BackupActivities {
  String PERIODIC = "periodic";
  String MANUAL = "manual";
  String MAJOR_UPGRADE = "major-upgrade";
  String RESTORE = "restore";

  record TakeBackupInput(AddonRef addon, NodeAddress primary, String image, String version, String backupId,
      String method) {}

  record BackupTaken(String backupId, long sizeBytes, String systemId, String startWal) {}

  record BackupFailedInput(String backupId, String error) {}

  record RetentionInput(AddonRef addon, String image) {}

  /** @param walKeptFrom per epoch still kept, the oldest WAL segment kept */
  record RetentionApplied(List<String> deletedBackups, List<String> deletedEpochs, List<String> walKeptFrom) {}

  record ArchiveNowInput(String addonId, NodeAddress primary) {}

  /** @param segment the WAL segment switched away from, now in the archive */
  record WalArchived(String segment) {}

  /**
   * @param targetTime RFC 3339
   * @param addonMajor the major the restored addon runs (in place: the addon's own)
   */
  record ChooseBackupInput(String sourceAddonId, int addonMajor, String targetTime, boolean inPlace) {}

  /** @param currentEpoch false for an epoch before a major upgrade: its WAL ends at that upgrade */
  record BackupChoice(String backupId, String systemId, String version, boolean currentEpoch, String target) {}

  /**
   * @param sourceAddonId whose repository holds the backup and WAL (the addon itself, in place)
   * @param restoreId names this restore's markers in the volume, the same on every retry
   * @param timeline the WAL segment whose timeline replay follows (the addon's when the restore
   *     began); null for the newest timeline of the epoch
   */
  record RestoreInput(AddonRef addon, String node, String image, String sourceAddonId, BackupChoice choice,
      String restoreId, String timeline) {}

  record Restored(String timeline, String summary) {}

  record RestoreDataInput(AddonRef addon, String node, String image, String restoreId) {}

  record CopySecretsInput(String sourceAddonId, String addonId) {}

  /**
   * @param restoreStartedMillis when the restore began: backups of the epoch made between the target
   *     and then belong to the history the restore abandoned
   */
  record AbandonedBackupsInput(String addonId, String systemId, String targetTime, long restoreStartedMillis) {}

  record DueBackups(List<String> started) {}

  /** pg_basebackup of the primary into the repository (tar format, with its WAL), recorded in the control database. */
  @ActivityMethod(name = "TakeBackup")
  BackupTaken takeBackup(TakeBackupInput input);

  @ActivityMethod(name = "RecordBackupFailed")
  void recordBackupFailed(BackupFailedInput input);

  /** Deletes backups older than the addon's retention (keeping the newest one older), and the WAL only they needed. */
  @ActivityMethod(name = "ApplyRetention")
  RetentionApplied applyRetention(RetentionInput input);

  /** A commit, then a WAL switch, then waits until that segment is archived: the archive reaches now. */
  @ActivityMethod(name = "ArchiveWalNow")
  WalArchived archiveWalNow(ArchiveNowInput input);

  /** The backup to restore for the target time; a refusal (outside the window, say) is not retried. */
  @ActivityMethod(name = "ChooseBackup")
  BackupChoice chooseBackup(ChooseBackupInput input);

  /** Keeps the node's data directory aside, restores the backup, replays WAL to the target and promotes. */
  @ActivityMethod(name = "RestoreDataDirectory")
  Restored restoreDataDirectory(RestoreInput input);

  /** A failed restore in place: the data directory kept aside goes back. */
  @ActivityMethod(name = "PutBackDataDirectory")
  void putBackDataDirectory(RestoreDataInput input);

  /** The restore succeeded: the data directory kept aside is deleted. */
  @ActivityMethod(name = "DiscardPreRestoreData")
  void discardPreRestoreData(RestoreDataInput input);

  /** A restored copy has the source's roles and passwords: the new addon gets the same secrets. */
  @ActivityMethod(name = "CopySecrets")
  void copySecrets(CopySecretsInput input);

  /** After a restore in place: the backups of the abandoned history are no longer offered (a restore from them would fail). */
  @ActivityMethod(name = "ForgetAbandonedBackups")
  void forgetAbandonedBackups(AbandonedBackupsInput input);

  /** Starts the periodic backup of every addon scheduled at this hour that has none from the last 20 hours. */
  @ActivityMethod(name = "StartDueBackups")
  DueBackups startDueBackups();
}
