package dev.pgaddon.failover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pgaddon.endpoint.EndpointActivities.EndpointState;
import dev.pgaddon.failover.FailoverWorkflow.FailoverRequest;
import dev.pgaddon.failover.FailoverWorkflow.FailoverResult;
import dev.pgaddon.node.AddonState.NodeState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.testing.WorkflowTestFixture;
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

class FailoverWorkflowTest extends WorkflowTestFixture {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(FailoverWorkflowImpl.class);

  private static final String ADDON = "ad-00000000-0000-0000-0000-000000000003";
  private static final FailoverRequest REQUEST = new FailoverRequest(ADDON, "my-app", "node1", "node2", "killed");

  @BeforeEach
  void mocks(TestWorkflowEnvironment env, Worker worker) {
    when(nodes.fenceNode(any())).thenReturn(new NodeActivities.NodeStopped("c1"));
    when(nodes.rejoinAsFollower(any())).thenReturn(new NodeActivities.Rejoined(NODE1, "pg_rewind"));
    when(nodes.notifyApplication(any())).thenReturn(new NodeActivities.NotifyResult(true, "restarted"));
    when(sql.promote(any())).thenReturn(new SqlActivities.Promoted(NODE2));
    when(sql.awaitStreaming(any())).thenReturn(new SqlActivities.ReplicationState("streaming", 0));
    when(endpoints.repoint(any())).thenReturn(new EndpointState("points at node2"));
    start(env, worker);
  }

  private void nodesAre(NodeState first, NodeState second) {
    describeAddonReturns(ADDON, "postgresql-business-512", "17.12", List.of(first, second), 0);
  }

  private static FailoverResult run(WorkflowClient client, WorkflowOptions options) {
    return client.newWorkflowStub(FailoverWorkflow.class, options).failover(REQUEST);
  }

  @Test
  void theDeadPrimaryIsFencedBeforeTheFollowerIsPromotedThenItRejoins(WorkflowClient client, WorkflowOptions options) {
    nodesAre(new NodeState(NODE1, "unreachable", "postgresql-business-512", false),
        new NodeState(NODE2, NodeRole.FOLLOWER.wire(), "postgresql-business-512", true));
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
    nodesAre(new NodeState(NODE1, NodeRole.PRIMARY.wire(), "postgresql-business-512", true),
        new NodeState(NODE2, NodeRole.FOLLOWER.wire(), "postgresql-business-512", true));
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
