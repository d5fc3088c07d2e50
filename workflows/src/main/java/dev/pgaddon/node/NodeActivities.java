package dev.pgaddon.node;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** Node lifecycle on the Docker engine: data directories, containers, volumes. */
@ActivityInterface
public interface NodeActivities {
  String PRIMARY = "primary";
  String FOLLOWER = "follower";

  /** Addon, app and plan: carried by every container and volume as Docker labels. */
  record AddonRef(String addonId, String app, String planId) {}

  record VersionRequest(String requested) {}

  record ResolvedVersion(String version, String image, List<String> available) {}

  record InitPrimaryInput(AddonRef addon, String node, String image) {}

  record InitPrimaryResult(boolean created) {}

  record StartNodeInput(AddonRef addon, String node, String role, String version, String image, String database) {}

  record CloneFollowerInput(AddonRef addon, String node, String image, NodeAddress primary, String slot) {}

  record CloneFollowerResult(boolean cloned) {}

  record RemoveAddonInput(String addonId) {}

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

  /** Removes every container and volume labelled with the addon, and its secrets. */
  @ActivityMethod(name = "RemoveAddonResources")
  RemovedResources removeAddon(RemoveAddonInput input);
}
