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
