package dev.pgaddon.failover;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pgaddon.endpoint.EndpointActivities.EndpointState;
import dev.pgaddon.failover.RepairWorkflow.RepairRequest;
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

/** A repair never makes a second primary: what it does depends on which node answers as primary. */
class RepairWorkflowTest extends WorkflowTestFixture {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(RepairWorkflowImpl.class);

  private static final String ADDON = "ad-00000000-0000-0000-0000-000000000004";
  private static final String PLAN = "postgresql-business-512";

  @BeforeEach
  void mocks(TestWorkflowEnvironment env, Worker worker) {
    when(nodes.rejoinAsFollower(any())).thenReturn(new NodeActivities.Rejoined(NODE1, "pg_rewind"));
    when(nodes.startNode(any())).thenReturn(NODE1);
    when(sql.awaitStreaming(any())).thenReturn(new SqlActivities.ReplicationState("streaming", 0));
    when(endpoints.repoint(any())).thenReturn(new EndpointState("points at node1"));
    start(env, worker);
  }

  private void nodesAre(String node1Role, boolean node1Running, String node2Role) {
    describeAddonReturns(ADDON, PLAN, "17.12",
        List.of(new NodeState(NODE1, node1Role, PLAN, node1Running), new NodeState(NODE2, node2Role, PLAN, true)), 0);
  }

  private static void repair(WorkflowClient client, WorkflowOptions options, NodeRole role) {
    client.newWorkflowStub(RepairWorkflow.class, options).repair(new RepairRequest(ADDON, "my-app", "node1", role, "test"));
  }

  @Test
  void aDeadFollowerRejoinsThePrimaryThatAnswers(WorkflowClient client, WorkflowOptions options) {
    nodesAre("unreachable", false, NodeRole.PRIMARY.wire());
    repair(client, options, NodeRole.FOLLOWER);
    verify(nodes).rejoinAsFollower(argThat(in -> in.node().equals("node1") && in.newPrimary().equals(NODE2)));
    verify(sql).awaitStreaming(argThat(in -> in.primary().equals(NODE2) && in.slot().equals("node1")));
    verify(nodes, never()).startNode(any());
  }

  @Test
  void aFormerPrimaryIsNeverRestartedBesideTheNodeThatTookOver(WorkflowClient client, WorkflowOptions options) {
    // Reported as the primary that died, but node2 answers as primary: node1 must follow it, not lead.
    nodesAre("unreachable", false, NodeRole.PRIMARY.wire());
    repair(client, options, NodeRole.PRIMARY);
    verify(nodes, never()).startNode(any());
    verify(endpoints, never()).repoint(any());
    verify(nodes).rejoinAsFollower(argThat(in -> in.newPrimary().equals(NODE2)));
  }

  @Test
  void aRestartedPrimaryThatComesBackAsAStandbyIsNotPointedAt(WorkflowClient client, WorkflowOptions options) {
    nodesAre("unreachable", false, "unreachable: refused");
    when(sql.role(any())).thenReturn(new SqlActivities.Role(false));
    assertThrows(WorkflowFailedException.class, () -> repair(client, options, NodeRole.PRIMARY));
    verify(nodes).startNode(any());
    verify(endpoints, never()).repoint(any());
  }

  @Test
  void twoPrimariesAreLeftToAnOperator(WorkflowClient client, WorkflowOptions options) {
    nodesAre(NodeRole.PRIMARY.wire(), true, NodeRole.PRIMARY.wire());
    assertThrows(WorkflowFailedException.class, () -> repair(client, options, NodeRole.FOLLOWER));
    verify(nodes, never()).startNode(any());
    verify(nodes, never()).rejoinAsFollower(any());
  }
}
