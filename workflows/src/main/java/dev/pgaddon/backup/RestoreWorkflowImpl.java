package dev.pgaddon.backup;

import dev.pgaddon.backup.BackupActivities.AbandonedBackupsInput;
import dev.pgaddon.backup.BackupActivities.ArchiveNowInput;
import dev.pgaddon.backup.BackupActivities.BackupChoice;
import dev.pgaddon.backup.BackupActivities.ChooseBackupInput;
import dev.pgaddon.backup.BackupActivities.CopySecretsInput;
import dev.pgaddon.backup.BackupActivities.RestoreDataInput;
import dev.pgaddon.backup.BackupActivities.RestoreInput;
import dev.pgaddon.backup.BackupActivities.Restored;
import dev.pgaddon.backup.BackupActivities.TakeBackupInput;
import dev.pgaddon.backup.BackupActivities.WalArchived;
import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.RepointInput;
import dev.pgaddon.endpoint.EndpointActivities.StartEndpointInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.FollowerSteps;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.node.NodeActivities.NodeRef;
import dev.pgaddon.node.NodeActivities.RemoveAddonInput;
import dev.pgaddon.node.NodeActivities.RemoveNodeInput;
import dev.pgaddon.node.NodeActivities.ResolvedVersion;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.node.NodeActivities.VersionRequest;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeNames;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.record.OperationRecorder;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.ConnectionUrlInput;
import dev.pgaddon.sql.SqlActivities.EndpointAuthInput;
import dev.pgaddon.upgrade.VersionRules;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * In place: the WAL archived up to now, the follower removed, the primary stopped, its data
 * directory kept aside and the base backup restored and replayed to the target, the primary
 * started (a new timeline), the follower rebuilt, a new base backup, the old directory deleted.
 * Until the restored primary runs, a failure puts the old directory back.
 * Into a new addon: the same restore on a new addon's first node, from the source's repository;
 * the source is only read.
 */
public class RestoreWorkflowImpl implements RestoreWorkflow {
  static final String CHOOSE = "Choose the base backup before the target";
  static final String ARCHIVE = "Archive the WAL written up to now";
  static final String REMOVE_FOLLOWER = "Remove the follower (rebuilt after the restore)";
  static final String STOP_PRIMARY = "Stop the primary";
  static final String PREPARE = "Prepare the new addon (version, secrets)";
  static final String RESTORE = "Restore the base backup and replay WAL to the target";
  static final String START_PRIMARY = "Start the restored primary (new timeline)";
  static final String ENDPOINT = "Re-point the endpoint";
  static final String NEW_BACKUP = "New base backup";
  static final String DISCARD = "Delete the data directory kept aside";
  static final String PUT_BACK = "Put the previous data directory back";
  static final String CLEAN_UP = "Remove what was created";

  private final NodeActivities nodes = Steps.nodes();
  private final SqlActivities sql = Steps.sql();
  private final EndpointActivities endpoints = Steps.endpoints();
  private final BackupActivities backups = Steps.backups();
  private ProgressTracker progress;

  @Override
  public RestoreResult restore(RestoreRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress,
        () -> request.inPlace() ? inPlace(request) : intoNewAddon(request));
  }

  private RestoreResult inPlace(RestoreRequest request) {
    long started = Workflow.currentTimeMillis();
    AddonState state = nodes.describeAddon(new DescribeAddonInput(request.addonId()));
    Plan plan = PlanCatalog.require(state.planId());
    progress = new ProgressTracker("pitr-restore", request.addonId(), inPlaceSteps(plan));
    AddonRef addon = new AddonRef(state.addonId(), state.app(), state.planId());
    if (state.primary() == null) {
      throw Failures.failed("addon " + request.addonId() + " has no running primary: restore it once it runs again");
    }
    NodeAddress primary = state.primary().address();
    // The other node, whatever its state: a stopped follower would keep the data of before.
    String follower = NodeNames.other(primary.node());
    BackupChoice choice = choose(request, state.version(), true);
    WalArchived archived = progress.run(ARCHIVE, () -> backups.archiveWalNow(new ArchiveNowInput(request.addonId(), primary)));
    String restoreId = newRestoreId();
    RestoreDataInput data = new RestoreDataInput(addon, primary.node(), state.image(), restoreId);
    Restored restored;
    NodeAddress restarted;
    try {
      if (plan.highAvailability()) {
        progress.run(REMOVE_FOLLOWER, () -> nodes.removeNode(new RemoveNodeInput(addon, follower)));
      }
      progress.run(STOP_PRIMARY, () -> nodes.stopNode(new NodeRef(addon, primary)));
      restored = progress.run(RESTORE, () -> backups.restoreDataDirectory(new RestoreInput(addon, primary.node(),
          state.image(), request.addonId(), choice, restoreId, archived.segment())));
      progress.note(RESTORE, restored.summary());
      restarted = progress.run(START_PRIMARY, () -> nodes.startNode(new StartNodeInput(addon, primary.node(),
          NodeRole.PRIMARY, state.version(), state.image(), state.database())));
    } catch (ActivityFailure | ApplicationFailure | CanceledFailure failure) {
      putBack(addon, state, plan, data, primary, follower);
      throw Failures.failed("restore of " + request.addonId() + " to " + request.targetTime() + " failed: "
          + Failures.rootMessage(failure) + "; the data as it was before the restore runs again");
    }
    afterRestore(addon, state.version(), state.image(), state.database(), plan, restarted, follower);
    String newBackup = newBackup(addon, restarted, state.image(), state.version());
    progress.run(DISCARD, () -> {
      backups.forgetAbandonedBackups(new AbandonedBackupsInput(request.addonId(), choice.systemId(), choice.target(), started));
      backups.discardPreRestoreData(data);
    });
    progress.finish("running, restored to " + request.targetTime());
    return new RestoreResult(request.addonId(), request.addonId(), choice.target(), choice.backupId(), restored.timeline(),
        newBackup, state.version(), null);
  }

  private RestoreResult intoNewAddon(RestoreRequest request) {
    Plan plan = PlanCatalog.require(request.planId());
    progress = new ProgressTracker("pitr-restore", request.addonId(), newAddonSteps(plan));
    AddonRef addon = new AddonRef(request.addonId(), request.app(), plan.id());
    AddonState source = nodes.describeAddon(new DescribeAddonInput(request.sourceAddonId(), true));
    BackupChoice choice = choose(request, source.version(), false);
    String timeline = null;
    if (choice.currentEpoch() && source.primary() != null) {
      timeline = progress.run(ARCHIVE, () -> backups.archiveWalNow(new ArchiveNowInput(request.sourceAddonId(),
          source.primary().address()))).segment();
    } else {
      progress.complete(ARCHIVE, true, "skipped: the WAL of that epoch is archived to its end");
    }
    String followTimeline = timeline;
    String restoreId = newRestoreId();
    try {
      ResolvedVersion version = progress.run(PREPARE, () -> {
        backups.copySecrets(new CopySecretsInput(request.sourceAddonId(), request.addonId()));
        return nodes.resolveVersion(new VersionRequest(choice.version()));
      });
      Restored restored = progress.run(RESTORE, () -> backups.restoreDataDirectory(new RestoreInput(addon, NodeNames.FIRST,
          version.image(), request.sourceAddonId(), choice, restoreId, followTimeline)));
      progress.note(RESTORE, restored.summary());
      NodeAddress primary = progress.run(START_PRIMARY, () -> nodes.startNode(new StartNodeInput(addon, NodeNames.FIRST,
          NodeRole.PRIMARY, version.version(), version.image(), source.database())));
      NodeAddress endpoint = afterRestore(addon, version.version(), version.image(), source.database(), plan, primary,
          NodeNames.SECOND);
      String newBackup = newBackup(addon, primary, version.image(), version.version());
      progress.run(DISCARD, () -> backups.discardPreRestoreData(new RestoreDataInput(addon, NodeNames.FIRST,
          version.image(), restoreId)));
      String url = sql.connectionUrl(new ConnectionUrlInput(addon.addonId(), endpoint, source.database(),
          source.database())).url();
      progress.finish("running, a copy of " + request.sourceAddonId() + " at " + request.targetTime());
      return new RestoreResult(request.addonId(), request.sourceAddonId(), choice.target(), choice.backupId(),
          restored.timeline(), newBackup, version.version(), url);
    } catch (ActivityFailure | ApplicationFailure | CanceledFailure e) {
      Workflow.newDetachedCancellationScope(() -> progress.run(CLEAN_UP,
          () -> nodes.removeAddon(new RemoveAddonInput(addon.addonId())))).run();
      progress.finish("failed");
      throw Failures.failed("restore of " + request.sourceAddonId() + " into new addon " + request.addonId()
          + " failed: " + Failures.rootMessage(e) + " (everything it created was removed; "
          + request.sourceAddonId() + " was not touched)");
    }
  }

  /** @param sourceVersion what the source addon runs now: an epoch of another major is not its current one */
  private BackupChoice choose(RestoreRequest request, String sourceVersion, boolean inPlace) {
    int major = VersionRules.Version.parse(sourceVersion).major();
    BackupChoice choice = progress.run(CHOOSE, () -> backups.chooseBackup(new ChooseBackupInput(request.sourceAddonId(),
        major, request.targetTime(), inPlace)));
    progress.note(CHOOSE, choice.backupId() + " (PostgreSQL " + choice.version() + ")");
    return choice;
  }

  /** Names the restore's marks in the data volume: the same on every retry of its steps. */
  private static String newRestoreId() {
    return "r" + Workflow.randomUUID().toString().substring(0, 8);
  }

  /** The endpoint (made or re-pointed) in front of the restored primary, then the follower on business plans. */
  private NodeAddress afterRestore(AddonRef addon, String version, String image, String database, Plan plan,
      NodeAddress primary, String follower) {
    NodeAddress endpoint = progress.run(ENDPOINT, () -> {
      sql.prepareEndpointAuth(new EndpointAuthInput(addon.addonId(), primary, database));
      NodeAddress started = endpoints.startEndpoint(new StartEndpointInput(addon, primary, null));
      // Its server connections went to the stopped server: RECONNECT, and RESUME if it was left paused.
      endpoints.repoint(new RepointInput(addon.addonId(), started, primary, plan.id()));
      return started;
    });
    if (plan.highAvailability()) {
      new FollowerSteps(nodes, sql, progress).add(addon, version, image, primary, database, follower);
    }
    return endpoint;
  }

  private String newBackup(AddonRef addon, NodeAddress primary, String image, String version) {
    String backupId = "bk-" + Workflow.randomUUID();
    return progress.run(NEW_BACKUP, () -> backups.takeBackup(new TakeBackupInput(addon, primary, image, version, backupId,
        BackupActivities.RESTORE)).backupId());
  }

  /**
   * Runs even when the restore is being cancelled: the node is stopped (a restored server may have
   * started), its previous directory put back and started, and the follower made again.
   */
  private void putBack(AddonRef addon, AddonState state, Plan plan, RestoreDataInput data, NodeAddress primary,
      String follower) {
    Workflow.newDetachedCancellationScope(() -> {
      progress.run(PUT_BACK, () -> {
        nodes.stopNode(new NodeRef(addon, primary));
        backups.putBackDataDirectory(data);
        nodes.startNode(new StartNodeInput(addon, primary.node(), NodeRole.PRIMARY, state.version(), state.image(),
            state.database()));
      });
      if (plan.highAvailability()) {
        nodes.removeNode(new RemoveNodeInput(addon, follower));
        new FollowerSteps(nodes, sql, progress).add(addon, state.version(), state.image(), primary, state.database(),
            follower);
      }
    }).run();
    progress.finish("failed; the data as it was before the restore runs again");
  }

  private static List<String> inPlaceSteps(Plan plan) {
    List<String> steps = new ArrayList<>(List.of(CHOOSE, ARCHIVE));
    if (plan.highAvailability()) {
      steps.add(REMOVE_FOLLOWER);
    }
    steps.addAll(List.of(STOP_PRIMARY, RESTORE, START_PRIMARY, ENDPOINT));
    if (plan.highAvailability()) {
      steps.addAll(FollowerSteps.NAMES);
    }
    steps.addAll(List.of(NEW_BACKUP, DISCARD));
    return steps;
  }

  private static List<String> newAddonSteps(Plan plan) {
    List<String> steps = new ArrayList<>(List.of(CHOOSE, ARCHIVE, PREPARE, RESTORE, START_PRIMARY, ENDPOINT));
    if (plan.highAvailability()) {
      steps.addAll(FollowerSteps.NAMES);
    }
    steps.addAll(List.of(NEW_BACKUP, DISCARD));
    return steps;
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
