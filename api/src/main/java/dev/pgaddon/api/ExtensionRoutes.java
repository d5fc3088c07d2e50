package dev.pgaddon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.ExtensionBody;
import dev.pgaddon.control.AddonRecord;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.extensions.ExtensionRules;
import dev.pgaddon.extensions.ManageExtensionWorkflow;
import dev.pgaddon.extensions.ManageExtensionWorkflow.ExtensionRequest;
import io.javalin.http.Context;
import java.util.List;

/** The spec's "Managing Extensions": what the image offers (as the workers last read it), each change an operation. */
final class ExtensionRoutes {
  private static final String EXTENSIONS = "/v1/apps/{app}/addons/{addon_id}/database/extensions";

  private final AddonRoutes addons;
  private final OperationStarter starter;
  private final OperationTracker tracker;

  ExtensionRoutes(AddonRoutes addons, OperationStarter starter, OperationTracker tracker) {
    this.addons = addons;
    this.starter = starter;
    this.tracker = tracker;
  }

  List<Route> routes() {
    return List.of(
        Route.get(EXTENSIONS, this::list),
        Route.post(EXTENSIONS, this::enable),
        Route.delete(EXTENSIONS + "/{name}", this::disable));
  }

  private void list(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    JsonNode extensions = addon.extensionsJson() == null ? null : Json.tree(addon.extensionsJson());
    Json.send(ctx, 200, new ExtensionBody.Many(extensions == null || !extensions.isArray()
        ? Json.MAPPER.createArrayNode() : extensions));
  }

  private void enable(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    accepted(ctx, addon, ManageExtensionWorkflow.ENABLE, request(ctx).name());
  }

  private void disable(Context ctx) {
    AddonRecord addon = addons.require(ctx);
    accepted(ctx, addon, ManageExtensionWorkflow.DISABLE, ctx.pathParam("name"));
  }

  private void accepted(Context ctx, AddonRecord addon, String action, String name) {
    String problem = ExtensionRules.nameProblem(name);
    if (problem != null) {
      throw ApiError.refused(problem);
    }
    OperationRecord op = starter.start(Caller.of(ctx), addon.app(), addon.id(), "extension-" + action,
        ManageExtensionWorkflow.class, new ExtensionRequest(addon.id(), addon.app(), action, name));
    ctx.header("Location", "/v1/operations/" + op.id());
    Json.send(ctx, 202, new ExtensionBody.Accepted(tracker.view(op, false), new ExtensionBody.Extension(name)));
  }

  /** {"extension":{"name"}}; 400 when it is not an object or the name is not a string. */
  private static ExtensionBody.Request request(Context ctx) {
    return new ExtensionBody.Request(Json.text(Json.object(ctx, "extension"), "name"));
  }
}
