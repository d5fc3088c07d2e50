package dev.pgaddon.api;

import dev.pgaddon.api.body.OperationBody;
import dev.pgaddon.control.ControlDatabase;
import dev.pgaddon.control.OperationRecord;
import dev.pgaddon.operation.AddonNames;
import io.javalin.http.Context;
import java.util.List;

/** One operation with its steps, and an app's audit trail, newest first, paginated. */
final class OperationRoutes {
  private static final int MAX_PER_PAGE = 100;
  private static final int MAX_PAGE = 1_000_000;
  private final ControlDatabase db;
  private final OperationTracker tracker;

  OperationRoutes(ControlDatabase db, OperationTracker tracker) {
    this.db = db;
    this.tracker = tracker;
  }

  List<Route> routes() {
    return List.of(
        Route.get("/v1/operations/{operation_id}", this::show),
        Route.get("/v1/apps/{app}/operations", this::list));
  }

  private void show(Context ctx) {
    Caller caller = Caller.of(ctx);
    String id = ctx.pathParam("operation_id");
    OperationRecord op = db.operations().find(id)
        .filter(o -> caller.token().reaches(o.app()))
        .orElseThrow(() -> ApiError.notFound("unknown operation '" + (id.length() > 60 ? id.substring(0, 60) + "..." : id) + "'"));
    Json.send(ctx, 200, new OperationBody.One(tracker.view(op, true)));
  }

  private void list(Context ctx) {
    String app = Caller.of(ctx).app(ctx);
    String addonId = ctx.queryParam("addon_id");
    if (addonId != null && !AddonNames.isAddonId(addonId)) {
      throw ApiError.malformed("addon_id must be an addon id (ad-<uuid>)");
    }
    int page = positive(ctx, "page", 1);
    if (page > MAX_PAGE) {
      throw ApiError.malformed("'page' must be at most " + MAX_PAGE);
    }
    int perPage = Math.min(positive(ctx, "per_page", 20), MAX_PER_PAGE);
    int total = db.operations().countOfApp(app, addonId);
    List<OperationBody> operations = db.operations().ofApp(app, addonId, perPage, (page - 1) * perPage).stream()
        .map(o -> tracker.view(o, false)).toList();
    int pages = Math.max(1, (total + perPage - 1) / perPage);
    OperationBody.Pagination pagination = new OperationBody.Pagination(page, perPage, total, pages,
        page < pages ? page + 1 : null, page > 1 ? page - 1 : null);
    Json.send(ctx, 200, new OperationBody.Page(operations, new OperationBody.Meta(pagination)));
  }

  private static int positive(Context ctx, String name, int fallback) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // refused below
    }
    throw ApiError.malformed("'" + name + "' must be a positive integer");
  }
}
