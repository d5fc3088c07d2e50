package dev.pgaddon.sql;

import dev.pgaddon.node.NodeAddress;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** SQL against an addon's nodes through pgjdbc, as the addon's superuser. */
@ActivityInterface
public interface SqlActivities {
  record DefaultUserInput(String addonId, NodeAddress primary, String database, String username) {}

  record DefaultUser(String database, String username) {}

  record ReplicationInput(String addonId, NodeAddress primary, String slot) {}

  record ReplicationPrepared(String slot) {}

  record AwaitStreamingInput(String addonId, NodeAddress primary, String slot) {}

  record ReplicationState(String state, long lagBytes) {}

  record ConnectionUrlInput(String addonId, NodeAddress endpoint, String database, String username) {}

  /** Carries the default user's password: only ever stored encrypted in workflow history. */
  record ConnectionUrl(String url) {}

  record NodeInput(String addonId, NodeAddress node) {}

  record AwaitReplayInput(String addonId, NodeAddress primary, NodeAddress follower, int timeoutSeconds) {}

  /** @param primaryLsn the primary's flush position when asked; the follower has replayed at least that */
  record Replayed(String primaryLsn, String replayLsn) {}

  record Promoted(NodeAddress node) {}

  /** @param restartpoint true on a follower, where CHECKPOINT makes a restartpoint */
  record Checkpointed(String node, boolean restartpoint, long millis) {}

  record DropSlotInput(String addonId, NodeAddress primary, String slot) {}

  record SlotDropped(boolean dropped) {}

  record Role(boolean primary) {}

  /** @param database where the lookup function lives: PgBouncer runs auth_query in the database a client asks for */
  record EndpointAuthInput(String addonId, NodeAddress primary, String database) {}

  record EndpointAuthReady(String authUser) {}

  /** The role and lookup function PgBouncer's auth_query uses to authenticate any application user. */
  @ActivityMethod(name = "PrepareEndpointAuthentication")
  EndpointAuthReady prepareEndpointAuth(EndpointAuthInput input);

  /**
   * Reads the primary's flush position (every commit is there) and waits until the follower has
   * replayed it; fails after the timeout. One activity, as it runs while the endpoint holds clients.
   */
  @ActivityMethod(name = "AwaitFollowerReplay")
  Replayed awaitReplay(AwaitReplayInput input);

  /** pg_promote(wait =&gt; true); does nothing on a node that is already a primary. */
  @ActivityMethod(name = "PromoteFollower")
  Promoted promote(NodeInput input);

  /**
   * CHECKPOINT on a running node (a restartpoint on a follower): writes now, while clients are
   * still served, what the shutdown checkpoint would otherwise write while they wait.
   */
  @ActivityMethod(name = "Checkpoint")
  Checkpointed checkpoint(NodeInput input);

  /** Whether the node is a primary now (not in recovery): asked after a promotion whose answer was lost. */
  @ActivityMethod(name = "ReadNodeRole")
  Role role(NodeInput input);

  @ActivityMethod(name = "DropReplicationSlot")
  SlotDropped dropSlot(DropSlotInput input);

  /** The application database and its protected default user, with exactly the seed's GRANTs. */
  @ActivityMethod(name = "CreateDatabaseAndDefaultUser")
  DefaultUser createDatabaseAndDefaultUser(DefaultUserInput input);

  /** The replication role and the follower's physical replication slot. */
  @ActivityMethod(name = "PrepareReplication")
  ReplicationPrepared prepareReplication(ReplicationInput input);

  /** Waits until the follower streams from the primary (pg_stat_replication). */
  @ActivityMethod(name = "AwaitStreamingReplication")
  ReplicationState awaitStreaming(AwaitStreamingInput input);

  @ActivityMethod(name = "ComposeConnectionUrl")
  ConnectionUrl connectionUrl(ConnectionUrlInput input);
}
