package dev.pgaddon.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.CloneFollowerResult;
import dev.pgaddon.node.NodeActivities.InitPrimaryResult;
import dev.pgaddon.node.NodeActivities.RemovedResources;
import dev.pgaddon.node.NodeActivities.ResolvedVersion;
import dev.pgaddon.node.NodeAddress;
import dev.pgaddon.node.NodeRole;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.StepState;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.sql.SqlActivities;
import dev.pgaddon.sql.SqlActivities.ConnectionUrl;
import dev.pgaddon.sql.SqlActivities.DefaultUser;
import dev.pgaddon.sql.SqlActivities.ReplicationPrepared;
import dev.pgaddon.sql.SqlActivities.ReplicationState;
import dev.pgaddon.testing.WorkflowTestFixture;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class ProvisionAddonWorkflowTest extends WorkflowTestFixture {
  @RegisterExtension
  static final TestWorkflowExtension temporal = WorkflowTestFixture.temporal(ProvisionAddonWorkflowImpl.class);

  private static final String ADDON = "ad-00000000-0000-0000-0000-000000000001";
  private static final NodeAddress PRIMARY = NODE1;
  private static final NodeAddress FOLLOWER = NODE2;

  @BeforeEach
  void mocks(TestWorkflowEnvironment env, Worker worker) {
    when(endpoints.startEndpoint(any())).thenReturn(ENDPOINT);
    when(sql.prepareEndpointAuth(any())).thenReturn(new SqlActivities.EndpointAuthReady("pgbouncer_auth"));
    when(nodes.resolveVersion(any())).thenReturn(new ResolvedVersion("15.20", "pgaddon/postgresql:15.20", List.of("15.20")));
    when(nodes.initPrimary(any())).thenReturn(new InitPrimaryResult(true));
    when(nodes.startNode(any())).thenAnswer(call -> {
      NodeActivities.StartNodeInput in = call.getArgument(0);
      return in.role() == NodeRole.PRIMARY ? PRIMARY : FOLLOWER;
    });
    when(nodes.cloneFollower(any())).thenReturn(new CloneFollowerResult(true));
    when(nodes.removeAddon(any())).thenReturn(new RemovedResources(1, 1));
    when(sql.createDatabaseAndDefaultUser(any())).thenReturn(new DefaultUser("my_app_0001", "my_app_0001"));
    when(sql.prepareReplication(any())).thenReturn(new ReplicationPrepared("node2"));
    when(sql.awaitStreaming(any())).thenReturn(new ReplicationState("streaming", 0));
    when(sql.connectionUrl(any())).thenReturn(new ConnectionUrl("postgres://u:p@127.0.0.1:55000/db"));
    start(env, worker);
  }


  @Test
  void starterPlanProvisionsOneNodeInOrder(WorkflowClient client, WorkflowOptions options) {
    ProvisionAddonWorkflow wf = client.newWorkflowStub(ProvisionAddonWorkflow.class, options);
    ProvisionResult result = wf.provision(new ProvisionRequest(ADDON, "my-app", "postgresql-starter-512", null, null));

    assertEquals("15.20", result.version());
    assertTrue(result.database().matches("my_app_\\d{4}"), result.database());
    InOrder order = inOrder(nodes, sql, endpoints);
    order.verify(nodes).resolveVersion(any());
    order.verify(nodes).initPrimary(any());
    order.verify(nodes).startNode(any());
    order.verify(sql).createDatabaseAndDefaultUser(any());
    order.verify(sql).prepareEndpointAuth(any());
    order.verify(endpoints).startEndpoint(any());
    order.verify(sql).connectionUrl(new SqlActivities.ConnectionUrlInput(ADDON, ENDPOINT, result.database(), result.database()));
    verify(nodes, never()).cloneFollower(any());
    verify(sql, never()).prepareReplication(any());
    verify(nodes, never()).removeAddon(any());
  }

  @Test
  void businessPlanAddsAStreamingFollowerAfterThePrimary(WorkflowClient client, WorkflowOptions options) {
    ProvisionAddonWorkflow wf = client.newWorkflowStub(ProvisionAddonWorkflow.class, options);
    wf.provision(new ProvisionRequest(ADDON, "my-app", "postgresql-business-1024", "15.20", null));

    InOrder order = inOrder(nodes, sql);
    order.verify(nodes).initPrimary(any());
    order.verify(nodes).startNode(any());
    order.verify(sql).createDatabaseAndDefaultUser(any());
    order.verify(sql).prepareReplication(any());
    order.verify(nodes).cloneFollower(any());
    order.verify(nodes).startNode(any());
    order.verify(sql).awaitStreaming(any());
    verify(nodes, times(2)).startNode(any());
    List<StepState> steps = WorkflowStub.fromTyped(wf).query("progress", dev.pgaddon.operation.Progress.class).steps();
    assertTrue(steps.stream().allMatch(s -> s.status() == StepState.Status.DONE), steps.toString());
    assertEquals(9, steps.size());
  }

  @Test
  void aTransientStepFailureIsRetried(WorkflowClient client, WorkflowOptions options) {
    when(sql.createDatabaseAndDefaultUser(any()))
        .thenThrow(new IllegalStateException("connection refused"))
        .thenReturn(new DefaultUser("db", "db"));
    client.newWorkflowStub(ProvisionAddonWorkflow.class, options)
        .provision(new ProvisionRequest(ADDON, "my-app", "postgresql-starter-512", null, null));

    verify(sql, times(2)).createDatabaseAndDefaultUser(any());
    verify(nodes, never()).removeAddon(any());
  }

  @Test
  void aFailureMidwayRemovesWhatWasCreated(WorkflowClient client, WorkflowOptions options) {
    when(nodes.cloneFollower(any())).thenThrow(
        ApplicationFailure.newNonRetryableFailure("pg_basebackup failed: could not connect", "Test"));
    ProvisionAddonWorkflow wf = client.newWorkflowStub(ProvisionAddonWorkflow.class, options);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> wf.provision(new ProvisionRequest(ADDON, "my-app", "postgresql-business-512", null, null)));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.OPERATION_FAILED, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("pg_basebackup failed"), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains("everything it created was removed"));
    verify(nodes).removeAddon(new NodeActivities.RemoveAddonInput(ADDON));
    verify(nodes, times(1)).startNode(any());
  }

  @Test
  void anUnknownPlanIsRefusedBeforeAnyStep(WorkflowClient client, WorkflowOptions options) {
    ProvisionAddonWorkflow wf = client.newWorkflowStub(ProvisionAddonWorkflow.class, options);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class,
        () -> wf.provision(new ProvisionRequest(ADDON, "my-app", "postgresql-huge", null, null)));

    assertEquals(Failures.INVALID_REQUEST, ((ApplicationFailure) e.getCause()).getType());
    verifyNoInteractions(nodes, sql);
  }

  @Test
  void aShellCommandAsRestartHookIsRefusedBeforeAnyStep(WorkflowClient client, WorkflowOptions options) {
    ProvisionAddonWorkflow wf = client.newWorkflowStub(ProvisionAddonWorkflow.class, options);

    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> wf.provision(
        new ProvisionRequest(ADDON, "my-app", "postgresql-starter-512", null, "systemctl restart my-app")));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Failures.INVALID_REQUEST, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("restart hook must be an http(s) URL"), cause.getOriginalMessage());
    verifyNoInteractions(nodes, sql);
  }
}
