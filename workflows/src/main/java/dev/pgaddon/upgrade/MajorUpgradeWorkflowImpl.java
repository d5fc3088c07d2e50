package dev.pgaddon.upgrade;

import dev.pgaddon.node.NodeRole;
import dev.pgaddon.record.OperationRecorder;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.EndpointRef;
import dev.pgaddon.endpoint.EndpointActivities.RepointInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.FollowerSteps;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.node.NodeActivities.NodeRef;
import dev.pgaddon.node.NodeActivities.NotifyInput;
import dev.pgaddon.node.NodeActivities.RemoveNodeInput;
import dev.pgaddon.node.NodeActivities.ResolvedVersion;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.node.NodeActivities.VersionRequest;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.Checkpointed;
import dev.pgaddon.sql.SqlActivities.NodeInput;
import dev.pgaddon.upgrade.UpgradeActivities.AnalyzeInput;
import dev.pgaddon.upgrade.UpgradeActivities.BackupInput;
import dev.pgaddon.upgrade.UpgradeActivities.BackupTaken;
import dev.pgaddon.upgrade.UpgradeActivities.CheckInput;
import dev.pgaddon.upgrade.UpgradeActivities.CheckReport;
import dev.pgaddon.upgrade.UpgradeActivities.DataDirectoryInput;
import dev.pgaddon.upgrade.UpgradeActivities.ExtensionsInput;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The seed's "Details About Actions During a Major Upgrade", one activity per step. Until the new
 * major's server first starts (step 3), any failure puts the old cluster back untouched; from then
 * on the linked data files belong to the new server and every step is retried until it succeeds.
 */
public class MajorUpgradeWorkflowImpl implements MajorUpgradeWorkflow {
  static final String DESCRIBE = "Check the addon and the target version";
  static final String PREFLIGHT = "0. Pre-flight: pg_upgrade --check and duration estimate";
  static final String CHECKPOINT = "1. Checkpoint both nodes first (still reachable; makes the stop quick)";
  static final String STOP = "1. Stop the entire cluster (database unreachable)";
  static final String PG_UPGRADE = "2. pg_upgrade --link on the primary";
  static final String RESTART = "3. Restart the primary on the new major (database reachable)";
  static final String EXTENSIONS = "3. Update extensions (ALTER EXTENSION ... UPDATE)";
  static final List<String> ANALYZE = List.of(
      "4. ANALYZE stage 1/3: minimal statistics (most queries at nominal speed)",
      "4. ANALYZE stage 2/3: more statistics",
      "4. ANALYZE stage 3/3: full statistics");
  static final String BACKUP = "5. Base backup, asynchronous (new backup epoch)";
  static final String FOLLOWER = "6. Rebuild the follower from scratch (degraded until it streams)";
  static final String CLEANUP = "Delete the old major's data directory";
  static final String NOTIFY = "Restart the application (hook)";
  static final String ROLLBACK = "Rollback: old cluster restarted untouched";

  /** Workflow.getVersion change id: the CHECKPOINT step, which histories recorded before it do not have. */
  static final String CHECKPOINT_BEFORE_STOP = "checkpoint-before-stop";
  /**
   * Workflow.getVersion change id: the old follower (the last copy of the old major's data) is
   * removed only once the new base backup exists, not while it is being taken.
   */
  static final String FOLLOWER_AFTER_BACKUP = "follower-after-backup";

  private final NodeActivities nodes = Steps.nodes();
  private final SqlActivities sql = Steps.sql();
  private final EndpointActivities endpoints = Steps.endpoints();
  private final UpgradeActivities upgrades = Steps.upgrades();
  private final NodeActivities forwardNodes = Steps.ForwardOnly.nodes();
  private final EndpointActivities forwardEndpoints = Steps.ForwardOnly.endpoints();
  private final UpgradeActivities forwardUpgrades = Steps.ForwardOnly.upgrades();
  private ProgressTracker progress;

  @Override
  public MajorUpgradeResult upgrade(MajorUpgradeRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> runUpgrade(request));
  }

  private MajorUpgradeResult runUpgrade(MajorUpgradeRequest request) {
    long started = Workflow.currentTimeMillis();
    progress = new ProgressTracker(request.checkOnly() ? "major-upgrade-check" : "major-upgrade", request.addonId(),
        List.of(DESCRIBE, PREFLIGHT));
    AddonState state = progress.run(DESCRIBE, () -> nodes.describeAddon(new DescribeAddonInput(request.addonId())));
    ResolvedVersion target = progress.run(DESCRIBE, () -> nodes.resolveVersion(new VersionRequest(request.version())));
    Plan plan = validate(state, target);
    AddonRef addon = new AddonRef(state.addonId(), state.app(), plan.id());
    CheckReport check = progress.run(PREFLIGHT, () -> upgrades.check(
        new CheckInput(addon, state.primary().address(), state.version(), target.version(), target.image())));
    if (!check.compatible()) {
      progress.finish("refused by pg_upgrade --check: nothing was changed");
      throw Failures.invalid("pg_upgrade --check refuses the upgrade to PostgreSQL " + target.version() + ": " + check.reason()
          + " (nothing was changed)");
    }
    progress.note(PREFLIGHT, "compatible; about " + check.estimate().linkModeSeconds() + " s unreachable (pessimistic: "
        + check.estimate().pessimisticSeconds() / 60 + " min)");
    if (request.checkOnly()) {
      progress.finish("compatible: PostgreSQL " + state.version() + " can be upgraded to " + target.version());
      return new MajorUpgradeResult(state.addonId(), state.version(), target.version(), true, check, 0,
          Workflow.currentTimeMillis() - started, List.of(), "", "");
    }
    boolean checkpointFirst = Workflow.getVersion(CHECKPOINT_BEFORE_STOP, Workflow.DEFAULT_VERSION, 1) == 1;
    progress.expect(plannedSteps(plan, checkpointFirst));
    if (checkpointFirst) {
      checkpoint(state);
    }
    AddonState upgraded = state.withVersion(target.version(), target.image());
    long stopStarted = Workflow.currentTimeMillis();
    NodeAddress primary = downtime(addon, state, upgraded);
    long downtime = Workflow.currentTimeMillis() - stopStarted;
    progress.note(RESTART, String.format(Locale.ROOT, "unreachable for %.1f s", downtime / 1000.0));
    return uncancellable(() -> afterRestart(addon, state, upgraded, primary, plan, check, downtime, started));
  }

  /**
   * A clean stop ends with a shutdown checkpoint (a restartpoint on the follower) that writes every
   * dirty buffer while clients wait; one taken just before, while they are served, leaves it little to do.
   */
  private void checkpoint(AddonState state) {
    try {
      progress.run(CHECKPOINT, () -> {
        List<String> done = new ArrayList<>();
        for (NodeState node : state.follower() == null ? List.of(state.primary()) : List.of(state.primary(), state.follower())) {
          Checkpointed c = sql.checkpoint(new NodeInput(state.addonId(), node.address()));
          done.add((c.restartpoint() ? "follower " : "primary ") + c.millis() + " ms");
        }
        progress.note(CHECKPOINT, String.join(", ", done));
      });
    } catch (ActivityFailure failure) {
      progress.finish("failed before anything was stopped");
      throw ApplicationFailure.newNonRetryableFailureWithCause("major upgrade of " + state.addonId() + " failed: "
          + Failures.rootMessage(failure) + " (nothing was stopped: the cluster runs PostgreSQL "
          + state.version() + " as before)", Failures.OPERATION_FAILED, failure);
    }
  }

  /** Steps 1 to 3: the only time the database is unreachable. */
  private NodeAddress downtime(AddonRef addon, AddonState before, AddonState after) {
    EndpointRef endpoint = new EndpointRef(before.addonId(), before.endpoint());
    String primaryNode = before.primary().address().node();
    DataDirectoryInput data = new DataDirectoryInput(addon, primaryNode, before.version(), after.version(), after.image());
    try {
      try {
        progress.run(STOP, () -> {
          // Clients are held by the endpoint rather than refused while the cluster is down.
          endpoints.pause(endpoint);
          // The primary first: its clean shutdown streams the final checkpoint to the follower,
          // which keeps the old cluster whole for a rollback.
          nodes.stopNode(new NodeRef(addon, before.primary().address()));
          if (before.follower() != null) {
            nodes.stopNode(new NodeRef(addon, before.follower().address()));
          }
        });
        progress.run(PG_UPGRADE, () -> progress.note(PG_UPGRADE, upgrades.runPgUpgrade(data).outcome()));
      } catch (ActivityFailure failure) {
        // A cancelled operation rolls back too: the old cluster must come back either way.
        uncancellable(() -> rollBack(addon, before, endpoint, data, failure));
      }
      return uncancellable(() -> progress.run(RESTART, () -> {
        NodeAddress primary = forwardNodes.recreateNode(new StartNodeInput(addon, primaryNode, NodeRole.PRIMARY,
            after.version(), after.image(), after.database()));
        forwardEndpoints.repoint(new RepointInput(addon.addonId(), endpoint.endpoint(), primary, addon.planId()));
        return primary;
      }));
    } finally {
      Workflow.newDetachedCancellationScope(() -> forwardEndpoints.resume(endpoint)).run();
    }
  }

  /** The old cluster as it was: data directory restored, nodes started on the old image, endpoint re-pointed. */
  private void rollBack(AddonRef addon, AddonState before, EndpointRef endpoint, DataDirectoryInput data,
      ActivityFailure failure) {
    progress.expect(List.of(ROLLBACK));
    try {
      progress.run(ROLLBACK, () -> {
        upgrades.restoreOldDataDirectory(data);
        NodeAddress primary = nodes.startNode(startInput(addon, before, before.primary(), NodeRole.PRIMARY));
        if (before.follower() != null) {
          nodes.startNode(startInput(addon, before, before.follower(), NodeRole.FOLLOWER));
        }
        endpoints.repoint(new RepointInput(addon.addonId(), endpoint.endpoint(), primary, addon.planId()));
      });
    } catch (ActivityFailure rollbackFailed) {
      progress.finish("failed, and the rollback failed too");
      throw ApplicationFailure.newNonRetryableFailureWithCause("major upgrade of " + before.addonId() + " failed: "
          + Failures.rootMessage(failure) + "; restarting the old cluster failed too: "
          + Failures.rootMessage(rollbackFailed) + " (its data directory is kept in the primary's volume)",
          Failures.OPERATION_FAILED, failure);
    }
    progress.finish("failed; the old cluster runs PostgreSQL " + before.version() + " again");
    throw ApplicationFailure.newNonRetryableFailureWithCause("major upgrade of " + before.addonId() + " failed: "
        + Failures.rootMessage(failure) + "; the old cluster (PostgreSQL " + before.version()
        + ") was restarted untouched and accepts writes", Failures.OPERATION_FAILED, failure);
  }

  /** Steps 4 to 6 and the hook: the database is usable; these only move forward. */
  private MajorUpgradeResult afterRestart(AddonRef addon, AddonState before, AddonState after, NodeAddress primary,
      Plan plan, CheckReport check, long downtime, long started) {
    List<String> extensions = progress.run(EXTENSIONS, () -> forwardUpgrades.updateExtensions(
        new ExtensionsInput(addon.addonId(), primary)).results());
    progress.note(EXTENSIONS, extensions.isEmpty() ? "none installed" : String.join("; ", extensions));
    for (int stage = 1; stage <= ANALYZE.size(); stage++) {
      int s = stage;
      progress.run(ANALYZE.get(s - 1), () -> progress.note(ANALYZE.get(s - 1), forwardUpgrades.analyzeStage(
          new AnalyzeInput(addon, primary, after.image(), s)).summary()));
    }
    boolean followerAfterBackup = Workflow.getVersion(FOLLOWER_AFTER_BACKUP, Workflow.DEFAULT_VERSION, 1) == 1;
    progress.start(BACKUP, followerAfterBackup ? "running; the old follower is kept until it is done"
        : "running while the follower is rebuilt");
    String label = "pg" + VersionRules.Version.parse(after.version()).major() + "-" + Workflow.currentTimeMillis();
    Promise<BackupTaken> backup = Async.function(forwardUpgrades::takeBaseBackup,
        new BackupInput(addon, primary, after.image(), label));
    String backupText = null;
    if (followerAfterBackup) {
      backupText = backupTaken(backup);
    }
    if (plan.highAvailability()) {
      rebuildFollower(addon, before, after, primary);
    }
    if (!followerAfterBackup) {
      backupText = backupTaken(backup);
    }
    progress.run(CLEANUP, () -> forwardUpgrades.deleteOldDataDirectory(new DataDirectoryInput(addon,
        primary.node(), before.version(), after.version(), after.image())));
    String notified = progress.run(NOTIFY, () -> forwardNodes.notifyApplication(
        new NotifyInput(addon.addonId(), "version-upgraded")).outcome());
    progress.finish("running PostgreSQL " + after.version() + " on " + plan.id());
    return new MajorUpgradeResult(addon.addonId(), before.version(), after.version(), false, check, downtime,
        Workflow.currentTimeMillis() - started, extensions, backupText, notified);
  }

  private String backupTaken(Promise<BackupTaken> backup) {
    BackupTaken taken = backup.get();
    String text = taken.label() + " (" + taken.bytes() / (1024 * 1024) + " MiB) in " + taken.volume();
    progress.complete(BACKUP, true, text);
    return text;
  }

  /** The old follower holds the old major's data: it is removed and cloned again from the new primary. */
  private void rebuildFollower(AddonRef addon, AddonState before, AddonState after, NodeAddress primary) {
    String node = before.follower().address().node();
    progress.start(FOLLOWER, "removing the old major's follower; degraded until the new one streams");
    forwardNodes.removeNode(new RemoveNodeInput(addon, node));
    new FollowerSteps(forwardNodes, Steps.ForwardOnly.sql(), progress)
        .add(addon, after.version(), after.image(), primary, after.database(), node);
    progress.complete(FOLLOWER, true, "streams from the new primary");
  }

  private Plan validate(AddonState state, ResolvedVersion target) {
    if (state.primary() == null || state.endpoint() == null) {
      throw Failures.invalid("addon " + state.addonId() + " has no running primary or endpoint: it cannot be upgraded now");
    }
    String problem = VersionRules.problem(state.version(), target.version(), target.available());
    if (problem != null) {
      throw Failures.invalid(problem);
    }
    if (!VersionRules.isMajor(state.version(), target.version())) {
      throw Failures.invalid("PostgreSQL " + target.version() + " is a minor upgrade: it keeps the data directory, so there is"
          + " no pg_upgrade to check or run (run database-upgrade without --check)");
    }
    Plan plan = PlanCatalog.require(state.planId());
    if (plan.highAvailability() && (state.follower() == null || !state.follower().running())) {
      throw Failures.invalid("addon " + state.addonId() + " is degraded (its follower is not running): it cannot be upgraded now");
    }
    return plan;
  }

  private static List<String> plannedSteps(Plan plan, boolean checkpointFirst) {
    List<String> steps = new ArrayList<>();
    if (checkpointFirst) {
      steps.add(CHECKPOINT);
    }
    steps.addAll(List.of(STOP, PG_UPGRADE, RESTART, EXTENSIONS));
    steps.addAll(ANALYZE);
    steps.add(BACKUP);
    if (plan.highAvailability()) {
      steps.add(FOLLOWER);
      steps.addAll(FollowerSteps.NAMES);
    }
    steps.addAll(List.of(CLEANUP, NOTIFY));
    return steps;
  }

  private static StartNodeInput startInput(AddonRef addon, AddonState state, NodeState node, NodeRole role) {
    return new StartNodeInput(addon, node.address().node(), role, state.version(), state.image(), state.database());
  }

  /**
   * Runs in a scope that a cancellation of the operation does not reach: a rollback must finish,
   * and past the point of no return the upgrade can only move forward.
   */
  private static <T> T uncancellable(Supplier<T> body) {
    AtomicReference<T> result = new AtomicReference<>();
    Workflow.newDetachedCancellationScope(() -> result.set(body.get())).run();
    return result.get();
  }

  private static void uncancellable(Runnable body) {
    Workflow.newDetachedCancellationScope(body).run();
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
