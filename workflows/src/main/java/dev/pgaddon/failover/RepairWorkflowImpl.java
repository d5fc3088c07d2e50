package dev.pgaddon.failover;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.RepointInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.node.NodeActivities.RejoinInput;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.node.NodeAddress;
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
 * Brings a dead node back without anyone asking, never beside a second primary.
 * - A primary (a starter's only node, or a business primary no follower could replace without
 *   losing commits) is restarted on its volume, and the endpoint re-pointed only once it answers
 *   as primary.
 * - Any other node, including a former primary left stopped by a failed switchover, rejoins the
 *   primary that answers: as it was when it is a follower of that primary, else by pg_rewind, else
 *   rebuilt from a base backup (which the rejoin does only while the primary answers as primary).
 * The addon is degraded only as long as this takes.
 */
public class RepairWorkflowImpl implements RepairWorkflow {
  static final String DESCRIBE = "Check the addon's nodes";
  static final String RESTART = "Restart the primary on its volume";
  static final String REJOIN = "The node rejoins the primary as follower";
  static final String AWAIT_STREAMING = "Await streaming from the primary (synchronous again)";

  private final NodeActivities nodes = Steps.nodes();
  private final SqlActivities sql = Steps.sql();
  private final EndpointActivities endpoints = Steps.endpoints();
  private ProgressTracker progress;

  @Override
  public RepairResult repair(RepairRequest request) {
    OperationRecorder.started(request.addonId(), request.app(), "repair", request);
    return OperationRecorder.record(request.addonId(), this::progress, () -> run(request));
  }

  private RepairResult run(RepairRequest request) {
    String addonId = request.addonId();
    progress = new ProgressTracker("repair", addonId, List.of(DESCRIBE));
    AddonState state = progress.run(DESCRIBE, () -> nodes.describeAddon(new DescribeAddonInput(addonId)));
    progress.note(DESCRIBE, request.reason());
    NodeState node = Nodes.named(state, request.node());
    List<NodeState> primaries = state.nodes().stream().filter(n -> NodeRole.PRIMARY.is(n.role())).toList();
    if (node == null) {
      throw Failures.failed("addon " + addonId + " has no node " + request.node());
    }
    if (primaries.size() > 1) {
      throw Failures.failed("two nodes of " + addonId + " answer as primary: neither is touched, this needs an operator");
    }
    if (primaries.contains(node)) {
      progress.finish("running: " + request.node() + " answers as primary again");
      return new RepairResult(addonId, request.node(), "none: it answers as primary");
    }
    AddonRef addon = new AddonRef(addonId, state.app(), state.planId());
    if (primaries.isEmpty()) {
      if (request.role() != NodeRole.PRIMARY) {
        throw Failures.failed("addon " + addonId + ": no primary answers, " + request.node() + " has nothing to follow");
      }
      return restartPrimary(request, state, addon, node);
    }
    return rejoin(request, state, addon, primaries.get(0).address());
  }

  /** The addon's primary, on its own volume: no data other than its own can replace it. */
  private RepairResult restartPrimary(RepairRequest request, AddonState state, AddonRef addon, NodeState node) {
    progress.expect(List.of(RESTART));
    progress.run(RESTART, () -> {
      NodeAddress started = nodes.startNode(new StartNodeInput(addon, node.address().node(), NodeRole.PRIMARY,
          state.version(), state.image(), state.database()));
      if (!sql.role(new NodeInput(addon.addonId(), started)).primary()) {
        throw Failures.failed(request.node() + " came back as a standby: the endpoint is left as it is");
      }
      if (state.endpoint() != null) {
        endpoints.repoint(new RepointInput(addon.addonId(), state.endpoint(), started, state.planId()));
      }
    });
    progress.finish("running: " + request.node() + " restarted");
    return new RepairResult(addon.addonId(), request.node(), "restarted on its volume");
  }

  private RepairResult rejoin(RepairRequest request, AddonState state, AddonRef addon, NodeAddress primary) {
    progress.expect(List.of(REJOIN, AWAIT_STREAMING));
    String method = progress.run(REJOIN, () -> {
      sql.prepareReplication(new ReplicationInput(addon.addonId(), primary, request.node()));
      String how = nodes.rejoinAsFollower(new RejoinInput(addon, request.node(), state.version(), state.image(),
          state.database(), primary, request.node())).method();
      progress.note(REJOIN, how);
      return how;
    });
    progress.run(AWAIT_STREAMING, () -> sql.awaitStreaming(new AwaitStreamingInput(addon.addonId(), primary, request.node())));
    progress.finish("running: " + request.node() + " streams again");
    return new RepairResult(addon.addonId(), request.node(), method);
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
