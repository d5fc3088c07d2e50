package dev.pgaddon.failover;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.RepointInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.FollowerSteps;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.node.NodeActivities.RemoveNodeInput;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.StepOptions;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.record.OperationRecorder;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.AwaitStreamingInput;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

/**
 * Brings a dead node back without anyone asking. A primary (a starter's only node, or a business
 * primary whose follower could not take over without losing commits) is restarted on its volume.
 * A follower is restarted on its volume too; if it does not stream again, it is rebuilt from the
 * primary. The addon is degraded only as long as this takes.
 */
public class RepairWorkflowImpl implements RepairWorkflow {
  static final String DESCRIBE = "Check the addon's nodes";
  static final String RESTART = "Restart the node on its volume";
  static final String AWAIT_STREAMING = "Await streaming from the primary (synchronous again)";
  static final String REMOVE = "Remove the follower that does not stream";
  /** A restarted follower that does not stream by then is rebuilt rather than waited on. */
  static final Duration RESTARTED_FOLLOWER_STREAMS_WITHIN = Duration.ofMinutes(2);

  private final NodeActivities nodes = Steps.nodes();
  private final SqlActivities sql = Steps.sql();
  private final EndpointActivities endpoints = Steps.endpoints();
  private final SqlActivities oneTry = Workflow.newActivityStub(SqlActivities.class, StepOptions.SQL_DEFAULT.toBuilder()
      .setStartToCloseTimeout(RESTARTED_FOLLOWER_STREAMS_WITHIN)
      .setHeartbeatTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build());
  private ProgressTracker progress;

  @Override
  public RepairResult repair(RepairRequest request) {
    OperationRecorder.started(request.addonId(), request.app(), "repair", request);
    return OperationRecorder.record(request.addonId(), this::progress, () -> run(request));
  }

  private RepairResult run(RepairRequest request) {
    String addonId = request.addonId();
    progress = new ProgressTracker("repair", addonId, List.of(DESCRIBE, RESTART));
    AddonState state = progress.run(DESCRIBE, () -> nodes.describeAddon(new DescribeAddonInput(addonId)));
    progress.note(DESCRIBE, request.reason());
    NodeState node = Nodes.named(state, request.node());
    if (node == null) {
      throw ApplicationFailure.newNonRetryableFailure("addon " + addonId + " has no node " + request.node(),
          Failures.OPERATION_FAILED);
    }
    AddonRef addon = new AddonRef(addonId, state.app(), state.planId());
    if (NodeActivities.PRIMARY.equals(request.role())) {
      return restartPrimary(request, state, addon, node);
    }
    NodeState primary = state.primary();
    if (primary == null) {
      throw ApplicationFailure.newNonRetryableFailure("addon " + addonId + ": no primary answers, " + request.node()
          + " has nothing to follow", Failures.OPERATION_FAILED);
    }
    progress.expect(List.of(AWAIT_STREAMING));
    try {
      progress.run(RESTART, () -> nodes.startNode(start(addon, state, node, NodeActivities.FOLLOWER)));
      progress.run(AWAIT_STREAMING, () -> oneTry.awaitStreaming(
          new AwaitStreamingInput(addonId, primary.address(), request.node())));
      progress.finish("running: " + request.node() + " streams again");
      return new RepairResult(addonId, request.node(), "restarted on its volume");
    } catch (ActivityFailure doesNotStream) {
      progress.expect(List.of(REMOVE));
      progress.expect(FollowerSteps.NAMES);
      progress.run(REMOVE, () -> nodes.removeNode(new RemoveNodeInput(addon, request.node())));
      new FollowerSteps(nodes, sql, progress).add(addon, state.version(), state.image(), primary.address(),
          state.database(), request.node());
      progress.finish("running: " + request.node() + " was rebuilt from the primary and streams");
      return new RepairResult(addonId, request.node(), "rebuilt from the primary ("
          + ProgressTracker.rootMessage(doesNotStream) + ")");
    }
  }

  /** The addon's primary, on its own volume: no data other than its own can replace it. */
  private RepairResult restartPrimary(RepairRequest request, AddonState state, AddonRef addon, NodeState node) {
    progress.run(RESTART, () -> {
      NodeAddress started = nodes.startNode(start(addon, state, node, NodeActivities.PRIMARY));
      if (state.endpoint() != null) {
        endpoints.repoint(new RepointInput(addon.addonId(), state.endpoint(), started, state.planId()));
      }
    });
    progress.finish("running: " + request.node() + " restarted");
    return new RepairResult(addon.addonId(), request.node(), "restarted on its volume");
  }

  private static StartNodeInput start(AddonRef addon, AddonState state, NodeState node, String role) {
    return new StartNodeInput(addon, node.address().node(), role, state.version(), state.image(), state.database());
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
