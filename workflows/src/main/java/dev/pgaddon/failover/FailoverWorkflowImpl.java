package dev.pgaddon.failover;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.RepointInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.node.NodeActivities.NodeRef;
import dev.pgaddon.node.NodeActivities.NotifyInput;
import dev.pgaddon.node.NodeActivities.RejoinInput;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.record.OperationRecorder;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.AwaitStreamingInput;
import dev.pgaddon.sql.SqlActivities.NodeInput;
import dev.pgaddon.sql.SqlActivities.ReplicationInput;
import java.util.List;

/**
 * The unplanned failover of a business addon whose primary stopped answering: the old primary is
 * fenced (its container stopped, so it can never come back as a second primary), the synchronous
 * follower promoted, the endpoint re-pointed; then the old node rejoins as the new follower.
 * Everything after the fence is retried until it succeeds: the addon has no way back.
 */
public class FailoverWorkflowImpl implements FailoverWorkflow {
  static final String CONFIRM = "Confirm that the primary does not answer";
  static final String FENCE = "Fence the old primary (its container is stopped)";
  static final String PROMOTE = "Promote the follower";
  static final String REPOINT = "Re-point the endpoint to the new primary";
  static final String NOTIFY = "Restart the application (hook)";
  static final String REJOIN = "Old primary rejoins as follower";
  static final String AWAIT_REJOINED = "Await streaming from the new primary (synchronous again)";

  private final NodeActivities nodes = Steps.nodes();
  private final NodeActivities forwardNodes = Steps.ForwardOnly.nodes();
  private final SqlActivities forwardSql = Steps.ForwardOnly.sql();
  private final EndpointActivities forwardEndpoints = Steps.ForwardOnly.endpoints();
  private ProgressTracker progress;

  @Override
  public FailoverResult failover(FailoverRequest request) {
    OperationRecorder.started(request.addonId(), request.app(), "failover", request);
    return OperationRecorder.record(request.addonId(), this::progress, () -> run(request));
  }

  private FailoverResult run(FailoverRequest request) {
    String addonId = request.addonId();
    progress = new ProgressTracker("failover", addonId,
        List.of(CONFIRM, FENCE, PROMOTE, REPOINT, NOTIFY, REJOIN, AWAIT_REJOINED));
    AddonState state = progress.run(CONFIRM, () -> nodes.describeAddon(new DescribeAddonInput(addonId)));
    NodeState old = Nodes.named(state, request.primary());
    NodeState follower = Nodes.named(state, request.follower());
    if (old != null && NodeRole.PRIMARY.is(old.role())) {
      progress.note(CONFIRM, "the primary answers again: nothing was changed");
      progress.finish("running: the primary answered again");
      return new FailoverResult(addonId, false, request.primary(), null, null);
    }
    if (old != null && NodeRole.FOLLOWER.is(old.role())) {
      throw Failures.failed("addon " + addonId + ": " + request.primary()
          + " answers as a follower: it is not the primary that failed");
    }
    if (follower == null || !Nodes.answers(follower) || state.endpoint() == null) {
      throw Failures.failed("addon " + addonId + ": no follower answers (" + request.follower()
          + "): nothing to promote");
    }
    progress.note(CONFIRM, request.reason());
    AddonRef addon = new AddonRef(addonId, state.app(), state.planId());
    progress.run(FENCE, () -> {
      if (old != null) {
        nodes.fenceNode(new NodeRef(addon, old.address()));
      }
    });
    progress.run(PROMOTE, () -> forwardSql.promote(new NodeInput(addonId, follower.address())));
    progress.run(REPOINT, () -> forwardEndpoints.repoint(
        new RepointInput(addonId, state.endpoint(), follower.address(), state.planId())));
    String notified = progress.run(NOTIFY, () -> nodes.notifyApplication(new NotifyInput(addonId, "failover")).outcome());
    String rejoined = progress.run(REJOIN, () -> {
      forwardSql.prepareReplication(new ReplicationInput(addonId, follower.address(), request.primary()));
      String method = forwardNodes.rejoinAsFollower(new RejoinInput(addon, request.primary(), state.version(), state.image(),
          state.database(), follower.address(), request.primary())).method();
      progress.note(REJOIN, method);
      return method;
    });
    progress.run(AWAIT_REJOINED, () -> forwardSql.awaitStreaming(
        new AwaitStreamingInput(addonId, follower.address(), request.primary())));
    progress.finish("running: " + request.follower() + " is primary, " + request.primary() + " follows it");
    return new FailoverResult(addonId, true, request.follower(), rejoined, notified);
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
