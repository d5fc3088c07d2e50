package dev.pgaddon.upgrade;

import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeAddress;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The PostgreSQL tools of a major upgrade (pg_upgrade, vacuumdb, pg_basebackup), run beside the nodes. */
@ActivityInterface
public interface UpgradeActivities {
  /**
   * @param node the primary's node name (its volume holds the data directory)
   * @param targetImage the new major's image, which also holds the old major's binaries
   */
  record CheckInput(AddonRef addon, NodeAddress primary, String fromVersion, String toVersion, String targetImage) {}

  /**
   * @param compatible what pg_upgrade --check said; when false, {@code reason} holds its explanation
   * @param relations user relations (tables, indexes, TOAST, sequences, views) of every database: pg_upgrade
   *     dumps and restores each one, so link-mode time follows them, not bytes
   * @param extensions "database: name version" of every installed extension, updated after the upgrade
   */
  record CheckReport(boolean compatible, String reason, long dataBytes, long relations, List<String> extensions,
      UpgradeEstimate estimate) {}

  record DataDirectoryInput(AddonRef addon, String node, String fromVersion, String toVersion, String image) {}

  /** @param outcome the last lines pg_upgrade printed, or why nothing needed doing */
  record DataDirectoryResult(String outcome) {}

  record AnalyzeInput(AddonRef addon, NodeAddress primary, String image, int stage) {}

  record StageAnalyzed(int stage, String summary) {}

  record ExtensionsInput(String addonId, NodeAddress primary) {}

  /** @param results "database: name old -> new" (or the error) for each extension */
  record ExtensionsUpdated(List<String> results) {}

  /** @param label names the backup, and a new backup epoch: the new major's backups never mix with the old one's */
  record BackupInput(AddonRef addon, NodeAddress primary, String image, String label) {}

  /** @param volume where it is (now a place in the addon's backup repository; the name is kept for recorded histories) */
  record BackupTaken(String volume, String label, long bytes) {}

  /** Pre-flight: pg_upgrade --check against the running primary, data size, catalog size, extensions. */
  @ActivityMethod(name = "CheckUpgrade")
  CheckReport check(CheckInput input);

  /** Step 2: pg_upgrade --link on the stopped primary's data; the old directory is kept beside it until the end. */
  @ActivityMethod(name = "RunPgUpgrade")
  DataDirectoryResult runPgUpgrade(DataDirectoryInput input);

  /** Rollback: puts the old data directory back exactly as it was (only valid before the new server ever started). */
  @ActivityMethod(name = "RestoreOldDataDirectory")
  DataDirectoryResult restoreOldDataDirectory(DataDirectoryInput input);

  /** One of vacuumdb --analyze-in-stages' three stages, on every database. */
  @ActivityMethod(name = "AnalyzeStage")
  StageAnalyzed analyzeStage(AnalyzeInput input);

  /** ALTER EXTENSION ... UPDATE for every installed extension, each result reported. */
  @ActivityMethod(name = "UpdateExtensions")
  ExtensionsUpdated updateExtensions(ExtensionsInput input);

  @ActivityMethod(name = "TakeBaseBackup")
  BackupTaken takeBaseBackup(BackupInput input);

  /** Deletes the old major's data directory once the new primary has taken writes (link mode shares its files). */
  @ActivityMethod(name = "DeleteOldDataDirectory")
  DataDirectoryResult deleteOldDataDirectory(DataDirectoryInput input);
}
