package dev.pgaddon.node;

import dev.pgaddon.node.NodeActivities.AddonRef;
import dev.pgaddon.node.NodeActivities.CloneFollowerInput;
import dev.pgaddon.node.NodeActivities.StartNodeInput;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.AwaitStreamingInput;
import dev.pgaddon.sql.SqlActivities.ReplicationInput;
import java.util.List;

/** Adding a streaming follower to a running primary: used by provisioning and by plan changes. Workflow code. */
public final class FollowerSteps {
  public static final String PREPARE_REPLICATION = "Prepare replication";
  public static final String CLONE_FOLLOWER = "Clone follower from primary";
  public static final String START_FOLLOWER = "Start follower node";
  public static final String AWAIT_STREAMING = "Await streaming replication";
  public static final List<String> NAMES = List.of(PREPARE_REPLICATION, CLONE_FOLLOWER, START_FOLLOWER, AWAIT_STREAMING);

  private final NodeActivities nodes;
  private final SqlActivities sql;
  private final ProgressTracker progress;

  public FollowerSteps(NodeActivities nodes, SqlActivities sql, ProgressTracker progress) {
    this.nodes = nodes;
    this.sql = sql;
    this.progress = progress;
  }

  /** The follower's replication slot is named after the node. */
  public NodeAddress add(AddonRef addon, String version, String image, NodeAddress primary, String database, String node) {
    progress.run(PREPARE_REPLICATION, () -> sql.prepareReplication(new ReplicationInput(addon.addonId(), primary, node)));
    progress.run(CLONE_FOLLOWER, () -> nodes.cloneFollower(new CloneFollowerInput(addon, node, image, primary, node)));
    NodeAddress follower = progress.run(START_FOLLOWER, () -> nodes.startNode(
        new StartNodeInput(addon, node, NodeRole.FOLLOWER, version, image, database)));
    progress.run(AWAIT_STREAMING, () -> sql.awaitStreaming(new AwaitStreamingInput(addon.addonId(), primary, node)));
    return follower;
  }
}
