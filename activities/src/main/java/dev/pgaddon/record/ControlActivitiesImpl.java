package dev.pgaddon.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.pgaddon.control.AddonRecord;
import dev.pgaddon.control.AddonStore;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.docker.Labels;
import dev.pgaddon.failover.Watchdogs;
import dev.pgaddon.inventory.AddonInventory;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.node.ImageCatalog;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.operation.StepState;
import dev.pgaddon.secrets.SecretStore;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.SqlActivitiesImpl;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ControlActivitiesImpl implements ControlActivities {
  private static final Logger log = LoggerFactory.getLogger(ControlActivitiesImpl.class);
  /** An addon row younger than this may not have containers yet: its provisioning is just starting. */
  private static final Duration PROVISIONING_GRACE = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ControlDatabase db;
  private final AddonObserver observer;
  private final ImageCatalog images;
  private final Watchdogs watchdogs;

  ControlActivitiesImpl(ControlDatabase db, AddonObserver observer, ImageCatalog images, Watchdogs watchdogs) {
    this.db = db;
    this.observer = observer;
    this.images = images;
    this.watchdogs = watchdogs;
  }

  @Override
  public void recordOperationStarted(OperationStarted input) {
    db.operations().createIfAbsent(new OperationRecord("op-" + UUID.randomUUID(), input.addonId(), input.app(), input.kind(),
        input.workflowId(), input.runId(), null, resultJson(input.request()), OperationRecord.RUNNING, null, null, null, null,
        null, null));
    log.info("recorded: {} of {} started by the watchdog (run {})", input.kind(), input.addonId(), input.runId());
  }

  @Override
  public Recorded recordOperationEnded(OperationEnded input) {
    // What the nodes run is recorded before the operation is closed: a client that sees it closed
    // then reads the addon as the operation left it (its plan, its connection URL).
    String status;
    try {
      status = refresh(input.addonId(), observer.inventory(), true);
    } catch (RuntimeException e) {
      // The outcome is recorded; what the nodes run is caught up by the next status refresh.
      log.warn("status of {} not refreshed after its operation: {}", input.addonId(), e.getMessage());
      status = "unknown";
    }
    boolean closed = db.operations().close(input.runId(), input.status(), input.errorCode(), input.errorMessage(),
        stepsJson(input.steps()), resultJson(input.result()));
    log.info("recorded: {} of {} {} (addon {})", input.runId(), input.addonId(), input.status(), status);
    if (!closed) {
      log.info("operation of run {} was not open in the control database (closed already, or started elsewhere)", input.runId());
    }
    return new Recorded(status);
  }

  @Override
  public Refreshed refreshAll() {
    List<String> versions = images.versions();
    db.versions().report(versions);
    List<AddonView> inventory = observer.inventory();
    adoptUnrecorded(inventory);
    List<String> ids = db.addons().activeIds();
    for (String id : ids) {
      Activity.getExecutionContext().heartbeat(id);
      try {
        refresh(id, inventory, false);
      } catch (RuntimeException e) {
        log.warn("status of {} not refreshed: {}", id, e.getMessage());
      }
      if (inventory.stream().anyMatch(a -> a.addonId().equals(id) && !a.nodes().isEmpty())) {
        try {
          watchdogs.ensure(id);
        } catch (RuntimeException e) {
          log.warn("watchdog of {} not started: {}", id, e.getMessage());
        }
      }
    }
    return new Refreshed(ids.size(), versions.size());
  }

  /**
   * Addons made before the control database existed (or by hand) get their row, so the API can
   * reach them; only this process's own (a test run's addons stay the test's).
   */
  private void adoptUnrecorded(List<AddonView> inventory) {
    String owner = Labels.currentOwner();
    for (AddonView view : inventory) {
      boolean adoptable = Objects.equals(owner, view.owner()) && view.planId() != null
          && AddonNames.appNameProblem(view.app()) == null && AddonNames.isAddonId(view.addonId());
      if (!adoptable || db.addons().find(view.addonId()).isPresent()) {
        continue;
      }
      db.apps().ensure(view.app());
      db.addons().create(view.addonId(), view.app(), view.planId(), view.version(), "running", view.restartHook());
      log.info("adopted addon {} of app {}, found in the engine without a record", view.addonId(), view.app());
    }
  }

  /**
   * Records what the nodes of an addon run. An addon with nothing left in the engine is recorded as
   * removed when an operation on it has just ended (a removal, or a provisioning that cleaned up after
   * itself); as lost when none runs and its row is old enough that no provisioning is about to create
   * it: its nodes vanished without a removal, and its backups in the object store can still restore it.
   */
  private String refresh(String addonId, List<AddonView> inventory, boolean operationEnded) {
    Optional<AddonRecord.Observation> observed = observer.observe(addonId, inventory);
    if (observed.isPresent()) {
      db.addons().observe(addonId, observed.get());
      return observed.get().status();
    }
    Optional<AddonRecord> row = db.addons().find(addonId);
    // A row still provisioning may be about to get its containers; one that ran had them.
    boolean young = row.isPresent() && "provisioning".equals(row.get().status())
        && row.get().createdAt().isAfter(Instant.now().minus(PROVISIONING_GRACE));
    if (operationEnded) {
      db.addons().markRemoved(addonId);
      return AddonStore.REMOVED;
    }
    if (!young && db.operations().running(addonId).isEmpty()) {
      db.addons().markLost(addonId);
      return AddonStore.LOST;
    }
    return row.map(AddonRecord::status).orElse("unknown");
  }


  private static String resultJson(Object result) {
    JsonNode tree = OperationResults.withoutSecrets(result);
    return tree == null ? null : tree.toString();
  }

  private static String stepsJson(List<StepState> steps) {
    if (steps == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(steps.stream().map(StepState::view).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes the activities from the worker's parts. */
  public static ControlActivitiesImpl create(ControlDatabase db, DockerClient docker, SecretStore secrets,
      PostgresConnections connections, SecretBox box, Watchdogs watchdogs) {
    AddonObserver observer = new AddonObserver(new AddonInventory(docker), secrets, connections,
        new SqlActivitiesImpl(secrets, connections), box);
    return new ControlActivitiesImpl(db, observer, new ImageCatalog(docker), watchdogs);
  }
}
