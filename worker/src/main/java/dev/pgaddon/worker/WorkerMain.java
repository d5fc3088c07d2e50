package dev.pgaddon.worker;

import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.docker.DockerEngine.EngineUnavailableException;
import dev.pgaddon.settings.PlatformSettings;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.temporal.TemporalClients;
import dev.pgaddon.temporal.TemporalSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The worker process. Uses the Temporal service at TEMPORAL_ADDRESS, or starts the embedded one. */
public final class WorkerMain {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws InterruptedException {
    PlatformSettings platform = loadOrExit();
    log.info("settings: {}", platform);
    log.info("steps of a lost worker move on after {} s (PGADDON_HEARTBEAT_TIMEOUT_SECONDS)",
        dev.pgaddon.operation.StepOptions.HEARTBEAT.toSeconds());
    TemporalSettings settings = TemporalSettings.of(platform);
    startEmbeddedServerIfNeeded(settings);
    PgaddonHome home = PgaddonHome.fromEnvironment();
    WorkflowServiceStubs stubs = TemporalClients.serviceStubs(settings);
    WorkflowClient client = TemporalClients.client(stubs, settings, CodecKey.load(home));
    SearchAttributesRegistration.ensure(stubs, settings.namespace());
    try {
      ControlDatabase control = ControlDatabase.fromEnvironment();
      PgaddonWorker worker = PgaddonWorker.start(client, home, control);
      StatusRefreshSchedule.ensure(client, dev.pgaddon.operation.WorkflowIds.taskQueue(), StatusRefreshSchedule.interval());
      PeriodicBackupsSchedule.ensure(client, dev.pgaddon.operation.WorkflowIds.taskQueue(), PeriodicBackupsSchedule.interval());
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        worker.close();
        control.close();
      }));
    } catch (EngineUnavailableException e) {
      log.error(e.getMessage());
      System.exit(2);
    }
    log.info("pgaddon worker ready: Temporal {} namespace {}, task queue {}", settings.address(), settings.namespace(),
        dev.pgaddon.operation.WorkflowIds.taskQueue());
    Thread.currentThread().join();
  }

  /**
   * The process's settings, validated and installed before anything else runs; an invalid one ends
   * the process with status 2 and a message naming each bad setting (no stack trace).
   */
  static PlatformSettings loadOrExit() {
    try {
      PlatformSettings settings = PlatformSettings.fromEnvironment();
      PlatformSettings.install(settings);
      return settings;
    } catch (PlatformSettings.InvalidSettingsException e) {
      System.err.println("pgaddon-worker: " + e.getMessage());
      System.exit(2);
      throw e; // not reached
    }
  }

  private static void startEmbeddedServerIfNeeded(TemporalSettings settings) {
    if (settings.addressWasSet() || answers(settings.address())) {
      return;
    }
    int port = Integer.parseInt(settings.address().substring(settings.address().lastIndexOf(':') + 1));
    TestServer.createPortBoundServer(port);
    log.warn("no Temporal service answered at {}: started the embedded test server there "
        + "(in memory: no persistence, no Web UI)", settings.address());
  }

  static boolean answers(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
