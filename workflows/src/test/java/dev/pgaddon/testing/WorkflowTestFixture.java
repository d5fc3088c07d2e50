package dev.pgaddon.testing;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.sql.SqlActivities;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;

/**
 * What the workflow tests share, as their superclass: Temporal's test environment for the workflow
 * under test ({@link #temporal}, started by {@link #start} once the mocks are in place), mocks of
 * the node, SQL and endpoint activities (new for each test method, as JUnit makes an instance per
 * method), the two nodes and the endpoint they answer with, and the addon that describeAddon reports.
 */
public abstract class WorkflowTestFixture {
  public static final NodeAddress NODE1 = new NodeAddress("node1", "c1", "127.0.0.1", 55000);
  public static final NodeAddress NODE2 = new NodeAddress("node2", "c2", "127.0.0.1", 55001);
  public static final NodeAddress ENDPOINT = new NodeAddress("endpoint", "c3", "127.0.0.1", 55002);
  public static final String APP = "my-app";
  public static final String DATABASE = "my_app_0001";

  protected final NodeActivities nodes = activityMock(NodeActivities.class);
  protected final SqlActivities sql = activityMock(SqlActivities.class);
  protected final EndpointActivities endpoints = activityMock(EndpointActivities.class);

  /**
   * Temporal's test environment with these workflow implementations, not started: the test's
   * {@code @BeforeEach} sets up its mocks, then calls {@link #start}.
   */
  public static TestWorkflowExtension temporal(Class<?>... workflowImplementationTypes) {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(workflowImplementationTypes)
        .setDoNotStart(true)
        .build();
  }

  /** A plain mock of an @ActivityInterface is refused: its annotations must not be copied. */
  public static <T> T activityMock(Class<T> activityInterface) {
    return mock(activityInterface, withSettings().withoutAnnotations());
  }

  /** Registers the node, SQL and endpoint mocks (and {@code others}) on the worker, then starts the environment. */
  protected void start(TestWorkflowEnvironment env, Worker worker, Object... others) {
    List<Object> activities = new ArrayList<>(List.of(nodes, sql, endpoints));
    activities.addAll(List.of(others));
    worker.registerActivitiesImplementations(activities.toArray());
    env.start();
  }

  /** describeAddon reports this addon of {@link #APP}, on PostgreSQL {@code version}'s image, behind {@link #ENDPOINT}. */
  protected void describeAddonReturns(String addonId, String planId, String version, List<NodeState> nodeStates, long dataBytes) {
    when(nodes.describeAddon(any())).thenReturn(new AddonState(addonId, APP, planId, version,
        "pgaddon/postgresql:" + version, DATABASE, nodeStates, ENDPOINT, null, dataBytes));
  }

  /** Node1 running as primary on the plan, and node2 as its running follower when there is one. */
  protected static List<NodeState> running(String planId, boolean withFollower) {
    return withFollower
        ? List.of(new NodeState(NODE1, NodeRole.PRIMARY.wire(), planId, true), new NodeState(NODE2, NodeRole.FOLLOWER.wire(), planId, true))
        : List.of(new NodeState(NODE1, NodeRole.PRIMARY.wire(), planId, true));
  }
}
