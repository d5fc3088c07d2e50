package dev.pgaddon.changeplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.pgaddon.changeplan.ChangePlanWorkflow.ChangePlanRequest;
import dev.pgaddon.changeplan.ChangePlanWorkflow.ChangePlanResult;
import dev.pgaddon.endpoint.EndpointActivities;
import dev.pgaddon.endpoint.EndpointActivities.EndpointState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.testing.WorkflowTestFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class ChangePlanWorkflowTest extends WorkflowTestFixture {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(ChangePlanWorkflowImpl.class);

  private static final String ADDON = "ad-00000000-0000-0000-0000-000000000002";

  @BeforeEach
  void mocks(TestWorkflowEnvironment env, Worker worker) {
    when(nodes.recreateNode(any())).thenAnswer(call -> "node1".equals(((NodeActivities.StartNodeInput) call.getArgument(0)).node()) ? NODE1 : NODE2);
    when(nodes.startNode(any())).thenReturn(NODE2);
    when(nodes.stopNode(any())).thenReturn(new NodeActivities.NodeStopped("c1"));
    when(nodes.rejoinAsFollower(any())).thenReturn(new NodeActivities.Rejoined(NODE1, "pg_rewind"));
    when(nodes.notifyApplication(any())).thenReturn(new NodeActivities.NotifyResult(true, "restarted"));
    when(sql.awaitReplay(any())).thenReturn(new SqlActivities.Replayed("0/3000000", "0/3000000"));
    when(sql.promote(any())).thenReturn(new SqlActivities.Promoted(NODE2));
    // Each node reports its role as it was before the change.
    when(sql.role(any())).thenAnswer(call -> new SqlActivities.Role(
        ((SqlActivities.NodeInput) call.getArgument(0)).node().equals(NODE1)));
    when(endpoints.pause(any())).thenReturn(new EndpointState("paused"));
    when(endpoints.resume(any())).thenReturn(new EndpointState("running"));
    when(endpoints.repoint(any())).thenReturn(new EndpointState("points at node2"));
    when(endpoints.stage(any())).thenReturn(new EndpointState("staged"));
    when(endpoints.apply(any())).thenReturn(new EndpointState("running"));
    start(env, worker);
  }

  private void addonIs(String planId, boolean withFollower, long dataBytes) {
    describeAddonReturns(ADDON, planId, "15.20", running(planId, withFollower), dataBytes);
  }

  private ChangePlanResult change(WorkflowClient client, WorkflowOptions options, String planId) {
    return client.newWorkflowStub(ChangePlanWorkflow.class, options).changePlan(new ChangePlanRequest(ADDON, "my-app", planId));
  }

  @Test
  void starterRestartsItsNodeWhileTheEndpointHoldsClients(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-512", false, 1000);

    ChangePlanResult result = change(client, options, "postgresql-starter-1024");

    InOrder order = inOrder(endpoints, nodes);
    order.verify(endpoints).pause(any());
    order.verify(nodes).recreateNode(argThat(in -> in.addon().planId().equals("postgresql-starter-1024")));
    order.verify(endpoints).repoint(any());
    order.verify(endpoints).resume(any());
    order.verify(nodes).notifyApplication(any());
    assertEquals("postgresql-starter-1024", result.toPlan());
    verify(sql, never()).promote(any());
  }

  @Test
  void businessRestartsTheFollowerFirstThenSwitchesOver(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);

    ChangePlanResult result = change(client, options, "postgresql-business-1024");

    InOrder order = inOrder(endpoints, nodes, sql);
    order.verify(nodes).recreateNode(argThat(in -> in.node().equals("node2") && in.role() == NodeRole.FOLLOWER));
    order.verify(sql).awaitReplay(any());
    // The endpoint's new file is written before clients are held; only its RELOAD is in the stall.
    order.verify(endpoints).stage(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE2, "postgresql-business-1024"));
    order.verify(endpoints).pause(any());
    order.verify(sql).awaitReplay(new SqlActivities.AwaitReplayInput(ADDON, NODE1, NODE2, 10));
    order.verify(nodes).stopNode(any());
    order.verify(sql).promote(new SqlActivities.NodeInput(ADDON, NODE2));
    order.verify(endpoints).apply(new EndpointActivities.EndpointRef(ADDON, ENDPOINT));
    order.verify(endpoints).resume(any());
    verify(endpoints, never()).repoint(any());
    order.verify(nodes).rejoinAsFollower(argThat(in -> in.node().equals("node1") && in.newPrimary().equals(NODE2)));
    order.verify(sql).awaitStreaming(any());
    order.verify(nodes).notifyApplication(any());
    assertEquals("node2", result.primaryNode());
  }

  @Test
  void aFollowerThatDoesNotCatchUpLeavesThePrimaryInPlace(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);
    when(sql.awaitReplay(any()))
        .thenReturn(new SqlActivities.Replayed("0/3000000", "0/3000000"))
        .thenThrow(new IllegalStateException("follower node2 did not replay 0/3000000 within 10 s"));

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> change(client, options, "postgresql-business-1024"));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.OPERATION_FAILED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("did not replay"), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains("the primary is unchanged"), cause.getOriginalMessage());
    verify(nodes, never()).stopNode(any());
    verify(sql, never()).promote(any());
    verify(endpoints, never()).repoint(any());
    verify(endpoints, never()).apply(any());
    // The staged file named the follower: it names the primary again before anything reads it.
    InOrder order = inOrder(endpoints);
    order.verify(endpoints).stage(argThat(in -> in.primary().equals(NODE2)));
    order.verify(endpoints).stage(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE1, "postgresql-business-512"));
    order.verify(endpoints).resume(any());
  }

  @Test
  void aPromotionThatFailsRestartsTheOldPrimary(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);
    when(sql.promote(any())).thenThrow(ApplicationFailure.newNonRetryableFailure("promotion failed", "Test"));
    stoppedNodeDoesNotAnswer(NODE1);

    assertThrows(WorkflowFailedException.class, () -> change(client, options, "postgresql-business-1024"));

    InOrder order = inOrder(nodes, endpoints);
    order.verify(nodes).stopNode(any());
    order.verify(nodes).recreateNode(argThat(in -> in.node().equals("node1") && in.role() == NodeRole.PRIMARY
        && in.addon().planId().equals("postgresql-business-512")));
    order.verify(endpoints).repoint(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE1, "postgresql-business-512"));
    order.verify(endpoints).resume(any());
    verify(endpoints, never()).repoint(argThat(in -> in.primary().equals(NODE2)));
  }

  @Test
  void aPromotionWhoseAnswerWasLostIsNotUndoneAndTheChangeGoesOn(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);
    when(sql.promote(any())).thenThrow(ApplicationFailure.newNonRetryableFailure("connection lost", "Test"));
    nodeIsPromotedAlready(NODE2);

    ChangePlanResult result = change(client, options, "postgresql-business-1024");

    assertEquals("node2", result.primaryNode());
    verify(endpoints).repoint(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE2, "postgresql-business-1024"));
    verify(nodes, never()).recreateNode(argThat(in -> in.node().equals("node1") && in.role() == NodeRole.PRIMARY));
    verify(endpoints).resume(any());
    verify(nodes).rejoinAsFollower(argThat(in -> in.node().equals("node1") && in.newPrimary().equals(NODE2)));
  }

  /**
   * A worker lost after it stopped the old primary and promoted the follower, before its workflow
   * task completed: the next worker replays the switchover from its start, and the old primary's
   * replay check now fails (that node is stopped). The nodes' roles decide: the change goes on
   * from the promoted follower; the old primary is neither pointed at nor restarted as primary.
   */
  @Test
  void aSwitchoverReplayedAfterItsWorkerWasLostGoesOnFromThePromotedFollower(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);
    when(sql.awaitReplay(any()))
        .thenReturn(new SqlActivities.Replayed("0/3000000", "0/3000000"))
        .thenThrow(new IllegalStateException("Connection to 127.0.0.1:55000 refused"));
    stoppedNodeDoesNotAnswer(NODE1);
    nodeIsPromotedAlready(NODE2);

    ChangePlanResult result = change(client, options, "postgresql-business-1024");

    assertEquals("node2", result.primaryNode());
    InOrder order = inOrder(endpoints, nodes);
    order.verify(endpoints).pause(any());
    order.verify(endpoints).repoint(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE2, "postgresql-business-1024"));
    order.verify(endpoints).resume(any());
    order.verify(nodes).rejoinAsFollower(argThat(in -> in.node().equals("node1") && in.newPrimary().equals(NODE2)));
    verify(endpoints, never()).stage(argThat(in -> in.primary().equals(NODE1)));
    verify(endpoints, never()).repoint(argThat(in -> in.primary().equals(NODE1)));
    verify(nodes, never()).recreateNode(argThat(in -> in.node().equals("node1") && in.role() == NodeRole.PRIMARY));
  }

  /** The same loss before the promotion: the old primary was stopped only, so it is restarted and pointed at. */
  @Test
  void aSwitchoverReplayedAfterItsWorkerStoppedThePrimaryRestartsIt(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);
    when(sql.awaitReplay(any()))
        .thenReturn(new SqlActivities.Replayed("0/3000000", "0/3000000"))
        .thenThrow(new IllegalStateException("Connection to 127.0.0.1:55000 refused"));
    stoppedNodeDoesNotAnswer(NODE1);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> change(client, options, "postgresql-business-1024"));

    assertTrue(e.getCause().getMessage().contains("the primary is unchanged"), e.getCause().getMessage());
    InOrder order = inOrder(endpoints, nodes);
    order.verify(nodes).recreateNode(argThat(in -> in.node().equals("node1") && in.role() == NodeRole.PRIMARY
        && in.addon().planId().equals("postgresql-business-512")));
    order.verify(endpoints).repoint(new EndpointActivities.RepointInput(ADDON, ENDPOINT, NODE1, "postgresql-business-512"));
    order.verify(endpoints).resume(any());
    verify(sql, never()).promote(any());
  }

  private void stoppedNodeDoesNotAnswer(NodeAddress node) {
    org.mockito.Mockito.doThrow(new IllegalStateException("Connection to 127.0.0.1:" + node.port() + " refused"))
        .when(sql).role(argThat(in -> in != null && in.node().equals(node)));
  }

  private void nodeIsPromotedAlready(NodeAddress node) {
    org.mockito.Mockito.doReturn(new SqlActivities.Role(true)).when(sql).role(argThat(in -> in != null && in.node().equals(node)));
  }

  @Test
  void aStarterWhoseRestartFailsIsRestoredOnItsOldPlan(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-512", false, 1000);
    org.mockito.Mockito.doThrow(ApplicationFailure.newNonRetryableFailure("out of memory", "Test"))
        .when(nodes).recreateNode(argThat(in -> in.addon().planId().equals("postgresql-starter-1024")));

    assertThrows(WorkflowFailedException.class, () -> change(client, options, "postgresql-starter-1024"));

    InOrder order = inOrder(nodes, endpoints);
    order.verify(endpoints).pause(any());
    order.verify(nodes).recreateNode(argThat(in -> in.addon().planId().equals("postgresql-starter-512")));
    order.verify(endpoints).repoint(any());
    order.verify(endpoints).resume(any());
  }

  @Test
  void starterToBusinessAddsAFollower(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-512", false, 1000);

    change(client, options, "postgresql-business-512");

    InOrder order = inOrder(nodes, sql);
    order.verify(nodes).recreateNode(any());
    order.verify(sql).prepareReplication(any());
    order.verify(nodes).cloneFollower(argThat(in -> in.node().equals("node2")));
    order.verify(nodes).startNode(argThat(in -> in.role() == NodeRole.FOLLOWER));
    order.verify(sql).awaitStreaming(any());
  }

  @Test
  void businessToStarterRemovesTheFollower(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-business-512", true, 1000);

    change(client, options, "postgresql-starter-512");

    InOrder order = inOrder(nodes, sql);
    order.verify(nodes).removeNode(argThat(in -> in.node().equals("node2")));
    order.verify(sql).dropSlot(any());
    order.verify(nodes).recreateNode(argThat(in -> in.node().equals("node1")));
    verify(sql, never()).promote(any());
  }

  @Test
  void theSamePlanIsRefusedAndNothingChanges(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-512", false, 1000);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> change(client, options, "postgresql-starter-512"));

    assertEquals(Failures.INVALID_REQUEST, ((ApplicationFailure) e.getCause()).getType());
    verifyNoInteractions(endpoints, sql);
    verify(nodes, never()).recreateNode(any());
  }

  @Test
  void aPlanSmallerThanTheDataIsRefused(WorkflowClient client, WorkflowOptions options) {
    addonIs("postgresql-starter-1024", false, 11L * 1024 * 1024 * 1024);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> change(client, options, "postgresql-starter-512"));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.INVALID_REQUEST, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("allows 10 GiB"), cause.getOriginalMessage());
    verifyNoInteractions(endpoints);
    verify(nodes, never()).recreateNode(any());
  }
}
