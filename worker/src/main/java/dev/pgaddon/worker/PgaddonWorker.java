package dev.pgaddon.worker;

import dev.pgaddon.backup.BackupActivitiesImpl;
import dev.pgaddon.backup.BackupMounts;
import dev.pgaddon.backup.ObjectStore;
import dev.pgaddon.backup.BackupRepository;
import dev.pgaddon.backup.BackupWorkflowImpl;
import dev.pgaddon.backup.PeriodicBackupsWorkflowImpl;
import dev.pgaddon.backup.RestoreWorkflowImpl;
import dev.pgaddon.node.NodeTasks;
import com.github.dockerjava.api.DockerClient;
import dev.pgaddon.changeplan.ChangePlanWorkflowImpl;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.record.ControlActivitiesImpl;
import dev.pgaddon.record.StatusRefreshWorkflowImpl;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.docker.PortAllocator;
import dev.pgaddon.endpoint.EndpointActivitiesImpl;
import dev.pgaddon.extensions.ExtensionActivitiesImpl;
import dev.pgaddon.extensions.ManageExtensionWorkflowImpl;
import dev.pgaddon.failover.FailoverWorkflowImpl;
import dev.pgaddon.failover.RepairWorkflowImpl;
import dev.pgaddon.failover.WatchActivitiesImpl;
import dev.pgaddon.failover.WatchAddonWorkflowImpl;
import dev.pgaddon.failover.Watchdogs;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.node.NodeActivitiesImpl;
import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.provision.ProvisionAddonWorkflowImpl;
import dev.pgaddon.remove.RemoveAddonWorkflowImpl;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.SqlActivitiesImpl;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.upgrade.MajorUpgradeWorkflowImpl;
import dev.pgaddon.upgrade.MinorUpgradeWorkflowImpl;
import dev.pgaddon.upgrade.UpgradeActivitiesImpl;
import dev.pgaddon.users.ManageUserWorkflowImpl;
import dev.pgaddon.users.UserActivitiesImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

/** Registers every workflow and activity of pgaddon on its task queue. */
public final class PgaddonWorker implements AutoCloseable {
  /** Addons one worker watches at once: a thread each, that sleeps a second between two queries. */
  private static final int MAX_WATCHED_ADDONS = 500;
  private final WorkerFactory factory;

  private PgaddonWorker(WorkerFactory factory) {
    this.factory = factory;
  }

  /** The workflow implementations, also used by the replay tests. */
  public static Class<?>[] workflowTypes() {
    return new Class<?>[] {ProvisionAddonWorkflowImpl.class, RemoveAddonWorkflowImpl.class, ChangePlanWorkflowImpl.class,
        MinorUpgradeWorkflowImpl.class, MajorUpgradeWorkflowImpl.class, StatusRefreshWorkflowImpl.class,
        WatchAddonWorkflowImpl.class, FailoverWorkflowImpl.class, RepairWorkflowImpl.class, ManageUserWorkflowImpl.class,
        ManageExtensionWorkflowImpl.class, BackupWorkflowImpl.class, RestoreWorkflowImpl.class,
        PeriodicBackupsWorkflowImpl.class};
  }

  public static PgaddonWorker start(WorkflowClient client, PgaddonHome home, ControlDatabase control) {
    DockerClient docker = DockerEngine.connectOrExplain();
    // The addons' passwords have their own key, which only workers hold; the connection URL the API
    // hands out is sealed with the codec key the API shares.
    SecretBox box = new SecretBox(CodecKey.load(home).key());
    SecretStore secrets = new SecretStore(control.secrets(new SecretBox(CodecKey.workerSecrets(home).key())), home);
    secrets.importLegacyFiles();
    PostgresConnections connections = new PostgresConnections(secrets);
    PortAllocator ports = new PortAllocator(docker, control.ports());
    BackupMounts mounts = new BackupMounts(BackupRepository.fromEnvironment(), new NodeTasks(docker),
        control.backups(), secrets, ObjectStore.fromEnvironment(home.path(), System::getenv));
    BackupActivitiesImpl backups = new BackupActivitiesImpl(docker, mounts, secrets, connections, control, client);
    String watchQueue = WorkflowIds.watchQueue(WorkflowIds.taskQueue());
    WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new LivenessHeartbeats(watchQueue::equals))
        .build());
    // Two cores: a handful of activities at once is plenty, and keeps container starts from piling up.
    Worker worker = factory.newWorker(WorkflowIds.taskQueue(), WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(8)
        .build());
    worker.registerWorkflowImplementationTypes(workflowTypes());
    worker.registerActivitiesImplementations(
        new NodeActivitiesImpl(docker, secrets, connections, ports, mounts, control.addons()),
        backups,
        new SqlActivitiesImpl(secrets, connections),
        new EndpointActivitiesImpl(docker, secrets, ports),
        new UpgradeActivitiesImpl(docker, secrets, connections, backups),
        new UserActivitiesImpl(connections),
        new ExtensionActivitiesImpl(connections),
        ControlActivitiesImpl.create(control, docker, secrets, connections, box,
            new Watchdogs(client)));
    // One watch activity per addon runs all the time: their own queue, with room for many.
    Worker watchWorker = factory.newWorker(watchQueue, WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(MAX_WATCHED_ADDONS)
        .build());
    watchWorker.registerActivitiesImplementations(new WatchActivitiesImpl(new AddonInventory(docker), connections, client));
    factory.start();
    // What the engine offers, at once: on a new control database the API would refuse every addon
    // ("no version reported by any worker yet") until the first status refresh, up to 30 s later.
    control.versions().report(new dev.pgaddon.node.ImageCatalog(docker).versions());
    return new PgaddonWorker(factory);
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
