package dev.pgaddon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.ConnectionBody;
import dev.pgaddon.api.body.DatabaseBody;
import dev.pgaddon.api.body.PlanBody;
import dev.pgaddon.changeplan.ChangePlanWorkflow;
import dev.pgaddon.changeplan.ChangePlanWorkflow.ChangePlanRequest;
import dev.pgaddon.control.AddonRecord;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.control.SecretBox;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.plan.Plan;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.provision.ProvisionAddonWorkflow;
import dev.pgaddon.provision.ProvisionRequest;
import dev.pgaddon.remove.RemoveAddonWorkflow;
import dev.pgaddon.remove.RemoveAddonWorkflow.RemoveRequest;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow.MajorUpgradeRequest;
import dev.pgaddon.upgrade.MinorUpgradeWorkflow;
import dev.pgaddon.upgrade.MinorUpgradeWorkflow.UpgradeRequest;
import dev.pgaddon.upgrade.VersionRules;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Plans, addons, their database and connection: reads from the control database, changes as operations. */
final class AddonRoutes {
  private final ControlDatabase db;
  private final OperationStarter starter;
  private final OperationTracker tracker;
  private final SecretBox box;
  private final Quotas quotas;

  AddonRoutes(ControlDatabase db, OperationStarter starter, OperationTracker tracker, SecretBox box, Quotas quotas) {
    this.db = db;
    this.starter = starter;
    this.tracker = tracker;
    this.box = box;
    this.quotas = quotas;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/v1/addon_providers/postgresql/plans", this::plans),
        Route.get("/v1/apps/{app}/addons", this::list),
        Route.post("/v1/apps/{app}/addons", this::provision),
        Route.get("/v1/apps/{app}/addons/{addon_id}", this::show),
        Route.patch("/v1/apps/{app}/addons/{addon_id}", this::changePlan),
        Route.delete("/v1/apps/{app}/addons/{addon_id}", this::remove),
        Route.get("/v1/apps/{app}/addons/{addon_id}/database", this::database),
        Route.post("/v1/apps/{app}/addons/{addon_id}/database/upgrade", this::upgrade),
        Route.get("/v1/apps/{app}/addons/{addon_id}/connection", this::connection));
  }

  private void plans(Context ctx) {
    Caller.of(ctx);
    List<PlanBody> plans = PlanCatalog.all().stream().map(AddonRoutes::plan).toList();
    Json.send(ctx, 200, new PlanBody.Catalog(plans, db.versions().offered()));
  }

  private void list(Context ctx) {
    String app = Caller.of(ctx).app(ctx);
    Map<String, OperationRecord> running = tracker.runningOfApp(app);
    List<AddonBody> addons = db.addons().ofApp(app).stream()
        .map(a -> addon(a, Optional.ofNullable(running.get(a.id())))).toList();
    Json.send(ctx, 200, new AddonBody.Many(addons));
  }

  private void show(Context ctx) {
    Json.send(ctx, 200, new AddonBody.One(addon(require(ctx))));
  }

  private void provision(Context ctx) {
    Caller caller = Caller.of(ctx);
    String app = caller.app(ctx);
    AddonBody.Request request = provisionRequest(ctx);
    String provider = Optional.ofNullable(request.providerId()).orElse(PlanCatalog.PROVIDER);
    String planId = request.planId();
    String version = request.version();
    String hook = request.restartHook();
    String appProblem = AddonNames.appNameProblem(app);
    if (appProblem != null) {
      throw ApiError.refused(appProblem);
    }
    if (!PlanCatalog.PROVIDER.equals(provider)) {
      throw ApiError.refused("unknown addon provider '" + provider + "'; the only provider is 'postgresql'");
    }
    Plan plan = requirePlan(planId);
    List<String> offered = db.versions().offered();
    if (offered.isEmpty()) {
      throw new ApiError(503, "unavailable", "no PostgreSQL version is offered yet: no worker has reported its images");
    }
    if (version == null) {
      version = offered.get(offered.size() - 1);
    } else if (!offered.contains(version)) {
      throw ApiError.refused("PostgreSQL " + version + " is not offered; available: " + String.join(", ", offered));
    }
    String hookProblem = AddonNames.restartHookProblem(hook);
    if (hookProblem != null) {
      throw ApiError.refused(hookProblem);
    }
    requireAddonRoom(app);
    String addonId = AddonNames.newAddonId(UUID.randomUUID());
    db.apps().ensure(app);
    db.addons().create(addonId, app, plan.id(), version, "provisioning", hook);
    ProvisionRequest provision = new ProvisionRequest(addonId, app, plan.id(), version, hook);
    OperationRecord op;
    try {
      op = starter.start(caller, app, addonId, "provision", ProvisionAddonWorkflow.class, provision);
    } catch (RuntimeException notStarted) {
      db.addons().markRemoved(addonId); // nothing runs for it: no addon left "provisioning" forever
      throw notStarted;
    }
    accepted(ctx, op, db.addons().find(app, addonId).orElseThrow());
  }

  private void changePlan(Context ctx) {
    AddonRecord addon = require(ctx);
    Plan plan = requirePlan(planChange(ctx).planId());
    if (plan.id().equals(addon.planId())) {
      throw ApiError.refused("addon " + addon.id() + " is already on plan " + plan.id());
    }
    accepted(ctx, starter.start(Caller.of(ctx), addon.app(), addon.id(), "change-plan", ChangePlanWorkflow.class,
        new ChangePlanRequest(addon.id(), addon.app(), plan.id())), addon);
  }

  private void remove(Context ctx) {
    AddonRecord addon = require(ctx);
    accepted(ctx, starter.start(Caller.of(ctx), addon.app(), addon.id(), "remove", RemoveAddonWorkflow.class,
        new RemoveRequest(addon.id(), addon.app())), addon);
  }

  private void database(Context ctx) {
    AddonRecord addon = require(ctx);
    List<String> offered = db.versions().offered();
    JsonNode nodes = Json.tree(addon.nodesJson());
    Json.send(ctx, 200, new DatabaseBody.One(new DatabaseBody(
        addon.id(),
        addon.planId(),
        addon.version(),
        addon.version() == null ? null : VersionRules.next(addon.version(), offered).orElse(null),
        offered,
        status(addon),
        nodes,
        replication(nodes),
        addon.endpointPort() == null ? null : new DatabaseBody.Endpoint("127.0.0.1", addon.endpointPort()),
        addon.databaseName(),
        addon.observedAt() == null ? null : addon.observedAt().toString())));
  }

  private void upgrade(Context ctx) {
    AddonRecord addon = require(ctx);
    DatabaseBody.UpgradeRequest request = upgradeRequest(ctx);
    boolean checkOnly = request.checkOnly();
    List<String> offered = db.versions().offered();
    String current = addon.version();
    if (current == null) {
      throw new ApiError(409, "not_ready", "addon " + addon.id() + " has no version yet: it is " + status(addon));
    }
    String target = request.version();
    if (target == null) {
      target = VersionRules.next(current, offered).orElseThrow(() -> ApiError.refused(
          "PostgreSQL " + current + " is the newest version offered: nothing to upgrade"));
    }
    String problem = VersionRules.problem(current, target, offered);
    if (problem != null) {
      throw ApiError.refused(problem);
    }
    boolean major = VersionRules.isMajor(current, target);
    if (checkOnly && !major) {
      throw ApiError.refused("PostgreSQL " + target + " is a minor upgrade of " + current
          + ": it keeps the data directory, so there is no pg_upgrade to check");
    }
    OperationRecord op = major
        ? starter.start(Caller.of(ctx), addon.app(), addon.id(), checkOnly ? "major-upgrade-check" : "major-upgrade",
            MajorUpgradeWorkflow.class, new MajorUpgradeRequest(addon.id(), addon.app(), target, checkOnly))
        : starter.start(Caller.of(ctx), addon.app(), addon.id(), "minor-upgrade", MinorUpgradeWorkflow.class,
            new UpgradeRequest(addon.id(), addon.app(), target));
    accepted(ctx, op, addon);
  }

  private void connection(Context ctx) {
    AddonRecord addon = require(ctx);
    if (addon.connectionUrlEnc() == null) {
      throw new ApiError(409, "not_ready", "addon " + addon.id() + " has no connection URL yet: it is "
          + status(addon));
    }
    ConnectionBody connection = new ConnectionBody(
        addon.id(),
        box.open(addon.id(), addon.connectionUrlEnc()),
        addon.restartHookSecretEnc() == null ? null : box.open(addon.id(), addon.restartHookSecretEnc()));
    ctx.header("Cache-Control", "no-store");
    Json.send(ctx, 200, new ConnectionBody.One(connection));
  }

  /** 422 when the app has as many live addons as its quota allows (a restore into a new addon counts too). */
  void requireAddonRoom(String app) {
    quotas.checkAddons(app, db.addons().countLive(app));
  }

  /** An addon of the path's app that the token reaches; 404 for unknown and for not yours alike. */
  AddonRecord require(Context ctx) {
    String app = Caller.of(ctx).app(ctx);
    String addonId = ctx.pathParam("addon_id");
    if (!AddonNames.isAddonId(addonId)) {
      throw ApiError.unknownAddon(app, addonId.length() > 60 ? addonId.substring(0, 60) + "..." : addonId);
    }
    return db.addons().find(app, addonId).orElseThrow(() -> ApiError.unknownAddon(app, addonId));
  }

  private static Plan requirePlan(String planId) {
    if (planId == null) {
      throw ApiError.refused("a plan_id is required; run 'pgaddon addons-plans postgresql' to list the plans");
    }
    return PlanCatalog.find(planId).orElseThrow(() -> ApiError.refused(
        "unknown plan '" + planId + "'; run 'pgaddon addons-plans postgresql' to list the plans"));
  }

  private void accepted(Context ctx, OperationRecord op, AddonRecord addon) {
    ctx.header("Location", "/v1/operations/" + op.id());
    Json.send(ctx, 202, new AddonBody.Accepted(tracker.view(op, false), addon(addon)));
  }

  /** {"addon":{...}} of a provisioning; 400 when it is not an object or a field is not a string. */
  private static AddonBody.Request provisionRequest(Context ctx) {
    JsonNode body = Json.object(ctx, "addon");
    return new AddonBody.Request(Json.text(body, "provider_id"), Json.text(body, "plan_id"), Json.text(body, "version"),
        Json.text(body, "restart_hook"));
  }

  /** {"addon":{"plan_id"}} of a plan change; its other fields are not read. */
  private static AddonBody.PlanChange planChange(Context ctx) {
    return new AddonBody.PlanChange(Json.text(Json.object(ctx, "addon"), "plan_id"));
  }

  /** {"version","check_only"}, bare or under "upgrade"; the body may be empty. */
  private static DatabaseBody.UpgradeRequest upgradeRequest(Context ctx) {
    JsonNode body = Json.body(ctx);
    JsonNode upgrade = body.has("upgrade") ? body.get("upgrade") : body;
    if (!upgrade.isObject()) {
      throw ApiError.malformed("the body must be a JSON object {\"version\":\"...\",\"check_only\":false}");
    }
    JsonNode checkNode = upgrade.get("check_only");
    if (checkNode != null && !checkNode.isNull() && !checkNode.isBoolean()) {
      throw ApiError.malformed("'check_only' must be true or false");
    }
    return new DatabaseBody.UpgradeRequest(Json.text(upgrade, "version"), checkNode != null && checkNode.asBoolean());
  }

  private AddonBody addon(AddonRecord a) {
    return addon(a, tracker.running(a.id()));
  }

  private static AddonBody addon(AddonRecord a, Optional<OperationRecord> running) {
    return new AddonBody(a.id(), a.app(), a.providerId(), a.planId(), a.version(), status(a, running),
        String.valueOf(a.createdAt()), String.valueOf(a.updatedAt()));
  }

  /**
   * A business addon's: synchronous while a follower streams and commits wait for it, asynchronous
   * while it is down or restarted (writes go on); null for a single node.
   */
  static String replication(com.fasterxml.jackson.databind.JsonNode nodes) {
    if (nodes == null || nodes.size() < 2) {
      return null;
    }
    for (var n : nodes) {
      if ("synchronous".equals(n.path("replication").asText())) {
        return "synchronous";
      }
    }
    return "asynchronous";
  }

  /** What the nodes say, or the operation in progress with what the nodes say when it is not "running". */
  private String status(AddonRecord a) {
    return status(a, tracker.running(a.id()));
  }

  private static String status(AddonRecord a, Optional<OperationRecord> op) {
    if (op.isEmpty()) {
      return a.status();
    }
    String during = OperationTracker.statusDuring(op.get().kind());
    return "running".equals(a.status()) || "provisioning".equals(a.status()) ? during : during + ", " + a.status();
  }

  private static PlanBody plan(Plan p) {
    return new PlanBody(p.id(), p.name(), p.memoryMiB(), p.nanoCpus() / 1_000_000_000.0, p.diskQuotaGiB(),
        p.maxConnections(), p.highAvailability());
  }

}
