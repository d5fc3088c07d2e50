package dev.pgaddon.node;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Node lifecycle on the Docker engine: data directories, containers, volumes. */
@ActivityInterface
public interface NodeActivities {
  /** PostgreSQL's fast shutdown gets this long before the engine kills it; steps that stop a node wait as long. */
  int STOP_TIMEOUT_SECONDS = 60;

  /** Addon, app and plan: carried by every container and volume as Docker labels. */
  record AddonRef(String addonId, String app, String planId) {}

  record VersionRequest(String requested) {}

  record ResolvedVersion(String version, String image, List<String> available) {}

  record InitPrimaryInput(AddonRef addon, String node, String image) {}

  record InitPrimaryResult(boolean created) {}

  record StartNodeInput(AddonRef addon, String node, NodeRole role, String version, String image, String database) {}

  record CloneFollowerInput(AddonRef addon, String node, String image, NodeAddress primary, String slot) {}

  record CloneFollowerResult(boolean cloned) {}

  record RemoveAddonInput(String addonId) {}

  /**
   * @param asRecorded an addon whose nodes are all gone (a host lost) is described from the control
   *     database's record, with no node: a restore into a new addon reads it from the object store
   */
  record DescribeAddonInput(String addonId, boolean asRecorded) {
    public DescribeAddonInput(String addonId) {
      this(addonId, false);
    }
  }

  record NodeRef(AddonRef addon, NodeAddress node) {}

  record NodeStopped(String container) {}

  record RejoinInput(AddonRef addon, String node, String version, String image, String database,
      NodeAddress newPrimary, String slot) {}

  /** @param method "pg_rewind" or "rebuild" (pg_basebackup from scratch, when rewinding failed) */
  record Rejoined(NodeAddress node, String method) {}

  record RemoveNodeInput(AddonRef addon, String node) {}

  record NotifyInput(String addonId, String event) {}

  /** @param outcome what happened, for the operation's report; a failed hook never fails the operation */
  record NotifyResult(boolean notified, String outcome) {}

  record RemovedResources(int containers, int volumes) {}

  /** The image of the requested version, or of the newest version when none is requested. */
  @ActivityMethod(name = "ResolveVersion")
  ResolvedVersion resolveVersion(VersionRequest request);

  /** initdb on a new labelled volume; does nothing when a finished data directory is there. */
  @ActivityMethod(name = "InitPrimaryDataDirectory")
  InitPrimaryResult initPrimary(InitPrimaryInput input);

  /** Creates (or finds) the node's container with the plan's limits and settings, starts it, waits until it accepts connections. */
  @ActivityMethod(name = "StartNode")
  NodeAddress startNode(StartNodeInput input);

  /** pg_basebackup from the primary into the follower's volume, with the replication slot. */
  @ActivityMethod(name = "CloneFollowerFromPrimary")
  CloneFollowerResult cloneFollower(CloneFollowerInput input);

  /** The addon as it runs now: plan, version, nodes with their live role, endpoint, restart hook. */
  @ActivityMethod(name = "DescribeAddon")
  AddonState describeAddon(DescribeAddonInput input);

  /** Removes the node's container and makes it again with the addon's (new) plan on the same volume and port. */
  @ActivityMethod(name = "RecreateNodeWithPlan")
  NodeAddress recreateNode(StartNodeInput input);

  /** PostgreSQL's fast shutdown: nothing committed is lost. */
  @ActivityMethod(name = "StopNode")
  NodeStopped stopNode(NodeRef input);

  /**
   * A primary that stopped answering is stopped for good (fast shutdown if it still can, else killed
   * within seconds), so that it never comes back as a second primary.
   */
  @ActivityMethod(name = "FenceNode")
  NodeStopped fenceNode(NodeRef input);

  /** The stopped old primary becomes a follower of the new one: pg_rewind, or a fresh base backup when that fails. */
  @ActivityMethod(name = "RejoinAsFollower")
  Rejoined rejoinAsFollower(RejoinInput input);

  /** Removes one node's container and volume (a business plan going to starter drops its follower). */
  @ActivityMethod(name = "RemoveNode")
  NodeStopped removeNode(RemoveNodeInput input);

  /** "The application is restarted": runs the addon's restart hook (an HTTP URL or a command). */
  @ActivityMethod(name = "NotifyApplication")
  NotifyResult notifyApplication(NotifyInput input);

  /** Removes every container and volume labelled with the addon, and its secrets. */
  @ActivityMethod(name = "RemoveAddonResources")
  RemovedResources removeAddon(RemoveAddonInput input);
}
