package dev.pgaddon.failover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.EndpointState;
import dev.pgaddon.failover.FailoverWorkflow.FailoverRequest;
import dev.pgaddon.failover.FailoverWorkflow.FailoverResult;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.sql.SqlActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class FailoverWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .registerWorkflowImplementationTypes(FailoverWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  private static final String ADDON = "ad-00000000-0000-0000-0000-000000000003";
  private static final NodeAddress NODE1 = new NodeAddress("node1", "c1", "127.0.0.1", 55000);
  private static final NodeAddress NODE2 = new NodeAddress("node2", "c2", "127.0.0.1", 55001);
  private static final NodeAddress ENDPOINT = new NodeAddress("endpoint", "c3", "127.0.0.1", 55002);
  private static final FailoverRequest REQUEST = new FailoverRequest(ADDON, "my-app", "node1", "node2", "killed");

  private NodeActivities nodes;
  private SqlActivities sql;
  private EndpointActivities endpoints;

  @BeforeEach
  void mocks(TestWorkflowEnvironment env, Worker worker) {
    nodes = mock(NodeActivities.class, withSettings().withoutAnnotations());
    sql = mock(SqlActivities.class, withSettings().withoutAnnotations());
    endpoints = mock(EndpointActivities.class, withSettings().withoutAnnotations());
    when(nodes.fenceNode(any())).thenReturn(new NodeActivities.NodeStopped("c1"));
    when(nodes.rejoinAsFollower(any())).thenReturn(new NodeActivities.Rejoined(NODE1, "pg_rewind"));
    when(nodes.notifyApplication(any())).thenReturn(new NodeActivities.NotifyResult(true, "restarted"));
    when(sql.promote(any())).thenReturn(new SqlActivities.Promoted(NODE2));
    when(sql.awaitStreaming(any())).thenReturn(new SqlActivities.ReplicationState("streaming", 0));
    when(endpoints.repoint(any())).thenReturn(new EndpointState("points at node2"));
    worker.registerActivitiesImplementations(nodes, sql, endpoints);
    env.start();
  }

  private void nodesAre(NodeState first, NodeState second) {
    when(nodes.describeAddon(any())).thenReturn(new AddonState(ADDON, "my-app", "postgresql-business-512", "17.12",
        "pgaddon/postgresql:17.12", "my_app_0001", List.of(first, second), ENDPOINT, null, 0));
  }

  private static FailoverResult run(WorkflowClient client, WorkflowOptions options) {
    return client.newWorkflowStub(FailoverWorkflow.class, options).failover(REQUEST);
  }

  @Test
  void theDeadPrimaryIsFencedBeforeTheFollowerIsPromotedThenItRejoins(WorkflowClient client, WorkflowOptions options) {
    nodesAre(new NodeState(NODE1, "unreachable", "postgresql-business-512", false),
        new NodeState(NODE2, NodeActivities.FOLLOWER, "postgresql-business-512", true));
    FailoverResult result = run(client, options);
    assertTrue(result.failedOver());
    InOrder order = inOrder(nodes, sql, endpoints);
    order.verify(nodes).fenceNode(argThat(n -> n.node().equals(NODE1)));
    order.verify(sql).promote(argThat(n -> n.node().equals(NODE2)));
    order.verify(endpoints).repoint(argThat(r -> r.primary().equals(NODE2)));
    order.verify(nodes).notifyApplication(argThat(n -> n.event().equals("failover")));
    order.verify(nodes).rejoinAsFollower(argThat(r -> r.node().equals("node1") && r.newPrimary().equals(NODE2)));
    order.verify(sql).awaitStreaming(argThat(a -> a.primary().equals(NODE2) && a.slot().equals("node1")));
  }

  @Test
  void aPrimaryThatAnswersAgainIsLeftAlone(WorkflowClient client, WorkflowOptions options) {
    nodesAre(new NodeState(NODE1, NodeActivities.PRIMARY, "postgresql-business-512", true),
        new NodeState(NODE2, NodeActivities.FOLLOWER, "postgresql-business-512", true));
    assertFalse(run(client, options).failedOver());
    verify(nodes, never()).fenceNode(any());
    verify(sql, never()).promote(any());
  }

  @Test
  void withoutAFollowerThatAnswersNothingIsFenced(WorkflowClient client, WorkflowOptions options) {
    nodesAre(new NodeState(NODE1, "unreachable", "postgresql-business-512", false),
        new NodeState(NODE2, "unreachable: refused", "postgresql-business-512", true));
    assertThrows(WorkflowFailedException.class, () -> run(client, options));
    verify(nodes, never()).fenceNode(any());
    verify(sql, never()).promote(any());
  }
}
