package dev.pgaddon.changeplan;

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
import dev.pgaddon.node.NodeActivities.RejoinInput;
import dev.pgaddon.node.NodeActivities.RemoveNodeInput;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeNames;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.AwaitReplayInput;
import dev.pgaddon.sql.SqlActivities.DropSlotInput;
import dev.pgaddon.sql.SqlActivities.NodeInput;
import dev.pgaddon.sql.SqlActivities.ReplicationInput;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Moving an addon's nodes to a new plan or a new minor version, node by node. Starter: the node is
 * recreated while the endpoint holds client traffic. Business: the follower first, then a
 * switchover to it, then the old primary rejoins as follower. Starter and business changes add or
 * remove the follower. Workflow code shared by the plan change and the minor upgrade.
 */
public abstract class RollingChange {
  static final String DESCRIBE = "Check the addon and the new plan";
  static final String RESTART_PRIMARY = "Restart primary with the new plan or version (endpoint paused)";
  static final String RESTART_FOLLOWER = "Restart follower with the new plan or version";
  static final String CATCH_UP = "Wait until the follower has caught up";
  static final String SWITCHOVER = "Switchover: pause, stop the primary, promote the follower, re-point, resume";
  static final String REJOIN = "Old primary rejoins as follower with the new plan or version";
  static final String AWAIT_REJOINED = "Await streaming from the new primary";
  static final String REMOVE_FOLLOWER = "Remove the follower";
  static final String NOTIFY = "Restart the application (hook)";

  /** Workflow.getVersion change id: the endpoint's new configuration is written before the switchover's pause. */
  static final String STAGED_ENDPOINT_CONFIG = "staged-endpoint-config";

  /**
   * Workflow.getVersion change id: a failed switchover decides its recovery from the roles the
   * nodes report, not from flags in memory (a worker lost mid-switchover replays them from scratch).
   */
  static final String RECOVERY_FROM_ROLES = "switchover-recovery-from-roles";

  /** How long the endpoint may hold traffic for a follower to replay the primary's last writes. */
  static final int SWITCHOVER_REPLAY_TIMEOUT_SECONDS = 10;
  /** Before the switchover, the restarted follower must be this close to the primary. */
  static final int CATCH_UP_TIMEOUT_SECONDS = 120;

  protected final NodeActivities nodes = Steps.nodes();
  private final SqlActivities sql = Steps.sql();
  private final NodeActivities heldNodes = Steps.whileTrafficIsHeld(NodeActivities.class);
  private final SqlActivities heldSql = Steps.whileTrafficIsHeld(SqlActivities.class);
  private final EndpointActivities heldEndpoints = Steps.whileTrafficIsHeld(EndpointActivities.class);
  private final SqlActivities heldProbe = Steps.probeWhileTrafficIsHeld(SqlActivities.class);
  protected ProgressTracker progress;
  /** The addon before the change: what a failed step restores (its plan and its version). */
  private AddonState original;
  private boolean promoted;
  private boolean stopped;

  /** Describes the addon (the first step of every rolling change). */
  protected AddonState describe(String operation, String addonId) {
    progress = new ProgressTracker(operation, addonId, List.of(DESCRIBE));
    original = progress.run(DESCRIBE, () -> nodes.describeAddon(new DescribeAddonInput(addonId)));
    return original;
  }

  /**
   * Moves the addon from {@code current} to {@code target} plan, on the version and image that
   * {@code state} names (the target version for an upgrade), then calls the restart hook.
   *
   * @return the node that is primary afterwards, and the hook's outcome
   */
  protected Outcome roll(String what, AddonState state, Plan current, Plan target, String event) {
    if (state.primary() == null || state.endpoint() == null) {
      throw invalid("addon " + state.addonId() + " has no running primary or endpoint: it cannot change now");
    }
    if (current.highAvailability() && (state.follower() == null || !state.follower().running())) {
      throw invalid("addon " + state.addonId() + " is degraded (its follower is not running): it cannot change now");
    }
    AddonRef addon = new AddonRef(state.addonId(), state.app(), target.id());
    progress.expect(plannedSteps(current, target));
    EndpointRef endpoint = new EndpointRef(state.addonId(), state.endpoint());
    try {
      return change(state, current, target, addon, endpoint, event);
    } catch (ActivityFailure e) {
      progress.finish("failed");
      throw ApplicationFailure.newNonRetryableFailureWithCause(what + " of " + state.addonId() + " failed: "
          + Failures.rootMessage(e) + " (the endpoint was resumed; the primary is " + primaryAfterFailure() + ")",
          Failures.OPERATION_FAILED, e);
    }
  }

  protected record Outcome(String primaryNode, String applicationNotified) {}

  private Outcome change(AddonState state, Plan current, Plan target, AddonRef addon, EndpointRef endpoint, String event) {
    NodeAddress primary = state.primary().address();
    if (current.highAvailability() && target.highAvailability()) {
      primary = switchoverToRestartedFollower(addon, state, endpoint);
    } else if (current.highAvailability()) {
      NodeState follower = state.follower();
      progress.run(REMOVE_FOLLOWER, () -> {
        if (follower != null) {
          nodes.removeNode(new RemoveNodeInput(addon, follower.address().node()));
          sql.dropSlot(new DropSlotInput(addon.addonId(), state.primary().address(), follower.address().node()));
        }
      });
      restartPrimaryBehindPausedEndpoint(addon, state, endpoint);
    } else {
      restartPrimaryBehindPausedEndpoint(addon, state, endpoint);
      if (target.highAvailability()) {
        String node = NodeNames.other(state.primary().address().node());
        new FollowerSteps(nodes, sql, progress).add(addon, state.version(), image(state), primary, state.database(), node);
      }
    }
    String notified = progress.run(NOTIFY, () -> nodes.notifyApplication(new NotifyInput(state.addonId(), event)).outcome());
    progress.finish("running on " + target.id() + ", PostgreSQL " + state.version());
    return new Outcome(primary.node(), notified);
  }

  private void restartPrimaryBehindPausedEndpoint(AddonRef addon, AddonState state, EndpointRef endpoint) {
    String node = state.primary().address().node();
    progress.run(RESTART_PRIMARY, () -> {
      try {
        heldEndpoints.pause(endpoint);
        NodeAddress primary = heldNodes.recreateNode(startInput(addon, state, node, NodeRole.PRIMARY));
        heldEndpoints.repoint(new RepointInput(addon.addonId(), endpoint.endpoint(), primary, addon.planId()));
      } catch (ActivityFailure e) {
        restoreOriginal(node, endpoint);
        throw e;
      } finally {
        resume(endpoint);
      }
    });
  }

  /** After a failed restart: the node as it was (old plan, old version), the endpoint pointing at it. */
  private void restoreOriginal(String node, EndpointRef endpoint) {
    AddonRef before = new AddonRef(original.addonId(), original.app(), original.planId());
    NodeAddress restored = heldNodes.recreateNode(startInput(before, original, node, NodeRole.PRIMARY));
    heldEndpoints.repoint(new RepointInput(original.addonId(), endpoint.endpoint(), restored, original.planId()));
  }

  private String primaryAfterFailure() {
    return promoted ? "the former follower" : "unchanged";
  }

  private NodeAddress switchoverToRestartedFollower(AddonRef addon, AddonState state, EndpointRef endpoint) {
    NodeAddress oldPrimary = state.primary().address();
    NodeAddress follower = progress.run(RESTART_FOLLOWER, () -> nodes.recreateNode(
        startInput(addon, state, state.follower().address().node(), NodeRole.FOLLOWER)));
    progress.run(CATCH_UP, () -> {
      sql.awaitReplay(new AwaitReplayInput(addon.addonId(), oldPrimary, follower, CATCH_UP_TIMEOUT_SECONDS));
    });
    progress.run(SWITCHOVER, () -> switchover(addon, endpoint, oldPrimary, follower));
    progress.run(REJOIN, () -> {
      sql.prepareReplication(new ReplicationInput(addon.addonId(), follower, oldPrimary.node()));
      NodeActivities.Rejoined rejoined = nodes.rejoinAsFollower(new RejoinInput(addon, oldPrimary.node(), state.version(),
          image(state), state.database(), follower, oldPrimary.node()));
      progress.note(REJOIN, rejoined.method());
    });
    progress.run(AWAIT_REJOINED, () -> sql.awaitStreaming(
        new SqlActivities.AwaitStreamingInput(addon.addonId(), follower, oldPrimary.node())));
    return follower;
  }

  /** The write stall: paused endpoint, caught-up follower, old primary stopped, follower promoted, endpoint re-pointed. */
  private void switchover(AddonRef addon, EndpointRef endpoint, NodeAddress oldPrimary, NodeAddress follower) {
    boolean staged = Workflow.getVersion(STAGED_ENDPOINT_CONFIG, Workflow.DEFAULT_VERSION, 1) == 1;
    try {
      if (staged) {
        // Written before the pause and read only at the RELOAD after the promotion: no file write in the stall.
        heldEndpoints.stage(new RepointInput(addon.addonId(), endpoint.endpoint(), follower, addon.planId()));
      }
      heldEndpoints.pause(endpoint);
      // Paused: no client writes reach the old primary, so its flush LSN holds every commit.
      heldSql.awaitReplay(new AwaitReplayInput(addon.addonId(), oldPrimary, follower, SWITCHOVER_REPLAY_TIMEOUT_SECONDS));
      // Fenced for good: a clean shutdown streams its final checkpoint to the follower, so the old
      // primary's history stays a prefix of the new one and it can follow it without divergence.
      stopped = true; // set first: a stop that fails midway may still have stopped the node
      heldNodes.stopNode(new NodeRef(addon, oldPrimary));
      heldSql.promote(new NodeInput(addon.addonId(), follower));
      promoted = true;
      if (staged) {
        heldEndpoints.apply(endpoint);
      } else {
        heldEndpoints.repoint(new RepointInput(addon.addonId(), endpoint.endpoint(), follower, addon.planId()));
      }
    } catch (ActivityFailure e) {
      afterSwitchoverFailure(addon, endpoint, oldPrimary, follower, e);
    } finally {
      if (staged && !promoted) {
        // The staged file names the follower, never promoted: the primary's again before anything reads
        // it, also when the operation is cancelled.
        Workflow.newDetachedCancellationScope(() -> heldEndpoints.stage(
            new RepointInput(addon.addonId(), endpoint.endpoint(), oldPrimary, original.planId()))).run();
      }
      resume(endpoint);
    }
  }

  /** A switchover step failed: promoted or put back as the nodes report, else the failure stands. */
  private void afterSwitchoverFailure(AddonRef addon, EndpointRef endpoint, NodeAddress oldPrimary, NodeAddress follower,
      ActivityFailure e) {
    if (Workflow.getVersion(RECOVERY_FROM_ROLES, Workflow.DEFAULT_VERSION, 1) == 1) {
      promoted = recoverFromObservedRoles(addon, endpoint, oldPrimary, follower);
      if (!promoted) {
        throw e;
      }
      progress.note(SWITCHOVER, "the follower was found promoted already (" + Failures.rootMessage(e) + ")");
    } else {
      if (stopped && !promoted) {
        promoted = heldSql.role(new NodeInput(addon.addonId(), follower)).primary();
        if (promoted) {
          heldEndpoints.repoint(new RepointInput(addon.addonId(), endpoint.endpoint(), follower, addon.planId()));
        } else {
          restoreOriginal(oldPrimary.node(), endpoint);
        }
      }
      throw e;
    }
  }

  /**
   * After a switchover step failed, what the nodes report decides, never what this code remembers:
   * a worker lost mid-switchover replays it with its flags reset, while the old primary may be
   * stopped and the follower promoted already. A promoted follower is never undone (the change goes
   * on from there); else the old primary must answer as primary again, restarted if it does not.
   *
   * @return whether the follower is the primary now
   */
  private boolean recoverFromObservedRoles(AddonRef addon, EndpointRef endpoint, NodeAddress oldPrimary,
      NodeAddress follower) {
    if (heldSql.role(new NodeInput(addon.addonId(), follower)).primary()) {
      heldEndpoints.repoint(new RepointInput(addon.addonId(), endpoint.endpoint(), follower, addon.planId()));
      return true;
    }
    if (!answersAsPrimary(addon.addonId(), oldPrimary)) {
      restoreOriginal(oldPrimary.node(), endpoint);
    }
    return false;
  }

  private boolean answersAsPrimary(String addonId, NodeAddress node) {
    try {
      return heldProbe.role(new NodeInput(addonId, node)).primary();
    } catch (ActivityFailure noAnswer) {
      return false;
    }
  }

  /** RESUME runs even when the workflow is cancelled: clients must never stay held. */
  private void resume(EndpointRef endpoint) {
    Workflow.newDetachedCancellationScope(() -> heldEndpoints.resume(endpoint)).run();
  }

  private static StartNodeInput startInput(AddonRef addon, AddonState state, String node, NodeRole role) {
    return new StartNodeInput(addon, node, role, state.version(), image(state), state.database());
  }

  private static String image(AddonState state) {
    return state.image();
  }

  private static List<String> plannedSteps(Plan current, Plan target) {
    List<String> steps = new ArrayList<>();
    if (current.highAvailability() && target.highAvailability()) {
      steps.addAll(List.of(RESTART_FOLLOWER, CATCH_UP, SWITCHOVER, REJOIN, AWAIT_REJOINED));
    } else if (current.highAvailability()) {
      steps.addAll(List.of(REMOVE_FOLLOWER, RESTART_PRIMARY));
    } else {
      steps.add(RESTART_PRIMARY);
      if (target.highAvailability()) {
        steps.addAll(FollowerSteps.NAMES);
      }
    }
    steps.add(NOTIFY);
    return steps;
  }

  protected static ApplicationFailure invalid(String message) {
    return Failures.invalid(message);
  }

  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
