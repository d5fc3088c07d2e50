package dev.pgaddon.operation;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.upgrade.UpgradeActivities;
import io.temporal.workflow.Workflow;

/** Activity stubs with their options from {@link StepOptions}: the one way workflows reach the world. */
public final class Steps {
  private Steps() {}

  public static NodeActivities nodes() {
    return Workflow.newActivityStub(NodeActivities.class, StepOptions.NODE_DEFAULT, StepOptions.NODE_PER_METHOD);
  }

  public static SqlActivities sql() {
    return Workflow.newActivityStub(SqlActivities.class, StepOptions.SQL_DEFAULT, StepOptions.SQL_PER_METHOD);
  }

  /** Local activity stubs for the steps that run while clients are held (see StepOptions.HELD_TRAFFIC_DEFAULT). */
  public static <T> T whileTrafficIsHeld(Class<T> activities) {
    return Workflow.newLocalActivityStub(activities, StepOptions.HELD_TRAFFIC_DEFAULT, StepOptions.HELD_TRAFFIC_PER_METHOD);
  }

  /** One quick try, no retry: for a question whose failure is itself the answer (does this node answer?). */
  public static <T> T probeWhileTrafficIsHeld(Class<T> activities) {
    return Workflow.newLocalActivityStub(activities, StepOptions.HELD_TRAFFIC_PROBE);
  }

  public static UpgradeActivities upgrades() {
    return Workflow.newActivityStub(UpgradeActivities.class, StepOptions.UPGRADE_DEFAULT, StepOptions.UPGRADE_PER_METHOD);
  }

  public static dev.pgaddon.backup.BackupActivities backups() {
    return Workflow.newActivityStub(dev.pgaddon.backup.BackupActivities.class, StepOptions.BACKUP_DEFAULT,
        StepOptions.BACKUP_PER_METHOD);
  }

  /** The same stubs retried until they succeed: for the steps after a point of no return. */
  public static final class ForwardOnly {
    private ForwardOnly() {}

    public static NodeActivities nodes() {
      return Workflow.newActivityStub(NodeActivities.class, StepOptions.forwardOnly(StepOptions.NODE_DEFAULT),
          StepOptions.forwardOnly(StepOptions.NODE_PER_METHOD));
    }

    public static SqlActivities sql() {
      return Workflow.newActivityStub(SqlActivities.class, StepOptions.forwardOnly(StepOptions.SQL_DEFAULT),
          StepOptions.forwardOnly(StepOptions.SQL_PER_METHOD));
    }

    public static EndpointActivities endpoints() {
      return Workflow.newActivityStub(EndpointActivities.class, StepOptions.forwardOnly(StepOptions.ENDPOINT_DEFAULT),
          StepOptions.forwardOnly(StepOptions.ENDPOINT_PER_METHOD));
    }

  public static UpgradeActivities upgrades() {
      return Workflow.newActivityStub(UpgradeActivities.class, StepOptions.forwardOnly(StepOptions.UPGRADE_DEFAULT),
          StepOptions.forwardOnly(StepOptions.UPGRADE_PER_METHOD));
    }
  }

  public static EndpointActivities endpoints() {
    return Workflow.newActivityStub(EndpointActivities.class, StepOptions.ENDPOINT_DEFAULT, StepOptions.ENDPOINT_PER_METHOD);
  }
}
